"""The outbox: what publishing queues, in which transaction, and what the sender sends."""

import datetime
import re

import pytest
from django.db import transaction
from django.utils import timezone, translation

from core.publishing import PublicationStatus
from news.models import Article
from subscriptions import outbox
from subscriptions.models import Delivery, DeliveryStatus, Mailing, content_type_of
from tests.conftest import running_smtp, send_mail_to
from tests.factories import (
    ArticleFactory,
    BodyFactory,
    DocumentFactory,
    MeetingFactory,
    SectionFactory,
)
from tests.subscriptions.conftest import link_after, parts

pytestmark = pytest.mark.django_db


def statuses(item):
    return sorted(
        Delivery.objects.filter(
            mailing__content_type=content_type_of(item), mailing__object_id=item.pk
        ).values_list("subscriber__email", "status")
    )


def publish(item, **changes):
    item.status = PublicationStatus.PUBLISHED
    for name, value in changes.items():
        setattr(item, name, value)
    item.save()
    return item


def test_publishing_queues_one_delivery_per_matching_subscriber(subscribe):
    statements, interviews = SectionFactory(), SectionFactory()
    council = BodyFactory()
    subscribe("all@example.org", all_news=True)
    subscribe("statements@example.org", sections=[statements])
    subscribe("interviews@example.org", sections=[interviews])
    subscribe("council@example.org", bodies=[council])
    subscribe("both@example.org", all_news=True, sections=[statements])
    article = ArticleFactory(draft=True, section=statements)
    assert statuses(article) == []  # a draft concerns nobody yet

    publish(article)

    assert statuses(article) == [
        ("all@example.org", "queued"),
        ("both@example.org", "queued"),
        ("statements@example.org", "queued"),
    ]
    meeting = publish(MeetingFactory(draft=True, body=council))
    assert statuses(meeting) == [("council@example.org", "queued")]


def test_a_release_about_a_bodys_meeting_reaches_that_bodys_followers(subscribe):
    council = BodyFactory()
    subscribe("council@example.org", bodies=[council])
    document = publish(DocumentFactory(draft=True, body=council))
    article = publish(ArticleFactory(draft=True, meeting=MeetingFactory(body=council)))
    assert statuses(document) == [("council@example.org", "queued")]
    assert statuses(article) == [("council@example.org", "queued")]


def test_unconfirmed_addresses_and_other_languages_get_nothing(subscribe):
    from subscriptions.models import Subscriber

    Subscriber.objects.create(email="pending@example.org", language="en", all_news=True)
    subscribe("reader-ru@example.org", language="ru", all_news=True)
    subscribe("reader-en@example.org", language="en", all_news=True)
    english_only = publish(ArticleFactory(draft=True))  # factories write English only
    assert statuses(english_only) == [("reader-en@example.org", "queued")]


