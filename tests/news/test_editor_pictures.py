"""Images editors put into an article's text reach readers as responsive pictures."""

import re
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image

from core.renditions import FORMATS
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SAME_SITE = {"origin": "http://testserver"}


def editor_upload(staff_client, size=(1200, 800), callback=False):
    """An image uploaded through the editor's dialog, as CKEditor sends it; its address."""
    buffer = BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    query = "?CKEditorFuncNum=3" if callback else "?responseType=json"
    response = staff_client.post(
        reverse("ckeditor_upload") + query,
        {"upload": SimpleUploadedFile("map.jpg", buffer.getvalue(), "image/jpeg")},
        headers=SAME_SITE,
    )
    assert response.status_code == 200
    if callback:
        return re.search(r"callFunction\(3, '([^']*)'\)", response.content.decode()).group(1)
    return response.json()["url"]


def body_of(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('class="article__body richtext">', 1)[1].split("</div>", 1)[0]


def test_an_uploaded_image_in_the_text_is_a_responsive_picture(client, staff_client, media_root):
    url = editor_upload(staff_client)
    body = f'<p>Route:</p><p><img src="{url}" alt="Map of the &quot;route&quot;"></p>'
    article = ArticleFactory(body=body)

    shown = body_of(client, article)

    assert shown.count("<picture>") == 1
    types = re.findall(r'<source type="([^"]+)"', shown)
    assert types == [f"image/{f.lower()}" for f in FORMATS[:-1]]
    assert "image/webp" in types
    srcsets = re.findall(r'srcset="([^"]+)"', shown)
    assert len(srcsets) == len(FORMATS)
    for srcset in srcsets:
        assert re.findall(r" (\d+)w", srcset) == ["480", "960", "1200"]
        for address in re.findall(r"(\S+) \d+w", srcset):  # each rendition is stored
            assert default_storage.exists(address.removeprefix("/media/"))
    assert 'width="1200" height="800"' in shown
    assert 'loading="lazy"' in shown
    assert 'alt="Map of the &quot;route&quot;"' in shown
    assert f'src="{url}"' not in shown  # the original is not what readers download


def test_the_callback_upload_dialog_gets_renditions_too(client, staff_client, media_root):
    url = editor_upload(staff_client, size=(300, 200), callback=True)
    shown = body_of(client, ArticleFactory(body=f'<img src="{url}" alt="">'))
    assert "<picture>" in shown and 'width="300" height="200"' in shown


def test_a_foreign_image_stays_as_sanitized(client, staff_client, media_root):
    url = editor_upload(staff_client)
    body = (
        '<p><img src="https://example.org/media/uploads/a.jpg" alt="elsewhere" '
        'onerror="alert(1)"></p>'
        f'<p><img src="https://example.org{url}" alt="same path, another site"></p>'
        f'<p><img src="{url}?x=1" alt="with a query"></p>'
        '<p><img src="/media/uploads/../../etc/passwd" alt="climbing"></p>'
        '<p><img src="/static/img/logo.png" alt="static"></p>'
    )
    shown = body_of(client, ArticleFactory(body=body))
    assert "<picture" not in shown
    assert '<img src="https://example.org/media/uploads/a.jpg" alt="elsewhere">' in shown
    assert "onerror" not in shown


def test_a_missing_file_or_rendition_falls_back_to_the_image(client, staff_client, media_root):
    url = editor_upload(staff_client)
    lost = editor_upload(staff_client, size=(500, 400))
    name = lost.removeprefix("/media/")
    for stored in (media_root / "renditions" / name.rsplit(".", 1)[0]).iterdir():
        stored.unlink()  # the renditions of this one are gone
    body = (
        f'<p><img src="{lost}" alt="no renditions"></p>'
        '<p><img src="/media/uploads/never-uploaded.jpg" alt="no file"></p>'
        f'<p><img src="{url}" alt="fine"></p>'
    )
    shown = body_of(client, ArticleFactory(body=body))  # a page, not an error
    assert f'<img src="{lost}" alt="no renditions">' in shown
    assert '<img src="/media/uploads/never-uploaded.jpg" alt="no file">' in shown
    assert shown.count("<picture>") == 1


def test_pictures_in_rich_text_cost_no_query(staff_client, media_root, django_assert_num_queries):
    urls = [editor_upload(staff_client, size=(100 + i, 80)) for i in range(3)]
    body = "".join(f'<p><img src="{url}" alt="{i}"></p>' for i, url in enumerate(urls))
    template = Template("{% load site_tags %}{{ body|richtext }}")
    with django_assert_num_queries(0):
        shown = template.render(Context({"body": body}))
    assert shown.count("<picture>") == 3
