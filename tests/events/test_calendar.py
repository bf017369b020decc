"""The events calendar: pages without JavaScript, bad months, and iCalendar files read back
with the ``icalendar`` parser."""

import datetime
import re
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories import BodyFactory, EventFactory, EventKindFactory, MeetingFactory

pytestmark = pytest.mark.django_db

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def soon(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def calendar_site():
    council = BodyFactory(slug="permanent-council", name="Permanent Council")
    ministers = BodyFactory(slug="cfm", name="Council of Foreign Ministers")
    visit = EventKindFactory(slug="visit", name="Visit")
    press = EventKindFactory(slug="press-conference", name="Press conference")
    meeting = MeetingFactory(
        body=council,
        title="Session of the Permanent Council",
        slug="pc-session",
        date=soon(5),
        time=datetime.time(11, 0),
        meeting_status="scheduled",
    )
    other_meeting = MeetingFactory(
        body=ministers, title="Ministers meet", slug="cfm-session", date=soon(6)
    )
    event = EventFactory(
        kind=visit,
        title="Visit of the Secretary General to Minsk",
        slug="visit-minsk",
        date=soon(2),
        time=datetime.time(10, 30),
        end_time=datetime.time(12, 0),
        place="Minsk",
    )
    briefing = EventFactory(
        kind=press, title="Briefing after the session", slug="briefing", date=soon(5),
        meeting=meeting, body=council,
    )  # fmt: skip
    draft = EventFactory(kind=visit, title="Secret draft visit", slug="draft-visit", draft=True)
    draft_meeting = MeetingFactory(body=council, title="Draft meeting", date=soon(4), draft=True)
    return locals()


def month_url(day, **query):
    url = reverse("events:event_month", args=[day.year, day.month])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def read(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(entry["summary"]): entry for entry in calendar.walk("VEVENT")}


# --- pages ------------------------------------------------------------------------------------


def test_list_shows_coming_events_and_meetings_but_no_drafts(client, calendar_site):
    page = client.get(reverse("events:event_list")).content.decode()
    for title in ("Visit of the Secretary General to Minsk", "Session of the Permanent Council",
                  "Briefing after the session", "Ministers meet"):  # fmt: skip
        assert title in page
    assert "Secret draft visit" not in page and "Draft meeting" not in page
    assert page.index("Visit of the Secretary General") < page.index("Session of the Permanent")


def test_month_view_places_items_on_their_days(client, calendar_site):
    day = soon(5)
    response = client.get(month_url(day))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<table class="month-grid"' in page
    assert f'<time datetime="{day:%Y-%m-%d}">' in page
    assert "Session of the Permanent Council" in page and "Secret draft visit" not in page
    assert 'rel="next"' in page and 'rel="prev"' in page


@pytest.mark.parametrize(
    "path",
    ["/en/events/2025/13/", "/en/events/2025/0/", "/en/events/1800/1/", "/en/events/99999/1/",
     "/en/events/20250/03/", "/en/events/2025/99999999999999999999/"],
)  # fmt: skip
def test_malformed_or_far_months_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_last_month_offered_has_no_next_link(client):
    last = datetime.date(timezone.localdate().year + 5, 12, 1)
    page = client.get(month_url(last)).content.decode()
    assert 'rel="next"' not in page and 'rel="prev"' in page


def test_filters_narrow_and_unknown_values_are_ignored(client, calendar_site):
    url = reverse("events:event_list")
    visits = client.get(url, {"kind": "visit"}).content.decode()
    assert "Visit of the Secretary General" in visits and "Session of the Permanent" not in visits
    meetings = client.get(url, {"kind": "meetings"}).content.decode()
    assert "Session of the Permanent" in meetings and "Visit of the Secretary" not in meetings
    council = client.get(url, {"body": "permanent-council"}).content.decode()
    assert "Briefing after the session" in council and "Ministers meet" not in council
    unknown = client.get(url, {"kind": "nonsense", "body": "<script>"})
    assert unknown.status_code == 200
    assert "Ministers meet" in unknown.content.decode()


def test_event_page_links_its_meeting_and_its_calendar_file(client, calendar_site):
    briefing = calendar_site["briefing"]
    page = client.get(briefing.get_absolute_url()).content.decode()
    assert calendar_site["meeting"].get_absolute_url() in page
    assert briefing.get_ics_url() in page


def test_draft_event_page_and_file_are_not_found(client, calendar_site):
    draft = calendar_site["draft"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_ics_url()).status_code == 404


def test_meeting_page_offers_add_to_calendar(client, calendar_site):
    page = client.get(calendar_site["meeting"].get_absolute_url()).content.decode()
    assert reverse("events:meeting_ics", args=["pc-session"]) in page


def test_home_page_has_a_forward_look(client, calendar_site):
    page = client.get(reverse("home")).content.decode()
    assert 'id="forward-look-title"' in page
    assert "Visit of the Secretary General to Minsk" in page
    assert "Secret draft visit" not in page


def test_cancelled_event_is_marked_on_the_page(client, calendar_site):
    event = calendar_site["event"]
    event.event_status = Event.EventStatus.CANCELLED
    event.save()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "This event will not take place." in page


# --- iCalendar ------------------------------------------------------------------------------


def test_feed_is_read_by_icalendar_and_holds_the_upcoming_meeting(client, calendar_site):
    calendar = read(client.get(reverse("events:calendar_ics")))
    entries = vevents(calendar)
    meeting = entries["Session of the Permanent Council"]
    assert meeting["dtstart"].dt == datetime.datetime.combine(
        soon(5), datetime.time(11, 0), tzinfo=MOSCOW
    )
    assert meeting["dtstart"].params["TZID"] == "Europe/Moscow"
    assert str(meeting["uid"]) == f"meeting-{calendar_site['meeting'].pk}@odkb-csto.org"
    assert str(meeting["url"]).endswith(calendar_site["meeting"].get_absolute_url())
    assert "Secret draft visit" not in entries and "Draft meeting" not in entries
    zones = [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/Moscow"]
    assert calendar["version"] == "2.0" and "prodid" in calendar


def test_all_day_event_is_a_date_and_ends_the_next_day(client, calendar_site):
    entries = vevents(read(client.get(reverse("events:calendar_ics"))))
    briefing = entries["Briefing after the session"]
    assert briefing["dtstart"].dt == soon(5)
    assert briefing["dtend"].dt == soon(6)


def test_timed_event_ends_at_its_end_time_in_moscow(client, calendar_site):
    entries = vevents(read(client.get(calendar_site["event"].get_ics_url())))
    visit = entries["Visit of the Secretary General to Minsk"]
    assert visit["dtend"].dt == datetime.datetime.combine(soon(2), datetime.time(12), tzinfo=MOSCOW)


def test_per_body_and_per_kind_feeds(client, calendar_site):
    council = vevents(read(client.get(reverse("events:body_ics", args=["permanent-council"]))))
    assert set(council) == {"Session of the Permanent Council", "Briefing after the session"}
    visits = vevents(read(client.get(reverse("events:kind_ics", args=["visit"]))))
    assert set(visits) == {"Visit of the Secretary General to Minsk"}
    meetings = vevents(read(client.get(reverse("events:kind_ics", args=["meetings"]))))
    assert set(meetings) == {"Session of the Permanent Council", "Ministers meet"}


@pytest.mark.parametrize(
    "url",
    ["/en/events/calendar/body/nobody.ics", "/en/events/calendar/kind/nothing.ics",
     "/en/events/nothing.ics", "/en/events/meeting/nothing.ics", "/en/events/nothing/"],
)  # fmt: skip
def test_unknown_calendars_are_not_found(client, calendar_site, url):
    assert client.get(url).status_code == 404


def test_add_to_calendar_file_is_an_attachment(client, calendar_site):
    response = client.get(reverse("events:meeting_ics", args=["pc-session"]))
    assert response["Content-Disposition"] == 'attachment; filename="pc-session.ics"'
    assert list(vevents(read(response))) == ["Session of the Permanent Council"]


def test_uid_stays_and_sequence_grows_when_an_event_changes(client, calendar_site):
    event = calendar_site["event"]
    url = reverse("events:calendar_ics")
    before = vevents(read(client.get(url)))["Visit of the Secretary General to Minsk"]
    event.title = "Visit of the Secretary General to Minsk and Brest"
    event.date = soon(3)
    event.save()
    after = vevents(read(client.get(url)))["Visit of the Secretary General to Minsk and Brest"]
    assert after["uid"] == before["uid"]
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert after["dtstart"].dt.date() == soon(3)


def test_cancellation_is_published_as_such(client, calendar_site):
    event, meeting = calendar_site["event"], calendar_site["meeting"]
    event.event_status = Event.EventStatus.CANCELLED
    event.save()
    meeting.meeting_status = "cancelled"
    meeting.save()
    entries = vevents(read(client.get(reverse("events:calendar_ics"))))
    assert entries["Visit of the Secretary General to Minsk"]["status"] == "CANCELLED"
    assert entries["Session of the Permanent Council"]["status"] == "CANCELLED"
    assert entries["Ministers meet"]["status"] == "CONFIRMED"


def test_feed_in_russian_reads_the_russian_titles(client, calendar_site):
    event = calendar_site["event"]
    event.title_ru = "Визит Генерального секретаря в Минск"
    event.save()
    entries = vevents(read(client.get("/ru/events/calendar.ics")))
    assert "Визит Генерального секретаря в Минск" in entries
    assert "Ministers meet" not in entries  # not written in Russian


# --- the upcoming list, page by page ----------------------------------------------------------


@pytest.fixture
def busy_calendar():
    """41 items coming up: 40 events (one a day) and a meeting among them on day 20."""
    visit = EventKindFactory(slug="visit", name="Visit")
    council = BodyFactory(slug="permanent-council", name="Permanent Council")
    events = [
        EventFactory(kind=visit, title=f"Day {day:02d} event", slug=f"day-{day}", date=soon(day))
        for day in range(1, 41)
    ]
    meeting = MeetingFactory(body=council, title="Council session", date=soon(20))
    EventFactory(kind=visit, title="Draft on day 2", date=soon(2), draft=True)
    return {"events": events, "meeting": meeting, "visit": visit}


def test_the_41st_coming_item_is_on_the_second_page(client, busy_calendar):
    url = reverse("events:event_list")
    first = client.get(url).content.decode()
    assert "Day 01 event" in first and "Council session" in first and "Day 39 event" in first
    assert "Day 40 event" not in first and "Draft on day 2" not in first
    assert 'href="?page=2"' in first and 'rel="next"' in first
    second = client.get(url, {"page": 2})
    assert second.status_code == 200
    page = second.content.decode()
    assert "Day 40 event" in page and busy_calendar["events"][-1].get_absolute_url() in page
    assert "Day 01 event" not in page and "Council session" not in page
    assert 'rel="prev"' in page and 'rel="next"' not in page
    assert re.search(r"<title>Events calendar · page 2\b", page)
    assert "Day 40 event" in client.get(url, {"page": "last"}).content.decode()


def test_the_pages_keep_the_filters(client, busy_calendar):
    EventFactory(kind=EventKindFactory(slug="exercise"), title="Exercise on day 3", date=soon(3))
    EventFactory(kind=busy_calendar["visit"], title="Visit on day 45", date=soon(45))
    url = reverse("events:event_list")
    visits = client.get(url, {"kind": "visit"}).content.decode()
    assert "Exercise on day 3" not in visits and "Council session" not in visits
    assert 'href="?kind=visit&amp;page=2"' in visits
    second = client.get(url, {"kind": "visit", "page": 2}).content.decode()
    assert "Visit on day 45" in second and "Day 40 event" not in second


@pytest.mark.parametrize("page", ["0", "-1", "3", "abc", "1.5", "99999999999999999999", ""])
def test_a_page_that_is_not_one_is_not_found(client, busy_calendar, page):
    response = client.get(reverse("events:event_list"), {"page": page})
    assert response.status_code == (200 if page == "" else 404)


def test_every_page_of_the_list_costs_the_same_queries(client, busy_calendar):
    """However many items and whichever page: a page with events and meetings costs what the
    first one does; one with events only, no more."""
    url = reverse("events:event_list")

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"page": page}).status_code == 200
        return len(captured)

    both, events_only = queries(1), queries(2)
    assert events_only <= both
    for day in range(41, 121):  # two more pages, each with a meeting, and a bit of a fourth
        EventFactory(kind=busy_calendar["visit"], title=f"Day {day} event", date=soon(day))
    for day in (60, 100):
        MeetingFactory(body=busy_calendar["meeting"].body, date=soon(day))
    assert [queries(1), queries(2), queries(3), queries(4)] == [both, both, both, events_only]
