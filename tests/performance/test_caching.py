"""The two caching layers' rules (core/cache.py): what shared caches may keep, for whom and
how long, and how fresh the few remembered values are."""

import datetime
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(section=SectionFactory(slug="statements"), title="Summit in Minsk")


def news_list():
    return reverse("news:article_list")


def s_maxage(response):
    match = re.search(r"s-maxage=(\d+)", response.get("Cache-Control", ""))
    return int(match.group(1)) if match else None


def test_an_anonymous_readers_page_is_public_briefly_and_browsers_revalidate(
    client, article, settings
):
    response = client.get(news_list())
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=0" in cache_control
    assert s_maxage(response) == settings.CSTO_SHARED_CACHE_SECONDS == 10
    assert response.has_header("ETag")


def test_anonymous_public_pages_set_no_cookie_and_do_not_vary_on_cookie(client, article):
    urls = [
        reverse("home"),
        news_list(),
        article.section.get_absolute_url(),
        article.get_absolute_url(),
        reverse("search") + "?q=Minsk",
        reverse("meetings:meeting_list"),
        reverse("meetings:document_list"),
        reverse("sitemap"),
        reverse("news:feed_rss"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"], url
        assert not response.cookies, url
        assert "cookie" not in response.get("Vary", "").lower(), (url, response["Vary"])


def test_repeat_visit_with_the_etag_gets_304(client, article):
    first = client.get(news_list())
    assert client.get(news_list(), headers={"if-none-match": first["ETag"]}).status_code == 304
    changed = client.get(news_list(), headers={"if-none-match": '"something-else"'})
    assert changed.status_code == 200


def test_staff_pages_and_previews_are_private(staff_client, article):
    draft = ArticleFactory(section=article.section, draft=True, title="Draft under review")
    page = staff_client.get(news_list())
    assert "private" in page["Cache-Control"] and s_maxage(page) is None
    preview = staff_client.get(draft.get_absolute_url())
    assert "Draft under review" in preview.text
    assert "private" in preview["Cache-Control"] and "no-store" in preview["Cache-Control"]


@pytest.mark.parametrize(
    "cookie", ["sessionid=abc", "csrftoken=" + "c" * 32, "messages=abc"], ids=str
)
def test_a_visitor_with_a_session_csrf_or_messages_cookie_gets_a_private_page(
    client, article, cookie
):
    name, value = cookie.split("=")
    client.cookies[name] = value
    response = client.get(news_list())
    assert "private" in response["Cache-Control"]
    assert s_maxage(response) is None


def test_authorization_makes_a_page_private(client, article):
    response = client.get(news_list(), headers={"authorization": "Basic eDp5"})
    assert "private" in response["Cache-Control"]


def test_admin_and_health_checks_keep_their_own_no_store(client, staff_user):
    for url in (reverse("admin:login"), reverse("healthz")):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "public" not in cache_control


def test_not_found_pages_are_not_offered_to_shared_caches(client):
    response = client.get("/en/news/no-such-section/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


def test_staff_see_their_own_edit_at_once_even_one_made_with_update(staff_client, article):
    assert "Summit in Minsk" in staff_client.get(news_list()).text
    Article.objects.filter(pk=article.pk).update(title_en="Summit in Yerevan")
    assert "Summit in Yerevan" in staff_client.get(news_list()).text
    assert "Summit in Yerevan" in staff_client.get(article.get_absolute_url()).text


def test_saving_a_draft_changes_nothing_readers_get(client, article):
    before = client.get(news_list())
    draft = ArticleFactory(section=article.section, draft=True, title="Work in progress")
    draft.title = "Work in progress, revised"
    draft.save()
    after = client.get(news_list(), headers={"if-none-match": before["ETag"]})
    assert after.status_code == 304


def test_shared_caches_never_keep_a_page_past_the_next_scheduled_publication(client, article):
    ArticleFactory(
        section=article.section,
        title="Embargoed communique",
        published_at=timezone.now() + datetime.timedelta(seconds=4),
    )
    response = client.get(news_list())
    assert "Embargoed communique" not in response.text
    assert 0 < s_maxage(response) <= 4


def test_a_page_due_within_the_second_is_not_kept_at_all(client, article):
    ArticleFactory(
        section=article.section,
        title="Embargoed communique",
        published_at=timezone.now() + datetime.timedelta(milliseconds=600),
    )
    response = client.get(news_list())
    assert "no-cache" in response["Cache-Control"] and s_maxage(response) is None


def test_an_embargoed_item_appears_when_its_time_comes_with_no_change_saved(client, article):
    ArticleFactory(
        section=article.section,
        title="Embargoed communique",
        published_at=timezone.now() + datetime.timedelta(seconds=1.5),
    )
    assert "Embargoed communique" not in client.get(news_list()).text
    time.sleep(1.6)
    # Nothing was saved in between: only the clock moved past the embargo.
    assert "Embargoed communique" in client.get(news_list()).text


def test_remembered_values_follow_an_edit_within_their_lifetime(client, article, settings):
    settings.CSTO_VALUE_CACHE_SECONDS = 1
    assert client.get(article.section.get_absolute_url()).status_code == 200
    # The header's menu of sections is remembered: a rename shows there when it expires.
    article.section.name_en = "Statements and declarations"
    article.section.save()
    assert "Statements and declarations" not in header_menu(client.get(news_list()).text)
    time.sleep(1.1)
    assert "Statements and declarations" in header_menu(client.get(news_list()).text)


def header_menu(page):
    return page.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]


def test_an_old_value_is_computed_again_by_one_request_while_others_get_the_last_one(
    settings,
):
    from django.core.cache import cache

    from core.cache import remember, value_key

    settings.CSTO_VALUE_CACHE_SECONDS = 1
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert remember("a value", compute) == 1
    assert remember("a value", compute) == 1  # fresh: not computed again
    time.sleep(1.1)
    # Another request is computing it right now: this one gets the last value at once.
    cache.add(value_key("a value") + ":computing", 1)
    assert remember("a value", compute) == 1
    cache.delete(value_key("a value") + ":computing")
    # Nobody is: this request computes it.
    assert remember("a value", compute) == 2
