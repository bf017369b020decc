"""The press office's screens, through real admin requests."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.demo import demo_pdf
from meetings.models import Document, DocumentStep, Meeting, StepStatus
from news.models import Article
from tests.admin_forms import per_language
from tests.factories import ArticleFactory, BodyFactory, DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DOCUMENT_CHANGELIST = reverse("admin:meetings_document_changelist")


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def meeting_form(body, **overrides):
    data = {
        "body": body.pk,
        "title": "Meeting of the Permanent Council",
        "slug": "permanent-council-2019-07-16",
        "meeting_status": "held",
        "date": "2019-07-16",
        "time": "",
        "place": "Moscow",
        "chair_name": "Aman Mambetseitov",
        "chair_title": "Permanent and Plenipotentiary Representative of the Kyrgyz Republic",
        "summary": '<p onclick="x()">Three drafts reviewed.</p>',
        "status": "published",
        "published_at_0": "2019-07-16",
        "published_at_1": "15:00:00",
    }
    data.update(overrides)
    return per_language(data, Meeting)


def test_meeting_admin_records_the_drafts_considered_in_one_screen(staff_client, staff_user):
    body = BodyFactory(name="Permanent Council")
    drafts = DocumentFactory.create_batch(3)
    data = meeting_form(body)
    data.update(management("steps", total=6))
    rows = [(d, StepStatus.UNDER_CONSIDERATION, 0) for d in drafts] + [
        (d, StepStatus.DOMESTIC_APPROVAL, 1) for d in drafts
    ]
    for index, (document, status, order) in enumerate(rows):
        data.update(
            {
                f"steps-{index}-document": document.pk,
                f"steps-{index}-status": status,
                f"steps-{index}-date": "",  # the meeting's date
                f"steps-{index}-order": order,
                f"steps-{index}-note_en": "",
                f"steps-{index}-note_ru": "",
            }
        )
    response = staff_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.created_by == staff_user
    assert meeting.summary == "<p>Three drafts reviewed.</p>"
    assert meeting.steps.count() == 6
    for document in drafts:
        document.refresh_from_db()
        assert document.current_status == StepStatus.DOMESTIC_APPROVAL
        assert document.current_status_date == D(2019, 7, 16)
        assert set(document.steps.values_list("body", flat=True)) == {body.pk}


def test_meeting_inline_step_without_a_date_or_meeting_date_is_refused(staff_client):
    body = BodyFactory()
    data = meeting_form(body, date="")
    data.update(management("steps", total=1))
    data.update({"steps-0-document": DocumentFactory().pk, "steps-0-status": "drafted"})
    response = staff_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert not DocumentStep.objects.exists()


def document_change_data(document, steps, extra_rows=()):
    data = {
        "title": document.title,
        "slug": document.slug,
        "kind": document.kind,
        "body": document.body_id,
        "reference_number": "",
        "summary": document.summary,
        "status": document.status,
        "published_at_0": document.published_at.strftime("%Y-%m-%d"),
        "published_at_1": document.published_at.strftime("%H:%M:%S"),
    }
    rows = list(steps) + list(extra_rows)
    data.update(management("steps", total=len(rows), initial=len(steps)))
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"steps-{index}-{key}"] = value
        data[f"steps-{index}-document"] = document.pk
    return per_language(data, Document, DocumentStep)


def step_row(step, **changes):
    row = {
        "id": step.pk,
        "date": step.date.isoformat(),
        "order": step.order,
        "status": step.status,
        "meeting": step.meeting_id or "",
        "body": step.body_id or "",
        "note": step.note,
    }
    row.update(changes)
    return row


def test_document_inline_edit_add_and_delete_refresh_the_current_status(staff_client):
    document = DocumentFactory()
    drafted = services.record_step(document, status=StepStatus.DRAFTED, date=D(2020, 1, 1))
    signed = services.record_step(document, status=StepStatus.SIGNED, date=D(2020, 6, 1))
    url = reverse("admin:meetings_document_change", args=[document.pk])

    data = document_change_data(
        document,
        [step_row(drafted), step_row(signed, DELETE="on")],
        extra_rows=[{"date": "2020-03-01", "order": 0, "status": StepStatus.DEFERRED}],
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.current_status, document.current_status_date) == (
        StepStatus.DEFERRED,
        D(2020, 3, 1),
    )
    assert not DocumentStep.objects.filter(pk=signed.pk).exists()

    deferred = document.steps.get(status=StepStatus.DEFERRED)
    data = document_change_data(
        document, [step_row(drafted), step_row(deferred, status=StepStatus.WITHDRAWN)]
    )
    assert staff_client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.current_status == StepStatus.WITHDRAWN


def test_document_admin_refuses_a_fake_pdf(staff_client):
    body = BodyFactory()
    data = {
        "title": "Draft statement",
        "slug": "draft-statement",
        "kind": "statement",
        "body": body.pk,
        "summary": "",
        "status": "draft",
        "published_at_0": "2024-01-01",
        "published_at_1": "10:00:00",
        "file": SimpleUploadedFile("statement.pdf", b"<script>alert(1)</script>"),
        **management("steps", total=0),
    }
    data = per_language(data, Document)
    response = staff_client.post(reverse("admin:meetings_document_add"), data)
    assert response.status_code == 200
    assert "not a valid PDF document" in response.text
    assert not Document.objects.exists()

    data["file"] = SimpleUploadedFile("statement.pdf", demo_pdf("Statement"))
    assert staff_client.post(reverse("admin:meetings_document_add"), data).status_code == 302
    assert Document.objects.get().file.name.endswith(".pdf")


def test_bulk_action_shows_the_step_form_for_the_selection(staff_client):
    chosen = DocumentFactory.create_batch(2)
    DocumentFactory(title="Not selected")
    response = staff_client.post(
        DOCUMENT_CHANGELIST,
        {"action": "record_step", ACTION_CHECKBOX_NAME: [d.pk for d in chosen], "index": 0},
    )
    assert response.status_code == 200
    assert "admin/meetings/document/record_step.html" in [t.name for t in response.templates]
    for document in chosen:
        assert document.title in response.text
    assert "Not selected" not in response.text
    assert 'name="apply"' in response.text
    assert not DocumentStep.objects.exists()


def test_bulk_action_records_a_step_for_two_documents(staff_client):
    meeting = MeetingFactory(date=D(2024, 10, 10))
    chosen = DocumentFactory.create_batch(2)
    for document in chosen:
        services.record_step(document, status=StepStatus.UNDER_CONSIDERATION, date=meeting.date)
    untouched = DocumentFactory()
    response = staff_client.post(
        DOCUMENT_CHANGELIST,
        {
            "action": "record_step",
            ACTION_CHECKBOX_NAME: [d.pk for d in chosen],
            "apply": "yes",
            "status": StepStatus.DOMESTIC_APPROVAL,
            "date": "2024-10-10",
            "meeting": meeting.pk,
            "note": "Sent to the member states.",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Step recorded for 2 documents." in response.text
    for document in chosen:
        document.refresh_from_db()
        assert document.current_status == StepStatus.DOMESTIC_APPROVAL
        latest = list(document.steps.all())[-1]
        assert (latest.meeting, latest.body, latest.note, latest.order) == (
            meeting,
            meeting.body,
            "Sent to the member states.",
            1,
        )
        timeline = staff_client.get(document.get_absolute_url()).text
        assert "Sent for domestic approval</span>" in timeline
    assert not untouched.steps.exists()


def test_bulk_action_with_an_invalid_form_shows_errors_and_records_nothing(staff_client):
    chosen = DocumentFactory.create_batch(2)
    response = staff_client.post(
        DOCUMENT_CHANGELIST,
        {
            "action": "record_step",
            ACTION_CHECKBOX_NAME: [d.pk for d in chosen],
            "apply": "yes",
            "status": "bogus",
            "date": "not a date",
        },
    )
    assert response.status_code == 200
    assert "Please correct the errors below." in response.text
    assert not DocumentStep.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["", "?current_status__exact=adopted", "?kind__exact=decision", "?q=draft",
     "?current_status_date__year=2019"],
)  # fmt: skip
def test_document_changelist_filters_and_search_work(staff_client, query):
    services.record_step(DocumentFactory(), status=StepStatus.ADOPTED, date=D(2019, 7, 16))
    assert staff_client.get(DOCUMENT_CHANGELIST + query).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:meetings_meeting_changelist",
        "admin:meetings_meeting_add",
        "admin:meetings_body_changelist",
        "admin:meetings_memberstate_changelist",
        "admin:meetings_document_add",
    ],
)
def test_admin_pages_open(staff_client, url_name):
    MeetingFactory()
    assert staff_client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name", "term", "expected"),
    [
        ("meetings", "documentstep", "document", "warfare", "Decision on electronic warfare"),
        ("meetings", "documentstep", "meeting", "Council", "Meeting of the Council"),
        ("meetings", "meeting", "body", "Perm", "Permanent Council"),
        ("meetings", "meeting", "chair_state", "Kyrg", "Kyrgyzstan"),
        ("news", "article", "meeting", "Council", "Meeting of the Council"),
    ],
)
def test_autocomplete_lookups(staff_client, app_label, model_name, field_name, term, expected):
    from tests.factories import MemberStateFactory

    MemberStateFactory(name="Kyrgyzstan", code="KGZ")
    MeetingFactory(title="Meeting of the Council", body=BodyFactory(name="Permanent Council"))
    DocumentFactory(title="Decision on electronic warfare")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    assert any(expected in result["text"] for result in response.json()["results"])


def test_article_admin_links_a_release_to_a_meeting(staff_client):
    meeting = MeetingFactory()
    article = ArticleFactory()
    url = reverse("admin:news_article_change", args=[article.pk])
    assert 'name="meeting"' in staff_client.get(url).text
    data = {
        "section": article.section_id,
        "kind": article.kind,
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "signature": article.signature,
        "image_alt": "",
        "meeting": meeting.pk,
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
    }
    assert staff_client.post(url, per_language(data, Article)).status_code == 302
    article.refresh_from_db()
    assert article.meeting == meeting
    assert list(meeting.articles.all()) == [article]
