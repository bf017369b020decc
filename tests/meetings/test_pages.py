"""Public pages: what readers see, what they never see, and bad input."""

import datetime

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, StepStatus
from tests.factories import (
    ArticleFactory,
    BodyFactory,
    DocumentFactory,
    DocumentStepFactory,
    MeetingFactory,
    MemberStateFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
MEETING_LIST = reverse("meetings:meeting_list")
REGISTER = reverse("meetings:document_list")


def reviewed_at(meeting, document, status=StepStatus.UNDER_CONSIDERATION):
    return services.record_step(document, status=status, date=meeting.date, meeting=meeting)


# --- URLs and navigation ------------------------------------------------------------------


def test_urls_are_mounted_where_readers_expect_them():
    assert MEETING_LIST == "/en/meetings/"
    assert REGISTER == "/en/documents/"
    assert reverse("meetings:meeting_detail", kwargs={"slug": "x"}) == "/en/meetings/x/"
    assert reverse("meetings:document_detail", kwargs={"slug": "x"}) == "/en/documents/x/"
    assert (
        reverse("meetings:document_download", kwargs={"slug": "x"}) == "/en/documents/x/download/"
    )


def test_header_links_to_meetings_and_documents(client):
    response = client.get(reverse("news:article_list"))
    assert f'href="{MEETING_LIST}"' in response.text
    assert f'href="{REGISTER}"' in response.text


def test_current_page_is_marked_in_the_header(client):
    response = client.get(REGISTER)
    assert f'<a href="{REGISTER}" aria-current="page">' in response.text
    assert f'<a href="{MEETING_LIST}" aria-current="page">' not in response.text


# --- Meeting list ---------------------------------------------------------------------------


def test_meeting_list_shows_published_meetings_newest_first(client):
    older = MeetingFactory(title="Older session", date=D(2019, 7, 16))
    newer = MeetingFactory(title="Newer session", date=D(2021, 3, 18))
    response = client.get(MEETING_LIST)
    assert response.status_code == 200
    assert response.text.index(newer.title) < response.text.index(older.title)
    assert "16.07.2019" in response.text


def test_meeting_list_hides_draft_and_embargoed_meetings(client):
    MeetingFactory(title="Public session")
    MeetingFactory(title="Draft session", draft=True)
    MeetingFactory(title="Embargoed session", embargoed=True)
    response = client.get(MEETING_LIST)
    assert "Public session" in response.text
    assert "Draft session" not in response.text
    assert "Embargoed session" not in response.text
    assert "1 meeting" in response.text


def test_meeting_list_shows_meeting_status_as_text(client):
    MeetingFactory(meeting_status=Meeting.MeetingStatus.POSTPONED)
    response = client.get(MEETING_LIST)
    assert '<span class="status status--waiting">Postponed</span>' in response.text


def test_meeting_list_counts_only_published_documents(client):
    meeting = MeetingFactory()
    reviewed_at(meeting, DocumentFactory())
    reviewed_at(meeting, DocumentFactory(draft=True))
    reviewed_at(meeting, DocumentFactory(embargoed=True))
    response = client.get(MEETING_LIST)
    assert [m.document_count for m in response.context["meetings"]] == [1]


def test_meeting_list_filters_by_body_and_year(client):
    council = BodyFactory(name="Permanent Council", slug="permanent-council")
    ministers = BodyFactory(name="Council of Foreign Ministers", slug="cfm")
    MeetingFactory(body=council, title="Council 2019", date=D(2019, 7, 16))
    MeetingFactory(body=council, title="Council 2021", date=D(2021, 3, 18))
    MeetingFactory(body=ministers, title="Ministers 2021", date=D(2021, 6, 30))

    by_body = client.get(MEETING_LIST, {"body": "permanent-council"}).text
    assert "Council 2019" in by_body and "Council 2021" in by_body
    assert "Ministers 2021" not in by_body

    by_year = client.get(MEETING_LIST, {"year": "2021"}).text
    assert "Council 2021" in by_year and "Ministers 2021" in by_year
    assert "Council 2019" not in by_year

    both = client.get(MEETING_LIST, {"year": "2021", "body": "cfm"}).text
    assert "Ministers 2021" in both and "Council 2021" not in both


def test_meeting_year_choices_come_from_published_meetings_only(client):
    MeetingFactory(date=D(2019, 7, 16))
    MeetingFactory(date=D(2015, 1, 1), draft=True)
    response = client.get(MEETING_LIST)
    assert '<option value="2019">2019</option>' in response.text
    assert 'value="2015"' not in response.text


def test_meeting_body_choices_skip_bodies_without_published_meetings(client):
    MeetingFactory(body=BodyFactory(name="Visible body"))
    MeetingFactory(body=BodyFactory(name="Secret body"), draft=True)
    response = client.get(MEETING_LIST)
    assert "Visible body</option>" in response.text
    assert "Secret body" not in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"year": "1900"},
        {"body": "999"},
        {"body": "no-such-body"},
        {"body": ["a", "b"]},
    ],
)
def test_meeting_list_ignores_bad_filters(client, query):
    MeetingFactory(title="Still listed")
    response = client.get(MEETING_LIST, query)
    assert response.status_code == 200
    assert "Still listed" in response.text
    assert "aria-invalid" not in response.text


