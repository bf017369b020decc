"""The demo shows galleries: photos drawn by the loader (no download) on several releases,
captioned in both languages, each release with its lead photo; a second run adds nothing."""

import pytest
from django.core.management import call_command
from PIL import Image

from gallery.demo import GALLERIES
from gallery.models import Photo
from news.models import Article

pytestmark = pytest.mark.django_db


def test_demo_releases_carry_galleries_drawn_by_the_loader():
    call_command("load_demo", verbosity=0)
    with_gallery = Article.objects.filter(photos__isnull=False).distinct()
    assert with_gallery.count() == len(GALLERIES) >= 3
    for article in with_gallery:
        assert article.image and article.image_width and article.is_public
        photos = list(article.photos.all())
        assert [p.position for p in photos] == list(range(len(photos)))
        for photo in photos:
            assert photo.caption_en and photo.caption_ru and photo.alt_en and photo.credit_ru
            with Image.open(photo.image.path) as stored:
                assert stored.size == (photo.width, photo.height) == (1600, 1067)
    total = Photo.objects.count()
    call_command("load_demo", verbosity=0)
    assert Photo.objects.count() == total
