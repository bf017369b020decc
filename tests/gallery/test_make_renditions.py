"""``manage.py make_renditions`` brings back the renditions of pictures stored before
(and records their size where it is missing)."""

import re
import shutil
from io import BytesIO, StringIO

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from core.renditions import FORMATS, every_rendition
from news.models import Article
from tests.factories import ArticleFactory

from .conftest import camera_jpeg, upload

pytestmark = pytest.mark.django_db


def test_missing_renditions_and_sizes_are_made(media_root):
    article = ArticleFactory(image=upload("lead.jpg", camera_jpeg((700, 500))), image_alt="x")
    shutil.rmtree(media_root / "renditions")
    Article.objects.filter(pk=article.pk).update(image_width=None, image_height=None)
    call_command("make_renditions", verbosity=0)
    article.refresh_from_db()
    assert (article.image_width, article.image_height) == (500, 700)
    size = (article.image_width, article.image_height)
    for rendition in every_rendition(article.image, size, ("full", "thumb")):
        assert (media_root / rendition.name).is_file()


def body_of(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('class="article__body richtext">', 1)[1].split("</div>", 1)[0]


def test_editor_images_stored_before_renditions_get_them(client, media_root):
    # Stored as ckeditor_uploader stored them before renditions existed: a dated folder,
    # with the small preview its image browser shows beside each image.
    buffer = BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(buffer, "JPEG")
    name = default_storage.save("uploads/2025/03/04/0f3a.jpg", ContentFile(buffer.getvalue()))
    default_storage.save("uploads/2025/03/04/0f3a_thumb.jpg", ContentFile(buffer.getvalue()))
    url = default_storage.url(name)
    article = ArticleFactory(body=f'<p><img src="{url}" alt="Route of the convoy"></p>')
    assert f'<img src="{url}" alt="Route of the convoy">' in body_of(client, article)

    out = StringIO()
    call_command("make_renditions", stdout=out)

    shown = body_of(client, article)
    assert shown.count("<picture>") == 1
    types = re.findall(r'<source type="([^"]+)"', shown)
    assert types == [f"image/{f.lower()}" for f in FORMATS[:-1]]
    srcsets = re.findall(r'srcset="([^"]+)"', shown)
    assert len(srcsets) == len(FORMATS)
    for srcset in srcsets:
        assert re.findall(r" (\d+)w", srcset) == ["480", "960", "1200"]
        for address in re.findall(r"(\S+) \d+w", srcset):
            assert default_storage.exists(address.removeprefix(settings.MEDIA_URL))
    assert 'width="1200" height="800"' in shown and 'alt="Route of the convoy"' in shown
    made = 3 * len(FORMATS)
    assert f"Editor images: 1, {made} renditions made." in out.getvalue()
    assert not (media_root / "renditions/uploads/2025/03/04/0f3a_thumb").exists()

    out = StringIO()
    call_command("make_renditions", stdout=out)  # a second run makes nothing
    assert "Editor images: 1, 0 renditions made." in out.getvalue()
    assert "Lead images and photos: 0, 0 renditions made." in out.getvalue()


def test_lead_image_renditions_are_counted_once_made(media_root):
    article = ArticleFactory(image=upload("lead.jpg", camera_jpeg((700, 500))), image_alt="x")
    out = StringIO()
    call_command("make_renditions", stdout=out)  # made when it was saved
    assert "Lead images and photos: 1, 0 renditions made." in out.getvalue()
    shutil.rmtree(media_root / "renditions")
    out = StringIO()
    call_command("make_renditions", stdout=out)
    size = (article.image_width, article.image_height)
    made = len(list(every_rendition(article.image, size, ("full", "thumb"))))
    assert f"Lead images and photos: 1, {made} renditions made." in out.getvalue()


def test_a_damaged_editor_upload_is_skipped_and_the_others_get_their_renditions(media_root):
    buffer = BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(buffer, "JPEG")
    whole = buffer.getvalue()
    default_storage.save("uploads/2025/03/04/0a-cut.jpg", ContentFile(whole[: len(whole) // 3]))
    default_storage.save("uploads/2025/03/04/0b-whole.jpg", ContentFile(whole))

    out, err = StringIO(), StringIO()
    call_command("make_renditions", stdout=out, stderr=err)

    assert "0a-cut.jpg: skipped" in err.getvalue()
    assert f"Editor images: 2, {3 * len(FORMATS)} renditions made, 1 skipped." in out.getvalue()
    assert (media_root / "renditions/uploads/2025/03/04/0b-whole").exists()
