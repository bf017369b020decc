"""Pictures made here for the gallery's tests: a camera's JPEG with GPS position, an
orientation flag and a colour profile."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from gallery.models import Photo
from tests.factories import ArticleFactory

GPS = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_jpeg(size=(1200, 800), colour="teal", orientation=6):
    """A JPEG as a phone writes it: GPS position, camera make, rotation flag, sRGB profile."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = GPS
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", exif=exif, icc_profile=ICC)
    return buffer.getvalue()


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def published_article(db):
    return ArticleFactory(title="Council in Minsk", image_alt="")


def add_photos(article, count, size=(60, 40), **fields):
    """``count`` small photos (quick to make), in order."""
    return [
        Photo.objects.create(
            article=article,
            image=upload(f"p{i}.jpg", camera_jpeg(size, orientation=1)),
            position=i,
            caption=f"Caption {i}",
            alt=f"Ministers at the table, view {i}",
            credit="A. Photographer",
            **fields,
        )
        for i in range(count)
    ]
