"""A reader subscribes in Chromium, confirms from the link the SMTP server received, gets a
release, and leaves with the link in it."""

import re

import pytest

from core.publishing import PublicationStatus
from subscriptions import outbox
from subscriptions.models import Subscriber
from tests.factories import ArticleFactory, SectionFactory
from tests.subscriptions.conftest import parts

pytestmark = pytest.mark.e2e


def test_sign_up_confirm_receive_and_unsubscribe(page, live_server, smtp_server, settings):
    settings.CSTO_SITE_URL = live_server.url
    statements = SectionFactory(name="Statements", slug="statements")
    SectionFactory(name="CSTO news", slug="csto-news")

    page.goto("/en/")
    page.get_by_role("link", name="Subscribe by email").click()
    page.get_by_label("Email address").fill("journalist@example.org")
    page.get_by_label("Russian").check()
    page.get_by_label("Statements").check()
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    assert not Subscriber.objects.filter(confirmed_at__isnull=False).exists()

    (mail,) = smtp_server.to("journalist@example.org")
    text, _html = parts(mail)
    confirm_url = re.search(r"http://\S+/subscribe/confirm/\S+/", text).group(0)
    page.goto(confirm_url)
    page.get_by_role("button", name="Подтвердить").click()
    page.get_by_role("heading", name="Подписка оформлена").wait_for()
    subscriber = Subscriber.objects.get()
    assert subscriber.language == "ru" and list(subscriber.sections.all()) == [statements]

    release = ArticleFactory(
        draft=True, section=statements, title_en="Statement", title_ru="Заявление"
    )
    release.status = PublicationStatus.PUBLISHED
    release.save()
    assert outbox.send_due() == 1
    message = smtp_server.to("journalist@example.org")[-1]
    assert message["Subject"] == "Заявление"
    leave_url = message["List-Unsubscribe"].strip().strip("<>")

    page.goto(leave_url)
    assert "journalist@example.org" in page.content()
    page.get_by_role("button", name="Отписаться").click()
    page.get_by_role("heading", name="Вы отписались").wait_for()
    assert not Subscriber.objects.exists()
    assert page.js_errors == []
