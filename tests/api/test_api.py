"""The open JSON API (api/): the publication gate in each language, absolute addresses,
filters, pagination, ETags, CORS, rate limits and its errors (README "Open JSON API")."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import Correction
from meetings.models import StepStatus
from tests.factories import (
    ArticleFactory,
    BodyFactory,
    DocumentFactory,
    DocumentStepFactory,
    EventFactory,
    EventKindFactory,
    MeetingFactory,
    MemberStateFactory,
    PageFactory,
    PersonFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def items(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def titles(response):
    return {item["title"] for item in items(response)}


@pytest.fixture
def content():
    section = SectionFactory(slug="statements", name="Statements", name_ru="Заявления")
    body = BodyFactory(slug="cfm", name="Council of Foreign Ministers", name_ru="СМИД")
    meeting = MeetingFactory(body=body, title="Public session", title_ru="Открытое заседание")
    draft_meeting = MeetingFactory(body=body, title="Draft session", draft=True)
    document = DocumentFactory(body=body, title="Public declaration", title_ru="Декларация")
    DocumentStepFactory(document=document, status=StepStatus.DRAFTED, meeting=draft_meeting)
    DocumentStepFactory(
        document=document,
        status=StepStatus.AGREED,
        date=datetime.date(2020, 2, 1),
        meeting=meeting,
    )
    return {
        "section": section,
        "body": body,
        "meeting": meeting,
        "draft_meeting": draft_meeting,
        "document": document,
        "both": ArticleFactory(
            section=section, meeting=meeting, title="In both", title_ru="На обоих языках"
        ),
        "english": ArticleFactory(section=section, title="In English only", title_ru=""),
        "russian": ArticleFactory(section=section, title_en="", title_ru="Только по-русски"),
        "draft": ArticleFactory(section=section, title="Draft release", draft=True),
        "embargoed": ArticleFactory(section=section, title="Embargoed release", embargoed=True),
        "reporting_on_draft": ArticleFactory(
            section=section, meeting=draft_meeting, title="On a draft meeting"
        ),
    }


# --- the gate ---------------------------------------------------------------------------------


def test_lists_show_published_items_written_in_the_asked_language(client, content):
    english = titles(client.get(f"{API}/articles/?lang=en"))
    assert english == {"In both", "In English only", "On a draft meeting"}
    russian = titles(client.get(f"{API}/articles/?lang=ru"))
    assert russian == {"На обоих языках", "Только по-русски"}
    assert titles(client.get(f"{API}/meetings/?lang=en")) == {"Public session"}
    assert titles(client.get(f"{API}/documents/?lang=ru")) == {"Декларация"}


def test_a_draft_an_embargoed_or_an_untranslated_item_is_not_found(client, content):
    for name, lang in [("draft", "en"), ("embargoed", "en"), ("english", "ru"), ("russian", "en")]:
        response = client.get(f"{API}/articles/{content[name].pk}/?lang={lang}")
        assert response.status_code == 404, name
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()
    assert client.get(f"{API}/meetings/{content['draft_meeting'].pk}/").status_code == 404


def test_staff_sessions_get_public_data_only_and_nothing_shared(staff_client, content):
    assert "Draft release" not in titles(staff_client.get(f"{API}/articles/?lang=en"))
    response = staff_client.get(f"{API}/articles/{content['draft'].pk}/?lang=en")
    assert response.status_code == 404
    response = staff_client.get(f"{API}/articles/?lang=en")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_an_anonymous_answer_is_public_briefly_with_an_etag(client, content, settings):
    response = client.get(f"{API}/articles/?lang=en")
    assert "public" in response["Cache-Control"]
    assert f"s-maxage={settings.CSTO_SHARED_CACHE_SECONDS}" in response["Cache-Control"]
    assert response.has_header("ETag")


def test_links_to_unpublished_meetings_are_left_out(client, content):
    article = client.get(f"{API}/articles/{content['reporting_on_draft'].pk}/?lang=en").json()
    assert article["meeting"] is None
    article = client.get(f"{API}/articles/{content['both'].pk}/?lang=en").json()
    assert article["meeting"]["id"] == content["meeting"].pk
    (document,) = items(client.get(f"{API}/documents/?lang=en"))
    drafted, agreed = document["steps"]
    assert drafted["status"] == "drafted" and drafted["meeting"] is None
    assert agreed["meeting"]["title"] == "Public session"
    assert "Draft session" not in str(document)


# --- language, ids and addresses --------------------------------------------------------------


def test_an_item_has_a_stable_id_and_absolute_addresses_in_its_language(client, content):
    article = content["both"]
    data = client.get(f"{API}/articles/{article.pk}/?lang=ru").json()
    assert data["id"] == article.pk
    assert data["title"] == "На обоих языках"
    assert data["url"] == f"http://testserver{API}/articles/{article.pk}/?lang=ru"
    assert data["page_url"] == f"http://testserver/ru/news/statements/{article.slug}/"
    assert data["section"]["name"] == "Заявления"
    assert data["languages"] == ["en", "ru"]
    assert data["body"] == "<p>The body of the release.</p>"
    # The item's own url answers with the same item.
    assert client.get(data["url"]).json()["id"] == article.pk
    response = client.get(f"{API}/articles/{article.pk}/?lang=en")
    assert response["Content-Language"] == "en"
    assert response.json()["page_url"].startswith("http://testserver/en/news/")


def test_an_image_and_a_file_have_absolute_addresses(client, content):
    from meetings.models import Document
    from news.models import Article

    Article.objects.filter(pk=content["both"].pk).update(
        image="articles/summit.jpg", image_alt_en="Ministers", image_alt_ru="Министры"
    )
    Document.objects.filter(pk=content["document"].pk).update(file="documents/text.pdf")
    article = client.get(f"{API}/articles/{content['both'].pk}/?lang=en").json()
    assert article["image"] == "http://testserver/media/articles/summit.jpg"
    assert article["image_alt"] == "Ministers"
    document = client.get(f"{API}/documents/{content['document'].pk}/?lang=en").json()
    assert document["file_url"] == (
        f"http://testserver/en/documents/{content['document'].slug}/download/"
    )
    assert client.get(f"{API}/articles/{content['english'].pk}/?lang=en").json()["image"] is None


def test_rich_text_is_sanitized_whatever_wrote_it(client, content):
    from news.models import Article

    Article.objects.filter(pk=content["both"].pk).update(
        body_en='<p onclick="x()">Hi<script>alert(1)</script></p>'
    )
    body = client.get(f"{API}/articles/{content['both'].pk}/?lang=en").json()["body"]
    assert "script" not in body and "onclick" not in body and "Hi" in body


def test_the_default_language_is_the_sites(client, content, settings):
    settings.LANGUAGE_CODE = "ru"
    assert "Только по-русски" in titles(client.get(f"{API}/articles/"))


def test_reference_data_in_both_languages(client, content):
    MemberStateFactory(name="Republic of Belarus", name_ru="Республика Беларусь", code="BLR")
    assert items(client.get(f"{API}/member-states/?lang=ru"))[0]["name"] == "Республика Беларусь"
    assert items(client.get(f"{API}/bodies/?lang=ru"))[0]["name"] == "СМИД"
    section = items(client.get(f"{API}/sections/?lang=en"))[0]
    assert section["page_url"] == "http://testserver/en/news/statements/"
    root = client.get(f"{API}/?lang=en").json()
    assert root["articles"] == f"http://testserver{API}/articles/?lang=en"
    assert root["schema"] == "http://testserver/api/schema/"


# --- filters, pagination and bad input -------------------------------------------------------


def test_filters_match_the_sites(client, content):
    other = SectionFactory(slug="interviews")
    ArticleFactory(section=other, title="An interview", kind="interview")
    assert titles(client.get(f"{API}/articles/?lang=en&section=interviews")) == {"An interview"}
    assert titles(client.get(f"{API}/articles/?lang=en&kind=interview")) == {"An interview"}
    year = content["both"].published_at.year
    assert "In both" in titles(client.get(f"{API}/articles/?lang=en&year={year}"))
    assert titles(client.get(f"{API}/articles/?lang=en&year=1999")) == set()
    assert titles(client.get(f"{API}/meetings/?lang=en&body=cfm&year=2020")) <= {"Public session"}
    documents = f"{API}/documents/?lang=en&status=agreed&kind=statement&body=cfm&q=declar"
    assert titles(client.get(documents)) == {"Public declaration"}
    assert titles(client.get(f"{API}/documents/?lang=en&status=signed")) == set()


def test_documents_and_articles_of_a_public_meeting(client, content):
    meeting, draft = content["meeting"].pk, content["draft_meeting"].pk
    # Two steps of the declaration at the same meeting: listed once.
    DocumentStepFactory(
        document=content["document"], status=StepStatus.ADOPTED, meeting=content["meeting"]
    )
    assert titles(client.get(f"{API}/documents/?lang=en&meeting={meeting}")) == {
        "Public declaration"
    }
    assert titles(client.get(f"{API}/articles/?lang=en&meeting={meeting}")) == {"In both"}
    # An unpublished meeting is refused like one that does not exist: nothing is revealed.
    for query in (f"documents/?meeting={draft}", "documents/?meeting=999999"):
        response = client.get(f"{API}/{query}&lang=en")
        assert response.status_code == 400 and "meeting" in response.json()


@pytest.mark.parametrize(
    "query",
    [
        "articles/?year=abc",
        "articles/?year=99999",
        "articles/?month=13",
        "articles/?section=no-such-section",
        "articles/?kind=poem",
        "meetings/?body=nobody",
        "meetings/?year=20.5",
        "documents/?status=finished",
        f"documents/?q={'x' * 201}",
        "articles/?lang=de",
        "articles/?page=abc",
        "articles/?page_size=0",
        "articles/?page_size=101",
        "articles/?page_size=²",
        "articles/?page=²",
        "?lang=xx",
        "articles/?kind=",
        "documents/?lang=",
    ],
)
def test_bad_input_is_a_400_that_says_which_parameter(client, content, query):
    response = client.get(f"{API}/{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    name = query.split("?")[1].split("=")[0]
    assert name in response.json()


@pytest.mark.parametrize(
    "path", ["articles/?page=999", "articles/abc/", "articles/99999999999999999999/"]
)
def test_a_page_or_item_that_is_not_there_is_a_json_404(client, content, path):
    response = client.get(f"{API}/{path}")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_errors_are_in_the_asked_language(client, content):
    response = client.get(f"{API}/articles/?lang=ru&page=abc")
    assert response.json() == {"page": ["Номер страницы (1, 2, …) или «last»."]}
    response = client.get(f"{API}/articles/?lang=ru&section=nowhere")
    assert "Выберите корректный вариант" in response.json()["section"][0]


def test_pages_link_to_each_other(client, content):
    first = client.get(f"{API}/articles/?lang=en&page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["next"] is None and len(second["results"]) == 1
    assert "lang=en" in first["next"]
    last = client.get(f"{API}/articles/?lang=en&page_size=2&page=last").json()
    assert last["results"] == second["results"]


def test_writes_are_refused(client, content):
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(f"{API}/articles/").status_code == 405
    assert client.options(f"{API}/articles/").status_code == 405
    head = client.head(f"{API}/articles/?lang=en")
    assert head.status_code == 200 and not head.content


# --- ETag, CORS, rate limits -----------------------------------------------------------------


def test_a_repeat_with_the_etag_is_a_304_with_cors(client, content):
    url = f"{API}/articles/?lang=en"
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_ORIGIN="https://partner.example")
    assert response.status_code == 304 and not response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    ArticleFactory(section=content["section"], title="Newer")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_any_site_may_get_the_api_without_credentials(client, content):
    response = client.get(f"{API}/articles/", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        f"{API}/articles/",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    # The site's own pages are not opened to other origins.
    page = client.get("/en/news/", HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in page


def test_too_many_requests_from_one_address_are_a_429(client, content, settings):
    settings.CSTO_API_RATE = "3/min"
    for _ in range(3):
        assert client.get(f"{API}/sections/").status_code == 200
    response = client.get(f"{API}/articles/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0 and response.json()["detail"]
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.get(f"{API}/sections/").status_code == 200
    # A client cannot dodge the limit by naming another address: X-Forwarded-For counts
    # only from a trusted proxy (core.security.client_ip).
    spoofing = client.get(f"{API}/sections/", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert spoofing.status_code == 429


def test_behind_a_trusted_proxy_each_reader_has_a_limit_of_their_own(content, settings):
    settings.CSTO_API_RATE, settings.TRUSTED_PROXIES = "2/min", ["10.0.0.1"]
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(2):
        assert proxy.get(f"{API}/sections/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert proxy.get(f"{API}/sections/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert proxy.get(f"{API}/sections/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


# --- query counts ----------------------------------------------------------------------------


def grow(size):
    """``size`` items of each type, each with its relations and two correction notes."""
    section, body, kind = SectionFactory(), BodyFactory(), EventKindFactory()
    state = MemberStateFactory()
    for _ in range(size):
        meeting = MeetingFactory(body=body, chair_state=state, title_ru="Заседание")
        document = DocumentFactory(body=body, title_ru="Документ")
        DocumentStepFactory(document=document, meeting=meeting, body=body)
        DocumentStepFactory(document=document, status=StepStatus.AGREED, meeting=meeting)
        parent = PageFactory(title_ru="Страница")
        for item in (
            meeting,
            document,
            parent,
            ArticleFactory(section=section, meeting=meeting, title_ru="Статья"),
            PageFactory(parent=parent, title_ru="Подстраница"),
            PersonFactory(title_ru="Сотрудник"),
            EventFactory(kind=kind, body=body, meeting=meeting, title_ru="Событие"),
        ):
            Correction.objects.create(item=item, note_en="the date", note_ru="дата")
            Correction.objects.create(item=item, note_en="the place", note_ru="место")


LISTS = [
    "articles",
    "meetings",
    "documents",
    "pages",
    "people",
    "events",
    "sections",
    "bodies",
    "member-states",
    "event-kinds",
]


def query_counts(client):
    from django.core.cache import cache

    counts = {}
    for name in LISTS:
        for lang in ("en", "ru"):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(f"{API}/{name}/?lang={lang}&page_size=100")
            assert response.status_code == 200
            counts[name, lang] = len(captured.captured_queries)
    return counts


def test_a_page_costs_the_same_queries_whatever_its_length(client):
    grow(1)
    small = query_counts(client)
    grow(25)
    large = query_counts(client)
    assert large == small
    # The total, the page (its correction notes inside it), the next scheduled
    # publication (core.cache); documents add their steps (one query for the whole page).
    assert max(small.values()) == 4 and small["documents", "en"] == 4, small
    # Every item of a full page carries its notes.
    events = client.get(f"{API}/events/?lang=ru&page_size=100").json()["results"]
    assert len(events) == 26 and all(len(event["corrections"]) == 2 for event in events)


def test_documents_are_served_without_their_official_texts_words(client, content):
    """The words read from an official text (up to 200,000 characters) are for site search:
    never read for the API, which does not show them."""
    type(content["document"]).objects.filter(pk=content["document"].pk).update(
        file_text="декларация " * 10_000
    )
    for url in (f"{API}/documents/", f"{API}/documents/{content['document'].pk}/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert not any("file_text" in query["sql"] for query in captured), url
