"""Webhooks: signed JSON to a local receiver for each event, retried, logged; and no SSRF."""

import datetime
import hashlib
import hmac
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.publishing import PublicationStatus
from meetings.services import record_step
from subscriptions import outbox, webhooks
from subscriptions.models import DeliveryStatus, Endpoint, WebhookDelivery
from tests.factories import ArticleFactory, DocumentFactory

pytestmark = pytest.mark.django_db

ALL_EVENTS = ["published", "corrected", "withdrawn", "document_status_changed"]


class Receiver:
    """A partner's receiver: an HTTP server on 127.0.0.1 that keeps what it gets and
    answers with the statuses it is told to (then 200)."""

    def __init__(self):
        self.requests, self.answers = [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((self.path, dict(self.headers), body))
                status, location = receiver.answers.pop(0) if receiver.answers else (200, None)
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/csto?via=test"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self):
        return [json.loads(body)["event"] for _path, _headers, body in self.requests]


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


def verify(secret, headers, body, tolerance=300):
    """What the README tells a receiver to do."""
    fields = dict(part.split("=", 1) for part in headers["X-CSTO-Signature"].split(","))
    timestamp = int(fields["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return (
        hmac.compare_digest(expected.hexdigest(), fields["v1"])
        and abs(time.time() - timestamp) <= tolerance
    )


def test_each_event_reaches_the_receiver_signed(receiver):
    endpoint = Endpoint.objects.create(name="Partner", url=receiver.url, events=ALL_EVENTS)
    article = ArticleFactory(draft=True, title_en="Statement", title_ru="Заявление")
    article.status = PublicationStatus.PUBLISHED
    article.save()
    assert outbox.send_due() == 1
    article.lead = "Corrected lead."
    article.save()
    assert outbox.send_due() == 1
    document = DocumentFactory()
    record_step(document, status="adopted", date=datetime.date(2026, 5, 1))
    assert outbox.send_due() == 2
    article.status = PublicationStatus.DRAFT
    article.save()
    assert outbox.send_due() == 1
    assert receiver.events() == [
        "published", "corrected", "published", "document_status_changed", "withdrawn"
    ]  # fmt: skip

    path, headers, body = receiver.requests[0]
    assert path == "/hooks/csto?via=test"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-CSTO-Event"] == "published"
    assert verify(endpoint.secret, headers, body)
    assert not verify(endpoint.secret, headers, body + b" ")
    assert not verify("another secret", headers, body)
    data = json.loads(body)
    assert data["item"]["type"] == "article" and data["item"]["id"] == article.pk
    assert data["item"]["title"] == {"en": "Statement", "ru": "Заявление"}
    assert data["item"]["url"]["ru"].endswith(article.get_absolute_url().replace("/en/", "/ru/"))
    status_change = json.loads(receiver.requests[3][2])
    assert status_change["item"]["type"] == "document"
    assert status_change["item"]["current_status"] == "adopted"
    logged = WebhookDelivery.objects.filter(status=DeliveryStatus.SENT)
    assert logged.count() == 5 and set(logged.values_list("response_status", flat=True)) == {200}


def test_only_the_chosen_events_are_sent(receiver):
    Endpoint.objects.create(name="Bot", url=receiver.url, events=["withdrawn"])
    Endpoint.objects.create(name="Paused", url=receiver.url, events=ALL_EVENTS, active=False)
    article = ArticleFactory()
    article.delete()  # a published item deleted: withdrawn
    outbox.send_due()
    assert receiver.events() == ["withdrawn"]


def test_an_embargoed_release_is_announced_at_its_time(receiver):
    Endpoint.objects.create(name="Partner", url=receiver.url, events=["published"])
    article = ArticleFactory(embargoed=True)
    assert outbox.send_due() == 0 and receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.due_at == article.published_at
    type(article).objects.filter(pk=article.pk).update(published_at=timezone.now())
    WebhookDelivery.objects.update(due_at=timezone.now())
    assert outbox.send_due() == 1


def test_an_embargoed_release_taken_back_or_deleted_tells_partners_nothing(receiver):
    """Readers never saw it: no "withdrawn" (which would carry its title and address) goes
    out before its time, whether it is set back to draft or deleted."""
    Endpoint.objects.create(name="Partner", url=receiver.url, events=["withdrawn"])
    taken_back, deleted = ArticleFactory(embargoed=True), ArticleFactory(embargoed=True)
    taken_back.status = PublicationStatus.DRAFT
    taken_back.save()
    deleted.delete()
    assert not WebhookDelivery.objects.exists()
    outbox.send_due()
    assert receiver.requests == []


def test_failures_and_redirects_are_retried_with_backoff_and_logged(receiver, settings):
    settings.CSTO_DELIVERY_RETRY_SECONDS, settings.CSTO_DELIVERY_ATTEMPTS = 10, 3
    Endpoint.objects.create(name="Partner", url=receiver.url, events=["published"])
    receiver.answers = [(503, None), (302, "http://169.254.169.254/latest/meta-data/")]
    ArticleFactory()
    assert outbox.send_due() == 0
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("queued", 1, 503)
    assert delivery.due_at > timezone.now() + datetime.timedelta(seconds=9)
    WebhookDelivery.objects.update(due_at=timezone.now())
    assert outbox.send_due() == 0  # the redirect is not followed
    delivery.refresh_from_db()
    assert delivery.response_status == 302 and "HTTP 302" in delivery.last_error
    assert len(receiver.requests) == 2  # nothing went to the redirect's address
    WebhookDelivery.objects.update(due_at=timezone.now())
    assert outbox.send_due() == 1
    ids = {headers["X-CSTO-Delivery"] for _path, headers, _body in receiver.requests}
    assert ids == {str(delivery.uuid)}  # one id across the attempts: receivers can dedupe


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.0.0.5/hook",
        "https://192.168.1.10/hook",
        "https://172.30.80.10/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[fe80::1]/hook",
        "https://0.0.0.0/hook",
        "https://user:pass@example.org/hook",
        "ftp://example.org/hook",
        "https://no-such-host.invalid/hook",
    ],
)
def test_private_loopback_and_non_https_addresses_are_refused(url, settings):
    settings.CSTO_WEBHOOK_ALLOW_HTTP = settings.CSTO_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError):
        webhooks.validate_endpoint_url(url)


