"""Sign up, confirm, leave, and one's data: through the site's pages and a real SMTP server,
with every bad input answered by a clear 4xx that changes nothing."""

import datetime
import json
import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from subscriptions import tokens
from subscriptions.models import Attempt, Subscriber
from tests.factories import BodyFactory, SectionFactory
from tests.subscriptions.conftest import link_after, parts, path_of

# Committed for real: mail goes out once the sign-up's transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

BASE = "https://press.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.CSTO_SITE_URL = BASE


def sign_up(client, email="reader@example.org", language="en", **choices):
    data = {"email": email, "language": language, "website": "", **choices}
    return client.post(reverse("subscriptions:subscribe"), data)


def confirmation_link(mailbox, address):
    (message,) = mailbox.to(address)
    text, html = parts(message)
    url = re.search(r"https://\S+/subscribe/confirm/\S+/", text).group(0)
    assert f'href="{url}"' in html
    return path_of(url, BASE)


def snapshot():
    return sorted(
        (
            s.email, s.language, s.all_news, s.pending, s.confirmed_at is not None,
            tuple(s.sections.values_list("pk", flat=True)),
            tuple(s.bodies.values_list("pk", flat=True)),
        )
        for s in Subscriber.objects.all()
    )  # fmt: skip


def test_sign_up_confirm_and_leave_with_one_click(client, smtp_server):
    statements, council = SectionFactory(), BodyFactory()
    page = client.get(reverse("subscriptions:subscribe"))
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    response = sign_up(
        client, "Reader@Example.org", "ru", sections=[statements.pk], bodies=[council.pk]
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("subscriptions:check_inbox")
    # Nothing is followed before the address is confirmed.
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org" and not subscriber.is_confirmed

    link = confirmation_link(smtp_server, "reader@example.org")
    # Opening the link (a mail scanner would) confirms nothing; the button does.
    assert client.get(link).status_code == 200
    assert not Subscriber.objects.get().is_confirmed
    done = client.post(link)
    assert done.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.is_confirmed and subscriber.language == "ru" and not subscriber.all_news
    assert list(subscriber.sections.all()) == [statements]
    assert list(subscriber.bodies.all()) == [council]

    # A replay of the used link changes nothing.
    before = snapshot()
    assert client.post(link).status_code == 410
    assert snapshot() == before

    # One click from a mail client (RFC 8058): a POST without cookies or CSRF token.
    leave = reverse("subscriptions:unsubscribe", args=[tokens.subscriber_token(subscriber)])
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        leave, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    # The link is spent: leaving again, or replaying it, is a clear 410.
    assert mail_client.post(leave).status_code == 410
    assert client.get(leave).status_code == 410


def test_signing_up_again_does_not_tell_whether_an_address_is_subscribed(
    client, smtp_server, subscribe
):
    subscribe("known@example.org", all_news=True)
    known = sign_up(client, "known@example.org", all_news="on")
    unknown = sign_up(client, "new@example.org", all_news="on")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    # Both addresses get a link; the subscribed one keeps its choices until it is used.
    assert len(smtp_server.to("known@example.org")) == 1
    known_subscriber = Subscriber.objects.get(email="known@example.org")
    assert known_subscriber.all_news and known_subscriber.is_confirmed


def test_new_choices_apply_only_once_confirmed(client, smtp_server, subscribe):
    council = BodyFactory()
    subscribe("known@example.org", all_news=True)
    sign_up(client, "known@example.org", "ru", bodies=[council.pk])
    link = confirmation_link(smtp_server, "known@example.org")
    assert Subscriber.objects.get().all_news
    client.post(link)
    subscriber = Subscriber.objects.get()
    assert not subscriber.all_news and list(subscriber.bodies.all()) == [council]
    assert subscriber.language == "ru"


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-address", "all_news": "on"},
        {"email": "", "all_news": "on"},
        {"email": "a@example.org"},  # chose nothing
        {"email": "a@example.org", "sections": ["999999"]},  # no such section
        {"email": "a@example.org", "sections": ["x"]},
        {"email": "a@example.org", "bodies": ["-1"]},
        {"email": "a@example.org", "topics": ["999999"]},  # no such topic
        {"email": "a@example.org", "topics": ["1; DROP TABLE x"]},
        {"email": "a@example.org", "all_news": "on", "language": "fr"},
        {"email": "a" * 250 + "@example.org", "all_news": "on"},
    ],
)
def test_bad_sign_ups_are_a_friendly_400_and_store_nothing(client, smtp_server, data):
    data = {"language": "en", **data}
    response = client.post(reverse("subscriptions:subscribe"), data)
    assert response.status_code == 400
    assert b'role="alert"' in response.content and b"<form" in response.content
    assert not Subscriber.objects.exists() and smtp_server.messages == []


def test_the_honeypot_sends_nothing_but_looks_the_same(client, smtp_server):
    response = sign_up(client, "bot@example.org", all_news="on", website="http://spam.example")
    assert response.status_code == 302 and response["Location"] == reverse(
        "subscriptions:check_inbox"
    )
    assert not Subscriber.objects.exists() and smtp_server.messages == []


