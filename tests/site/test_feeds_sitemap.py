"""Feeds and the sitemap carry exactly the public items, with absolute URLs."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def articles():
    section = SectionFactory(slug="statements", name="Statements")
    return {
        "public": ArticleFactory(section=section, title="Public statement"),
        "other": ArticleFactory(title="Public news item"),
        "draft": ArticleFactory(section=section, title="Draft statement", draft=True),
        "future": ArticleFactory(section=section, title="Embargoed statement", embargoed=True),
    }


def test_rss_feed_holds_only_published_items(client, articles):
    response = client.get(reverse("news:feed_rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    titles = {item.findtext("title") for item in items}
    assert titles == {"Public statement", "Public news item"}
    for item in items:
        assert item.findtext("link").startswith("http://testserver/en/news/")
        assert item.findtext("guid").startswith("tag:")
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("pubDate")


def test_atom_feed_holds_only_published_items(client, articles):
    response = client.get(reverse("news:feed_atom"))
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert {e.findtext(f"{ATOM}title") for e in entries} == {"Public statement", "Public news item"}
    public = next(e for e in entries if e.findtext(f"{ATOM}title") == "Public statement")
    assert public.findtext(f"{ATOM}published").startswith(
        articles["public"].published_at.astimezone().strftime("%Y-")
    )
    assert public.find(f"{ATOM}link").get("href") == (
        "http://testserver" + articles["public"].get_absolute_url()
    )


def test_section_feed_holds_only_that_sections_published_items(client, articles):
    response = client.get(reverse("news:section_feed_rss", args=["statements"]))
    titles = {i.findtext("title") for i in ET.fromstring(response.content).iter("item")}
    assert titles == {"Public statement"}
    atom = client.get(reverse("news:section_feed_atom", args=["statements"]))
    assert atom.status_code == 200
    assert client.get(reverse("news:section_feed_rss", args=["nope"])).status_code == 404


def test_pages_advertise_their_feeds(client, articles):
    page = client.get(articles["public"].get_absolute_url()).content.decode()
    assert 'type="application/rss+xml"' in page and 'type="application/atom+xml"' in page
    assert reverse("news:section_feed_rss", args=["statements"]) in page


def test_sitemap_lists_exactly_the_public_urls(client, articles):
    response = client.get(reverse("sitemap"))
    locations = {
        url.findtext(f"{SITEMAP}loc")
        for url in ET.fromstring(response.content).iter(f"{SITEMAP}url")
    }
    base = "http://testserver"
    assert base + articles["public"].get_absolute_url() in locations
    assert base + articles["other"].get_absolute_url() in locations
    assert base + articles["draft"].get_absolute_url() not in locations
    assert base + articles["future"].get_absolute_url() not in locations
    for url in locations:
        path = url.removeprefix(base)
        assert client.get(path).status_code == 200, path
    lastmods = [
        u.findtext(f"{SITEMAP}lastmod")
        for u in ET.fromstring(response.content).iter(f"{SITEMAP}url")
    ]
    assert any(lastmods)


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    text = response.content.decode()
    assert "Disallow: /en/search/" in text and "Disallow: /ru/search/" in text
    assert "admin" not in text  # the admin's address is kept out of public view
