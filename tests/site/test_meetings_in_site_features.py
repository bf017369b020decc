"""Meetings and documents in search, feeds, the sitemap and share cards, behind the gate."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    DocumentFactory,
    DocumentStepFactory,
    MeetingFactory,
)
from tests.sitemaps import sitemap_locations

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def results(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return [(r["kind"], str(r["object"])) for r in response.context["results"]]


def test_search_finds_meetings_and_documents_with_labels(client):
    MeetingFactory(title="Session on electronic warfare cooperation")
    DocumentFactory(title="Draft decision on electronic warfare")
    ArticleFactory(title="Press release on electronic warfare")
    kinds = {kind for kind, _ in results(client, q="electronic warfare")}
    assert kinds == {"article", "meeting", "document"}
    page = client.get(reverse("search"), {"q": "electronic warfare"}).content.decode()
    for label in ("News", "Meetings", "Documents"):
        assert f'class="result__kind">{label}<' in page


def test_search_can_be_narrowed_to_one_kind(client):
    MeetingFactory(title="Peacekeeping session")
    DocumentFactory(title="Peacekeeping protocol")
    assert [k for k, _ in results(client, q="peacekeeping", type="document")] == ["document"]
    assert len(results(client, q="peacekeeping", type="bogus")) == 2


def test_search_hides_unpublished_meetings_and_documents(client):
    MeetingFactory(title="Hidden summit session", draft=True)
    DocumentFactory(title="Hidden summit protocol", embargoed=True)
    DocumentFactory(title="Visible summit protocol")
    assert results(client, q="summit") == [("document", "Visible summit protocol")]


def test_search_query_count_is_fixed_across_kinds(client, django_assert_max_num_queries):
    for n in range(20):
        MeetingFactory(title=f"Council session {n}")
        DocumentFactory(title=f"Council protocol {n}")
        ArticleFactory(title=f"Council press release {n}")
    with django_assert_max_num_queries(6):
        assert client.get(reverse("search"), {"q": "council"}).status_code == 200


def test_meetings_feed_holds_only_published_meetings(client):
    MeetingFactory(title="Public session")
    MeetingFactory(title="Draft session", draft=True)
    for name in ("meetings:meeting_feed_rss", "meetings:meeting_feed_atom"):
        content = client.get(reverse(name)).content
        assert b"Public session" in content and b"Draft session" not in content
    root = ET.fromstring(client.get(reverse("meetings:meeting_feed_atom")).content)
    assert len(root.findall(f"{ATOM}entry")) == 1


def test_document_steps_feed_has_one_item_per_step_of_public_documents(client):
    public = DocumentFactory(title="Public protocol")
    hidden = DocumentFactory(title="Hidden protocol", draft=True)
    DocumentStepFactory(document=public, status="drafted", date=datetime.date(2024, 1, 10))
    step = DocumentStepFactory(
        document=public, status="domestic_approval", date=datetime.date(2024, 2, 1)
    )
    DocumentStepFactory(document=hidden, status="drafted", date=datetime.date(2024, 3, 1))
    channel = ET.fromstring(client.get(reverse("meetings:document_feed_rss")).content)
    items = channel.find("channel").findall("item")
    assert len(items) == 2
    newest = items[0]
    assert newest.findtext("title") == "Public protocol: " + step.get_status_display()
    assert newest.findtext("link").endswith(f"{public.get_absolute_url()}#step-{step.pk}")
    assert newest.findtext("guid").startswith("tag:")
    assert "01 Feb 2024" in newest.findtext("pubDate")
    page = client.get(public.get_absolute_url()).content.decode()
    assert f'id="step-{step.pk}"' in page


def test_sitemap_lists_public_meetings_and_documents_only(client):
    meeting = MeetingFactory()
    document = DocumentFactory()
    hidden_meeting = MeetingFactory(draft=True)
    hidden_document = DocumentFactory(embargoed=True)
    locations = set(sitemap_locations(client))
    base = "http://testserver"
    assert base + meeting.get_absolute_url() in locations
    assert base + document.get_absolute_url() in locations
    assert base + reverse("meetings:document_list") in locations
    assert base + hidden_meeting.get_absolute_url() not in locations
    assert base + hidden_document.get_absolute_url() not in locations


def test_meeting_page_carries_event_structured_data(client):
    meeting = MeetingFactory(title="Meeting of the Permanent Council", place="Moscow")
    page = client.get(meeting.get_absolute_url()).content.decode()
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    assert data["@type"] == "Event"
    assert data["name"] == "Meeting of the Permanent Council"
    assert data["startDate"] == meeting.date.isoformat()
    assert data["location"]["name"] == "Moscow"
    assert reverse("meetings:meeting_feed_rss") in page
