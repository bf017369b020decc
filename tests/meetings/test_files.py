"""The official text: accepted by content and size, served only as a safe attachment."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from core.validators import validate_document_file
from meetings.demo import demo_pdf
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

PDF = demo_pdf("A test document")


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("name", "content"), [("text.pdf", PDF), ("text.docx", DOCX), ("text.ODT", ODT)]
)
def test_real_documents_are_accepted(name, content):
    validate_document_file(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("text.pdf", b"<html><script>alert(1)</script>", "invalid_content"),
        ("text.pdf", DOCX, "invalid_content"),
        ("text.docx", zipped({"word/document.xml": "x"}), "invalid_content"),
        ("text.docx", b"%PDF-1.4 not a zip", "invalid_content"),
        ("text.odt", zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
         "invalid_content"),
        ("text.odt", zipped({"content.xml": "x"}), "invalid_content"),
        ("text.html", PDF, "invalid_extension"),
        ("text", PDF, "invalid_extension"),
        ("text.exe", b"MZ", "invalid_extension"),
    ],
)  # fmt: skip
def test_files_that_are_not_what_they_claim_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_document_file(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_files_over_the_limit_are_refused(settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_document_file(SimpleUploadedFile("big.pdf", PDF + b" " * 2048))
    assert error.value.code == "file_too_large"


def test_model_validation_uses_the_validator():
    document = DocumentFactory.build(file=SimpleUploadedFile("fake.pdf", b"not a pdf"))
    with pytest.raises(ValidationError) as error:
        document.full_clean(exclude=["body"])
    assert "file" in error.value.message_dict


def with_file(**kwargs):
    document = DocumentFactory(title="Draft Decision of the CMD: «Working Group»", **kwargs)
    document.file.save("whatever name.pdf", ContentFile(PDF))
    return document


def test_download_is_an_attachment_named_after_the_title(client):
    document = with_file()
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="draft-decision-of-the-cmd-working-group.pdf"'
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_stored_name_is_generated_not_the_uploaded_one():
    document = with_file()
    assert "whatever" not in document.file.name
    assert document.file.name.startswith("documents/")


def test_document_page_links_the_download(client):
    document = with_file()
    text = client.get(document.get_absolute_url()).text
    assert f'href="{document.get_download_url()}"' in text
    assert "Download the official text (PDF)" in text


@pytest.mark.parametrize("trait", ["draft", "embargoed"])
def test_unpublished_document_file_is_not_served(client, trait):
    document = with_file(**{trait: True})
    assert client.get(document.get_download_url()).status_code == 404


def test_document_without_a_file_has_no_download(client):
    document = DocumentFactory()
    assert client.get(document.get_download_url()).status_code == 404
    assert "Download the official text" not in client.get(document.get_absolute_url()).text


def test_missing_stored_file_is_not_found_rather_than_an_error(client):
    document = with_file()
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_download_url()).status_code == 404
