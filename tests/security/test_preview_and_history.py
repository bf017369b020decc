"""Staff preview of unpublished pages, and the change history with restore."""

import pytest
from django.test import Client
from django.urls import reverse

from core.publishing import PublicationStatus
from core.roles import EDITOR
from news.models import Article
from tests.factories import (
    ArticleFactory,
    DocumentFactory,
    MeetingFactory,
    PageFactory,
    PersonFactory,
    RoleUserFactory,
    SectionFactory,
    UserFactory,
)
from tests.news.test_sanitizing import article_form_data

pytestmark = pytest.mark.django_db

BANNER = "Preview — not published."


@pytest.mark.parametrize(
    "factory", [ArticleFactory, MeetingFactory, DocumentFactory, PageFactory, PersonFactory]
)
@pytest.mark.parametrize("hidden", ["draft", "embargoed"])
def test_staff_preview_unpublished_pages_with_a_banner(staff_client, client, factory, hidden):
    item = factory(**{hidden: True})
    response = staff_client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert BANNER in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert client.get(item.get_absolute_url()).status_code == 404


def test_published_page_has_no_preview_banner_for_staff(staff_client):
    article = ArticleFactory()
    assert BANNER not in staff_client.get(article.get_absolute_url()).content.decode()


def test_staff_without_change_permission_gets_404():
    article = ArticleFactory(draft=True)
    viewer = Client()
    viewer.force_login(UserFactory(username="intern", is_staff=True))
    assert viewer.get(article.get_absolute_url()).status_code == 404


def test_editor_role_may_preview():
    article = ArticleFactory(draft=True)
    user = RoleUserFactory(role=EDITOR, username="writer")
    browser = Client()
    browser.force_login(user)
    assert BANNER in browser.get(article.get_absolute_url()).content.decode()


def test_every_change_is_kept_with_who_and_when(staff_client, staff_user):
    section = SectionFactory()
    staff_client.post(reverse("admin:news_article_add"), article_form_data(section, title="First"))
    article = Article.objects.get()
    staff_client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(section, title="Second", slug=article.slug),
    )
    titles = list(article.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["First", "Second"]
    assert {h.history_user for h in article.history.all()} == {staff_user}
    page = staff_client.get(reverse("admin:news_article_history", args=[article.pk])).content
    assert page.count(b"press-officer") >= 2


def test_earlier_version_can_be_restored(staff_client):
    section = SectionFactory()
    staff_client.post(reverse("admin:news_article_add"), article_form_data(section, title="Right"))
    article = Article.objects.get()
    staff_client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(section, title="Wrong", slug=article.slug),
    )
    first = article.history.order_by("history_date").first()
    url = reverse("admin:news_article_simple_history", args=[article.pk, first.history_id])
    form_page = staff_client.get(url)
    assert form_page.status_code == 200
    response = staff_client.post(url, article_form_data(section, title="Right", slug=article.slug))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Right"
    assert article.history.count() == 3


def test_editor_cannot_restore_a_published_version_into_a_draft():
    section = SectionFactory()
    article = ArticleFactory(section=section, title="Was public")
    article.status = PublicationStatus.DRAFT
    article.save()
    published_version = article.history.order_by("history_date").first()
    assert published_version.status == PublicationStatus.PUBLISHED
    user = RoleUserFactory(role=EDITOR, username="writer2")
    browser = Client()
    browser.force_login(user)
    url = reverse(
        "admin:news_article_simple_history", args=[article.pk, published_version.history_id]
    )
    data = article_form_data(section, title="Was public", slug=article.slug)
    data.pop("status")
    browser.post(url, data)
    article.refresh_from_db()
    assert article.status == PublicationStatus.DRAFT


def test_step_changes_are_kept_in_history(staff_client):
    from meetings import services

    document = DocumentFactory()
    step = services.record_step(document, status="drafted", date="2024-01-10")
    step.note = "Corrected"
    step.save()
    assert step.history.count() == 2
    page = staff_client.get(reverse("admin:meetings_documentstep_history", args=[step.pk]))
    assert page.status_code == 200
