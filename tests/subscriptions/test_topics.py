"""Following a topic: chosen on the sign-up form, kept through the confirmation link, shown
in one's data, and matched when a tagged item is published (one message, however many of
one's interests it matches)."""

import json
import re

import pytest
from django.db import transaction
from django.urls import reverse

from core.publishing import PublicationStatus
from subscriptions import outbox, tokens
from subscriptions.models import Subscriber
from tests.factories import ArticleFactory, DocumentFactory, SectionFactory, TopicFactory
from tests.subscriptions.conftest import parts, path_of

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "https://press.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.CSTO_SITE_URL = BASE


def publish(item):
    item.status = PublicationStatus.PUBLISHED
    item.save()
    return item


def test_a_topic_follower_signs_up_confirms_and_gets_a_tagged_article_once(client, smtp_server):
    section = SectionFactory()
    peacekeeping = TopicFactory(name="Peacekeeping")
    TopicFactory(name="Cybersecurity")
    form = client.get(reverse("subscriptions:subscribe"))
    assert b"Peacekeeping" in form.content and b'name="topics"' in form.content
    # The topic and the article's section both match: still one message.
    response = client.post(
        reverse("subscriptions:subscribe"),
        {
            "email": "reader@example.org",
            "language": "en",
            "website": "",
            "topics": [peacekeeping.pk],
            "sections": [section.pk],
        },
    )
    assert response.status_code == 302
    assert list(Subscriber.objects.get().topics.all()) == []  # nothing before confirming
    (message,) = smtp_server.to("reader@example.org")
    text, _html = parts(message)
    link = path_of(re.search(r"https://\S+/subscribe/confirm/\S+/", text).group(0), BASE)
    assert client.post(link).status_code == 200
    subscriber = Subscriber.objects.get()
    assert list(subscriber.topics.all()) == [peacekeeping]

    # Shown on "your data", and in its download.
    data_link = reverse("subscriptions:data", args=[tokens.subscriber_token(subscriber)])
    assert b"Peacekeeping" in client.get(data_link).content
    kept = json.loads(client.get(data_link + "?format=json").content)
    assert kept["topics"] == ["Peacekeeping"]

    article = ArticleFactory(draft=True, section=section, title="Exercise begins")
    article.topics.set([peacekeeping])
    publish(article)
    outbox.send_due()
    confirmation, *sent = smtp_server.to("reader@example.org")
    assert [m["Subject"] for m in sent] == ["Exercise begins"]


def test_only_followers_of_an_items_topics_get_it(subscribe, smtp_server):
    peacekeeping, cyber = TopicFactory(), TopicFactory()
    subscribe("peace@example.org", topics=[peacekeeping])
    subscribe("cyber@example.org", topics=[cyber])
    document = DocumentFactory(draft=True)
    document.topics.set([peacekeeping])
    publish(document)
    assert outbox.send_due() == 1
    assert len(smtp_server.to("peace@example.org")) == 1
    assert smtp_server.to("cyber@example.org") == []


def test_topics_saved_just_after_publishing_count_but_later_ones_send_nothing(
    subscribe, smtp_server
):
    """The admin saves an item, then its topics, in one transaction."""
    peacekeeping, cyber = TopicFactory(), TopicFactory()
    subscribe("peace@example.org", topics=[peacekeeping])
    subscribe("cyber@example.org", topics=[cyber])
    with transaction.atomic():
        article = publish(ArticleFactory(draft=True))
        article.topics.set([peacekeeping])
    article.topics.add(cyber)  # a correction: nobody new is mailed
    assert outbox.send_due() == 1
    assert len(smtp_server.to("peace@example.org")) == 1
    assert smtp_server.to("cyber@example.org") == []
