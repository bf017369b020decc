"""Staff side: a release published in the admin is queued for its subscribers; the admin
shows per item how many messages are queued, sent and failed, and can send a correction."""

import re

import pytest
from django.urls import reverse

from core.roles import PUBLISHER
from subscriptions import outbox
from subscriptions.models import Delivery, DeliveryStatus, Mailing
from tests.factories import ArticleFactory, RoleUserFactory
from tests.news.test_review import post_form

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_release_published_in_the_admin_reaches_the_subscriber(subscribe, smtp_server, client):
    subscribe("journalist@example.org", all_news=True)
    publisher = RoleUserFactory(role=PUBLISHER, username="pavel")
    client.force_login(publisher)
    article = ArticleFactory(draft=True)
    assert post_form(client, article, "_publish").status_code == 302
    assert Delivery.objects.filter(status=DeliveryStatus.QUEUED).count() == 1
    assert outbox.send_due() == 1
    (message,) = smtp_server.to("journalist@example.org")
    article.refresh_from_db()
    assert message["Subject"] == article.title_en
    # Saved again (a correction): nothing more is sent.
    assert post_form(client, article, "_save").status_code == 302
    assert outbox.send_due() == 0 and len(smtp_server.messages) == 1


def test_staff_see_queued_sent_and_failed_per_item(subscribe, staff_client):
    for n in range(6):
        subscribe(f"r{n}@example.org", all_news=True)
    article = ArticleFactory(draft=True, title="Counted release")
    article.status = "published"
    article.save()
    deliveries = list(Delivery.objects.order_by("pk"))
    for delivery, status in zip(
        deliveries, ["sent", "sent", "sent", "failed", "queued", "held"], strict=True
    ):
        delivery.status = status
        delivery.save()
    page = staff_client.get(reverse("admin:subscriptions_mailing_changelist"))
    assert page.status_code == 200
    row = re.search(r"<tr>.*?Counted release.*?</tr>", page.content.decode(), re.S).group(0)
    cells = re.findall(r'<td class="field-(\w+)[^"]*">(\d+)</td>', row)
    assert dict(cells) == {"edition": "1", "queued": "1", "sent": "3", "failed": "1", "held": "1"}


def test_a_superuser_sends_a_correction_again_from_the_admin(subscribe, staff_client):
    subscribe("a@example.org", all_news=True)
    article = ArticleFactory(draft=True)
    article.status = "published"
    article.save()
    mailing = Mailing.objects.get()
    response = staff_client.post(
        reverse("admin:subscriptions_mailing_changelist"),
        {"action": "send_again", "_selected_action": [mailing.pk]},
    )
    assert response.status_code == 302
    assert list(Mailing.objects.order_by("edition").values_list("edition", flat=True)) == [1, 2]
    assert Delivery.objects.filter(mailing__edition=2).count() == 1


def test_publishers_read_the_counts_and_editors_do_not(subscribe, client):
    from core.roles import EDITOR

    subscribe("a@example.org", all_news=True)
    article = ArticleFactory(draft=True, title="Release for the counts")
    article.status = "published"
    article.save()
    mailings = reverse("admin:subscriptions_mailing_changelist")
    client.force_login(RoleUserFactory(role=PUBLISHER, username="pavel"))
    page = client.get(mailings)
    assert page.status_code == 200 and b"Release for the counts" in page.content
    # Subscribers' addresses stay out of reach.
    assert client.get(reverse("admin:subscriptions_subscriber_changelist")).status_code == 403
    assert client.get(reverse("admin:subscriptions_delivery_changelist")).status_code == 403
    response = client.post(
        mailings, {"action": "send_again", "_selected_action": [Mailing.objects.get().pk]}
    )
    assert response.status_code == 302 and Mailing.objects.count() == 2
    client.force_login(RoleUserFactory(role=EDITOR, username="irina"))
    assert client.get(mailings).status_code == 403
