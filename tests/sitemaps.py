"""Reading the sitemap the way a search engine does: the index, then every sitemap it lists."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.urls import reverse

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def listed_sitemaps(client):
    """The addresses (path and query) the index at /sitemap.xml lists, each fetched once."""
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    root = ET.fromstring(index.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [root_loc.findtext(f"{SITEMAP}loc") for root_loc in root.iter(f"{SITEMAP}sitemap")]


def sitemap_urls(client):
    """Every <url> element of every sitemap the index lists, in order."""
    urls = []
    for location in listed_sitemaps(client):
        parts = urlsplit(location)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == 200, location
        urls.extend(ET.fromstring(response.content).iter(f"{SITEMAP}url"))
    return urls


def sitemap_locations(client):
    return [url.findtext(f"{SITEMAP}loc") for url in sitemap_urls(client)]
