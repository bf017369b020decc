"""The gallery in the article's admin form: several photos in one submit, refused files
named with their reason while the valid ones are kept for the next try, and the roles'
rules on the photos of a published article."""

import html
import re

import pytest
from django.urls import reverse

from core.publishing import PublicationStatus
from core.roles import EDITOR
from gallery.models import Photo
from news.models import Article
from tests.factories import ArticleFactory, RoleUserFactory, SectionFactory
from tests.news.test_sanitizing import article_form_data

from .conftest import add_photos, camera_jpeg, upload
from .test_safe_uploads import SVG, bomb_png

pytestmark = pytest.mark.django_db

NO_ROWS = {"photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0"}


def photos(*sizes):
    return [upload(f"photo-{w}.jpg", camera_jpeg((w, h), orientation=1)) for w, h in sizes]


def kept_tokens(response):
    return re.findall(r'name="photos-upload-kept" value="([^"]+)"', response.content.decode())


def test_several_photos_are_added_in_one_submit_in_the_order_chosen(staff_client):
    data = article_form_data(SectionFactory(), **NO_ROWS)
    data["photos-upload"] = photos((61, 40), (62, 40), (63, 40))
    response = staff_client.post(reverse("admin:news_article_add"), data, follow=True)
    assert response.redirect_chain[-1][1] == 302
    article = Article.objects.get()
    added = list(article.photos.all())
    assert [(p.width, p.position) for p in added] == [(61, 0), (62, 1), (63, 2)]
    shown = [str(message) for message in response.context["messages"]]
    assert "3 photos added: describe each one (alt text) for readers who cannot see them." in shown


def test_new_photos_go_after_those_already_there(staff_client):
    article = ArticleFactory(status=PublicationStatus.DRAFT)
    add_photos(article, 2)
    data = article_form_data(article.section, title=article.title, slug=article.slug, **NO_ROWS)
    data["status"] = PublicationStatus.DRAFT
    data["photos-upload"] = photos((64, 40))
    url = reverse("admin:news_article_change", args=[article.pk])
    assert staff_client.post(url, data).status_code == 302
    assert [(p.position, p.width) for p in article.photos.all()][-1] == (2, 64)
    assert article.photos.count() == 3


def test_refused_files_are_named_and_the_valid_ones_kept_for_the_next_try(
    staff_client, media_root, django_capture_on_commit_callbacks
):
    data = article_form_data(SectionFactory(), title="Summit in Minsk", **NO_ROWS)
    data["photos-upload"] = [
        *photos((65, 40)),
        upload("bomb.png", bomb_png(30000, 30000), "image/png"),
        upload("drawing.svg", SVG, "image/svg+xml"),
    ]
    response = staff_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "bomb.png was not added: The image has too many pixels" in text
    assert "drawing.svg was not added: SVG drawings are not accepted" in text
    assert 'value="Summit in Minsk"' in text  # nothing typed is lost
    assert "Kept from your last try: photo-65.jpg" in text
    assert not Article.objects.exists() and not Photo.objects.exists()

    tokens = kept_tokens(response)
    assert len(tokens) == 1
    data.pop("photos-upload")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:news_article_add"), {**data, "photos-upload-kept": tokens}
        )
    assert response.status_code == 302
    (photo,) = Article.objects.get().photos.all()
    assert photo.width == 65
    assert not any((media_root / "kept").rglob("*.jpg"))


def test_at_most_so_many_photos_are_added_by_one_save(staff_client, monkeypatch):
    monkeypatch.setattr("gallery.admin.PER_SAVE", 2)
    data = article_form_data(SectionFactory(), **NO_ROWS)
    data["photos-upload"] = photos((61, 40), (62, 40), (63, 40))
    response = staff_client.post(reverse("admin:news_article_add"), data)
    text = html.unescape(response.content.decode())
    assert "photo-63.jpg was not added: at most 2 photos are added by one save." in text
    assert len(kept_tokens(response)) == 2  # the first two are kept for the next try


def test_a_kept_photo_can_be_dropped(staff_client):
    data = article_form_data(SectionFactory(), title="", **NO_ROWS)  # an error: no title
    data["photos-upload"] = photos((66, 40))
    first = staff_client.post(reverse("admin:news_article_add"), data)
    (token,) = kept_tokens(first)
    data.pop("photos-upload")
    data["title_en"] = "Summit in Minsk"
    again = {**data, "photos-upload-kept": token, "photos-upload-drop": token}
    assert staff_client.post(reverse("admin:news_article_add"), again).status_code == 302
    assert not Photo.objects.exists()


def test_a_forged_token_adds_nothing(staff_client):
    data = article_form_data(SectionFactory(), **NO_ROWS)
    data["photos-upload-kept"] = "kept/../../settings.py"
    assert staff_client.post(reverse("admin:news_article_add"), data).status_code == 302
    assert not Photo.objects.exists()


def test_the_form_shows_the_gallery_rows_and_the_multiple_file_input(staff_client):
    article = ArticleFactory()
    add_photos(article, 2)
    page = staff_client.get(reverse("admin:news_article_change", args=[article.pk]))
    text = page.content.decode()
    assert re.search(r'<input type="file" multiple[^>]*name="photos-upload"', text)
    assert 'name="photos-0-caption_en"' in text and 'name="photos-1-caption_ru"' in text
    assert 'name="photos-0-focus_x"' in text and 'name="photos-0-position"' in text
    assert "js/admin-gallery.js" in text


def test_an_editor_adds_photos_to_a_draft_but_not_to_a_published_article(client):
    editor = RoleUserFactory(role=EDITOR)
    client.force_login(editor)
    draft = ArticleFactory(status=PublicationStatus.DRAFT)
    data = article_form_data(draft.section, title=draft.title, slug=draft.slug, **NO_ROWS)
    data["status"] = PublicationStatus.DRAFT
    data["photos-upload"] = photos((67, 40))
    url = reverse("admin:news_article_change", args=[draft.pk])
    assert client.post(url, data).status_code == 302
    assert draft.photos.count() == 1

    published = ArticleFactory()
    data = article_form_data(published.section, title=published.title, slug=published.slug)
    data.update(NO_ROWS, **{"photos-upload": photos((68, 40))})
    url = reverse("admin:news_article_change", args=[published.pk])
    assert client.post(url, data).status_code == 403
    assert published.photos.count() == 0
