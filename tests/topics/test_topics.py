"""Topics: a topic page lists what carries it (by type), its feeds, and related articles."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    DocumentFactory,
    EventFactory,
    MeetingFactory,
    SectionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def tagged():
    topic = TopicFactory(name="Peacekeeping", slug="peacekeeping", name_ru="Миротворчество")
    other = TopicFactory(name="Counter-terrorism", slug="counter-terrorism")
    article = ArticleFactory(title="Peacekeepers trained in Kazakhstan")
    meeting = MeetingFactory(title="Meeting on peacekeeping forces")
    document = DocumentFactory(title="Agreement on peacekeeping activity")
    event = EventFactory(title="Peacekeeping exercise in Kyrgyzstan")
    draft = ArticleFactory(title="Secret draft on peacekeeping", draft=True)
    draft_event = EventFactory(title="Secret peacekeeping drill", draft=True)
    untagged = ArticleFactory(title="Unrelated release")
    for item in (article, meeting, document, event, draft, draft_event):
        item.topics.add(topic)
    untagged.topics.add(other)
    return locals()


def test_topic_page_lists_every_type_it_tags_and_no_drafts(client, tagged):
    page = client.get(tagged["topic"].get_absolute_url()).content.decode()
    for title in ("Peacekeepers trained in Kazakhstan", "Meeting on peacekeeping forces",
                  "Agreement on peacekeeping activity",
                  "Peacekeeping exercise in Kyrgyzstan"):  # fmt: skip
        assert title in page
    assert "Secret draft on peacekeeping" not in page and "Unrelated release" not in page
    assert "Secret peacekeeping drill" not in page


def test_topic_page_filters_by_type_and_ignores_unknown_types(client, tagged):
    url = tagged["topic"].get_absolute_url()
    meetings = client.get(url, {"type": "meeting"}).content.decode()
    assert "Meeting on peacekeeping forces" in meetings
    assert "Peacekeepers trained in Kazakhstan" not in meetings
    events = client.get(url, {"type": "event"}).content.decode()
    assert "Peacekeeping exercise in Kyrgyzstan" in events
    assert "Meeting on peacekeeping forces" not in events
    assert "Secret peacekeeping drill" not in events
    assert f'href="{url}?type=event"' in meetings  # the filter offers events
    unknown = client.get(url, {"type": "<bogus>"})
    assert unknown.status_code == 200
    assert "Peacekeepers trained in Kazakhstan" in unknown.content.decode()


@pytest.mark.parametrize(
    "path,query",
    [("/en/topics/no-such-topic/", {}), ("/en/topics/no-such-topic/feed/rss/", {}),
     ("/en/topics/peacekeeping/", {"type": "article", "page": "999"})],
)  # fmt: skip
def test_unknown_topics_and_pages_are_not_found(client, tagged, path, query):
    assert client.get(path, query).status_code == 404


def test_a_topic_with_more_than_a_few_items_links_to_the_rest(client, tagged):
    for number in range(6):
        ArticleFactory(title=f"Exercise report {number}").topics.add(tagged["topic"])
    url = tagged["topic"].get_absolute_url()
    assert f"{url}?type=article" in client.get(url).content.decode()


def test_topic_page_in_russian(client, tagged):
    tagged["article"].title_ru = "Миротворцы прошли подготовку"
    tagged["article"].save()
    page = client.get("/ru/topics/peacekeeping/").content.decode()
    assert "Миротворчество" in page and "Миротворцы прошли подготовку" in page
    assert "Meeting on peacekeeping forces" not in page  # not written in Russian


def test_topic_feeds_hold_the_tagged_items(client, tagged):
    slug = tagged["topic"].slug
    rss = ET.fromstring(client.get(reverse("topics:topic_feed_rss", args=[slug])).content)
    titles = {item.findtext("title") for item in rss.iter("item")}
    assert titles == {"Peacekeepers trained in Kazakhstan", "Meeting on peacekeeping forces",
                      "Agreement on peacekeeping activity",
                      "Peacekeeping exercise in Kyrgyzstan"}  # fmt: skip
    event = next(item for item in rss.iter("item") if item.findtext("title").startswith("Peacek"))
    assert event.findtext("link").endswith(tagged["event"].get_absolute_url())
    atom = ET.fromstring(client.get(reverse("topics:topic_feed_atom", args=[slug])).content)
    assert len(atom.findall(f"{ATOM}entry")) == 4


@pytest.mark.parametrize("kind", ["event", "meeting", "document"])
def test_event_meeting_and_document_pages_link_their_topics(client, tagged, kind):
    tagged[kind].topics.add(tagged["other"])
    page = client.get(tagged[kind].get_absolute_url()).content.decode()
    assert f'<a href="{tagged["topic"].get_absolute_url()}">Peacekeeping</a>' in page
    assert f'<a href="{tagged["other"].get_absolute_url()}">Counter-terrorism</a>' in page


def test_an_event_taken_back_to_draft_leaves_its_topic(client, tagged):
    event = tagged["event"]
    event.status = "draft"
    event.save()
    url = tagged["topic"].get_absolute_url()
    assert "Peacekeeping exercise in Kyrgyzstan" not in client.get(url).content.decode()
    events = client.get(url, {"type": "event"}).content.decode()
    assert "Peacekeeping exercise in Kyrgyzstan" not in events
    rss = client.get(reverse("topics:topic_feed_rss", args=[tagged["topic"].slug])).content
    assert b"Peacekeeping exercise in Kyrgyzstan" not in rss


def test_topic_page_costs_the_same_queries_with_one_event_or_many(client, tagged):
    url = tagged["topic"].get_absolute_url()

    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        return len(captured)

    before = [queries({}), queries({"type": "event"})]
    for number in range(25):
        EventFactory(title=f"Exercise {number}").topics.add(tagged["topic"])
    assert [queries({}), queries({"type": "event"}), queries({"type": "event", "page": 2})] == [
        *before,
        before[1],
    ]


def test_topics_index_lists_topics(client, tagged):
    page = client.get(reverse("topics:topic_list")).content.decode()
    assert tagged["topic"].get_absolute_url() in page


# --- related articles -----------------------------------------------------------------------


@pytest.fixture
def related_site():
    section = SectionFactory()
    topics = [TopicFactory() for _ in range(4)]
    meeting = MeetingFactory()
    article = ArticleFactory(section=section, meeting=meeting, title="The article")
    article.topics.set(topics[:3])
    now = timezone.now()

    def make(title, shared, days, **extra):
        item = ArticleFactory(
            section=section, title=title, published_at=now - datetime.timedelta(days=days), **extra
        )
        item.topics.set(topics[:shared])
        return item

    two = make("Shares two topics", 2, 5)
    three = make("Shares three topics", 3, 9)
    one_new = make("Shares one topic, newer", 1, 1)
    one_old = make("Shares one topic, older", 1, 3)
    same_meeting = make("Same meeting, no topic", 0, 2, meeting=meeting)
    make("Shares none", 0, 1)
    make("Draft sharing all", 3, 1, status="draft")
    return locals()


def test_related_articles_shared_topics_first_then_same_meeting(related_site):
    titles = [a.title for a in related_site["article"].related()]
    assert titles == ["Shares three topics", "Shares two topics", "Shares one topic, newer",
                      "Shares one topic, older", "Same meeting, no topic"]  # fmt: skip


def test_related_articles_are_at_most_five(related_site):
    for number in range(4):
        ArticleFactory(title=f"Another {number}").topics.set(related_site["topics"][:1])
    assert len(related_site["article"].related()) == 5


def test_related_articles_take_one_query_whatever_their_number(
    related_site, django_assert_num_queries
):
    article = related_site["article"]
    for more in (0, 20):
        for number in range(more):
            ArticleFactory(title=f"More {number}").topics.set(related_site["topics"])
        with django_assert_num_queries(1):
            found = article.related()
            shown = [(a.title, a.section.name, a.get_absolute_url()) for a in found]
        assert len(shown) == 5


def test_article_topics_come_in_the_article_query(related_site, django_assert_num_queries):
    from django.db import connection

    from news.models import Article

    assert connection.features.supports_json_field  # SQLite asks once per connection
    with django_assert_num_queries(1):
        article = Article.objects.with_topics().get(pk=related_site["article"].pk)
        topics = article.public_topics()
        links = [(topic.name, topic.get_absolute_url()) for topic in topics]
    assert links == [(t.name, t.get_absolute_url()) for t in related_site["topics"][:3]]


def test_article_page_shows_its_topics_and_related_articles(client, related_site):
    page = client.get(related_site["article"].get_absolute_url()).content.decode()
    assert related_site["topics"][0].get_absolute_url() in page
    assert 'id="related-heading"' in page
    assert related_site["three"].get_absolute_url() in page
