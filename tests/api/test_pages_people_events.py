"""The API's information pages, people and events (issue 17), and every type's correction
notes: the gate in each language, their fields, the events' filters (README "Open JSON API")."""

import datetime

import pytest

from core.models import Correction
from tests.factories import (
    ArticleFactory,
    BodyFactory,
    DocumentFactory,
    EventFactory,
    EventKindFactory,
    MeetingFactory,
    PageFactory,
    PersonFactory,
    SectionFactory,
)

from .test_api import API, items, titles

pytestmark = pytest.mark.django_db

TOMORROW = datetime.timedelta(days=1)


@pytest.fixture
def content():
    """For each type: one in both languages, one in English only, a draft, an embargoed one."""
    visit = EventKindFactory(slug="visit", name="Visit", name_ru="Визит")
    exercise = EventKindFactory(slug="exercise", name="Exercise", name_ru="Учения")
    body = BodyFactory(slug="cfm", name="Council of Foreign Ministers", name_ru="СМИД")
    meeting = MeetingFactory(body=BodyFactory(slug="cmd"), title="Defence ministers")
    later = datetime.datetime.now(tz=datetime.UTC) + TOMORROW
    about = PageFactory(title="About", title_ru="Об ОДКБ", body_en="<p>About us</p>")
    return {
        "about": about,
        "page_child": PageFactory(title="History", title_ru="", parent=about, position=2),
        "page_draft": PageFactory(title="Draft page", draft=True),
        "page_embargoed": PageFactory(title="Embargoed page", published_at=later),
        "person": PersonFactory(title="A. Secretary", title_ru="А. Секретарь"),
        "person_english": PersonFactory(title="B. Deputy", title_ru=""),
        "person_draft": PersonFactory(title="Draft person", draft=True),
        "person_embargoed": PersonFactory(title="Embargoed person", published_at=later),
        "visit": EventFactory(
            kind=visit,
            body=body,
            title="Visit to Minsk",
            title_ru="Визит в Минск",
            date=datetime.date(2026, 5, 14),
            time=datetime.time(10, 0),
            end_time=datetime.time(12, 30),
            description_en="<p>Talks.</p>",
        ),
        "exercise": EventFactory(
            kind=exercise,
            meeting=meeting,
            title="Exercise Interaction",
            title_ru="",
            date=datetime.date(2026, 9, 1),
            end_date=datetime.date(2026, 9, 5),
            event_status="postponed",
        ),
        "event_draft": EventFactory(kind=visit, title="Draft event", draft=True),
        "event_embargoed": EventFactory(kind=visit, title="Embargoed event", published_at=later),
    }


# --- the gate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, english, russian",
    [
        ("pages", {"About", "History"}, {"Об ОДКБ"}),
        ("people", {"A. Secretary", "B. Deputy"}, {"А. Секретарь"}),
        ("events", {"Visit to Minsk", "Exercise Interaction"}, {"Визит в Минск"}),
    ],
)
def test_lists_show_published_items_in_the_asked_language_only(
    client, content, name, english, russian
):
    assert titles(client.get(f"{API}/{name}/?lang=en")) == english
    assert titles(client.get(f"{API}/{name}/?lang=ru")) == russian


