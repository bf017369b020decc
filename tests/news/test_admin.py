"""The press office's admin: lists, the editor, publishing, authorship."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.publishing import PublicationStatus
from news.models import Article
from tests.factories import ArticleFactory, SectionFactory, StaffUserFactory
from tests.news.test_sanitizing import article_form_data

pytestmark = pytest.mark.django_db


def test_changelist_lists_articles_with_filters(staff_client):
    ArticleFactory(title="Listed release")
    ArticleFactory(title="Another release")
    response = staff_client.get(reverse("admin:news_article_changelist"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Listed release" in page
    assert 'data-filter-title="section"' in page and 'data-filter-title="status"' in page


def test_changelist_search_finds_by_title(staff_client):
    ArticleFactory(title="Summit in Astana")
    ArticleFactory(title="Exercise in Belarus")
    page = staff_client.get(reverse("admin:news_article_changelist"), {"q": "Astana"}).content
    assert b"Summit in Astana" in page and b"Exercise in Belarus" not in page


def test_add_form_renders_the_ckeditor_widget(staff_client):
    page = staff_client.get(reverse("admin:news_article_add")).content.decode()
    assert 'data-type="ckeditortype"' in page
    assert "ckeditor/ckeditor.js" in page
    assert "&quot;versionCheck&quot;: false" in page


def test_article_created_in_the_admin_appears_publicly(staff_client, client, staff_user):
    section = SectionFactory(slug="statements", name="Statements")
    response = staff_client.post(
        reverse("admin:news_article_add"),
        article_form_data(section, body="<p>The Council <strong>adopted</strong> it.</p>"),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="statement-on-regional-security")
    assert article.created_by == staff_user and article.updated_by == staff_user
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Statement on regional security" in page
    assert "<strong>adopted</strong>" in page
    assert (
        "Statement on regional security" in client.get(section.get_absolute_url()).content.decode()
    )


def test_draft_saved_in_the_admin_stays_hidden(staff_client, client):
    section = SectionFactory()
    staff_client.post(
        reverse("admin:news_article_add"),
        article_form_data(section, status=PublicationStatus.DRAFT),
    )
    article = Article.objects.get()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_image_without_alt_text_is_refused(staff_client):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (20, 20), "navy").save(buffer, "PNG")
    image = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    data = article_form_data(SectionFactory())
    data["image"] = image
    response = staff_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    assert "Describe the image" in response.content.decode()
    assert not Article.objects.exists()


def test_publish_and_unpublish_actions(staff_client, client):
    drafts = ArticleFactory.create_batch(2, draft=True)
    url = reverse("admin:news_article_changelist")
    staff_client.post(
        url, {"action": "publish", "_selected_action": [a.pk for a in drafts]}, follow=True
    )
    assert all(client.get(a.get_absolute_url()).status_code == 200 for a in drafts)
    staff_client.post(url, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert client.get(drafts[0].get_absolute_url()).status_code == 404
    assert client.get(drafts[1].get_absolute_url()).status_code == 200


def test_editing_records_who_changed_the_article(client):
    author = StaffUserFactory(username="author")
    editor = StaffUserFactory(username="editor")
    article = ArticleFactory(created_by=author, updated_by=author)
    client.force_login(editor)
    data = article_form_data(article.section, title="Corrected title", slug=article.slug)
    response = client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Corrected title"
    assert article.created_by == author and article.updated_by == editor


def test_deleting_a_staff_account_keeps_its_articles():
    author = StaffUserFactory(username="leaving")
    article = ArticleFactory(created_by=author, updated_by=author)
    get_user_model().objects.filter(pk=author.pk).delete()
    article.refresh_from_db()
    assert article.created_by is None


def test_view_on_site_link_points_to_the_public_page(staff_client):
    article = ArticleFactory()
    page = staff_client.get(reverse("admin:news_article_change", args=[article.pk])).content
    assert b"View on site" in page


def test_admin_requires_staff_login(client):
    response = client.get(reverse("admin:news_article_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_editor_image_upload_is_for_staff_only(client):
    response = client.post(reverse("ckeditor_upload"))
    assert response.status_code == 302 and "/login/" in response["Location"]