def test_sign_ups_are_limited_per_address_and_per_client(client, smtp_server, settings):
    settings.CSTO_SUBSCRIBE_PER_ADDRESS, settings.CSTO_SUBSCRIBE_PER_CLIENT = 2, 4
    for _ in range(3):
        assert sign_up(client, "target@example.org", all_news="on").status_code == 302
    # The third went unsent, silently: a flood cannot fill someone's inbox.
    assert len(smtp_server.to("target@example.org")) == 2
    assert sign_up(client, "other@example.org", all_news="on").status_code == 302
    blocked = sign_up(client, "third@example.org", all_news="on")
    assert blocked.status_code == 429 and blocked["Retry-After"] == "3600"
    assert not smtp_server.to("third@example.org")
    # Another client is not blocked; the counts keep no address in the clear.
    other_client = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_up(other_client, "third@example.org", all_news="on").status_code == 302
    assert not Attempt.objects.filter(digest__contains="example").exists()


def test_the_form_needs_its_csrf_token(smtp_server):
    browser = Client(enforce_csrf_checks=True)
    response = sign_up(browser, "a@example.org", all_news="on")
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_forged_expired_and_replaced_links_change_nothing(client, smtp_server, subscribe, settings):
    kept = subscribe("kept@example.org", all_news=True)
    sign_up(client, "kept@example.org", bodies=[BodyFactory().pk])
    link = confirmation_link(smtp_server, "kept@example.org")
    token = link.rstrip("/").rsplit("/", 1)[1]
    before = snapshot()

    forged = link.replace(token, token[:-3] + "abc")
    assert client.get(forged).status_code == 400
    assert client.post(forged).status_code == 400
    other_salt = signing.dumps({"s": kept.pk, "k": kept.key}, salt=tokens.CONFIRM_SALT)
    assert client.post(reverse("subscriptions:confirm", args=[other_salt])).status_code == 410
    for bad in ["x", "eyJ9", "." + "A" * 400]:
        assert client.post(reverse("subscriptions:confirm", args=[bad])).status_code == 400
        assert client.post(reverse("subscriptions:unsubscribe", args=[bad])).status_code == 400
        assert client.get(reverse("subscriptions:data", args=[bad])).status_code == 400
    # A confirmation token is no leave token, and the other way round.
    assert client.post(reverse("subscriptions:unsubscribe", args=[token])).status_code == 400
    leave_token = tokens.subscriber_token(kept)
    assert client.post(reverse("subscriptions:confirm", args=[leave_token])).status_code == 400

    # Expired.
    settings.CSTO_SUBSCRIBE_CONFIRM_HOURS = 0
    response = client.post(link)
    assert response.status_code == 410 and b"expired" in response.content
    settings.CSTO_SUBSCRIBE_CONFIRM_HOURS = 48
    # Replaced by a newer sign-up: the older link is dead.
    sign_up(client, "kept@example.org", all_news="on")
    assert client.post(link).status_code == 410
    assert snapshot()[0][:3] == before[0][:3]
    assert Subscriber.objects.get().all_news and not Subscriber.objects.get().bodies.exists()


def test_a_leave_link_ends_with_its_subscriber(client, subscribe):
    first = subscribe("again@example.org", all_news=True)
    old_link = reverse("subscriptions:unsubscribe", args=[tokens.subscriber_token(first)])
    first.delete()
    subscribe("again@example.org", all_news=True)  # signed up again later
    assert client.post(old_link).status_code == 410
    assert Subscriber.objects.filter(email="again@example.org").exists()


def test_unconfirmed_addresses_are_forgotten_once_their_link_expires(client, smtp_server):
    Subscriber.objects.create(
        email="old@example.org",
        language="en",
        pending="x",
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    sign_up(client, "new@example.org", all_news="on")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["new@example.org"]


def test_a_subscriber_sees_downloads_and_deletes_their_data(client, smtp_server, subscribe):
    section = SectionFactory(name="Statements")
    subscriber = subscribe("me@example.org", language="en", sections=[section])
    # Asked by address: the same page whether subscribed or not, the link only by mail.
    for address in ("me@example.org", "stranger@example.org"):
        response = client.post(reverse("subscriptions:request_data"), {"email": address})
        assert response["Location"] == reverse("subscriptions:check_inbox")
    assert not smtp_server.to("stranger@example.org")
    (message,) = smtp_server.to("me@example.org")
    text, _html = parts(message)
    data_link = path_of(link_after(text, "See, download or delete it:"), BASE)

    page = client.get(data_link)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert b"me@example.org" in page.content and b"Statements" in page.content
    download = client.get(data_link + "?format=json")
    kept = json.loads(download.content)
    assert kept["email"] == "me@example.org" and kept["sections"] == ["Statements"]
    assert set(kept) == {
        "email", "language", "all_news", "sections", "bodies", "topics", "signed_up",
        "confirmed", "messages_sent",
    }  # fmt: skip

    leave = reverse("subscriptions:unsubscribe", args=[tokens.subscriber_token(subscriber)])
    assert f'action="{leave}"'.encode() in page.content
    assert client.post(leave).status_code == 200
    assert not Subscriber.objects.exists()
    assert client.get(data_link).status_code == 410


def test_pages_and_mail_come_in_the_chosen_language(client, smtp_server):
    response = client.get("/ru/subscribe/")
    assert "Подписка" in response.content.decode()
    sign_up(client, "ru@example.org", "ru", all_news="on")
    (message,) = smtp_server.to("ru@example.org")
    assert "ОДКБ" in message["Subject"]
