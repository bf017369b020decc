"""Feeds and the sitemap carry exactly the public items, with absolute URLs."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from core.sitemaps import EntrySitemap
from tests.factories import ArticleFactory, SectionFactory
from tests.sitemaps import SITEMAP, listed_sitemaps, sitemap_locations, sitemap_urls

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


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
    urls = sitemap_urls(client)
    locations = [url.findtext(f"{SITEMAP}loc") for url in urls]
    base = "http://testserver"
    assert base + articles["public"].get_absolute_url() in locations
    assert base + articles["other"].get_absolute_url() in locations
    assert base + articles["draft"].get_absolute_url() not in locations
    assert base + articles["future"].get_absolute_url() not in locations
    assert len(locations) == len(set(locations))
    for url in locations:
        path = url.removeprefix(base)
        assert client.get(path).status_code == 200, path
    assert any(url.findtext(f"{SITEMAP}lastmod") for url in urls)


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    text = response.content.decode()
    assert "Disallow: /en/search/" in text and "Disallow: /ru/search/" in text
    assert "admin" not in text  # the admin's address is kept out of public view


def test_sitemap_index_pages_a_large_section_and_lists_every_item_once(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(EntrySitemap, "limit", 2)
    section = SectionFactory(slug="statements", name="Statements")
    articles = ArticleFactory.create_batch(5, section=section)
    listed = listed_sitemaps(client)
    base = "http://testserver"
    assert [url for url in listed if "sitemap-articles" in url] == [
        f"{base}/sitemap-articles.xml",
        f"{base}/sitemap-articles.xml?p=2",
        f"{base}/sitemap-articles.xml?p=3",
    ]
    assert f"{base}/sitemap-meetings.xml" in listed
    locations = sitemap_locations(client)
    for article in articles:
        assert locations.count(base + article.get_absolute_url()) == 1
    # A later page: one query to count, one for its items (and the next publication time,
    # which caps how long shared caches keep it).
    with django_assert_max_num_queries(3):
        page_three = client.get("/sitemap-articles.xml?p=3")
    assert page_three.content.count(b"<url>") == 1
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-articles.xml?p=two").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_index_gives_each_section_its_latest_change(client):
    older = ArticleFactory(title="Older statement")
    newer = ArticleFactory(title="Newer statement")
    type(newer).objects.filter(pk=older.pk).update(
        updated_at=newer.updated_at - datetime.timedelta(days=3)
    )
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    lastmods = {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in index.iter(f"{SITEMAP}sitemap")
    }
    newer.refresh_from_db()
    latest = datetime.datetime.fromisoformat(lastmods["http://testserver/sitemap-articles.xml"])
    assert latest == newer.updated_at
