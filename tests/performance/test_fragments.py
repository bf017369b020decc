"""Cached fragments (csto_press.fragments): list items are rendered once and reused, and a
page that is not served from the page cache still shows every change at once, however it
was made."""

import copy
import datetime
import shutil

import pytest
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse

from csto_press import fragments
from meetings.models import Document
from meetings.services import record_step
from news.models import Article, Section
from tests.factories import (
    ArticleFactory,
    BodyFactory,
    DocumentFactory,
    MeetingFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """A reader carrying a cookie: the page cache neither serves nor stores their pages, so
    every request renders the page (the path whose cost the fragments cut)."""
    client = Client()
    client.cookies["csrftoken"] = "c" * 32
    return client


class RenderedTemplates:
    """The names of the templates rendered while the block runs (the test runner's signal)."""

    def __init__(self):
        self.names = []

    def _record(self, sender, template, context, **kwargs):
        self.names.append(template.name)

    def __enter__(self):
        template_rendered.connect(self._record)
        return self.names

    def __exit__(self, *exc):
        template_rendered.disconnect(self._record)


def text(response):
    return response.content.decode()


def test_a_second_render_reuses_the_cards_and_shows_the_same_page(reader):
    ArticleFactory.create_batch(3, section=SectionFactory(slug="statements"))
    with RenderedTemplates() as first:
        before = reader.get(reverse("news:article_list"))
    assert first.count("news/includes/article_card.html") == 3
    with RenderedTemplates() as second:
        after = reader.get(reverse("news:article_list"))
    assert "news/includes/article_card.html" not in second
    assert "X-Page-Cache" not in after or after["X-Page-Cache"] != "hit"
    assert after.content == before.content


def test_an_edit_that_bypasses_save_still_shows_at_once(reader):
    article = ArticleFactory(title="Statement on Syria", lead="The first lead.")
    assert "Statement on Syria" in text(reader.get(reverse("news:article_list")))
    # No save(), no signal, no new updated_at: the card's key follows what it shows.
    Article.objects.filter(pk=article.pk).update(title_en="Statement on Afghanistan")
    page = text(reader.get(reverse("news:article_list")))
    assert "Statement on Afghanistan" in page
    assert "Statement on Syria" not in page


def test_renaming_a_section_changes_the_cards_that_name_it(reader):
    section = SectionFactory(name="Statements", slug="statements")
    ArticleFactory(section=section, title="Statement on Syria")
    card_link = '· <a href="/en/news/statements/">{}</a>'
    assert card_link.format("Statements") in text(reader.get(reverse("news:article_list")))
    # (The header menu is remembered per site version, which a QuerySet.update() does not
    # change: it follows within CSTO_PAGE_CACHE_SECONDS. The cards follow at once.)
    Section.objects.filter(pk=section.pk).update(name_en="Official statements")
    page = text(reader.get(reverse("news:article_list")))
    assert card_link.format("Official statements") in page
    assert card_link.format("Statements") not in page


def test_each_language_gets_its_own_card(reader):
    ArticleFactory(title_en="Summit in Minsk", title_ru="Саммит в Минске", lead_ru="Кратко.")
    assert "Summit in Minsk" in text(reader.get("/en/news/"))
    russian = text(reader.get("/ru/news/"))
    assert "Саммит в Минске" in russian
    assert "Summit in Minsk" not in russian


def test_the_same_card_differs_where_lists_show_it_differently(reader):
    section = SectionFactory(name="Statements", slug="statements")
    article = ArticleFactory(section=section, title="Statement on Syria")
    reader.get(reverse("news:article_list"))  # cached with the section link
    section_page = text(reader.get(section.get_absolute_url()))
    assert article.get_absolute_url() in section_page
    # On its own section's page a card does not repeat the section name as a link.
    assert (
        f'<a href="{section.get_absolute_url()}">Statements</a>'
        not in section_page.split("<main", 1)[1].split("</main>", 1)[0]
    )


def test_register_rows_follow_a_new_step_and_a_changed_title(reader):
    document = DocumentFactory(title="Draft statement on Afghanistan")
    record_step(document, status="under_consideration", date=datetime.date(2019, 7, 16))
    page = text(reader.get(reverse("meetings:document_list")))
    assert "Draft statement on Afghanistan" in page
    assert "16.07.2019" in page
    record_step(document, status="domestic_approval", date=datetime.date(2019, 7, 20))
    Document.objects.filter(pk=document.pk).update(title_en="Draft statement on Syria")
    page = text(reader.get(reverse("meetings:document_list")))
    assert "Draft statement on Syria" in page
    assert "20.07.2019" in page
    assert "Sent for domestic approval" in page


def test_the_filter_form_shows_the_filters_of_each_request(reader):
    DocumentFactory(body=BodyFactory(name="Permanent Council", slug="permanent-council"))
    url = reverse("meetings:document_list")
    first = text(reader.get(url, {"kind": "statement"}))
    assert '<option value="statement" selected>' in first
    second = text(reader.get(url, {"kind": "decision"}))
    assert '<option value="decision" selected>' in second
    assert '<option value="statement" selected>' not in second
    assert "Clear filters" in second
    assert "Clear filters" not in text(reader.get(url))


def test_the_filter_form_offers_a_body_as_soon_as_it_has_a_document(reader):
    DocumentFactory(body=BodyFactory(name="Permanent Council", slug="permanent-council"))
    url = reverse("meetings:document_list")
    assert "Council of Ministers of Defense" not in text(reader.get(url))
    DocumentFactory(
        body=BodyFactory(name="Council of Ministers of Defense", slug="council-of-defense")
    )
    assert '<option value="council-of-defense">Council of Ministers of Defense' in text(
        reader.get(url)
    )


def test_a_meeting_row_shows_the_steps_taken_at_that_meeting(reader):
    meeting = MeetingFactory(date=datetime.date(2019, 7, 16))
    document = DocumentFactory(title="Draft decision on peacekeeping")
    record_step(document, status="under_consideration", date=meeting.date, meeting=meeting)
    page = text(reader.get(meeting.get_absolute_url()))
    assert "Draft decision on peacekeeping" in page
    assert "Sent for domestic approval" not in page
    record_step(document, status="domestic_approval", date=meeting.date, meeting=meeting)
    page = text(reader.get(meeting.get_absolute_url()))
    assert "Under consideration; Sent for domestic approval" in page


def test_a_deploy_that_changes_a_template_shows_the_new_markup_at_once(reader, settings, tmp_path):
    ArticleFactory(title="Statement on Syria")
    assert 'class="card card--new"' not in text(reader.get(reverse("news:article_list")))
    # The next release's templates, read by a new process (a deploy), with the old
    # fragments still in the shared cache.
    shutil.copytree(settings.BASE_DIR / "templates", tmp_path / "templates")
    card = tmp_path / "templates" / "news" / "includes" / "article_card.html"
    card.write_text(card.read_text().replace('class="card"', 'class="card card--new"'))
    engine = copy.deepcopy(settings.TEMPLATES[0])
    engine["DIRS"] = [tmp_path / "templates"]
    settings.TEMPLATES = [engine]
    fragments._process_templates_digest.cache_clear()
    try:
        page = text(reader.get(reverse("news:article_list")))
    finally:
        fragments._process_templates_digest.cache_clear()
    assert 'class="card card--new"' in page