@pytest.mark.parametrize("page", ["abc", "0", "99"])
def test_meeting_list_bad_page_is_not_found(client, page):
    MeetingFactory()
    assert client.get(MEETING_LIST, {"page": page}).status_code == 404


def test_meeting_list_paginates_and_keeps_filters(client):
    body = BodyFactory(slug="pc")
    MeetingFactory.create_batch(21, body=body, date=D(2020, 5, 5))
    response = client.get(MEETING_LIST, {"body": "pc"})
    assert len(response.context["meetings"]) == 20
    assert "?body=pc&amp;page=2" in response.text
    assert len(client.get(MEETING_LIST, {"body": "pc", "page": 2}).context["meetings"]) == 1


def test_filter_controls_have_labels(client):
    for url in (MEETING_LIST, REGISTER):
        response = client.get(url)
        for field in response.context["filter_form"]:
            assert f'<label for="{field.id_for_label}">' in response.text


# --- Meeting detail -------------------------------------------------------------------------


def test_meeting_detail_shows_the_record(client):
    state = MemberStateFactory(name="Kyrgyzstan", code="KGZ")
    meeting = MeetingFactory(
        title="Meeting of the Permanent Council",
        body=BodyFactory(name="Permanent Council", abbreviation="PC"),
        date=D(2019, 7, 16),
        place="Moscow",
        chair_state=state,
        chair_name="Aman Mambetseitov",
        chair_title="Permanent and Plenipotentiary Representative of the Kyrgyz Republic",
        summary="<p>Reviewed three drafts.</p><script>alert(1)</script>",
    )
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "16.07.2019" in text
    body, state = meeting.body, meeting.chair_state
    assert f'<a href="{body.get_absolute_url()}">Permanent Council</a> (PC)' in text
    assert "Moscow" in text
    assert (
        "Aman Mambetseitov, Permanent and Plenipotentiary Representative of the Kyrgyz Republic"
        f' (<a href="{state.get_absolute_url()}">Kyrgyzstan</a>)' in text
    )
    assert "<p>Reviewed three drafts.</p>" in text
    assert "alert(1)" not in text
    assert f'href="{MEETING_LIST}"' in text


@pytest.mark.parametrize("trait", ["draft", "embargoed"])
def test_unpublished_meeting_is_not_found(client, trait):
    meeting = MeetingFactory(**{trait: True})
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_meeting_detail_lists_reviewed_documents_with_their_current_status(client):
    meeting = MeetingFactory(date=D(2019, 7, 16))
    document = DocumentFactory(title="Draft statement on the Middle East")
    reviewed_at(meeting, document)
    reviewed_at(meeting, document, StepStatus.DOMESTIC_APPROVAL)
    DocumentFactory(title="Unrelated document")
    response = client.get(meeting.get_absolute_url())
    text = response.text
    assert "Draft statement on the Middle East" in text
    assert document.get_absolute_url() in text
    assert "Under consideration; Sent for domestic approval" in text
    assert '<span class="status">Sent for domestic approval</span>' in text
    assert "since 16.07.2019" in text
    assert "Unrelated document" not in text


