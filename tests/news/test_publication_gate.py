"""Drafts and embargoed articles are invisible to readers everywhere."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    return SectionFactory(slug="statements", name="Statements")


@pytest.fixture
def articles(section):
    return {
        "public": ArticleFactory(section=section, title="Public statement on the summit"),
        "draft": ArticleFactory(section=section, title="Draft statement not ready", draft=True),
        "future": ArticleFactory(section=section, title="Embargoed statement", embargoed=True),
    }


def public_pages(section, public_article):
    return [
        reverse("home"),
        reverse("news:article_list"),
        section.get_absolute_url(),
        public_article.get_absolute_url(),
    ]


def test_published_article_is_on_every_public_list(client, section, articles):
    for url in public_pages(section, articles["public"])[:3]:
        assert "Public statement on the summit" in client.get(url).content.decode()


@pytest.mark.parametrize("hidden", ["draft", "future"])
def test_hidden_article_is_absent_from_every_public_page(client, section, articles, hidden):
    title = articles[hidden].title
    for url in public_pages(section, articles["public"]):
        response = client.get(url)
        assert response.status_code == 200
        assert title not in response.content.decode(), url


@pytest.mark.parametrize("hidden", ["draft", "future"])
def test_hidden_article_detail_is_404(client, articles, hidden):
    assert client.get(articles[hidden].get_absolute_url()).status_code == 404


def test_hidden_article_is_not_a_neighbour(client, section):
    older = ArticleFactory(section=section, title="Older public release")
    ArticleFactory(section=section, title="Middle draft release", draft=True)
    newer = ArticleFactory(section=section, title="Newer public release")
    older.published_at = newer.published_at.replace(year=newer.published_at.year - 1)
    older.save()
    page = client.get(newer.get_absolute_url()).content.decode()
    assert "Older public release" in page
    assert "Middle draft release" not in page


def test_section_page_counts_only_public_articles(client, section):
    ArticleFactory.create_batch(12, section=section)
    ArticleFactory.create_batch(5, section=section, draft=True)
    page_one = client.get(section.get_absolute_url())
    assert page_one.context["paginator"].count == 12
    assert client.get(section.get_absolute_url() + "?page=2").status_code == 404


def test_embargoed_article_appears_once_its_time_has_come(client, section):
    article = ArticleFactory(section=section, embargoed=True, title="Embargo lifts")
    assert client.get(article.get_absolute_url()).status_code == 404
    article.published_at = article.published_at.replace(year=2020)
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200
