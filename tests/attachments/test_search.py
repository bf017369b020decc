"""Site search reads inside attached official texts: a word that occurs only inside an annex
is found, in the language the annex is written in, with the passage and a link to the file."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import translation

from core.demo import demo_docx
from meetings.demo import demo_pdf
from tests.factories import (
    ArticleAttachmentFactory,
    ArticleFactory,
    DocumentAttachmentFactory,
    DocumentFactory,
)
from tests.html import elements

pytestmark = pytest.mark.django_db


def search(client, query, language="en"):
    with translation.override(language):
        return client.get(reverse("search"), {"q": query})


def test_a_word_only_inside_a_docx_annex_is_found_with_its_passage_and_file(client):
    document = DocumentFactory(title="Decision on the collective forces", summary="Adopted.")
    annex = DocumentAttachmentFactory(
        document=document,
        title="Annex 2. Logistics",
        # Generated with python-docx: the word is nowhere else on the site.
        file=ContentFile(
            demo_docx(
                "Annex 2",
                "General provisions apply to every unit.",
                "Supplies are delivered by the quartermaster service within ten days.",
            ),
            name="annex.docx",
        ),
    )
    ArticleFactory(title="Unrelated release")

    response = search(client, "quartermaster")

    (result,) = response.context["results"]
    assert result["object"] == annex
    assert "<mark>quartermaster</mark> service" in str(result["snippet"])
    links = [attrs["href"] for tag, attrs in elements(response.text) if tag == "a"]
    assert annex.get_absolute_url() in links  # the file itself
    assert document.get_absolute_url() in links  # and the document it belongs to
    assert "<mark>quartermaster</mark>" in response.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Russian stemming is PostgreSQL's")
def test_an_annex_is_found_in_its_own_language_only(client):
    article = ArticleFactory(title="Statement", title_ru="Заявление")
    text = demo_docx("Приложение", "Интендантская служба доставляет грузы.")
    ArticleAttachmentFactory(
        article=article,
        language="ru",
        title="Annex",
        title_ru="Приложение",
        file=ContentFile(text, "a.docx"),
    )
    # Russian stemming: the query's form differs from the text's.
    assert len(search(client, "интендантской", "ru").context["results"]) == 1
    assert search(client, "интендантской", "en").context["results"] == []


def test_an_english_annex_is_not_found_from_the_russian_page(client):
    article = ArticleFactory(title="Statement", title_ru="Заявление")
    ArticleAttachmentFactory(article=article, language="en", title_ru="Текст", text="logistics")
    assert len(search(client, "logistics", "en").context["results"]) == 1
    assert search(client, "logistics", "ru").context["results"] == []


def test_a_pdf_annex_is_read_too(client):
    ArticleAttachmentFactory(
        title="Roadmap",
        file=ContentFile(demo_pdf("Interoperability roadmap for signal units"), name="r.pdf"),
    )
    assert len(search(client, "interoperability").context["results"]) == 1


def test_a_scan_is_found_by_its_title(client):
    scan = demo_pdf("").replace(b"(Demo file. )", b"()")
    ArticleAttachmentFactory(title="Signed protocol scan", file=ContentFile(scan, name="s.pdf"))
    (result,) = search(client, "protocol").context["results"]
    assert result["object"].title == "Signed protocol scan"


@pytest.mark.parametrize("trait", ["draft", "embargoed"])
def test_annexes_of_unpublished_items_are_not_found(client, trait):
    DocumentAttachmentFactory(document=DocumentFactory(**{trait: True}), text="quartermaster")
    ArticleAttachmentFactory(article=ArticleFactory(**{trait: True}), text="quartermaster")
    assert search(client, "quartermaster").context["results"] == []


def test_files_are_a_kind_of_result_to_choose(client):
    ArticleAttachmentFactory(text="quartermaster")
    ArticleFactory(title="The quartermaster general visited")
    response = client.get(reverse("search"), {"q": "quartermaster", "type": "articleattachment"})
    assert [r["kind"] for r in response.context["results"]] == ["articleattachment"]
    assert "Files of news releases" in response.text
