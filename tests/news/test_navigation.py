"""The links readers know from the organization's site, and pages' structure."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, SectionFactory
from tests.html import elements, links

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(section=SectionFactory(slug="csto-news", name="CSTO news"))


def test_article_has_the_three_back_links(client, article):
    found = links(client.get(article.get_absolute_url()).content.decode())
    assert found["Go back"] == "/en/news/csto-news/"
    assert found["Back to the section"] == "/en/news/csto-news/"
    assert found["Back to the all news"] == reverse("news:article_list")


def test_go_back_uses_history_in_the_browser(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    go_back = [
        attrs for tag, attrs in elements(page) if tag == "a" and "data-history-back" in attrs
    ]
    assert len(go_back) == 1
    assert any(
        attrs.get("src", "").endswith("js/site.js")
        for tag, attrs in elements(page)
        if tag == "script"
    )


def test_go_back_falls_back_to_a_local_back_path(client, article):
    response = client.get(article.get_absolute_url(), {"back": "/en/news/?page=2"})
    assert links(response.content.decode())["Go back"] == "/en/news/?page=2"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "news/relative",
    ],
)
def test_go_back_never_leads_off_site(client, article, target):
    response = client.get(article.get_absolute_url(), {"back": target})
    assert links(response.content.decode())["Go back"] == "/en/news/csto-news/"


def test_previous_and_next_link_within_the_section(client):
    section = SectionFactory()
    other = SectionFactory()
    first, second, third = (ArticleFactory(section=section) for _ in range(3))
    ArticleFactory(section=other, title="In another section")
    # Factories date later articles earlier: first is the newest.
    page = client.get(second.get_absolute_url()).content.decode()
    found = links(page)
    assert found[first.title] == first.get_absolute_url()
    assert found[third.title] == third.get_absolute_url()
    assert "In another section" not in page.split('class="neighbours"')[1].split("</nav>")[0]


def test_header_menu_lists_sections_in_their_order(client):
    SectionFactory(name="Interviews", slug="interviews", position=30)
    SectionFactory(name="Statements", slug="statements", position=20)
    page = client.get(reverse("home")).content.decode()
    assert page.index(">Statements<") < page.index(">Interviews<")


def test_article_page_shows_date_as_the_organization_writes_it(client, article):
    article.published_at = article.published_at.replace(year=2019, month=7, day=16, hour=12)
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "16.07.2019" in page
    assert article.signature in page


def test_every_page_has_one_h1_a_skip_link_and_landmarks(client, article):
    for url in [reverse("home"), reverse("news:article_list"), article.get_absolute_url()]:
        tags = elements(client.get(url).content.decode())
        names = [tag for tag, _ in tags]
        assert names.count("h1") == 1, url
        assert "main" in names and "nav" in names and "header" in names and "footer" in names
        assert any(tag == "a" and attrs.get("href") == "#main" for tag, attrs in tags)


def test_article_moved_to_another_section_redirects_to_its_address(client, article):
    wrong = reverse("news:article_detail", kwargs={"section": "interviews", "slug": article.slug})
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
