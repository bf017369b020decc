"""A photo attached to a form that comes back with an error is kept for the next try
(core/keep.py): used by the next save, replaced by a new file, dropped on request, and
deleted when no longer needed."""

import datetime
import os
import re
import time

import pytest
from django.urls import reverse
from PIL import Image

from meetings.demo import demo_pdf
from meetings.models import Document
from news.models import Article
from tests.admin_forms import document_form_data
from tests.factories import ArticleFactory, BodyFactory, SectionFactory
from tests.news.test_sanitizing import article_form_data
from tests.security.test_uploads import image_bytes, upload

pytestmark = pytest.mark.django_db

ALT = "The foreign ministers at the summit"


def add_article(client, **fields):
    """Post the article add form; ``fields`` go into it as a browser would post them."""
    data = article_form_data(SectionFactory(), **{"image_alt": ALT, **fields})
    return client.post(reverse("admin:news_article_add"), data)


def token_of(response):
    match = re.search(r'name="image-kept" value="([^"]+)"', response.content.decode())
    return match and match[1]


def kept_files(media_root):
    return sorted(path for path in (media_root / "kept").rglob("*") if path.is_file())


def test_a_photo_attached_to_a_form_with_an_error_is_saved_by_the_next_try(
    staff_client, media_root
):
    response = add_article(staff_client, image=upload("summit.png", image_bytes()), image_alt="")

    assert "Describe the image" in response.content.decode()
    assert "Kept from your last try: summit.png" in response.content.decode()
    assert [path.name for path in kept_files(media_root)] == ["summit.png"]
    assert add_article(staff_client, **{"image-kept": token_of(response)}).status_code == 302
    with Image.open(Article.objects.get().image) as stored:
        assert stored.size == (40, 30)


def test_the_kept_photo_survives_a_second_error_without_a_copy(staff_client, media_root):
    first = add_article(staff_client, image=upload("summit.png", image_bytes()), image_alt="")

    second = add_article(staff_client, image_alt="", **{"image-kept": token_of(first)})

    assert "Kept from your last try: summit.png" in second.content.decode()
    assert len(kept_files(media_root)) == 1
    assert add_article(staff_client, **{"image-kept": token_of(second)}).status_code == 302
    assert Article.objects.get().image


def test_a_new_file_replaces_the_kept_one(staff_client, media_root):
    first = add_article(staff_client, image=upload("summit.png", image_bytes()), image_alt="")

    response = add_article(
        staff_client,
        image=upload("better.png", image_bytes(size=(60, 45))),
        **{"image-kept": token_of(first)},
    )

    assert response.status_code == 302
    with Image.open(Article.objects.get().image) as stored:
        assert stored.size == (60, 45)
    assert kept_files(media_root) == []


def test_a_dropped_kept_file_is_not_saved(staff_client, media_root):
    first = add_article(staff_client, image=upload("summit.png", image_bytes()), image_alt="")

    response = add_article(staff_client, **{"image-kept": token_of(first), "image-kept-drop": "on"})

    assert response.status_code == 302
    assert not Article.objects.get().image
    assert kept_files(media_root) == []


def test_clearing_the_field_of_an_edited_article_drops_the_kept_file(staff_client, media_root):
    article = ArticleFactory(image_alt=ALT)
    article.image.save("old.png", upload("old.png", image_bytes()))
    url = reverse("admin:news_article_change", args=[article.pk])
    data = article_form_data(article.section, slug=article.slug, image_alt=ALT)
    with_error = {**data, "published_at_0": "2024-13-45"}
    first = staff_client.post(url, {**with_error, "image": upload("new.png", image_bytes())})
    assert "Kept from your last try: new.png" in first.content.decode()

    response = staff_client.post(url, {**data, "image-kept": token_of(first), "image-clear": "on"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.image
    assert kept_files(media_root) == []


def test_an_upload_that_failed_its_own_checks_is_not_kept(staff_client, media_root):
    response = add_article(
        staff_client, image=upload("photo.png", b"not an image at all"), image_alt=""
    )

    assert "Upload a valid image" in response.content.decode()
    assert token_of(response) is None
    assert kept_files(media_root) == []


def test_kept_files_older_than_a_day_go_when_another_is_kept(staff_client, media_root):
    add_article(staff_client, image=upload("yesterday.png", image_bytes()), image_alt="")
    (old,) = kept_files(media_root)
    two_days_ago = time.time() - datetime.timedelta(days=2).total_seconds()
    os.utime(old, (two_days_ago, two_days_ago))

    add_article(staff_client, image=upload("today.png", image_bytes()), image_alt="")

    assert [path.name for path in kept_files(media_root)] == ["today.png"]
    assert not old.parent.exists()


def test_a_document_file_is_kept_when_only_a_step_row_is_wrong(staff_client):
    """The document's own form is valid, its inline row is not: the page comes back, so its
    file is kept all the same."""
    row = {"steps-0-date": "2024-13-45", "steps-0-order": "0", "steps-0-status": "drafted"}
    data = document_form_data(BodyFactory(), **{"steps-TOTAL_FORMS": "1", **row})
    url = reverse("admin:meetings_document_add")
    pdf = demo_pdf("Joint statement")
    response = staff_client.post(url, {**data, "file": upload("statement.pdf", pdf)})

    text = response.content.decode()
    assert "Enter a valid date." in text
    assert "Kept from your last try: statement.pdf" in text
    token = re.search(r'name="file-kept" value="([^"]+)"', text)[1]
    response = staff_client.post(url, {**data, "steps-0-date": "2024-07-16", "file-kept": token})
    assert response.status_code == 302
    assert Document.objects.get().file.read() == pdf
