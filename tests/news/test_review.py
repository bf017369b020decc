"""The review hand-off, the desk and the preview before saving (the press office's day)."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core.publishing import PublicationStatus, ReviewState
from core.roles import EDITOR, PUBLISHER
from news.models import Article
from tests.factories import ArticleFactory, RoleUserFactory, SectionFactory
from tests.news.test_sanitizing import article_form_data

pytestmark = pytest.mark.django_db


def person(role, username, email):
    user = RoleUserFactory(role=role, username=username, email=email, first_name=username.title())
    browser = Client()
    browser.force_login(user)
    return browser, user


@pytest.fixture
def editor():
    return person(EDITOR, "irina", "irina@press.example")


@pytest.fixture
def publisher():
    return person(PUBLISHER, "pavel", "pavel@press.example")


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def post_form(browser, article, button, **fields):
    data = article_form_data(article.section, slug=article.slug, status=article.status)
    data.update(fields)
    data[button] = "1"
    return browser.post(change_url(article), data)


def test_editor_submits_and_the_publishers_get_an_email(
    editor, publisher, smtp_server, django_capture_on_commit_callbacks
):
    editor_browser, _ = editor
    draft = ArticleFactory(draft=True, section=SectionFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(
            editor_browser, draft, "_submit_for_review", review_note="Ready, photo attached."
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.review == ReviewState.SUBMITTED and draft.status == PublicationStatus.DRAFT
    [mail] = smtp_server.to("pavel@press.example")
    assert "For review" in mail["Subject"] and draft.title in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert "Irina submitted" in text and "Ready, photo attached." in text
    assert f"http://testserver{change_url(draft)}" in text
    # Kept in the item's history, with who and the note.
    record = draft.history.first()
    assert record.history_change_reason == "Submitted for review"
    assert record.history_user.username == "irina"


def test_the_publisher_sends_it_back_and_the_editor_sees_why(
    editor, publisher, smtp_server, django_capture_on_commit_callbacks
):
    editor_browser, _ = editor
    publisher_browser, _ = publisher
    draft = ArticleFactory(draft=True)
    post_form(editor_browser, draft, "_submit_for_review", review_note="Ready.")
    with django_capture_on_commit_callbacks(execute=True):
        post_form(
            publisher_browser, draft, "_send_back", review_note="Add the date of the meeting."
        )
    draft.refresh_from_db()
    assert draft.review == ReviewState.RETURNED
    [mail] = smtp_server.to("irina@press.example")
    assert "Add the date of the meeting." in mail.get_body(("plain",)).get_content()
    page = editor_browser.get(change_url(draft)).content.decode()
    assert "Returned to the editor" in page and "Add the date of the meeting." in page
    assert [h.history_change_reason for h in draft.history.order_by("history_date")][-2:] == [
        "Submitted for review",
        "Returned to the editor",
    ]


def test_the_publisher_publishes_or_schedules(publisher, client):
    publisher_browser, _ = publisher
    now_item = ArticleFactory(draft=True, review=ReviewState.SUBMITTED)
    response = post_form(publisher_browser, now_item, "_publish")
    assert response.status_code == 302
    now_item.refresh_from_db()
    assert now_item.status == PublicationStatus.PUBLISHED and now_item.review == ""
    assert client.get(now_item.get_absolute_url()).status_code == 200

    later = ArticleFactory(draft=True)
    when = timezone.localtime() + datetime.timedelta(days=2)
    response = post_form(
        publisher_browser,
        later,
        "_publish",
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Scheduled" in message for message in messages), messages
    later.refresh_from_db()
    assert later.status == PublicationStatus.PUBLISHED
    assert client.get(later.get_absolute_url()).status_code == 404  # until its time


def test_an_editors_crafted_publish_or_send_back_changes_nothing(editor, client):
    editor_browser, _ = editor
    draft = ArticleFactory(draft=True, review=ReviewState.SUBMITTED)
    for button in ("_publish", "_send_back"):
        post_form(editor_browser, draft, button)
        draft.refresh_from_db()
        assert draft.status == PublicationStatus.DRAFT
        assert draft.review == ReviewState.SUBMITTED
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_each_role_gets_its_own_buttons(editor, publisher):
    draft = ArticleFactory(draft=True, review=ReviewState.SUBMITTED)
    editor_page = editor[0].get(change_url(draft)).content.decode()
    assert 'name="_submit_for_review"' in editor_page and 'name="_publish"' not in editor_page
    publisher_page = publisher[0].get(change_url(draft)).content.decode()
    assert 'name="_publish"' in publisher_page and 'name="_send_back"' in publisher_page


def desk(browser):
    return browser.get(reverse("admin:index")).content.decode()


def pile(page, key):
    match = re.search(rf'<table class="desk__pile" id="desk-{key}">(.*?)</table>', page, re.S)
    return match.group(1) if match else ""


def test_the_desk_shows_each_role_what_waits_for_it(editor, publisher):
    waiting = ArticleFactory(draft=True, title="Waiting release", review=ReviewState.SUBMITTED)
    returned = ArticleFactory(draft=True, title="Returned release", review="returned")
    returned.review_note = "Check the figures."
    returned.save()
    soon = ArticleFactory(
        title="Scheduled release", published_at=timezone.now() + datetime.timedelta(hours=3)
    )
    today = ArticleFactory(title="Today's release", published_at=timezone.now())
    english_only = ArticleFactory(title_en="English only", title_ru="")

    publisher_desk = desk(publisher[0])
    assert publisher_desk.index('id="desk-review"') < publisher_desk.index('id="desk-returned"')
    assert change_url(waiting) in pile(publisher_desk, "review")
    assert "Check the figures." in pile(publisher_desk, "returned")
    when = timezone.localtime(soon.published_at).strftime("%d.%m.%Y %H:%M")
    assert "Scheduled release" in pile(publisher_desk, "scheduled") and when in publisher_desk
    assert change_url(today) in pile(publisher_desk, "today")
    assert "English only" in pile(publisher_desk, "translation")
    assert english_only.title in pile(publisher_desk, "translation")

    editor_desk = desk(editor[0])
    assert editor_desk.index('id="desk-returned"') < editor_desk.index('id="desk-review"')


def test_the_desk_lists_a_photo_without_its_description_in_a_written_language(publisher):
    from django.core.files.base import ContentFile

    from tests.security.test_uploads import image_bytes

    article = ArticleFactory(title_en="Summit", title_ru="Саммит")
    article.image.save("summit.png", ContentFile(image_bytes()), save=False)
    article.image_alt_en = "Heads of state"
    article.save()
    assert "no description in RU" in pile(desk(publisher[0]), "alt")


def test_the_desk_leaves_older_untranslated_items_to_the_list_filter(publisher):
    old = ArticleFactory(
        title_en="Old English only",
        title_ru="",
        published_at=timezone.now() - datetime.timedelta(days=90),
    )
    assert "Old English only" not in desk(publisher[0])
    listed = publisher[0].get(reverse("admin:news_article_changelist") + "?missing=ru")
    assert change_url(old) in listed.content.decode()


def test_the_desk_costs_the_same_queries_however_full_its_piles(
    publisher, django_assert_num_queries
):
    def fill(numbers):
        for number in numbers:
            ArticleFactory(
                draft=True,
                title_en=f"Waiting {number}",
                title_ru=f"Ждёт {number}",
                review=ReviewState.SUBMITTED,
            )
            ArticleFactory(title_en=f"English only {number}", title_ru="")

    fill(range(1))
    with CaptureQueriesContext(connection) as few:
        desk(publisher[0])
    fill(range(1, 11))
    with django_assert_num_queries(len(few.captured_queries)):
        page = desk(publisher[0])
    assert len(re.findall(r">Waiting \d+<", pile(page, "review"))) == 11
    assert len(re.findall(r">English only \d+<", pile(page, "translation"))) == 11


def test_preview_of_a_new_release_before_it_is_ever_saved(editor):
    browser, _ = editor
    section = SectionFactory()
    data = article_form_data(
        section,
        title="Unsaved summit statement",
        body='<p>Body <script>alert("x")</script>text.</p>',
        slug="",
    )
    data["title_ru"] = "Несохранённое заявление"
    start = browser.post(reverse("admin:news_article_preview"), data)
    assert start.status_code == 302
    assert not Article.objects.exists()
    page = browser.get(start["Location"])
    assert page.status_code == 200
    assert page["X-Robots-Tag"].startswith("noindex") and "no-store" in page["Cache-Control"]
    frame = re.search(r'<iframe[^>]* src="([^"]+)"', page.content.decode()).group(1)
    english = browser.get(frame)
    assert english.status_code == 200 and "Unsaved summit statement" in english.text
    assert "Preview — not published." in english.text
    assert "<script>alert" not in english.text  # the same sanitizer as readers get
    with translation.override("ru"):
        russian_page = browser.get(start["Location"] + "?language=ru&width=phone")
    assert "preview-frame--phone" in russian_page.text
    russian = browser.get(frame.replace("/en/", "/ru/"))
    assert "Несохранённое заявление" in russian.text
    assert not Article.objects.exists()


def test_a_reader_cannot_reach_a_preview(editor, client):
    browser, _ = editor
    data = article_form_data(SectionFactory(), title="Unsaved")
    start = browser.post(reverse("admin:news_article_preview"), data)
    assert client.get(start["Location"]).status_code == 302  # to the login page
    assert "login" in client.get(start["Location"])["Location"]


def test_view_on_site_opens_a_new_tab(publisher):
    article = ArticleFactory()
    page = publisher[0].get(change_url(article)).content.decode()
    link = re.search(r'<a href="[^"]*" class="viewsitelink"[^>]*>', page).group(0)
    assert 'target="_blank"' in link and "noopener" in link
