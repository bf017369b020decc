"""Editors write drafts; only publishers publish, unpublish or touch published items."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from core.publishing import PublicationStatus
from core.roles import EDITOR, PUBLISHER
from news.models import Article
from tests.factories import (
    ArticleFactory,
    DocumentFactory,
    MeetingFactory,
    RoleUserFactory,
    SectionFactory,
)
from tests.news.test_sanitizing import article_form_data

pytestmark = pytest.mark.django_db


def browser_for(role):
    user = RoleUserFactory(role=role, username=role.lower())
    browser = Client()
    browser.force_login(user)
    return browser, user


@pytest.fixture
def editor():
    return browser_for(EDITOR)[0]


@pytest.fixture
def publisher():
    return browser_for(PUBLISHER)[0]


def test_roles_exist_with_their_permissions():
    editor = set(Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True))
    publisher = set(
        Group.objects.get(name=PUBLISHER).permissions.values_list("codename", flat=True)
    )
    assert {"add_article", "change_article", "add_documentstep"} <= editor
    assert not {"publish_article", "publish_meeting", "publish_document"} & editor
    assert {"publish_article", "publish_meeting", "publish_document"} <= publisher
    assert editor <= publisher


def test_editor_creates_a_draft(editor, client):
    section = SectionFactory()
    data = article_form_data(section, status=PublicationStatus.DRAFT)
    assert editor.post(reverse("admin:news_article_add"), data).status_code == 302
    article = Article.objects.get()
    assert article.status == PublicationStatus.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editors_crafted_post_that_publishes_is_refused(editor, client):
    section = SectionFactory()
    data = article_form_data(section, status=PublicationStatus.PUBLISHED)
    editor.post(reverse("admin:news_article_add"), data)
    article = Article.objects.get()
    assert article.status == PublicationStatus.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404
    # …and the same on an edit of the draft.
    data = article_form_data(section, status=PublicationStatus.PUBLISHED, title="Edited")
    editor.post(reverse("admin:news_article_change", args=[article.pk]), data)
    article.refresh_from_db()
    assert article.title == "Edited" and article.status == PublicationStatus.DRAFT


def test_editor_sees_status_read_only(editor):
    page = editor.get(reverse("admin:news_article_add")).content.decode()
    assert 'name="status"' not in page


def test_publish_actions_are_absent_and_refused_for_editors(editor, client):
    draft = ArticleFactory(draft=True)
    changelist = reverse("admin:news_article_changelist")
    page = editor.get(changelist).content.decode()
    assert 'value="publish"' not in page and 'value="delete_selected"' not in page
    editor.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("factory", "change_name", "delete_name"),
    [
        (ArticleFactory, "admin:news_article_change", "admin:news_article_delete"),
        (MeetingFactory, "admin:meetings_meeting_change", "admin:meetings_meeting_delete"),
        (DocumentFactory, "admin:meetings_document_change", "admin:meetings_document_delete"),
    ],
)
def test_editor_cannot_change_or_delete_published_items(editor, factory, change_name, delete_name):
    item = factory(title="Published item")
    response = editor.post(reverse(change_name, args=[item.pk]), {"title": "Defaced"})
    assert response.status_code == 403
    assert editor.post(reverse(delete_name, args=[item.pk]), {"post": "yes"}).status_code == 403
    item.refresh_from_db()
    assert item.title == "Published item"


def test_editor_can_delete_a_draft(editor):
    draft = ArticleFactory(draft=True)
    response = editor.post(reverse("admin:news_article_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=draft.pk).exists()


def test_publisher_publishes_and_unpublishes(publisher, client):
    draft = ArticleFactory(draft=True)
    changelist = reverse("admin:news_article_changelist")
    publisher.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    assert client.get(draft.get_absolute_url()).status_code == 200
    publisher.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_publisher_publishes_through_the_form(publisher, client):
    section = SectionFactory()
    publisher.post(
        reverse("admin:news_article_add"),
        article_form_data(section, status=PublicationStatus.PUBLISHED),
    )
    assert client.get(Article.objects.get().get_absolute_url()).status_code == 200


def test_editor_can_record_a_step_on_a_published_document(editor, client):
    document = DocumentFactory()
    response = editor.post(
        reverse("admin:meetings_document_changelist"),
        {
            "action": "record_step",
            "_selected_action": [document.pk],
            "apply": "1",
            "status": "domestic_approval",
            "date": "2024-07-16",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.current_status == "domestic_approval"


def test_editor_cannot_rewrite_a_published_documents_timeline_in_the_step_admin(editor):
    from meetings import services

    document = DocumentFactory()
    step = services.record_step(document, status="domestic_approval", date="2024-07-16")
    delete = reverse("admin:meetings_documentstep_delete", args=[step.pk])
    assert editor.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:meetings_documentstep_change", args=[step.pk])
    assert editor.post(change, {"status": "withdrawn"}).status_code == 403
    document.refresh_from_db()
    assert document.current_status == "domestic_approval"


def test_editor_cannot_rewrite_published_steps_through_a_draft_meetings_inline(editor):
    from meetings import services
    from meetings.models import Meeting
    from tests.admin_forms import per_language
    from tests.meetings.test_admin import management, meeting_form

    meeting = MeetingFactory(draft=True)
    document = DocumentFactory()
    step = services.record_step(
        document, status="under_consideration", date=meeting.date, meeting=meeting
    )
    data = meeting_form(meeting.body, slug=meeting.slug, status="draft")
    data.update(management("steps", total=1, initial=1))
    data.update(
        per_language(
            {
                "steps-0-id": step.pk,
                "steps-0-meeting": meeting.pk,
                "steps-0-document": document.pk,
                "steps-0-status": "withdrawn",
                "steps-0-date": meeting.date.isoformat(),
                "steps-0-order": 0,
                "steps-0-note": "",
            },
            Meeting,
            type(step),
        )
    )
    response = editor.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert "Only a publisher may change or delete" in response.content.decode()
    step.refresh_from_db()
    assert step.status == "under_consideration"
