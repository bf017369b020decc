"""Archives by year and month; share cards and structured data on articles."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory
from tests.html import elements

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def dated():
    return {
        "2019": ArticleFactory(title="Council of July 2019", published_at=at(2019, 7, 16)),
        "2024a": ArticleFactory(title="School of diplomacy", published_at=at(2024, 7, 25)),
        "2024b": ArticleFactory(title="March statement", published_at=at(2024, 3, 1)),
        "draft": ArticleFactory(title="Draft of 2024", published_at=at(2024, 7, 1), draft=True),
    }


def test_year_archive_lists_that_years_public_news(client, dated):
    response = client.get(reverse("news:archive_year", args=[2024]))
    page = response.content.decode()
    assert "School of diplomacy" in page and "March statement" in page
    assert "Council of July 2019" not in page and "Draft of 2024" not in page
    assert reverse("news:archive_month", args=[2024, 7]) in page


def test_month_archive(client, dated):
    page = client.get(reverse("news:archive_month", args=[2024, 7])).content.decode()
    assert "School of diplomacy" in page and "March statement" not in page
    assert reverse("news:archive_month", args=[2024, 3]) in page  # earlier month link


def test_all_news_links_to_the_archive_years(client, dated):
    page = client.get(reverse("news:article_list")).content.decode()
    assert reverse("news:archive_year", args=[2019]) in page
    assert reverse("news:archive_year", args=[2024]) in page


@pytest.mark.parametrize(
    "path",
    ["/en/news/archive/2018/", "/en/news/archive/2024/02/", "/en/news/archive/2024/13/",
     "/en/news/archive/2024/0/",
     "/en/news/archive/0/", "/en/news/archive/99999/", "/en/news/archive/2024/99999999999/",
     "/en/news/archive/2024/?page=9"],
)  # fmt: skip
def test_empty_or_impossible_archive_dates_give_404(client, dated, path):
    # 2018 is before the first news; February 2024 has none.
    assert client.get(path).status_code == 404


def test_article_has_share_card_and_structured_data(client):
    article = ArticleFactory(
        title="Statement on the Middle East", lead="The Council calls for peace."
    )
    page = client.get(article.get_absolute_url()).content.decode()
    meta = {
        a.get("property") or a.get("name"): a.get("content")
        for t, a in elements(page)
        if t == "meta"
    }
    url = "http://testserver" + article.get_absolute_url()
    assert meta["og:title"] == "Statement on the Middle East"
    assert meta["og:type"] == "article"
    assert meta["og:url"] == url
    assert meta["og:description"] == "The Council calls for peace."
    assert meta["description"] == "The Council calls for peace."
    assert meta["og:image"].startswith("http://testserver/static/")
    assert meta["twitter:card"] == "summary"
    canonical = [
        a["href"] for t, a in elements(page) if t == "link" and a.get("rel") == "canonical"
    ]
    assert canonical == [url]
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Statement on the Middle East"
    assert data["mainEntityOfPage"] == url


def test_structured_data_cannot_break_out_of_its_script(client):
    article = ArticleFactory(title="</script><script>alert(1)</script>")
    page = client.get(article.get_absolute_url()).content.decode()
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(block)["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in page


def test_canonical_drops_tracking_parameters_but_keeps_the_page(client):
    ArticleFactory.create_batch(15)
    page = client.get(reverse("news:article_list"), {"page": 2, "utm_source": "x"}).content.decode()
    canonical = [
        a["href"] for t, a in elements(page) if t == "link" and a.get("rel") == "canonical"
    ]
    assert canonical == ["http://testserver/en/news/?page=2"]


def test_a_year_without_news_inside_the_archive_says_so(client, dated):
    response = client.get("/en/news/archive/2020/")
    assert response.status_code == 200
    assert "No news was published in 2020." in response.text
    # Its neighbours lead on.
    assert reverse("news:archive_year", args=[2019]) in response.text
