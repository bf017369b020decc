import re

import pytest
from django.utils import timezone

from subscriptions.models import Subscriber


@pytest.fixture
def subscribe(db):
    """``subscribe("a@example.org", language="ru", sections=[…], bodies=[…], topics=[…],
    all_news=True)``:
    a confirmed subscriber, as the confirmation link leaves them."""

    def make(email, language="en", all_news=False, sections=(), bodies=(), topics=()):
        subscriber = Subscriber.objects.create(
            email=email, language=language, all_news=all_news, confirmed_at=timezone.now()
        )
        subscriber.sections.set(sections)
        subscriber.bodies.set(bodies)
        subscriber.topics.set(topics)
        return subscriber

    return make


def parts(message):
    """The plain-text and HTML parts of a parsed message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def link_after(text, label):
    """The first URL on the line that starts with ``label`` in a plain-text part."""
    match = re.search(re.escape(label) + r"\s*(\S+)", text)
    assert match, f"no {label!r} link in:\n{text}"
    return match.group(1)


def path_of(url, base):
    assert url.startswith(base), (url, base)
    return url[len(base) :]