def test_the_deliveries_are_written_in_the_publishing_transaction(subscribe):
    subscribe("all@example.org", all_news=True)
    article = ArticleFactory(draft=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(article)
        assert statuses(article) == [("all@example.org", "queued")]
        raise RuntimeError("the publication fails after the save")
    assert Article.objects.get(pk=article.pk).status == PublicationStatus.DRAFT
    assert statuses(article) == [] and not Mailing.objects.exists()


def test_a_correction_sends_nothing_unless_a_publisher_sends_it_again(subscribe, smtp_server):
    subscribe("all@example.org", all_news=True)
    article = publish(ArticleFactory(draft=True))
    assert outbox.send_due() == 1
    article.title = "Corrected title"
    article.save()
    publish(article)  # saved again as published: still a correction
    assert outbox.send_due() == 0
    assert len(smtp_server.to("all@example.org")) == 1

    mailing = Mailing.objects.get(object_id=article.pk)
    assert outbox.send_again(mailing, user=None) == 1
    assert outbox.send_due() == 1
    first, second = smtp_server.to("all@example.org")
    assert second["Subject"] == "Corrected: Corrected title"
    assert Mailing.objects.filter(object_id=article.pk).count() == 2


def test_an_embargoed_item_is_sent_at_its_time_and_not_before(subscribe, smtp_server):
    subscribe("all@example.org", all_news=True)
    when = timezone.now() + datetime.timedelta(hours=2)
    article = publish(ArticleFactory(draft=True), published_at=when)
    assert outbox.send_due() == 0
    assert Delivery.objects.get().due_at == when
    # Moved earlier, then its time comes.
    publish(article, published_at=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox.send_due() == 1
    assert len(smtp_server.messages) == 1


def test_a_withdrawn_item_is_held_and_sent_when_published_again(subscribe, smtp_server):
    subscribe("all@example.org", all_news=True)
    article = publish(ArticleFactory(draft=True))
    article.status = PublicationStatus.DRAFT
    article.save()
    assert statuses(article) == [("all@example.org", "held")]
    assert outbox.send_due() == 0
    publish(article)
    assert outbox.send_due() == 1
    assert statuses(article) == [("all@example.org", "sent")]


def test_the_gate_is_checked_again_when_sending(subscribe, smtp_server):
    subscribe("all@example.org", all_news=True)
    article = publish(ArticleFactory(draft=True))
    # Withdrawn behind the outbox's back (an UPDATE that no save sees).
    Article.objects.filter(pk=article.pk).update(status=PublicationStatus.DRAFT)
    assert outbox.send_due() == 0
    assert statuses(article) == [("all@example.org", "held")]
    assert smtp_server.messages == []


def test_the_message_reads_as_a_mail_client_shows_it(subscribe, smtp_server, settings):
    settings.CSTO_SITE_URL = "https://press.example.org"
    subscriber = subscribe("ru@example.org", language="ru", all_news=True)
    article = ArticleFactory(
        draft=True, title_ru="Заседание Совета", lead_ru="Краткое содержание.", title_en="Council"
    )
    publish(article)
    outbox.send_due()
    (message,) = smtp_server.to("ru@example.org")
    assert message["Subject"] == "Заседание Совета"
    assert message["To"] == "ru@example.org"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("https://press.example.org/ru/subscribe/leave/")
    delivery = Delivery.objects.get()
    assert message["Message-ID"] == f"<delivery-{delivery.pk}@press.example.org>"
    text, html = parts(message)
    with translation.override("ru"):
        url = "https://press.example.org" + article.get_absolute_url()
    assert "Краткое содержание." in text and url in text
    assert f'href="{url}"' in html and "Краткое содержание." in html
    assert link_after(text, "Отписаться (одним щелчком, без входа):") == unsubscribe
    # No tracking: no images, no link but the item's and the subscriber's own.
    assert "<img" not in html
    hrefs = set(re.findall(r'href="([^"]+)"', html))
    assert hrefs == {url, unsubscribe, link_after(text, "Посмотреть или удалить свои данные:")}
    assert subscriber.pk == delivery.subscriber_id


class RefusingServer:
    """An SMTP server that answers every message with a temporary error."""

    def __init__(self):
        self.tries = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.tries += 1
        return "451 Try again later"


def test_smtp_errors_are_retried_with_backoff_then_marked_failed(subscribe, settings):
    handler = RefusingServer()
    with running_smtp(handler) as port:
        send_mail_to(settings, port)
        settings.CSTO_DELIVERY_RETRY_SECONDS, settings.CSTO_DELIVERY_ATTEMPTS = 30, 3
        subscribe("all@example.org", all_news=True)
        publish(ArticleFactory(draft=True))
        before = timezone.now()
        assert outbox.send_due() == 0
        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.QUEUED and delivery.attempts == 1
        assert "451" in delivery.last_error
        assert delivery.due_at >= before + datetime.timedelta(seconds=30)
        # Not due yet: not tried again.
        assert outbox.send_due() == 0 and handler.tries == 1
        Delivery.objects.update(due_at=timezone.now())
        outbox.send_due()
        delivery.refresh_from_db()
        assert delivery.attempts == 2
        assert delivery.due_at >= timezone.now() + datetime.timedelta(seconds=59)  # doubled
        Delivery.objects.update(due_at=timezone.now())
        outbox.send_due()
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.FAILED and handler.tries == 3


def test_ops_read_the_outbox_and_an_overdue_one_fails_the_check(subscribe):
    import io

    from django.core.management import call_command

    subscribe("all@example.org", all_news=True)
    publish(ArticleFactory(draft=True), published_at=timezone.now())
    out = io.StringIO()
    call_command("outbox_status", stdout=out)
    assert out.getvalue().startswith("mail queued=1 overdue=0 failed=0 held=0")
    Delivery.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(SystemExit):
        call_command("outbox_status", stdout=io.StringIO())