def test_meeting_detail_current_status_is_the_latest_even_after_the_meeting(client):
    meeting = MeetingFactory(date=D(2019, 7, 16))
    document = DocumentFactory()
    reviewed_at(meeting, document)
    services.record_step(document, status=StepStatus.ADOPTED, date=D(2019, 11, 27))
    text = client.get(meeting.get_absolute_url()).text
    assert '<span class="status status--done">Adopted</span>' in text
    assert "since 27.11.2019" in text


def test_meeting_detail_hides_unpublished_documents(client):
    meeting = MeetingFactory()
    reviewed_at(meeting, DocumentFactory(title="Draft document kept internal", draft=True))
    reviewed_at(meeting, DocumentFactory(title="Embargoed document", embargoed=True))
    text = client.get(meeting.get_absolute_url()).text
    assert "Draft document kept internal" not in text
    assert "Embargoed document" not in text
    assert "No published documents are recorded for this meeting." in text


def test_meeting_detail_lists_only_published_press_releases(client):
    meeting = MeetingFactory()
    ArticleFactory(meeting=meeting, title="Release about the meeting")
    ArticleFactory(meeting=meeting, title="Draft release", draft=True)
    ArticleFactory(title="Release about something else")
    text = client.get(meeting.get_absolute_url()).text
    assert "Release about the meeting" in text
    assert "Draft release" not in text
    assert "Release about something else" not in text


def test_article_links_to_its_published_meeting(client):
    meeting = MeetingFactory(title="Meeting of the Permanent Council")
    article = ArticleFactory(meeting=meeting)
    text = client.get(article.get_absolute_url()).text
    assert f'href="{meeting.get_absolute_url()}"' in text


def test_article_does_not_link_to_an_unpublished_meeting(client):
    meeting = MeetingFactory(title="Not yet public meeting", draft=True)
    article = ArticleFactory(meeting=meeting)
    text = client.get(article.get_absolute_url()).text
    assert "Not yet public meeting" not in text
    assert meeting.get_absolute_url() not in text


# --- Register ------------------------------------------------------------------------------


def test_register_rows_show_current_status_and_date(client):
    document = DocumentFactory(title="Draft decision on electronic warfare", kind="decision")
    services.record_step(document, status=StepStatus.DOMESTIC_APPROVAL, date=D(2019, 7, 16))
    response = client.get(REGISTER)
    text = response.text
    assert "Draft decision on electronic warfare" in text
    assert "Decision" in text
    assert '<span class="status">Sent for domestic approval</span>' in text
    assert '<time datetime="2019-07-16">16.07.2019</time>' in text


def test_register_hides_unpublished_documents_and_counts_them_out(client):
    DocumentFactory(title="Public document")
    DocumentFactory(title="Unreleased paper", draft=True)
    DocumentFactory(title="Embargoed document", embargoed=True)
    response = client.get(REGISTER)
    assert "Public document" in response.text
    assert "Unreleased paper" not in response.text
    assert "Embargoed document" not in response.text
    assert "1 document" in response.text
    assert response.context["paginator"].count == 1


def test_register_sorts_by_current_status_date_newest_first(client):
    old = DocumentFactory(title="Older status")
    new = DocumentFactory(title="Newer status")
    none = DocumentFactory(title="No steps yet")
    services.record_step(old, status=StepStatus.DRAFTED, date=D(2019, 1, 1))
    services.record_step(new, status=StepStatus.DRAFTED, date=D(2024, 1, 1))
    titles = [d.title for d in client.get(REGISTER).context["documents"]]
    assert titles == [new.title, old.title, none.title]


