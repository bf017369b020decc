"""The page cache's rules, on a real database: who gets cached pages, and how fresh they are."""

import datetime
import re
import time

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from csto_press.cache import load_site_state
from csto_press.publishing import PublicationStatus
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


def test_anonymous_repeat_is_served_from_the_cache_without_a_query(
    client, article, django_assert_num_queries
):
    first = client.get(news_list())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(news_list())
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_head_is_answered_from_the_page_a_get_stored(client, article, django_assert_num_queries):
    client.get(news_list())
    with django_assert_num_queries(0):
        assert client.head(news_list())["X-Page-Cache"] == "hit"


def test_public_page_headers_let_shared_caches_keep_it_briefly_and_browsers_revalidate(
    client, article
):
    response = client.get(news_list())
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=0" in cache_control
    assert 0 < s_maxage(response) <= 60
    assert response.has_header("ETag")
    assert response.has_header("Last-Modified")


def test_anonymous_public_pages_set_no_cookie_and_do_not_vary_on_cookie(client, article):
    urls = [
        reverse("home"),
        news_list(),
        article.section.get_absolute_url(),
        article.get_absolute_url(),
        reverse("search") + "?q=Minsk",
        reverse("meetings:meeting_list"),
        reverse("meetings:document_list"),
    ]
    for url in urls:
        for attempt in ("miss", "hit"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["X-Page-Cache"] == attempt, url
            assert not response.cookies, url
            assert "cookie" not in response.get("Vary", "").lower(), (url, response["Vary"])


def test_repeat_visit_with_the_etag_or_the_date_gets_304(client, article):
    first = client.get(news_list())
    by_etag = client.get(news_list(), headers={"if-none-match": first["ETag"]})
    assert by_etag.status_code == 304
    by_date = client.get(news_list(), headers={"if-modified-since": first["Last-Modified"]})
    assert by_date.status_code == 304
    changed = client.get(news_list(), headers={"if-none-match": '"something-else"'})
    assert changed.status_code == 200


def test_staff_get_their_own_page_not_the_cached_anonymous_one(client, staff_client, article):
    draft = ArticleFactory(section=article.section, draft=True, title="Draft under review")
    client.get(draft.get_absolute_url())  # 404 for readers: nothing stored
    assert client.get(news_list())["X-Page-Cache"] == "miss"
    assert client.get(news_list())["X-Page-Cache"] == "hit"

    staff_page = staff_client.get(news_list())
    assert "X-Page-Cache" not in staff_page
    assert "private" in staff_page["Cache-Control"]
    preview = staff_client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "Draft under review" in preview.text
    assert "private" in preview["Cache-Control"]
    # The staff member's pages were not stored for readers either.
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "cookie", ["sessionid=abc", "csrftoken=" + "c" * 32, "messages=abc"], ids=str
)
def test_a_request_with_a_session_csrf_or_messages_cookie_bypasses_the_cache(
    client, article, cookie, django_assert_max_num_queries
):
    client.get(news_list())
    name, value = cookie.split("=")
    client.cookies[name] = value
    response = client.get(news_list())
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert s_maxage(response) is None


def test_preview_parameter_and_authorization_bypass_the_cache(client, article):
    client.get(news_list())
    assert "X-Page-Cache" not in client.get(news_list() + "?preview=1")
    assert "X-Page-Cache" not in client.get(news_list(), headers={"authorization": "Basic eDp5"})


def test_admin_and_health_checks_are_never_cached(client, staff_user):
    for url in (reverse("admin:login"), reverse("healthz")):
        for _ in range(2):
            assert "X-Page-Cache" not in client.get(url)


def test_an_edit_is_visible_at_once(client, article):
    assert "Summit in Minsk" in client.get(news_list()).text
    article.title = "Summit in Yerevan"
    article.save()
    response = client.get(news_list())
    assert response["X-Page-Cache"] == "miss"
    assert "Summit in Yerevan" in response.text


def test_publish_and_unpublish_through_the_admin_action_are_visible_at_once(
    client, staff_client, article
):
    draft = ArticleFactory(section=article.section, draft=True, title="Statement on Dushanbe")
    assert "Statement on Dushanbe" not in client.get(news_list()).text
    changelist = reverse("admin:news_article_changelist")
    staff_client.post(changelist, {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk]})
    assert Article.objects.get(pk=draft.pk).status == PublicationStatus.PUBLISHED
    assert "Statement on Dushanbe" in client.get(news_list()).text

    staff_client.post(changelist, {"action": "unpublish", ACTION_CHECKBOX_NAME: [draft.pk]})
    assert Article.objects.get(pk=draft.pk).status == PublicationStatus.DRAFT
    assert "Statement on Dushanbe" not in client.get(news_list()).text


def test_an_edit_saved_in_the_admin_is_visible_at_once(client, staff_client, article):
    assert "Summit in Minsk" in client.get(article.get_absolute_url()).text
    published_at = timezone.localtime(article.published_at)
    data = {
        "section": article.section_id,
        "kind": article.kind,
        "slug": article.slug,
        "image_alt": "",
        "status": PublicationStatus.PUBLISHED,
        "published_at_0": published_at.strftime("%Y-%m-%d"),
        "published_at_1": published_at.strftime("%H:%M:%S"),
    }
    for field, english in (("title", "Summit in Astana"), ("lead", "Lead."), ("body", "<p>B</p>")):
        data |= {f"{field}_en": english, f"{field}_ru": ""}
    data |= {"signature_en": "", "signature_ru": ""}
    response = staff_client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert "Summit in Astana" in client.get(article.get_absolute_url()).text


def test_cached_pages_never_outlive_the_next_scheduled_publication(client, article):
    embargoed = ArticleFactory(
        section=article.section,
        title="Embargoed communique",
        published_at=timezone.now() + datetime.timedelta(seconds=40),
    )
    response = client.get(news_list())
    assert "Embargoed communique" not in response.text
    assert s_maxage(response) <= 40
    state = load_site_state()
    assert 0 < state.lifetime(60) <= 40
    assert state.next_publication == pytest.approx(embargoed.published_at.timestamp())


def test_an_embargoed_item_appears_when_its_time_comes_with_no_change_saved(client, article):
    ArticleFactory(
        section=article.section,
        title="Embargoed communique",
        published_at=timezone.now() + datetime.timedelta(seconds=1.5),
    )
    first = client.get(news_list())
    assert "Embargoed communique" not in first.text
    assert client.get(news_list())["X-Page-Cache"] == "hit"
    assert s_maxage(first) <= 2
    time.sleep(1.6)
    # Nothing was saved in between: only the clock moved past the embargo.
    later = client.get(news_list())
    assert later["X-Page-Cache"] == "miss"
    assert "Embargoed communique" in later.text
