"""Site search reads inside attached official texts: a word that occurs only inside an annex
is found, in the language the annex is written in, with the passage and a link to the file."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import translation

from core.demo import demo_docx
from meetings.demo import demo_pdf
from meetings.models import Document
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


# A document's single official text (Document.file) is searched as its files are.


def test_a_word_only_inside_the_official_pdf_finds_the_document(client):
    document = DocumentFactory(
        title="Decision on the collective forces",
        summary="Adopted.",
        file=ContentFile(demo_pdf("Convoys are escorted by the gendarmerie"), name="x.pdf"),
    )
    ArticleFactory(title="Unrelated release")

    response = search(client, "gendarmerie")

    (result,) = response.context["results"]
    assert result["object"] == document
    assert "<mark>gendarmerie</mark>" in str(result["snippet"])
    links = [attrs["href"] for tag, attrs in elements(response.text) if tag == "a"]
    assert document.get_absolute_url() in links


@pytest.mark.parametrize("trait", ["draft", "embargoed"])
def test_the_official_text_of_an_unpublished_document_is_not_found(client, trait):
    text = demo_docx("Decision", "Convoys are escorted by the gendarmerie.")
    DocumentFactory(file=ContentFile(text, name="x.docx"), **{trait: True})
    assert search(client, "gendarmerie").context["results"] == []


def test_the_official_docx_is_read_and_a_new_file_replaces_its_words(client):
    text = demo_docx("Decision", "Convoys are escorted by the gendarmerie.")
    document = DocumentFactory(title="Decision", file=ContentFile(text, name="x.docx"))
    assert len(search(client, "gendarmerie").context["results"]) == 1

    document.file = ContentFile(demo_docx("Decision", "Supplies by the quartermaster."), "y.docx")
    document.save()
    assert search(client, "gendarmerie").context["results"] == []
    assert len(search(client, "quartermaster").context["results"]) == 1

    document.file = None  # cleared in the admin
    document.save()
    assert search(client, "quartermaster").context["results"] == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Russian stemming is PostgreSQL's")
def test_a_russian_official_text_is_found_from_the_russian_search(client):
    text = demo_docx("Решение", "Интендантская служба доставляет грузы.")
    DocumentFactory(title="Decision", title_ru="Решение", file=ContentFile(text, name="r.docx"))
    assert len(search(client, "интендантской", "ru").context["results"]) == 1


def test_official_texts_stored_before_are_read_by_the_migration(client):
    document = DocumentFactory(
        file=ContentFile(demo_pdf("Convoys are escorted by the gendarmerie"), name="x.pdf")
    )
    Document.objects.filter(pk=document.pk).update(file_text="")  # as stored before
    assert search(client, "gendarmerie").context["results"] == []

    migration = import_module("meetings.migrations.0013_official_text_searched")
    migration.read_official_texts(django_apps, None)

    assert len(search(client, "gendarmerie").context["results"]) == 1
