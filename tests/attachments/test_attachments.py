"""Files attached to articles and documents: what readers see and download, what the
checks refuse, and where a file is visible (only where its item is published)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.attachments import TextState, extract_text
from core.demo import demo_docx
from core.validators import validate_attachment_file
from meetings.demo import demo_pdf
from tests.factories import (
    ArticleAttachmentFactory,
    ArticleFactory,
    DocumentAttachmentFactory,
    DocumentFactory,
)
from tests.html import elements
from tests.meetings.test_files import zipped

pytestmark = pytest.mark.django_db


XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
DOCX = demo_docx("Statement", "Text.")


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.pdf", demo_pdf("x")), ("a.docx", DOCX), ("a.xlsx", XLSX), ("A.XLSX", XLSX)],
)
def test_real_files_of_each_format_are_accepted(name, content):
    validate_attachment_file(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("table.xlsx", DOCX, "invalid_content"),  # a DOCX renamed
        ("table.xlsx", b"PK\x03\x04 not really a zip", "invalid_content"),
        ("text.docx", XLSX, "invalid_content"),
        ("text.pdf", b"<html><script>alert(1)</script></html>", "invalid_content"),
        ("page.html", demo_pdf("x"), "invalid_extension"),
        ("macro.xlsm", XLSX, "invalid_extension"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_attachment_file(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_text_is_extracted_from_docx_and_pdf_and_a_scan_is_flagged():
    docx = io.BytesIO(demo_docx("Annex", "The quartermaster inventory of 2024."))
    assert extract_text(docx, "annex.docx") == (
        "Annex The quartermaster inventory of 2024.",
        TextState.FOUND,
    )
    text, state = extract_text(io.BytesIO(demo_pdf("Interoperability roadmap")), "a.pdf")
    assert "Interoperability roadmap" in text
    assert state == TextState.FOUND
    blank_page = demo_pdf("").replace(b"(Demo file. )", b"()")
    assert extract_text(io.BytesIO(blank_page), "scan.pdf") == ("", TextState.NO_TEXT_LAYER)
    assert extract_text(io.BytesIO(XLSX), "t.xlsx") == ("", TextState.NOT_READ)
    # A file the parser chokes on is kept and found by its title, never an error.
    assert extract_text(io.BytesIO(b"%PDF-1.4 garbage"), "b.pdf")[1] == TextState.NO_TEXT_LAYER


def test_saving_stores_size_text_and_a_generated_name():
    attachment = ArticleAttachmentFactory(text="Quartermaster")
    assert attachment.size == attachment.file.size > 0
    assert "Quartermaster" in attachment.text
    assert attachment.text_state == TextState.FOUND
    assert attachment.file.name.startswith("attachments/")
    assert "annex" not in attachment.file.name


def test_article_page_lists_each_text_with_its_language_versions_type_and_size(client):
    article = ArticleFactory(title="Statement on the exercise", title_ru="Заявление об учениях")
    english = ArticleAttachmentFactory(article=article, title="Full text", language="en")
    russian = ArticleAttachmentFactory(
        article=article, title="Full text", title_ru="Полный текст", language="ru"
    )
    ArticleAttachmentFactory(
        article=article,
        position=2,
        title="Figures",
        language="en",
        file=ContentFile(XLSX, name="figures.xlsx"),
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    links = [attrs for tag, attrs in elements(response.text) if tag == "a" and "download" in attrs]
    assert [link["href"] for link in links] == [
        english.get_absolute_url(),
        russian.get_absolute_url(),
        *[a.get_absolute_url() for a in article.attachments.filter(position=2)],
    ]
    text = response.text
    assert "Full text" in text and "Figures" in text
    assert f"DOCX, {english.size_display}" in text
    assert "XLSX" in text
    with translation.override("ru"):
        russian_page = client.get(article.get_absolute_url()).text
        first, second = russian.get_absolute_url(), english.get_absolute_url()
    # The Russian reader gets the Russian title and the Russian version first.
    assert "Полный текст" in russian_page
    assert russian_page.index(first) < russian_page.index(second)


def test_download_is_an_attachment_under_a_readable_name(client):
    attachment = ArticleAttachmentFactory(
        title="Annex 1. Plan", title_ru="Приложение 1. План", language="ru"
    )
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="prilozhenie-1-plan-ru.docx"'
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()


def test_document_files_are_listed_and_downloaded(client):
    document = DocumentFactory(title="Joint statement of the CFM")
    attachment = DocumentAttachmentFactory(document=document, title="Annex: the list of measures")
    text = client.get(document.get_absolute_url()).text
    assert f'href="{attachment.get_absolute_url()}"' in text
    assert "Annex: the list of measures" in text
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"] == (
        'attachment; filename="annex-the-list-of-measures-en.docx"'
    )


@pytest.mark.parametrize("trait", ["draft", "embargoed"])
def test_files_of_unpublished_items_are_not_found(client, trait):
    article_file = ArticleAttachmentFactory(article=ArticleFactory(**{trait: True}))
    document_file = DocumentAttachmentFactory(document=DocumentFactory(**{trait: True}))
    assert client.get(article_file.get_absolute_url()).status_code == 404
    assert client.get(document_file.get_absolute_url()).status_code == 404


def test_a_file_is_reached_only_through_its_own_item(client):
    attachment = ArticleAttachmentFactory()
    other = ArticleFactory()
    wrong = reverse(
        "news:article_attachment",
        kwargs={"section": other.section.slug, "slug": other.slug, "pk": attachment.pk},
    )
    assert client.get(wrong).status_code == 404


def test_files_of_an_item_not_written_in_the_readers_language_are_not_found(client):
    attachment = DocumentAttachmentFactory(document=DocumentFactory(title_ru="", title="Only EN"))
    with translation.override("ru"):
        url = attachment.get_absolute_url()
    assert client.get(url).status_code == 404
