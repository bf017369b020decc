"""What readers get: a grid of thumbnails linking to the full photos, every picture in
several widths and formats with its size, lazy below the fold but never the lead image,
only where the article is published, and in a fixed number of queries."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.publishing import PublicationStatus
from core.renditions import FORMATS, rendition
from gallery.models import Photo
from tests.factories import ArticleFactory
from tests.html import elements

from .conftest import add_photos, camera_jpeg, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = ArticleFactory(
        title="Council in Minsk",
        title_ru="Совет в Минске",
        image=upload("lead.jpg", camera_jpeg((1000, 700), orientation=1)),
        image_alt="The Council in session",
        image_alt_ru="Совет на заседании",
    )
    add_photos(article, 3, size=(700, 500))
    article.photos.filter(position=1).update(caption_ru="Министры", credit_ru="А. Фотограф")
    return article


def page(client, article, language="en"):
    with translation.override(language):
        url = article.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def urls_of(srcset):
    return [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]


def test_the_gallery_is_a_grid_of_thumbnails_linking_to_the_full_photos(
    client, article, media_root
):
    tags = elements(page(client, article))
    links = [
        attrs for tag, attrs in tags if tag == "a" and "gallery__link" in attrs.get("class", "")
    ]
    assert len(links) == 3
    for link in links:
        # Without JavaScript a thumbnail is a plain link to the full photo, a JPEG on disk.
        assert link["href"].startswith("/media/renditions/") and link["href"].endswith(".jpg")
        assert (media_root / link["href"].removeprefix("/media/")).is_file()
        assert link["data-srcset"]
    thumbs = [attrs for tag, attrs in tags if tag == "img" and attrs.get("loading") == "lazy"]
    assert len(thumbs) == 3
    assert [t["alt"] for t in thumbs] == [f"Ministers at the table, view {i}" for i in range(3)]


def test_every_picture_has_widths_formats_and_its_size(client, article, media_root):
    tags = elements(page(client, article))
    pictures = [attrs for tag, attrs in tags if tag == "img" and "srcset" in attrs]
    sources = [attrs for tag, attrs in tags if tag == "source"]
    assert len(pictures) == 4  # the lead image and three thumbnails
    assert {s["type"] for s in sources} == {f"image/{f.lower()}" for f in FORMATS} - {"image/jpeg"}
    for img in pictures:
        assert int(img["width"]) > 0 and int(img["height"]) > 0
        assert img["sizes"]
        assert len(urls_of(img["srcset"])) >= 2
        assert re.fullmatch(r"(\S+ \d+w)(, \S+ \d+w)*", img["srcset"])
    for srcset in [img["srcset"] for img in pictures] + [s["srcset"] for s in sources]:
        for url in urls_of(srcset):  # made once when saved: every address is a stored file
            assert (media_root / url.removeprefix("/media/")).is_file(), url


def test_the_lead_image_is_fetched_at_once_and_the_thumbnails_lazily(client, article):
    tags = elements(page(client, article))
    lead = next(a for t, a in tags if t == "img" and a.get("alt") == "The Council in session")
    assert "loading" not in lead and lead["fetchpriority"] == "high"
    assert (lead["width"], lead["height"]) == ("1000", "700")


def test_captions_and_credits_in_russian(client, article):
    text = page(client, article, "ru")
    assert "Министры" in text and "А. Фотограф" in text
    assert "Совет на заседании" in text


def test_lists_show_the_lead_photo(client, article):
    tags = elements(client.get(reverse("news:article_list")).content.decode())
    cards = [a for t, a in tags if t == "img" and "srcset" in a]
    assert cards and all("/media/renditions/" in a["srcset"] for a in cards)


def test_photos_of_an_unpublished_article_are_nowhere(client, article):
    html_before = page(client, article)
    photo_url = next(
        a["href"] for t, a in elements(html_before) if "gallery__link" in a.get("class", "")
    )
    article.status = PublicationStatus.DRAFT
    article.save()
    cache.clear()
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in (reverse("home"), reverse("news:article_list"), article.section.get_absolute_url()):
        assert photo_url not in client.get(url).content.decode()


def test_thirty_photos_cost_no_more_queries_than_one(client, settings):
    settings.CSTO_VALUE_CACHE_SECONDS = 5
    counts = {}
    for total in (1, 30):
        article = ArticleFactory(title=f"Gallery of {total}")
        add_photos(article, total, size=(40, 30))
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            text = page(client, article)
        assert text.count("gallery__link") == total
        counts[total] = len(queries)
    assert counts[30] == counts[1]


def srcset_of(photo, shape, image_format, widths):
    """The expected ``srcset``: each stored rendition's address and its pixel width."""
    return ", ".join(
        f"{rendition(photo.image, shape, width, image_format, photo.crop_centre()).url} {shown}w"
        for width, shown in widths
    )


