"""Odd addresses get a friendly 404, never a 500."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    section = SectionFactory(slug="csto-news")
    ArticleFactory.create_batch(15, section=section)
    return section


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", "", "%00", "9" * 400])
@pytest.mark.parametrize("list_name", ["all", "section"])
def test_bad_page_numbers_give_404_page(client, section, page, list_name):
    url = reverse("news:article_list") if list_name == "all" else section.get_absolute_url()
    response = client.get(url, {"page": page})
    if page == "":
        # An empty page parameter means the first page, as Django's paginator reads it.
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("page", ["1", "2", "last"])
def test_valid_page_numbers_work(client, section, page):
    response = client.get(section.get_absolute_url(), {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/en/news/no-such-section/",
        "/en/news/csto-news/no-such-article/",
        "/en/news/" + "a" * 2000 + "/",
        "/en/news/csto-news/" + "b" * 2000 + "/",
        "/en/news/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/",
        "/no/such/page/",
    ],
)
def test_unknown_addresses_give_friendly_404(client, section, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Traceback" not in page


def test_server_error_page_shows_no_trace(client):
    from django.template import loader

    page = loader.get_template("500.html").render()
    assert "Something went wrong" in page
    assert "Traceback" not in page and "SECRET_KEY" not in page
