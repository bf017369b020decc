"""The real thing: a Celery worker process, Redis as its broker, a real SMTP server, and a
worker killed with SIGKILL in the middle of a batch. Every subscriber gets the release
exactly once, and the unsubscribe link in it leads to the end.

The kill is timed at a moment the dead worker holds a delivery: while the SMTP server
takes its time over the recipient of one message (an SMTP relay verifying recipients). The
worker dies with that delivery locked in an open transaction and earlier ones committed as
sent; PostgreSQL rolls its transaction back and the next worker takes it up.
"""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.publishing import PublicationStatus
from core.roles import PUBLISHER
from csto_press.celery import app as celery_app
from subscriptions.models import Delivery, Endpoint, Subscriber
from tests.conftest import running_smtp
from tests.factories import ArticleFactory, RoleUserFactory
from tests.news.test_review import post_form
from tests.subscriptions.conftest import link_after, parts, path_of
from tests.subscriptions.test_webhooks import Receiver, verify

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # A second process on the test database and rows locked with SKIP LOCKED: PostgreSQL's,
    # as in production (SQLite's test database lives in the test process's memory).
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker's row locks are PostgreSQL's (CI)"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CSTO_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")
SUBSCRIBERS = 30
KILL_AT = 12  # the recipient of the 12th message: the worker is killed while it waits
BASE = "https://press.example.org"


class SlowRelay:
    """An SMTP server (aiosmtpd handler) that keeps what it accepts, parsed, and takes a
    moment over each recipient; at recipient ``kill_at`` it says so and waits longer."""

    def __init__(self, kill_at):
        self.messages, self.recipients, self.kill_at = [], 0, kill_at
        self.waiting = threading.Event()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        with self.lock:
            self.recipients += 1
            number = self.recipients
        if number == self.kill_at:
            self.waiting.set()
            await asyncio.sleep(2)
        else:
            await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def received_by(self, address):
        with self.lock:
            return [message for rcpt, message in self.messages if address in rcpt]


@pytest.fixture
def relay():
    handler = SlowRelay(KILL_AT)
    with running_smtp(handler) as port:
        yield handler, port


@pytest.fixture
def queue_name():
    """The site's Celery sends to Redis, on a queue of this test's own (the broker may be
    shared with other test runs)."""
    name = f"csto-test-{uuid.uuid4().hex[:12]}"
    previous = celery_app.conf.broker_url, celery_app.conf.task_default_queue
    celery_app.conf.broker_url, celery_app.conf.task_default_queue = BROKER, name
    celery_app._after_fork()  # forget the connection pools made for the old broker
    yield name
    celery_app.conf.broker_url, celery_app.conf.task_default_queue = previous
    celery_app._after_fork()


def start_worker(queue, smtp_port, log, processes):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "csto_press.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "DJANGO_EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_QUEUE": queue,
        "CSTO_SITE_URL": BASE,
    }
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A", "csto_press", "worker", f"--concurrency={processes}", "--loglevel=INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"{queue}-{time.monotonic_ns()}@%h",
    ]  # fmt: skip
    # A process group of its own: SIGKILL to the group is what `docker kill` does.
    return subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def kill(worker):
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_mid_batch_loses_and_repeats_nothing(relay, queue_name, tmp_path):
    """And a partner's webhook receiver gets the publication once, through the same queue."""
    handler, smtp_port = relay
    receiver = Receiver()
    endpoint = Endpoint.objects.create(name="Partner", url=receiver.url, events=["published"])
    addresses = [f"reader{n:02d}@example.org" for n in range(SUBSCRIBERS)]
    for address in addresses:
        Subscriber.objects.create(
            email=address, language="en", all_news=True, confirmed_at="2026-01-01T00:00Z"
        )
    log_path = tmp_path / "workers.log"
    with open(log_path, "w") as log:
        # One process, so the moment of the kill is known: waiting on the relay, holding a
        # delivery. The next worker runs two, which share the rest of the batch.
        first = start_worker(queue_name, smtp_port, log, processes=1)
        try:
            # Published in the admin by a publisher: the deliveries are committed with the
            # publication, and the workers woken through Redis.
            publisher = Client()
            publisher.force_login(RoleUserFactory(role=PUBLISHER, username="pavel"))
            article = ArticleFactory(draft=True)
            assert post_form(publisher, article, "_publish").status_code == 302
            article.refresh_from_db()
            assert article.status == PublicationStatus.PUBLISHED
            assert Delivery.objects.count() == SUBSCRIBERS

            assert handler.waiting.wait(60), log_path.read_text()[-3000:]
            kill(first)
            sent_before = len(handler.messages)
            assert 0 < sent_before < SUBSCRIBERS  # truly in the middle of the batch
            time.sleep(2.5)  # the relay answers the dead worker's recipient: nobody listens
            assert len(handler.messages) == sent_before

            second = start_worker(queue_name, smtp_port, log, processes=2)
            try:
                wait_for(
                    lambda: (
                        Delivery.objects.filter(status="sent").count() == SUBSCRIBERS
                        and receiver.requests
                    ),
                    90,
                    "every delivery sent",
                )
                time.sleep(1)  # anything sent twice would arrive now
            finally:
                kill(second)
        finally:
            if first.poll() is None:
                kill(first)

    receiver.server.shutdown()
    assert receiver.events() == ["published"]
    _path, headers, body = receiver.requests[0]
    assert verify(endpoint.secret, headers, body)

    received = sorted(address for rcpt, _message in handler.messages for address in rcpt)
    assert received == sorted(addresses), log_path.read_text()[-3000:]
    ids = {message["Message-ID"] for _rcpt, message in handler.messages}
    assert len(ids) == SUBSCRIBERS

    # One message, read as a mail client reads it, and its unsubscribe link to the end.
    (message,) = handler.received_by("reader07@example.org")
    assert message["Subject"] == article.title_en
    text, html = parts(message)
    assert article.lead_en in text and "<a href=" in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    leave = path_of(message["List-Unsubscribe"].strip().strip("<>"), BASE)
    assert leave == path_of(link_after(text, "Unsubscribe (one click, no login):"), BASE)
    browser = Client()
    assert b"reader07@example.org" in browser.get(leave).content
    assert browser.post(leave, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscriber.objects.filter(email="reader07@example.org").exists()
    assert Subscriber.objects.count() == SUBSCRIBERS - 1
    assert reverse("subscriptions:subscribe") in browser.get(leave).content.decode()  # 410 page