@pytest.mark.parametrize(
    "name, item, lang",
    [
        ("pages", "page_draft", "en"),
        ("pages", "page_embargoed", "en"),
        ("pages", "page_child", "ru"),
        ("people", "person_draft", "en"),
        ("people", "person_embargoed", "en"),
        ("people", "person_english", "ru"),
        ("events", "event_draft", "en"),
        ("events", "event_embargoed", "en"),
        ("events", "exercise", "ru"),
    ],
)
def test_an_unpublished_or_untranslated_item_is_a_json_404(client, content, name, item, lang):
    response = client.get(f"{API}/{name}/{content[item].pk}/?lang={lang}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json" and response.json()["detail"]


def test_staff_get_no_drafts_either(staff_client, content):
    response = staff_client.get(f"{API}/events/{content['event_draft'].pk}/?lang=en")
    assert response.status_code == 404
    assert "Draft person" not in titles(staff_client.get(f"{API}/people/?lang=en"))


# --- what each shows --------------------------------------------------------------------------


def test_a_page_with_its_sanitized_body_and_its_public_parent(client, content):
    from pages.models import Page

    about, child = content["about"], content["page_child"]
    Page.objects.filter(pk=about.pk).update(body_en='<p onclick="x()">About us<script>1</script>')
    data = client.get(f"{API}/pages/{about.pk}/?lang=en").json()
    assert data["title"] == "About" and data["parent"] is None
    assert data["body"] == "<p>About us</p>"
    assert data["url"] == f"http://testserver{API}/pages/{about.pk}/?lang=en"
    assert data["page_url"] == f"http://testserver/en/pages/{about.slug}/"
    listed = {item["title"]: item for item in items(client.get(f"{API}/pages/?lang=en"))}
    assert listed["History"]["parent"] == about.pk and listed["History"]["position"] == 2
    assert "body" not in listed["History"]  # the long text is the item's
    # A parent readers cannot see is not named.
    Page.objects.filter(pk=about.pk).update(status="draft")
    assert client.get(f"{API}/pages/{child.pk}/?lang=en").json()["parent"] is None


def test_a_person_with_role_term_biography_and_photo(client, content):
    from people.models import Person

    person = content["person"]
    Person.objects.filter(pk=person.pk).update(
        role_ru="Генеральный секретарь",
        in_office_until=datetime.date(2025, 12, 31),
        photo="people/secretary.jpg",
    )
    data = client.get(f"{API}/people/{person.pk}/?lang=ru").json()
    assert data["title"] == "А. Секретарь" and data["role"] == "Генеральный секретарь"
    assert data["in_office_from"] == "2022-01-01" and data["in_office_until"] == "2025-12-31"
    assert data["photo"] == "http://testserver/media/people/secretary.jpg"
    assert data["biography"] == "<p>Born in 1960.</p>"
    english = client.get(f"{API}/people/{content['person_english'].pk}/?lang=en").json()
    assert english["photo"] is None
    # As the site lists them: those in office first.
    assert [item["title"] for item in items(client.get(f"{API}/people/?lang=en"))] == [
        "B. Deputy",
        "A. Secretary",
    ]


def test_an_event_with_its_times_in_moscow_time_kind_body_and_meeting(client, content):
    visit = client.get(f"{API}/events/{content['visit'].pk}/?lang=ru").json()
    assert visit["start"] == "2026-05-14T10:00:00+03:00"
    assert visit["end"] == "2026-05-14T12:30:00+03:00"
    assert visit["kind"]["name"] == "Визит" and visit["body"]["name"] == "СМИД"
    assert visit["meeting"] is None and visit["event_status"] == "scheduled"
    assert visit["ics_url"] == f"http://testserver/ru/events/{content['visit'].slug}.ics"
    assert client.get(visit["ics_url"]).status_code == 200
    exercise = client.get(f"{API}/events/{content['exercise'].pk}/?lang=en").json()
    assert exercise["start"] == "2026-09-01" and exercise["end"] == "2026-09-05"  # all day
    assert exercise["event_status"] == "postponed"
    assert exercise["event_status_label"] == "Postponed"
    assert exercise["meeting"]["title"] == "Defence ministers"
    assert exercise["body"] is None
    # A meeting readers cannot see is not named.
    from meetings.models import Meeting

    Meeting.objects.filter(pk=content["exercise"].meeting_id).update(status="draft")
    assert client.get(f"{API}/events/{content['exercise'].pk}/?lang=en").json()["meeting"] is None


def test_event_kinds_and_the_root_list_the_new_types(client, content):
    kinds = items(client.get(f"{API}/event-kinds/?lang=ru"))
    assert {kind["name"] for kind in kinds} == {"Визит", "Учения"}
    root = client.get(f"{API}/?lang=en").json()
    assert root["events"] == f"http://testserver{API}/events/?lang=en"
    for name in ("pages", "people", "event_kinds"):
        assert client.get(root[name]).status_code == 200


# --- the events' filters ------------------------------------------------------------------------


def test_events_are_filtered_as_on_the_calendar(client, content):
    def events(query):
        return titles(client.get(f"{API}/events/?lang=en&{query}"))

    assert events("kind=exercise") == {"Exercise Interaction"}
    assert events("body=cfm") == {"Visit to Minsk"}
    # The body of the meeting it belongs to counts, as on the calendar.
    assert events("body=cmd") == {"Exercise Interaction"}
    # Running on a day: the exercise runs from 1 to 5 September.
    assert events("from_date=2026-09-03") == {"Exercise Interaction"}
    assert events("to_date=2026-06-01") == {"Visit to Minsk"}
    assert events("from_date=2026-05-14&to_date=2026-05-14&kind=visit") == {"Visit to Minsk"}
    assert events("from_date=2027-01-01") == set()


@pytest.mark.parametrize(
    "query",
    [
        "events/?kind=poem",
        "events/?body=nobody",
        "events/?from_date=2026-13-01",
        "events/?to_date=tomorrow",
        "events/?from_date=",
        "people/?lang=de",
        "pages/?page=abc",
    ],
)
def test_bad_input_is_a_400_that_says_which_parameter(client, content, query):
    response = client.get(f"{API}/{query}")
    assert response.status_code == 400, response.content
    assert query.split("?")[1].split("=")[0] in response.json()


# --- corrections ----------------------------------------------------------------------------------


def test_every_type_shows_its_corrections_in_the_asked_language_oldest_first(client, content):
    article = ArticleFactory(section=SectionFactory(), title_ru="Статья")
    typed = {
        "articles": article,
        "meetings": MeetingFactory(title_ru="Заседание"),
        "documents": DocumentFactory(title_ru="Документ"),
        "pages": content["about"],
        "people": content["person"],
        "events": content["visit"],
    }
    for item in typed.values():
        Correction.objects.create(
            item=item, date=datetime.date(2026, 3, 2), note_en="the place", note_ru="место"
        )
        Correction.objects.create(item=item, date=datetime.date(2026, 1, 5), note_en="the date")
    for name, item in typed.items():
        english = client.get(f"{API}/{name}/{item.pk}/?lang=en").json()
        assert english["corrections"] == [
            {"date": "2026-01-05", "note": "the date"},
            {"date": "2026-03-02", "note": "the place"},
        ], name
        assert english["updated_at"]
        (listed,) = [
            row for row in items(client.get(f"{API}/{name}/?lang=ru")) if row["id"] == item.pk
        ]
        assert listed["corrections"] == [{"date": "2026-03-02", "note": "место"}], name
    other = client.get(f"{API}/people/{content['person_english'].pk}/?lang=en").json()
    assert other["corrections"] == []