def test_register_filters(client):
    council = BodyFactory(slug="pc", name="Permanent Council")
    defense = BodyFactory(slug="cmd", name="Council of Ministers of Defense")
    statement = DocumentFactory(
        title="Statement on the Middle East", kind="statement", body=council
    )
    decision = DocumentFactory(title="Decision on a working group", kind="decision", body=defense)
    services.record_step(statement, status=StepStatus.DOMESTIC_APPROVAL, date=D(2019, 7, 16))
    services.record_step(decision, status=StepStatus.ADOPTED, date=D(2021, 6, 30))

    def titles(**query):
        return [d.title for d in client.get(REGISTER, query).context["documents"]]

    assert titles(status="domestic_approval") == [statement.title]
    assert titles(status="adopted") == [decision.title]
    assert titles(status="signed") == []
    assert titles(kind="decision") == [decision.title]
    assert titles(body="pc") == [statement.title]
    assert titles(year="2019") == [statement.title]
    assert titles(q="working GROUP") == [decision.title]
    assert titles(status="adopted", body="pc") == []


def test_register_status_filter_keeps_its_selection(client):
    response = client.get(REGISTER, {"status": "domestic_approval"})
    assert '<option value="domestic_approval" selected>' in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"kind": "x"},
        {"year": "abc"},
        {"body": "999"},
        {"q": "x" * 500},
        {"status": "bogus", "year": "abc", "body": "999", "kind": "x"},
    ],
)
def test_register_ignores_bad_filters(client, query):
    DocumentFactory(title="Still in the register")
    response = client.get(REGISTER, query)
    assert response.status_code == 200
    assert "Still in the register" in response.text


def test_register_bad_page_is_not_found(client):
    assert client.get(REGISTER, {"page": "abc"}).status_code == 404


def test_register_year_choices_come_from_published_documents_only(client):
    services.record_step(DocumentFactory(), status=StepStatus.DRAFTED, date=D(2019, 7, 1))
    services.record_step(DocumentFactory(draft=True), status=StepStatus.DRAFTED, date=D(2012, 1, 1))
    text = client.get(REGISTER).text
    assert '<option value="2019">2019</option>' in text
    assert 'value="2012"' not in text


# --- Document detail -----------------------------------------------------------------------


def test_document_detail_shows_the_timeline_with_meeting_links(client):
    meeting = MeetingFactory(title="Meeting of the Permanent Council", date=D(2019, 7, 16))
    document = DocumentFactory(title="Draft joint statement", kind="joint_statement")
    services.record_step(
        document,
        status=StepStatus.DRAFTED,
        date=D(2019, 7, 1),
        body=BodyFactory(name="Secretariat"),
    )
    reviewed_at(meeting, document)
    reviewed_at(meeting, document, StepStatus.DOMESTIC_APPROVAL)
    response = client.get(document.get_absolute_url())
    text = response.text
    assert response.status_code == 200
    assert "Joint statement" in text
    drafted = text.index("01.07.2019")
    considered = text.index("Under consideration</span>")
    sent = text.index("Sent for domestic approval</span>", considered)
    assert drafted < considered < sent
    assert "Secretariat" in text
    assert text.count(f'href="{meeting.get_absolute_url()}"') == 2
    assert f'href="{REGISTER}"' in text


def test_timeline_does_not_reveal_an_unpublished_meeting(client):
    meeting = MeetingFactory(title="Closed session not yet announced", draft=True)
    document = DocumentFactory()
    reviewed_at(meeting, document)
    text = client.get(document.get_absolute_url()).text
    assert "Under consideration" in text
    assert "Closed session not yet announced" not in text
    assert meeting.get_absolute_url() not in text


@pytest.mark.parametrize("trait", ["draft", "embargoed"])
def test_unpublished_document_is_not_found(client, trait):
    document = DocumentFactory(**{trait: True})
    assert client.get(document.get_absolute_url()).status_code == 404


def test_document_without_steps_says_so(client):
    document = DocumentFactory()
    text = client.get(document.get_absolute_url()).text
    assert "No steps have been recorded for this document yet." in text


def test_document_step_of_another_document_is_not_shown(client):
    document = DocumentFactory()
    DocumentStepFactory(note="A note on another document")
    assert "A note on another document" not in client.get(document.get_absolute_url()).text
