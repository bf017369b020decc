"""People: their pages, the articles linked to them (newest first, paginated, no N+1), the
gate, and bad input."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from people.models import Person
from people.views import ARTICLES_PER_PAGE
from tests.factories import ArticleFactory, PersonFactory, SectionFactory
from tests.news.test_sanitizing import article_form_data

pytestmark = pytest.mark.django_db


def released(days_ago, **fields):
    return ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=days_ago), **fields)


def test_person_page_shows_role_term_and_biography(client):
    person = PersonFactory(
        title="Imangali Tasmagambetov",
        slug="imangali-tasmagambetov",
        role="Secretary General of the CSTO",
        in_office_from=datetime.date(2023, 1, 1),
        biography="<p>Born in 1956 in Atyrau.</p><script>alert(1)</script>",
    )
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert person.get_absolute_url() == "/en/people/imangali-tasmagambetov/"
    assert "<h1>Imangali Tasmagambetov</h1>" in response.text
    assert "Secretary General of the CSTO" in response.text
    assert "In office since 1 January 2023" in response.text
    assert "Born in 1956 in Atyrau." in response.text
    assert "<script>alert" not in response.text


def test_person_page_lists_their_published_articles_newest_first(client):
    person = PersonFactory()
    older = released(5, title="Older speech")
    newer = released(1, title="Newer interview")
    draft = released(2, title="Draft statement", draft=True)
    other = released(3, title="Not about them")
    for article in (older, newer, draft):
        article.people.add(person)
    text = client.get(person.get_absolute_url()).text
    assert text.index("Newer interview") < text.index("Older speech")
    assert "Draft statement" not in text
    assert other.title not in text


def test_person_articles_are_paginated_and_bad_pages_are_404(client):
    person = PersonFactory()
    for day in range(ARTICLES_PER_PAGE + 2):
        released(day + 1, title=f"Release of day {day + 1}.").people.add(person)
    first = client.get(person.get_absolute_url()).text
    assert "Release of day 1." in first and f"Release of day {ARTICLES_PER_PAGE + 1}." not in first
    second = client.get(person.get_absolute_url(), {"page": 2}).text
    assert f"Release of day {ARTICLES_PER_PAGE + 2}." in second
    assert client.get(person.get_absolute_url(), {"page": "last"}).status_code == 200
    for bad in ("3", "0", "-1", "abc", "99999999999999999999"):
        assert client.get(person.get_absolute_url(), {"page": bad}).status_code == 404


def test_person_page_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    person = PersonFactory()
    sections = [SectionFactory() for _ in range(3)]
    for day in range(3):
        released(day + 1, section=sections[day]).people.add(person)
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(person.get_absolute_url()).status_code == 200
        return len(captured)

    few = count()
    for day in range(30):
        released(day + 10, section=sections[day % 3]).people.add(person)
    assert count() == few
    assert few <= 7


@pytest.mark.parametrize("hidden", [{"draft": True}, {"embargoed": True}])
def test_hidden_people_are_404_and_absent_from_the_list(client, hidden):
    person = PersonFactory(title="Hidden official", **hidden)
    PersonFactory(title="Public official")
    assert client.get(person.get_absolute_url()).status_code == 404
    text = client.get(reverse("people:person_list")).text
    assert "Public official" in text and "Hidden official" not in text


def test_people_list_puts_those_in_office_first_in_the_editors_order(client):
    PersonFactory(title="Former Secretary General", position=1,
                  in_office_until=datetime.date(2022, 12, 31))  # fmt: skip
    PersonFactory(title="Deputy", position=2)
    PersonFactory(title="Secretary General", position=1)
    text = client.get(reverse("people:person_list")).text
    assert text.index("Secretary General") < text.index("Deputy")
    assert text.index("Deputy") < text.index("Former Secretary General")


def test_unknown_person_is_404(client):
    assert client.get("/en/people/nobody/").status_code == 404
    assert client.get("/ru/people/%D0%B6/").status_code == 404


def test_term_cannot_end_before_it_starts():
    from django.core.exceptions import ValidationError

    person = PersonFactory.build(
        in_office_from=datetime.date(2024, 1, 1), in_office_until=datetime.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError):
        person.clean()


def test_editor_links_an_article_to_the_people_it_quotes(staff_client):
    person = PersonFactory()
    section = SectionFactory()
    response = staff_client.post(
        reverse("admin:news_article_add"), article_form_data(section, people=[person.pk])
    )
    assert response.status_code == 302, response.text[:3000]
    assert list(Article.objects.get().people.all()) == [person]
    assert Person.objects.get().articles.count() == 1


def test_search_finds_people_in_the_readers_language(client):
    PersonFactory(title="Imangali Tasmagambetov", title_ru="Имангали Тасмагамбетов")
    assert "Tasmagambetov" in client.get(reverse("search"), {"q": "Tasmagambetov"}).text
    russian = Client().get("/ru/search/", {"q": "Тасмагамбетов"}).text
    assert "Тасмагамбетов</mark>" in russian


def test_article_links_to_its_public_people_only(client):
    article = ArticleFactory()
    shown = PersonFactory(title="Quoted official")
    hidden = PersonFactory(title="Draft official", draft=True)
    article.people.add(shown, hidden)
    text = client.get(article.get_absolute_url()).text
    assert f'<a href="{shown.get_absolute_url()}">Quoted official</a>' in text
    assert "Draft official" not in text


def test_preview_of_an_unsaved_person(staff_client):
    import re

    data = {
        "title_en": "New Deputy", "title_ru": "Новый заместитель", "slug": "",
        "role_en": "Deputy Secretary General", "role_ru": "", "position": "2",
        "in_office_from": "2024-01-01", "in_office_until": "",
        "biography_en": "<p>Bio<script>x()</script></p>", "biography_ru": "",
        "status": "draft", "published_at_0": "2024-07-16", "published_at_1": "10:00:00",
        "review_note": "",
    }  # fmt: skip
    start = staff_client.post(reverse("admin:people_person_preview"), data)
    assert start.status_code == 302
    page = staff_client.get(start["Location"]).text
    frame = re.search(r'<iframe[^>]* src="([^"]+)"', page).group(1)
    english = staff_client.get(frame)
    assert english.status_code == 200
    assert "<h1>New Deputy</h1>" in english.text and "<script>x" not in english.text
    assert "In office since 1 January 2024" in english.text
    assert not Person.objects.exists()
