"""The demo a newcomer sees after ``make run``."""

import datetime
import io

import pytest
from django.core.management import call_command

from meetings import demo
from meetings.models import Body, Document, Meeting, MemberState, StepStatus
from news.demo import PERMANENT_COUNCIL_2019_SLUG
from news.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=io.StringIO())


def test_demo_is_idempotent(loaded):
    counts = (Body.objects.count(), Meeting.objects.count(), Document.objects.count())
    assert demo.load() == 0
    assert counts == (Body.objects.count(), Meeting.objects.count(), Document.objects.count())
    assert MemberState.objects.count() == 6


def test_2019_permanent_council_meeting_with_its_three_drafts(loaded, client):
    meeting = Meeting.objects.published().get(date=datetime.date(2019, 7, 16))
    assert meeting.body.name == "Permanent Council"
    assert meeting.chair_name == "Aman Mambetseitov"
    assert meeting.chair_state.code == "KGZ"
    text = client.get(meeting.get_absolute_url()).text
    drafts = Document.objects.published().filter(steps__meeting=meeting).distinct()
    assert drafts.count() == 3
    for draft in drafts:
        assert draft.title in text
        assert draft.current_status == StepStatus.DOMESTIC_APPROVAL
        assert [step.status for step in draft.steps.all()] == [
            StepStatus.DRAFTED,
            StepStatus.UNDER_CONSIDERATION,
            StepStatus.DOMESTIC_APPROVAL,
        ]
    release = Article.objects.get(slug=PERMANENT_COUNCIL_2019_SLUG)
    assert release.meeting == meeting
    assert release.get_absolute_url() in text


def test_every_register_filter_value_shows_something(loaded, client):
    for status in StepStatus.values:
        response = client.get("/en/documents/", {"status": status})
        assert response.context["paginator"].count > 0, status
    for kind in Document.Kind.values:
        assert client.get("/en/documents/", {"kind": kind}).context["paginator"].count > 0, kind
    form = client.get("/en/documents/").context["filter_form"]
    for value, _label in form.fields["body"].choices[1:]:
        assert client.get("/en/documents/", {"body": value}).context["paginator"].count > 0
    # The years run from the newest document's to the oldest's, both of which show it.
    years = [int(value) for value, _label in form.fields["year"].choices[1:]]
    dates = Document.objects.published().exclude(current_status_date=None)
    newest = dates.latest("current_status_date").current_status_date.year
    oldest = dates.earliest("current_status_date").current_status_date.year
    assert years == list(range(newest, oldest - 1, -1))
    for year in (newest, oldest):
        assert client.get("/en/documents/", {"year": year}).context["paginator"].count > 0


def test_demo_has_upcoming_and_postponed_meetings(loaded, client):
    statuses = set(Meeting.objects.published().values_list("meeting_status", flat=True))
    assert {"held", "scheduled", "postponed"} <= statuses
    text = client.get("/en/meetings/").text
    assert "Scheduled" in text and "Postponed" in text


def test_demo_document_file_downloads(loaded, client):
    document = Document.objects.exclude(file="").get()
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
