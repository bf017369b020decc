"""Attaching files in the admin: several per item in one save, refused files explained with
nothing else lost, the missing language versions and unreadable scans pointed out, and the
publication rules of the item applied to its files."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.attachments import TextState
from core.demo import demo_docx
from core.roles import EDITOR
from meetings.demo import demo_pdf
from meetings.models import Document, DocumentAttachment
from news.models import Article, ArticleAttachment
from tests.admin_forms import document_form_data
from tests.factories import (
    ArticleAttachmentFactory,
    ArticleFactory,
    BodyFactory,
    DocumentAttachmentFactory,
    RoleUserFactory,
    SectionFactory,
)
from tests.news.test_sanitizing import article_form_data

pytestmark = pytest.mark.django_db


def file_rows(*rows, prefix="attachments", initial=0):
    """Inline rows as the browser posts them: ``(position, language, title, file)``."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (position, language, title, upload) in enumerate(rows):
        data.update(
            {
                f"{prefix}-{index}-position": str(position),
                f"{prefix}-{index}-language": language,
                f"{prefix}-{index}-title_en": title,
                f"{prefix}-{index}-title_ru": "",
            }
        )
        if upload is not None:
            data[f"{prefix}-{index}-file"] = upload
    return data


def docx(name, *paragraphs):
    return SimpleUploadedFile(name, demo_docx(name, *paragraphs))


def test_several_files_are_attached_in_one_save_and_their_text_is_read(staff_client):
    data = article_form_data(SectionFactory())
    data.update(
        file_rows(
            (1, "en", "Full text", docx("statement.docx", "The quartermaster's report.")),
            (1, "ru", "Full text (Russian original)", docx("zayavlenie.docx", "Доклад.")),
            (2, "en", "Figures", SimpleUploadedFile("figures.pdf", demo_pdf("Figures 2024"))),
        )
    )
    response = staff_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302
    files = list(Article.objects.get().attachments.order_by("position", "language"))
    assert [(f.position, f.language, f.title) for f in files] == [
        (1, "en", "Full text"),
        (1, "ru", "Full text (Russian original)"),
        (2, "en", "Figures"),
    ]
    assert "quartermaster" in files[0].text
    assert "Figures 2024" in files[2].text
    assert all(f.text_state == TextState.FOUND for f in files)


def test_the_change_form_names_missing_language_versions_and_scans(staff_client):
    article = ArticleFactory()
    ArticleAttachmentFactory(article=article, position=1, language="en")
    ArticleAttachmentFactory(article=article, position=1, language="ru")
    ArticleAttachmentFactory(
        article=article,
        position=2,
        language="en",
        file=ContentFile(demo_pdf("").replace(b"(Demo file. )", b"()"), name="scan.pdf"),
    )
    page = staff_client.get(reverse("admin:news_article_change", args=[article.pk])).text
    versions = re.findall(r'<td class="field-versions">\s*<p>(.*?)</p>', page, re.S)
    assert versions[:3] == ["none", "none", "Russian"]
    assert "No text layer (a scan?): found by its title only" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("annex.pdf", b"<html><script>x()</script>"), "not a valid PDF"),
        (SimpleUploadedFile("annex.xlsx", demo_docx("A DOCX in disguise")), "not a valid XLSX"),
        (SimpleUploadedFile("annex.exe", b"MZ"), "Upload a PDF, DOCX, ODT or XLSX file."),
    ],
)
def test_a_refused_file_is_explained_and_nothing_else_is_lost(staff_client, upload, message):
    data = article_form_data(SectionFactory(), title="A release with a bad annex")
    good = SimpleUploadedFile("plan.pdf", demo_pdf("Plan"))
    data.update(file_rows((1, "en", "Plan", good), (2, "en", "Bad annex", upload)))
    response = staff_client.post(reverse("admin:news_article_add"), data)

    assert response.status_code == 200
    page = response.text
    assert message in page
    assert not Article.objects.exists() and not ArticleAttachment.objects.exists()
    assert 'value="A release with a bad annex"' in page
    assert 'value="Bad annex"' in page
    # The good file of the other row waits for the next save.
    assert "Kept from your last try: plan.pdf" in page
    token = re.search(r'name="attachments-0-file-kept" value="([^"]+)"', page)[1]
    del data["attachments-0-file"], data["attachments-1-file"]
    data.update(file_rows((1, "en", "Plan", None)))
    data["attachments-0-file-kept"] = token
    again = staff_client.post(reverse("admin:news_article_add"), data)
    assert again.status_code == 302
    assert Article.objects.get().attachments.get().file.read() == demo_pdf("Plan")


def test_documents_take_files_in_their_admin_too(staff_client):
    data = document_form_data(BodyFactory())
    data.update(file_rows((1, "en", "Annex", docx("annex.docx", "Provisions on logistics."))))
    assert staff_client.post(reverse("admin:meetings_document_add"), data).status_code == 302
    assert "logistics" in Document.objects.get().attachments.get().text


def test_a_form_posted_without_the_files_section_leaves_the_files_alone(staff_client):
    article = ArticleFactory(title="Statement on regional security", slug="s")
    ArticleAttachmentFactory(article=article)
    data = article_form_data(article.section, slug="s")
    response = staff_client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert article.attachments.count() == 1


def test_an_editor_cannot_remove_a_file_of_a_published_document(client):
    editor = RoleUserFactory(role=EDITOR)
    attachment = DocumentAttachmentFactory()
    document = attachment.document
    client.force_login(editor)
    data = document_form_data(document.body, title=document.title, slug=document.slug)
    data.update(file_rows((1, "en", attachment.title, None), initial=1))
    data.update({"attachments-0-id": attachment.pk, "attachments-0-DELETE": "on"})
    response = client.post(reverse("admin:meetings_document_change", args=[document.pk]), data)
    assert response.status_code == 403
    assert DocumentAttachment.objects.filter(pk=attachment.pk).exists()


def test_an_editor_attaches_files_to_a_draft(client):
    editor = RoleUserFactory(role=EDITOR)
    client.force_login(editor)
    data = article_form_data(SectionFactory(), status="draft")
    data.update(file_rows((1, "ru", "Текст", docx("tekst.docx", "Текст заявления."))))
    assert client.post(reverse("admin:news_article_add"), data).status_code == 302
    assert Article.objects.get().attachments.get().language == "ru"
