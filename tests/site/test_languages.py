"""Both languages: the same item in each, the rule for untranslated items everywhere,
Russian full-text search with stemming, and fixed query counts with translations on."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import ArticleFactory, DocumentFactory, MeetingFactory, SectionFactory
from tests.html import elements, links
from tests.sitemaps import sitemap_locations

pytestmark = pytest.mark.django_db


def ru(name, *args, **kwargs):
    with translation.override("ru"):
        return reverse(name, args=args, kwargs=kwargs)


def en(name, *args, **kwargs):
    with translation.override("en"):
        return reverse(name, args=args, kwargs=kwargs)


@pytest.fixture
def section():
    return SectionFactory(slug="statements", name_en="Statements", name_ru="Заявления")


@pytest.fixture
def bilingual(section):
    return ArticleFactory(
        section=section,
        title_en="Statement on the Middle East",
        title_ru="Заявление по Ближнему Востоку",
        body_en="<p>The Council calls for peace.</p>",
        body_ru="<p>Совет призывает к миру.</p>",
    )


@pytest.fixture
def english_only(section):
    return ArticleFactory(section=section, title_en="Only in English", title_ru="")


def test_root_redirects_by_the_browsers_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru,en;q=0.5")["Location"] == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")["Location"] == "/en/"


def test_the_switcher_leads_to_the_same_item(client, bilingual):
    english = bilingual.get_absolute_url()
    page = client.get(english).content.decode()
    with translation.override("ru"):
        russian = bilingual.get_absolute_url()
    assert russian.startswith("/ru/") and russian.removeprefix("/ru/") == english.removeprefix(
        "/en/"
    )
    assert links(page)["Русский"] == russian
    russian_page = client.get(russian).content.decode()
    assert "Заявление по Ближнему Востоку" in russian_page and "Совет призывает" in russian_page
    assert links(russian_page)["English"] == english


def test_switcher_says_when_the_item_is_not_translated_and_offers_the_section(
    client, english_only, section
):
    with translation.override("en"):
        url = english_only.get_absolute_url()
    page = client.get(url).content.decode()
    assert links(page)["Русский"] == ru("news:section_detail", slug=section.slug)
    assert "not translated" in page


def test_html_lang_and_hreflang_alternates(client, bilingual, english_only):
    page = client.get(bilingual.get_absolute_url()).content.decode()
    html = next(attrs for tag, attrs in elements(page) if tag == "html")
    assert html["lang"] == "en"
    hreflangs = {
        attrs["hreflang"]: attrs["href"]
        for tag, attrs in elements(page)
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs
    }
    assert hreflangs["en"].endswith(bilingual.get_absolute_url())
    assert hreflangs["ru"].startswith("http://testserver/ru/")
    assert "x-default" in hreflangs
    only = client.get(english_only.get_absolute_url()).content.decode()
    only_langs = [a["hreflang"] for t, a in elements(only) if t == "link" and "hreflang" in a]
    assert "ru" not in only_langs
    russian = client.get(ru("news:article_list")).content.decode()
    assert next(a for t, a in elements(russian) if t == "html")["lang"] == "ru"


def test_untranslated_items_are_hidden_in_that_language_everywhere(client, english_only, bilingual):
    title = "Only in English"
    russian_pages = [
        ru("home"),
        ru("news:article_list"),
        ru("news:section_detail", slug="statements"),
        ru("news:feed_rss"),
        ru("news:feed_atom"),
        ru("search") + "?q=English",
    ]
    for url in russian_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert title not in response.content.decode(), url
    with translation.override("ru"):
        assert client.get(english_only.get_absolute_url()).status_code == 404
    assert title in client.get(en("news:article_list")).content.decode()
    cache.clear()
    section_page = client.get(ru("news:section_detail", slug="statements"))
    assert section_page.context["paginator"].count == 1


def test_untranslated_meetings_and_documents_are_hidden_too(client):
    MeetingFactory(title_en="English-only session", title_ru="")
    DocumentFactory(title_en="English-only protocol", title_ru="")
    DocumentFactory(title_en="Bilingual protocol", title_ru="Двуязычный протокол")
    for url in (ru("meetings:meeting_list"), ru("meetings:document_list")):
        page = client.get(url).content.decode()
        assert "English-only" not in page
    assert "Двуязычный протокол" in client.get(ru("meetings:document_list")).content.decode()


def test_sitemap_lists_each_item_in_the_languages_it_exists_in(client, bilingual, english_only):
    locations = set(sitemap_locations(client))
    base = "http://testserver"
    assert base + bilingual.get_absolute_url() in locations
    with translation.override("ru"):
        assert base + bilingual.get_absolute_url() in locations
        assert base + english_only.get_absolute_url() not in locations
    assert base + english_only.get_absolute_url() in locations


def test_russian_search_finds_another_grammatical_form(client, section):
    ArticleFactory(
        section=section,
        title_en="Permanent Council meeting",
        title_ru="Заседание Постоянного совета",
        body_ru="<p>Документы направлены на внутригосударственное согласование.</p>",
    )
    ArticleFactory(section=section, title_en="Unrelated", title_ru="Другая новость")
    # "согласованию" (dative) must find "согласование" (nominative).
    response = client.get(ru("search"), {"q": "согласованию"})
    titles = [str(r["object"]) for r in response.context["results"]]
    assert titles == ["Заседание Постоянного совета"]


def test_russian_search_uses_the_russian_configuration_on_postgresql(client, section):
    if connection.vendor != "postgresql":
        pytest.skip("text-search configurations exist on PostgreSQL only (CI runs on it)")
    ArticleFactory(section=section, title_en="Council", title_ru="Советы министров")
    # Russian stemming: the genitive "советов" meets the nominative plural "советы".
    response = client.get(ru("search"), {"q": "советов"})
    assert [str(r["object"]) for r in response.context["results"]] == ["Советы министров"]


def test_query_counts_are_the_same_in_both_languages(client, bilingual):
    ArticleFactory.create_batch(30, section=bilingual.section, title_ru="Новость")

    def count(url):
        cache.clear()  # each language's first, uncached visit
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    for name in ("home", "news:article_list"):
        assert count(en(name)) == count(ru(name)) <= 6
    with translation.override("en"):
        english = bilingual.get_absolute_url()
    with translation.override("ru"):
        russian = bilingual.get_absolute_url()
    # The article page also looks up the people it quotes (issue 17): 7, the site's budget.
    assert count(english) == count(russian) <= 7


def test_admin_list_shows_missing_translations(staff_client, english_only, bilingual):
    page = staff_client.get(reverse("admin:news_article_changelist")).content.decode()
    assert "RU ✗" in page and "RU ✓" in page
    missing = staff_client.get(reverse("admin:news_article_changelist"), {"missing": "ru"})
    assert "Only in English" in missing.content.decode()
    assert "Statement on the Middle East" not in missing.content.decode()


def test_admin_form_has_both_languages_of_each_field(staff_client):
    page = staff_client.get(reverse("admin:news_article_add")).content.decode()
    for name in ("title_en", "title_ru", "body_en", "body_ru", "lead_en", "lead_ru"):
        assert f'name="{name}"' in page
    assert page.count('data-type="ckeditortype"') == 2


def test_russian_title_gives_a_transliterated_slug(section):
    article = ArticleFactory(
        section=section, slug="", title_en="", title_ru="Заседание Постоянного совета ОДКБ"
    )
    assert article.slug == "zasedanie-postoyannogo-soveta-odkb"
    again = ArticleFactory(
        section=section, slug="", title_en="", title_ru="Заседание Постоянного совета ОДКБ"
    )
    assert again.slug == "zasedanie-postoyannogo-soveta-odkb-2"
