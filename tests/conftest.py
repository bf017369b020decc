import contextlib

import pytest
from django.test import Client

from tests.factories import StaffUserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads into its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the database is rolled back, the cache is not."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def english_to_start():
    """Each test starts in English: a request to /ru/ leaves Russian active in the thread,
    and reverse() or model text in the next test would follow it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def staff_user(db):
    return StaffUserFactory(username="press-officer")


@pytest.fixture
def staff_client(staff_user):
    """A logged-in superuser's browser, separate from ``client`` (an anonymous reader)."""
    browser = Client()
    browser.force_login(staff_user)
    return browser


class Mailbox:
    """The messages a real SMTP server received, parsed as a mail client would."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for recipients, message in self.messages if address in recipients]


@contextlib.contextmanager
def running_smtp(handler):
    """A real SMTP server (aiosmtpd) with ``handler`` on a free port of 127.0.0.1: its port."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def send_mail_to(settings, port):
    """Point the site's mail at the SMTP server on ``port``."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free port, and the site's mail pointed at it."""
    mailbox = Mailbox()
    with running_smtp(mailbox) as port:
        send_mail_to(settings, port)
        yield mailbox