def rendered(template, photo, alt):
    """Each picture of ``template`` (separated by ``|``), without the spaces around it."""
    return [
        part.strip() for part in template.render(Context({"photo": photo, "alt": alt})).split("|")
    ]


def test_a_picture_is_exactly_its_sources_size_alt_and_loading(media_root):
    """The whole ``<picture>`` markup, character for character: the format sources best first
    with their widths and the page's ``sizes``, the JPEG ``<img>`` with its size, escaped
    alt text and lazy loading (or fetched at once), and the plain ``<img>`` of a photo
    stored before its size was recorded."""
    article = ArticleFactory()
    (photo,) = add_photos(article, 1, size=(700, 500))
    template = Template(
        "{% load pictures %}"
        '{% picture photo "image" "thumb" alt=alt sizes="12rem" %}|'
        '{% picture photo "image" "full" alt=alt sizes="50rem" lazy=False css_class="wide" %}'
    )
    alt = 'Ministers & "guests" <at> the table'
    thumb, full = rendered(template, photo, alt)

    escaped = "Ministers &amp; &quot;guests&quot; &lt;at&gt; the table"
    thumb_widths = [(320, 320), (640, 640)]
    sources = "".join(
        f'<source type="image/{f.lower()}" srcset="{srcset_of(photo, "thumb", f, thumb_widths)}"'
        ' sizes="12rem">'
        for f in FORMATS[:-1]
    )
    largest = rendition(photo.image, "thumb", 640, "JPEG", photo.crop_centre()).url
    assert thumb == (
        f'<picture>{sources}<img src="{largest}"'
        f' srcset="{srcset_of(photo, "thumb", "JPEG", thumb_widths)}" sizes="12rem"'
        f' width="640" height="427" alt="{escaped}" loading="lazy" decoding="async"></picture>'
    )
    full_widths = [(480, 480), (700, 700)]  # never enlarged: its own width is the widest
    sources = "".join(
        f'<source type="image/{f.lower()}" srcset="{srcset_of(photo, "full", f, full_widths)}"'
        ' sizes="50rem">'
        for f in FORMATS[:-1]
    )
    largest = rendition(photo.image, "full", 700, "JPEG").url
    assert full == (
        f'<picture class="wide">{sources}<img src="{largest}"'
        f' srcset="{srcset_of(photo, "full", "JPEG", full_widths)}" sizes="50rem"'
        f' width="700" height="500" alt="{escaped}" fetchpriority="high"></picture>'
    )

    Photo.objects.filter(pk=photo.pk).update(width=None, height=None)
    photo.refresh_from_db()
    assert rendered(template, photo, "A <b>") == [
        f'<img src="{photo.image.url}" alt="A &lt;b&gt;" loading="lazy" decoding="async">',
        f'<img src="{photo.image.url}" alt="A &lt;b&gt;" class="wide">',
    ]


def test_a_photo_without_description_is_described_by_its_caption_or_its_number(client):
    article = ArticleFactory(title_ru="Совет")
    add_photos(article, 3, size=(40, 30))
    article.photos.filter(position=0).update(alt_ru="Министры за столом")
    article.photos.filter(position=1).update(alt="", alt_ru="", caption_ru="Подпись")
    article.photos.filter(position=2).update(alt="", alt_ru="", caption="", caption_ru="")
    for language, expected in (
        ("en", ["Ministers at the table, view 0", "Caption 1", "Photo 3 of 3"]),
        ("ru", ["Министры за столом", "Подпись", "Фото 3 из 3"]),
    ):
        tags = elements(page(client, article, language))
        assert [a["alt"] for t, a in tags if t == "img" and a.get("loading") == "lazy"] == expected
