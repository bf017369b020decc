"""``manage.py make_renditions`` brings back the renditions of pictures stored before
(and records their size where it is missing)."""

import shutil

import pytest
from django.core.management import call_command

from core.renditions import every_rendition
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