def test_a_host_that_resolves_inside_is_refused_at_sending_time(receiver, settings, monkeypatch):
    """An endpoint that passed the form check, whose name now resolves to a private address
    (DNS rebinding): refused when sending, nothing connects."""
    endpoint = Endpoint.objects.create(
        name="Rebinder", url="https://partner.example.org/hook", events=["published"]
    )
    settings.CSTO_WEBHOOK_ALLOW_HTTP = settings.CSTO_WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, **kw: [
            (2, 1, 6, "", ("93.184.216.34", port)),
            (2, 1, 6, "", ("127.0.0.1", port)),
        ],
    )
    ArticleFactory()
    assert outbox.send_due() == 0
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert "Refused" in delivery.last_error and delivery.response_status is None
    assert receiver.requests == []


def test_production_settings_refuse_http_and_private_webhooks():
    import subprocess
    import sys

    env = {
        "DJANGO_SETTINGS_MODULE": "csto_press.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "press.example.org",
        "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/x",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",
        "CSTO_WEBHOOK_ALLOW_PRIVATE": "on",
        "PATH": "/usr/bin:/bin",
    }
    code = "import django; django.setup()"
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "public https addresses only" in result.stderr


def test_staff_register_an_endpoint_and_read_its_log(staff_client, receiver, settings):
    add = reverse("admin:subscriptions_endpoint_add")
    response = staff_client.post(
        add, {"name": "Partner", "url": receiver.url, "events": ["published"], "active": "on"}
    )
    assert response.status_code == 302, response.content[:2000]
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["published"] and len(endpoint.secret) == 64
    settings.CSTO_WEBHOOK_ALLOW_PRIVATE = False
    refused = staff_client.post(
        add, {"name": "Inside", "url": "http://127.0.0.1/x", "events": ["published"]}
    )
    assert refused.status_code == 200 and Endpoint.objects.count() == 1
    settings.CSTO_WEBHOOK_ALLOW_PRIVATE = True
    ArticleFactory()
    outbox.send_due()
    log = staff_client.get(reverse("admin:subscriptions_webhookdelivery_changelist"))
    assert log.status_code == 200 and b"Partner" in log.content
