"""The demo shows files in both languages, a scan, search inside them, and a video."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.attachments import TextState
from meetings import demo as meetings_demo
from meetings.models import Document, DocumentAttachment
from news import demo as news_demo
from news.models import Article, ArticleAttachment
from tests.security.test_headers import directives

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=io.StringIO())


def test_documents_carry_their_texts_in_both_languages_and_a_scan(loaded):
    document = Document.objects.get(slug="draft-cmd-decision-working-group-electronic-warfare")
    files = {(f.position, f.language): f for f in document.attachments.all()}
    assert set(files) == {(1, "ru"), (1, "en"), (2, "ru"), (2, "en"), (3, "ru")}
    assert "Рабочую группу" in files[1, "ru"].text
    assert files[2, "en"].format_name == "PDF" and "spectrum" in files[2, "en"].text
    assert files[3, "ru"].text_state == TextState.NO_TEXT_LAYER
    assert ArticleAttachment.objects.filter(article__slug=news_demo.UNSC_DEBATE_SLUG).count() == 2


def test_loading_again_attaches_nothing_twice(loaded):
    count = DocumentAttachment.objects.count() + ArticleAttachment.objects.count()
    assert meetings_demo.load() == 0 and news_demo.load() == 0
    assert DocumentAttachment.objects.count() + ArticleAttachment.objects.count() == count


def test_search_finds_words_inside_the_demo_files(loaded, client):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("stemmed search is PostgreSQL's")
    english = client.get(reverse("search"), {"q": "spectrum"}).context["results"]
    assert [r["object"].title for r in english] == ["Annex. Regulations on the Working Group"]
    with translation.override("ru"):
        russian = client.get(reverse("search"), {"q": "наркотрафик"}).context["results"]
    assert [r["object"].language for r in russian] == ["ru"]


def test_the_demo_release_with_a_video_shows_the_play_button(loaded, client):
    article = Article.objects.get(slug=news_demo.UNSC_DEBATE_SLUG)
    response = client.get(article.get_absolute_url())
    assert "Play the video (YouTube)" in response.text
    assert directives(response["Content-Security-Policy"])["frame-src"] == [
        "https://www.youtube-nocookie.com"
    ]
