"""Uploaded images are verified raster images; anything else is refused."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.validators import validate_image_file
from news.models import Article
from tests.factories import SectionFactory
from tests.news.test_sanitizing import article_form_data

pytestmark = pytest.mark.django_db

# What a browser sends with a POST from one of the site's own pages (the admin's editor).
SAME_SITE = {"origin": "http://testserver"}


def image_bytes(fmt="PNG", size=(40, 30)):
    buffer = BytesIO()
    Image.new("RGB", size, "navy").save(buffer, fmt)
    return buffer.getvalue()


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
BAD_FILES = {
    "svg": ("logo.svg", SVG),
    "svg-named-png": ("logo.png", SVG),
    "html": ("page.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    "png-then-html": ("poly.png", image_bytes() + b"<html><script>alert(1)</script></html>"),
    "gif-polyglot": ("poly.gif", b"GIF89a/*" + image_bytes("GIF")[8:] + b"*/=alert(1);<script>"),
    "jpeg-with-markup": ("p.jpg", image_bytes("JPEG")[:-2] + b"<script>x</script>\xff\xd9"),
    "truncated": ("broken.png", image_bytes()[:60]),
    "garbage": ("photo.jpg", b"\x00\x01 not an image at all"),
    "php": ("shell.png", image_bytes() + b"<?php system($_GET['c']); ?>"),
    "bmp": ("old.bmp", image_bytes("BMP")),
}


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_real_images_are_accepted(fmt):
    validate_image_file(upload(f"photo.{fmt.lower()}", image_bytes(fmt)))


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_non_images_and_polyglots_are_refused(name):
    filename, content = BAD_FILES[name]
    with pytest.raises(ValidationError):
        validate_image_file(upload(filename, content))


def test_too_many_pixels_is_refused(settings):
    settings.MAX_IMAGE_PIXELS = 1000
    with pytest.raises(ValidationError, match="too big"):
        validate_image_file(upload("big.png", image_bytes(size=(100, 100))))


def test_too_many_bytes_is_refused(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="too large"):
        validate_image_file(upload("photo.png", image_bytes()))


def test_lead_image_polyglot_is_refused_in_the_admin(staff_client):
    data = article_form_data(SectionFactory(), image_alt="Alt text")
    data["image"] = upload("poly.png", BAD_FILES["png-then-html"][1])
    response = staff_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    assert "markup or script" in response.content.decode()
    assert not Article.objects.exists()


def test_lead_image_is_stored_under_a_generated_name(staff_client):
    data = article_form_data(SectionFactory(), image_alt="The Council in session")
    data["image"] = upload("Мой файл <script>.png", image_bytes())
    assert staff_client.post(reverse("admin:news_article_add"), data).status_code == 302
    name = Article.objects.get().image.name
    assert name.startswith("articles/") and name.endswith(".png")
    assert "script" not in name and "файл" not in name


@pytest.mark.parametrize("name", ["svg", "png-then-html", "html"])
def test_editor_upload_refuses_bad_files(staff_client, media_root, name):
    filename, content = BAD_FILES[name]
    response = staff_client.post(
        reverse("ckeditor_upload") + "?responseType=json",
        {"upload": upload(filename, content)},
        headers=SAME_SITE,
    )
    assert response.status_code == 400
    assert response.json()["uploaded"] == 0
    stored = list(media_root.rglob("*")) if media_root.exists() else []
    assert not [p for p in stored if p.is_file()]


def test_editor_upload_stores_a_real_image_under_a_generated_name(staff_client, media_root):
    response = staff_client.post(
        reverse("ckeditor_upload"),
        {"upload": upload("holiday photo.png", image_bytes())},
        headers=SAME_SITE,
    )
    assert response.status_code == 200
    data = response.json()
    assert data["uploaded"] == "1"
    assert "holiday" not in data["url"] and data["url"].endswith(".png")
    assert [p for p in media_root.rglob("*.png") if "_thumb" not in p.name]


def test_editor_upload_is_for_staff_only(client):
    response = client.post(reverse("ckeditor_upload"), {"upload": upload("a.png", image_bytes())})
    assert response.status_code == 302


def test_no_unchecked_upload_address_behind_the_checked_one(staff_client, media_root):
    filename, content = BAD_FILES["png-then-html"]
    for path in ("/ckeditor/upload/x/", "/ckeditor/upload/anything"):
        response = staff_client.post(path, {"upload": upload(filename, content)}, headers=SAME_SITE)
        assert response.status_code == 404, path
    stored = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    assert stored == []


def test_editor_upload_refuses_a_script_as_callback_number(staff_client, media_root):
    response = staff_client.post(
        reverse("ckeditor_upload") + "?CKEditorFuncNum=alert(document.cookie)//",
        {"upload": upload("photo.png", image_bytes())},
        headers=SAME_SITE,
    )
    assert response.status_code == 400
    assert b"alert(document.cookie)" not in response.content


def test_editor_upload_is_stored_under_the_extension_of_its_real_format(staff_client, media_root):
    response = staff_client.post(
        reverse("ckeditor_upload"),
        {"upload": upload("innocent.html", image_bytes())},
        headers=SAME_SITE,
    )
    assert response.status_code == 200
    assert response.json()["url"].endswith(".png")
    assert not list(media_root.rglob("*.html"))


def test_editor_image_browser_is_for_staff_only(client, staff_client):
    assert client.get(reverse("ckeditor_browse")).status_code == 302
    assert staff_client.get(reverse("ckeditor_browse")).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "http://press.example.org.evil.example"},
        {"origin": "null"},
        {"referer": "https://evil.example/page"},
        {},
    ],
    ids=["foreign-origin", "lookalike-origin", "null-origin", "foreign-referer", "neither"],
)
def test_editor_upload_from_another_site_is_refused(staff_client, media_root, headers):
    response = staff_client.post(
        reverse("ckeditor_upload"), {"upload": upload("photo.png", image_bytes())}, headers=headers
    )
    assert response.status_code == 403
    assert not list(media_root.rglob("*.png")) if media_root.exists() else True


def test_editor_upload_with_a_same_site_referer_and_no_origin_is_accepted(staff_client):
    response = staff_client.post(
        reverse("ckeditor_upload"),
        {"upload": upload("photo.png", image_bytes())},
        headers={"referer": "http://testserver/admin/news/article/add/"},
    )
    assert response.status_code == 200


def test_editor_upload_from_a_trusted_origin_is_accepted(staff_client, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://press.example.org"]
    response = staff_client.post(
        reverse("ckeditor_upload"),
        {"upload": upload("photo.png", image_bytes())},
        headers={"origin": "https://press.example.org"},
    )
    assert response.status_code == 200


def stored_lead_image(staff_client, filename, content):
    data = article_form_data(SectionFactory(), image_alt="The Council in session")
    data["image"] = upload(filename, content)
    assert staff_client.post(reverse("admin:news_article_add"), data).status_code == 302
    return Article.objects.get().image


@pytest.mark.parametrize(
    ("filename", "fmt", "stored_as", "pillow_format"),
    [
        ("scan.ps", "PNG", ".png", "PNG"),
        ("scan.pdf", "PNG", ".png", "PNG"),
        ("icon.xbm", "PNG", ".png", "PNG"),
        ("photo.png", "JPEG", ".jpg", "JPEG"),
        ("anim.gif", "GIF", ".png", "PNG"),
        ("photo.webp", "WEBP", ".webp", "WEBP"),
    ],
)
def test_lead_images_are_stored_as_jpeg_png_or_webp_whatever_their_name(
    staff_client, filename, fmt, stored_as, pillow_format
):
    image = stored_lead_image(staff_client, filename, image_bytes(fmt))
    assert image.name.endswith(stored_as)
    with Image.open(image.path) as stored:
        assert stored.format == pillow_format


def exif_photo(orientation=6):
    """A 40x20 JPEG with a GPS position and an orientation tag (rotate 90° to show)."""
    photo = Image.new("RGB", (40, 20), "navy")
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "Camera maker"
    gps = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = BytesIO()
    photo.save(buffer, "JPEG", exif=exif, icc_profile=b"\0" * 128)
    return buffer.getvalue()


def test_lead_image_loses_its_gps_position_and_is_turned_upright(staff_client):
    original = exif_photo()
    with Image.open(BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)  # the test photo really carries GPS
    image = stored_lead_image(staff_client, "holiday.jpg", original)
    with Image.open(image.path) as stored:
        exif = stored.getexif()
        assert not exif.get_ifd(0x8825) and 0x0112 not in exif and 0x010F not in exif
        assert stored.size == (20, 40)  # the orientation was applied to the pixels
        assert stored.info.get("icc_profile") == b"\0" * 128  # colours stay right
        assert b"GPS" not in image.open("rb").read()
