"""Uploads stay safe: what a camera wrote into a photo (above all its GPS position) is in no
stored file, the original or any rendition; the rotation is applied and the colour profile
kept; bombs, SVG, polyglots and oversize files are refused with a clear message."""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from core.renditions import FORMATS, WIDTHS, every_rendition
from core.validators import validate_image_file
from gallery.models import Photo
from tests.factories import ArticleFactory

from .conftest import ICC, camera_jpeg, upload

pytestmark = pytest.mark.django_db


def stored_pictures(media_root):
    """Every file stored under the media root (original and renditions alike)."""
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def assert_nothing_of_the_camera(path):
    content = path.read_bytes()
    with Image.open(io.BytesIO(content)) as picture:
        exif = picture.getexif()
        assert not exif.get_ifd(0x8825), f"GPS position left in {path.name}"
        assert 0x8825 not in exif and 0x010F not in exif, f"EXIF left in {path.name}"
        assert picture.info.get("icc_profile") == ICC, f"colour profile lost in {path.name}"
    assert b"PhoneMaker" not in content


def test_gps_is_gone_from_the_stored_photo_and_every_rendition(media_root):
    # Taken turned (orientation 6): stored upright at 1700 × 1150, wide enough for every width.
    content = camera_jpeg((1150, 1700))
    photo = Photo.objects.create(
        article=ArticleFactory(), image=upload("IMG_0001.jpg", content), alt="The hall"
    )
    assert (photo.width, photo.height) == (1700, 1150)
    files = stored_pictures(media_root)
    # The original, and each width of each shape in each format: nothing else, nothing less.
    expected = 1 + len(FORMATS) * (len(WIDTHS["full"]) + len(WIDTHS["thumb"]))
    assert len(files) == expected
    made = {
        f.name for f in every_rendition(photo.image, (photo.width, photo.height), ("full", "thumb"))
    }
    assert {str(p.relative_to(media_root)) for p in files} == made | {photo.image.name}
    for path in files:
        assert_nothing_of_the_camera(path)
    formats = {Image.open(path).format for path in files}
    assert formats == set(FORMATS)


def test_gps_is_gone_from_the_lead_image_and_its_renditions(media_root):
    ArticleFactory(image=upload("lead.jpg", camera_jpeg()), image_alt="The hall")
    files = stored_pictures(media_root)
    assert len(files) > len(FORMATS) * 3
    for path in files:
        assert_nothing_of_the_camera(path)


def test_the_rotation_is_applied_to_the_pixels():
    # Orientation 6: the camera was turned; the stored photo stands upright, flag gone.
    photo = Photo.objects.create(
        article=ArticleFactory(), image=upload("turned.jpg", camera_jpeg((300, 200))), alt="x"
    )
    assert (photo.width, photo.height) == (200, 300)
    with Image.open(photo.image.path) as stored:
        assert stored.size == (200, 300)
        assert 0x0112 not in stored.getexif()


def bomb_png(width, height):
    """A tiny PNG that claims ``width`` × ``height`` pixels (a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    return bytes(data)


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", bomb_png(30000, 30000), "too many pixels to be opened safely"),
        ("big.png", bomb_png(7000, 7000), "too big (7000×7000 pixels)"),
        ("drawing.svg", SVG, "SVG drawings are not accepted"),
        ("drawing.png", b"\xef\xbb\xbf  " + SVG, "SVG drawings are not accepted"),
        ("poly.jpg", camera_jpeg((20, 20)) + b"<script>alert(1)</script>", "markup or script"),
        ("notes.jpg", b"just text", "Upload a JPEG, PNG, GIF or WebP image"),
    ],
)
def test_bad_pictures_are_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError) as refused:
        validate_image_file(upload(name, content))
    assert message in " ".join(refused.value.messages)


def test_an_oversize_file_is_refused(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="too large"):
        validate_image_file(upload("photo.jpg", camera_jpeg()))


def test_a_deleted_photo_leaves_no_file_behind(media_root, django_capture_on_commit_callbacks):
    photo = Photo.objects.create(
        article=ArticleFactory(), image=upload("a.jpg", camera_jpeg((700, 500))), alt="x"
    )
    assert stored_pictures(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert stored_pictures(media_root) == []


def test_a_new_crop_centre_makes_new_thumbnails(media_root):
    photo = Photo.objects.create(
        article=ArticleFactory(), image=upload("a.jpg", camera_jpeg((700, 500))), alt="x"
    )
    before = set(stored_pictures(media_root))
    photo.focus_x = 10
    photo.save()
    added = set(stored_pictures(media_root)) - before
    size = (photo.width, photo.height)
    thumbs = {f.name for f in every_rendition(photo.image, size, ("thumb",), (10, 50))}
    assert {str(p.relative_to(media_root)) for p in added} == thumbs


def test_a_cmyk_photo_is_shown_in_rgb_in_every_rendition(media_root):
    buffer = io.BytesIO()
    Image.new("CMYK", (400, 300), (0, 200, 200, 0)).save(buffer, "JPEG")
    photo = Photo.objects.create(
        article=ArticleFactory(), image=upload("print.jpg", buffer.getvalue()), alt="x"
    )
    renditions = [p for p in stored_pictures(media_root) if "renditions" in p.parts]
    assert renditions
    for path in renditions:
        with Image.open(path) as picture:
            assert picture.mode in ("RGB", "RGBA"), path.name
            red, green, blue = picture.convert("RGB").getpixel((10, 10))[:3]
            assert red > 200 and green < 90 and blue < 90  # still red
    assert photo.width == 400
