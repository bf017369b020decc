"""Rich text from the admin never reaches readers as live markup."""

import pytest
from django.urls import reverse

from core.publishing import PublicationStatus
from core.sanitizer import sanitize_html
from news.models import Article
from tests.factories import SectionFactory
from tests.html import elements, live_markup_problems
from tests.xss_payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db


TRANSLATED = ("title", "lead", "body", "signature", "image_alt")


def article_form_data(section, **overrides):
    """The admin's article form as a browser posts it: translated fields per language.

    ``title=…`` (and lead, body, signature) fill the English field; ``title_ru=…`` the
    Russian one.
    """
    data = {
        "section": section.pk,
        "kind": Article.Kind.NEWS,
        "title_en": "Statement on regional security",
        "title_ru": "",
        "slug": "statement-on-regional-security",
        "lead_en": "Lead text",
        "lead_ru": "",
        "body_en": "<p>Body</p>",
        "body_ru": "",
        "signature_en": "CSTO press secretary",
        "signature_ru": "",
        "image_alt_en": "",
        "image_alt_ru": "",
        "status": PublicationStatus.PUBLISHED,
        "published_at_0": "2024-07-16",
        "published_at_1": "10:00:00",
    }
    for name, value in overrides.items():
        data[f"{name}_en" if name in TRANSLATED else name] = value
    return data


def article_body_html(page):
    return page.split('class="article__body richtext">', 1)[1].split("</div>", 1)[0]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_saved_through_the_admin_is_inert_on_the_public_page(staff_client, payload):
    section = SectionFactory()
    body = f"<p>Before</p>{payload}<p>After</p>"
    response = staff_client.post(
        reverse("admin:news_article_add"), article_form_data(section, body=body)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    page = staff_client.get(article.get_absolute_url()).content.decode()
    assert "Before" in page and "After" in page
    body_html = article_body_html(page)
    assert live_markup_problems(body_html) == []
    assert "<script" not in body_html.lower() and "<!--" not in body_html
    # The whole page runs only the site's own script (JSON-LD is data, never executed).
    scripts = [attrs for tag, attrs in elements(page) if tag == "script"]
    assert all(
        attrs.get("src", "").endswith("site.js") or attrs.get("type") == "application/ld+json"
        for attrs in scripts
    )


def test_editor_formatting_survives_sanitizing():
    html = (
        "<h2>Heading</h2><p><strong>bold</strong> <em>italic</em> "
        '<a href="https://www.un.org/">UN</a></p>'
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
        '<table><thead><tr><th scope="col">A</th></tr></thead>'
        "<tbody><tr><td>1</td></tr></tbody></table>"
        '<p><img src="/media/uploads/photo.jpg" alt="Meeting hall" width="640" height="480"></p>'
    )
    clean = sanitize_html(html)
    for kept in [
        "<h2>Heading</h2>",
        "<strong>bold</strong>",
        "<em>italic</em>",
        'href="https://www.un.org/"',
        "<li>one</li>",
        "<blockquote>",
        '<th scope="col">A</th>',
        '<img src="/media/uploads/photo.jpg" alt="Meeting hall" width="640" height="480">',
    ]:
        assert kept in clean
    assert 'rel="noopener noreferrer"' in clean


def test_body_is_sanitized_when_saved_through_the_orm():
    article = Article.objects.create(
        section=SectionFactory(),
        title="T",
        slug="t",
        body='<p onclick="x()">Hi</p><script>x()</script>',
    )
    article.refresh_from_db()
    assert article.body == "<p>Hi</p>"


@pytest.mark.parametrize(("admin_language", "field_language"), [("en", "ru"), ("ru", "en")])
def test_body_is_sanitized_in_every_language_whatever_the_admins_language(
    staff_client, admin_language, field_language
):
    """The admin shows in the browser's language; the other language's body is cleaned too."""
    from django.utils import translation

    payload = '<p>Text</p><meta http-equiv="refresh" content="0;url=https://evil.example/">'
    payload += "<script>alert(1)</script><p onclick=x()>More</p>"
    data = article_form_data(SectionFactory(), title_ru="Заявление")
    data[f"body_{field_language}"] = payload
    response = staff_client.post(
        reverse("admin:news_article_add"), data, HTTP_ACCEPT_LANGUAGE=admin_language
    )
    assert response.status_code == 302
    article = Article.objects.get()
    stored = getattr(article, f"body_{field_language}")
    assert "<script" not in stored and "<meta" not in stored and "onclick" not in stored
    with translation.override(field_language):
        page = staff_client.get(article.get_absolute_url()).content.decode()
    assert live_markup_problems(article_body_html(page)) == []
    assert "evil.example" not in page


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markup_written_past_save_is_still_inert_on_every_page(client, payload):
    """``QuerySet.update()`` (like ``loaddata`` or raw SQL) skips ``save()`` and its
    sanitizing: the pages sanitize again as they show rich text."""
    from tests.factories import ArticleFactory, MeetingFactory

    meeting = MeetingFactory()
    article = ArticleFactory(meeting=meeting)
    body = f"<p>Before</p>{payload}<p>After</p>"
    Article.objects.filter(pk=article.pk).update(body_en=body)
    type(meeting).objects.filter(pk=meeting.pk).update(summary_en=body)
    assert Article.objects.get(pk=article.pk).body == body  # stored as written
    article_page = client.get(article.get_absolute_url()).content.decode()
    assert live_markup_problems(article_body_html(article_page)) == []
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    summary = meeting_page.split('<div class="richtext">', 1)[1].split("</div>", 1)[0]
    assert live_markup_problems(summary) == []
    assert "Before" in summary and "After" in summary


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("<p>in&nbsp;<strong>Minsk</strong>&nbsp;and</p>", "<p>in <strong>Minsk</strong> and</p>"),
        ("<p>the\u00a0<em>Council</em>\u00a0met</p>", "<p>the <em>Council</em> met</p>"),
        ("<p><strong>&nbsp;Bold&nbsp;</strong></p>", "<p><strong> Bold </strong></p>"),
        # Typed on purpose, away from formatting: kept (a date must not break at the line end).
        ("<p>16&nbsp;июля 2019&nbsp;года</p>", "<p>16&nbsp;июля 2019&nbsp;года</p>"),
    ],
    ids=["before-and-after", "unicode", "inside", "on-purpose"],
)
def test_non_breaking_spaces_around_inline_formatting_become_spaces(typed, stored):
    assert sanitize_html(typed) == stored


def test_the_cleanup_happens_when_the_editor_saves(staff_client):
    body = "<p>Ministers met in&nbsp;<strong>Minsk</strong>&nbsp;today.</p>"
    data = article_form_data(SectionFactory(), body=body)
    assert staff_client.post(reverse("admin:news_article_add"), data).status_code == 302
    assert Article.objects.get().body == "<p>Ministers met in <strong>Minsk</strong> today.</p>"
