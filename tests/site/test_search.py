"""Search across the site: finds by words, ranks titles first, respects the gate."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import ArticleFactory
from tests.html import elements

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def result_titles(response):
    return [r["object"].title for r in response.context["results"]]


def test_search_finds_words_in_title_and_body(client):
    ArticleFactory(title="Collective security exercise in Tajikistan")
    ArticleFactory(title="Unrelated", body="<p>The staff discussed electronic warfare issues.</p>")
    ArticleFactory(title="Nothing here", body="<p>Other topics.</p>")
    assert result_titles(client.get(reverse("search"), {"q": "Tajikistan"})) == [
        "Collective security exercise in Tajikistan"
    ]
    assert result_titles(client.get(reverse("search"), {"q": "warfare"})) == ["Unrelated"]


def test_title_match_ranks_before_body_match(client):
    ArticleFactory(title="Weekly digest", body="<p>A note on the Permanent Council and more.</p>")
    ArticleFactory(title="Permanent Council meeting held", body="<p>Details.</p>")
    titles = result_titles(client.get(reverse("search"), {"q": "Permanent Council"}))
    assert titles == ["Permanent Council meeting held", "Weekly digest"]


def test_search_respects_the_publication_gate(client):
    ArticleFactory(title="Published summit statement")
    ArticleFactory(title="Draft summit statement", draft=True)
    ArticleFactory(title="Embargoed summit statement", embargoed=True)
    response = client.get(reverse("search"), {"q": "summit"})
    assert result_titles(response) == ["Published summit statement"]
    page = response.content.decode()
    assert "Draft summit" not in page and "Embargoed summit" not in page
    assert response.context["total"] == 1


def test_results_are_labelled_and_highlighted(client):
    article = ArticleFactory(
        title="Meeting in Minsk", body="<p>The delegations arrived in Minsk on Monday.</p>"
    )
    page = client.get(reverse("search"), {"q": "Minsk"}).content.decode()
    assert "<mark>Minsk</mark>" in page
    assert 'class="result__kind">News<' in page
    assert article.get_absolute_url() in page


def test_highlighting_escapes_the_text(client):
    ArticleFactory(title="Statement <b>bold</b> claims", body="<p>x</p>")
    page = client.get(reverse("search"), {"q": "claims"}).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<b>bold</b>" not in page


@pytest.mark.parametrize(
    "query",
    ["", " ", "a" * 5000, "\"unclosed", "-", "OR", "<script>alert(1)</script>", "%00", "''",
     "& | ! :*", "Совет коллективной безопасности", "\x00\x01"],
)  # fmt: skip
def test_odd_queries_give_a_normal_page(client, query):
    ArticleFactory(title="Something")
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_overlong_query_is_shortened_with_a_note(client):
    response = client.get(reverse("search"), {"q": "security " * 100})
    assert response.status_code == 200
    assert len(response.context["query"]) == 200
    assert "shortened" in response.content.decode()


def test_search_paginates(client):
    ArticleFactory.create_batch(25, title="Council session report")
    first = client.get(reverse("search"), {"q": "council"})
    assert len(first.context["results"]) == 10 and first.context["total"] == 25
    third = client.get(reverse("search"), {"q": "council", "page": 3})
    assert len(third.context["results"]) == 5
    assert client.get(reverse("search"), {"q": "council", "page": 4}).status_code == 404
    assert client.get(reverse("search"), {"q": "council", "page": "x"}).status_code == 404
    huge = {"q": "council", "page": "9" * 20}
    assert client.get(reverse("search"), huge).status_code == 404


def test_search_sets_no_cookie_and_uses_get(client):
    ArticleFactory(title="Council")
    response = client.get(reverse("search"), {"q": "council"})
    assert not response.cookies
    forms = [a for t, a in elements(response.content.decode()) if t == "form"]
    assert forms and all(a.get("method") == "get" for a in forms)
    assert client.post(reverse("search"), {"q": "council"}).status_code == 405


@pytest.mark.parametrize("total", [3, 60])
def test_search_query_count_is_fixed(client, django_assert_max_num_queries, total):
    ArticleFactory.create_batch(total, title="Council session report")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("search"), {"q": "council"})
    assert response.status_code == 200


def search_count(client, language, query):
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return len(response.context["results"])


def test_search_never_answers_on_text_hidden_in_the_readers_language(client):
    # Written in English only; its Russian fields hold a draft translation readers can't see
    # (no Russian title: the item does not exist in Russian, its /ru/ page is a 404).
    article = ArticleFactory(
        title_en="Council meeting in Minsk",
        title_ru="",
        body_en="<p>The council met.</p>",
        body_ru="<p>Конфиденциальное согласование продолжается.</p>",
    )
    with translation.override("ru"):
        assert client.get(article.get_absolute_url()).status_code == 404
    assert search_count(client, "en", "согласование") == 0
    assert search_count(client, "ru", "согласование") == 0
    assert search_count(client, "en", "council") == 1


def test_each_language_searches_only_its_own_text(client):
    ArticleFactory(
        title_en="Exercise of the collective forces",
        title_ru="Учение коллективных сил",
        body_en="<p>Peacekeepers trained near Yerevan.</p>",
        body_ru="<p>Миротворцы тренировались под Ереваном.</p>",
    )
    assert search_count(client, "en", "peacekeepers") == 1
    assert search_count(client, "ru", "peacekeepers") == 0
    assert search_count(client, "ru", "Миротворцы") == 1
    assert search_count(client, "en", "Миротворцы") == 0


def test_search_follows_a_change_made_with_update(client):
    article = ArticleFactory(title="Council meeting", body="<p>Nothing yet.</p>")
    type(article).objects.filter(pk=article.pk).update(body_en="<p>Ratification agreed.</p>")
    assert search_count(client, "en", "ratification") == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's; CI runs on it"
)
def test_every_search_vector_has_its_gin_index():
    from core import content
    from core.search import vector_fields

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes")
        indexes = cursor.fetchall()
    for entry in content.content_entries():
        table = entry.model._meta.db_table
        for column in vector_fields(entry.model):
            assert any(
                name == table and "USING gin" in sql and f"({column})" in sql
                for name, sql in indexes
            ), f"{table}.{column} has no GIN index"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_a_very_common_word_ranks_the_newest_matches_and_says_so(client, monkeypatch):
    from core import search

    monkeypatch.setattr(search, "CANDIDATES", 3)
    old = ArticleFactory(title="Council of long ago", published_at=timezone.now() - DAY * 900)
    for n in range(4):
        ArticleFactory(title=f"Council meeting {n}", published_at=timezone.now() - DAY * n)
    response = client.get(reverse("search"), {"q": "council"})
    titles = result_titles(response)
    assert len(titles) == 3 and old.title not in titles
    assert "Add a word to narrow the search." in response.text
