"""Video in a release (core/video.py): only players of the allowed sites, nothing from them
before the reader presses play, frames allowed only on the pages that embed one; an MP4
checked by content."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.video import embed_for, validate_mp4_file, validate_video_address
from news.models import Article
from tests.factories import ArticleFactory, SectionFactory
from tests.html import elements
from tests.news.test_sanitizing import article_form_data
from tests.security.test_headers import directives
from tests.security.test_uploads import image_bytes

pytestmark = pytest.mark.django_db

YOUTUBE_ID = "dQw4w9WgXcQ"
RUTUBE_ID = "0123456789abcdef0123456789abcdef"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


@pytest.mark.parametrize(
    ("address", "player", "origin"),
    [
        (f"https://www.youtube.com/watch?v={YOUTUBE_ID}&t=42",
         f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1",
         "https://www.youtube-nocookie.com"),
        (f"https://youtu.be/{YOUTUBE_ID}",
         f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1",
         "https://www.youtube-nocookie.com"),
        (f"https://www.youtube.com/shorts/{YOUTUBE_ID}",
         f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1",
         "https://www.youtube-nocookie.com"),
        (f"https://rutube.ru/video/{RUTUBE_ID}/",
         f"https://rutube.ru/play/embed/{RUTUBE_ID}/?autoplay=1", "https://rutube.ru"),
        ("https://vk.com/video-22822305_456241864",
         "https://vkvideo.ru/video_ext.php?oid=-22822305&id=456241864&autoplay=1",
         "https://vkvideo.ru"),
        ("https://vkvideo.ru/video_ext.php?oid=-1&id=2&hash=abc123",
         "https://vkvideo.ru/video_ext.php?oid=-1&id=2&autoplay=1&hash=abc123",
         "https://vkvideo.ru"),
    ],
)  # fmt: skip
def test_addresses_of_allowed_sites_give_their_players(address, player, origin):
    embed = embed_for(address)
    assert (embed.player_url, embed.origin) == (player, origin)
    validate_video_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload%3D",
        "https://rutube.ru/video/not-an-id/",
        "https://vk.com/club1",
        "https://www.youtube.com:bad/watch?v=dQw4w9WgXcQ",
    ],
)
def test_other_addresses_are_refused(address):
    assert embed_for(address) is None
    with pytest.raises(ValidationError) as error:
        validate_video_address(address)
    assert "YouTube, Rutube, VK Video" in error.value.messages[0]


def test_the_allowlist_is_a_setting(settings):
    settings.VIDEO_PROVIDERS = ["rutube"]
    assert embed_for(f"https://www.youtube.com/watch?v={YOUTUBE_ID}") is None
    assert embed_for(f"https://rutube.ru/video/{RUTUBE_ID}/") is not None


def test_mp4_is_checked_by_content():
    validate_mp4_file(SimpleUploadedFile("clip.mp4", MP4))
    for name, content in [
        ("clip.mp4", b"<html><script>alert(1)</script>" + b" " * 20),
        ("clip.mp4", image_bytes()),
        ("clip.html", MP4),
    ]:
        with pytest.raises(ValidationError):
            validate_mp4_file(SimpleUploadedFile(name, content))


def video_article(address):
    return ArticleFactory(
        image=ContentFile(image_bytes(), "lead.png"), image_alt="Ministers", video_url=address
    )


def test_the_page_shows_a_poster_and_a_link_never_the_player(client):
    article = video_article(f"https://www.youtube.com/watch?v={YOUTUBE_ID}")
    response = client.get(article.get_absolute_url())
    page = response.text
    tags = elements(page)
    assert not [attrs for tag, attrs in tags if tag == "iframe"]
    # Nothing on the page loads from the video site: every src is this site's own.
    sources = [attrs["src"] for tag, attrs in tags if "src" in attrs]
    assert sources and all(src.startswith("/") for src in sources)
    (frame,) = [attrs for tag, attrs in tags if "data-video-player" in attrs]
    assert frame["data-video-player"] == (
        f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1"
    )
    (play,) = [attrs for tag, attrs in tags if attrs.get("class") == "video__play"]
    assert play["href"] == f"https://www.youtube.com/watch?v={YOUTUBE_ID}"  # without JavaScript
    assert 'class="video__poster" src="/media/articles/' in page  # the lead image as poster
    assert "/static/js/video" in page


def test_frames_are_allowed_from_that_player_only_and_only_on_that_page(client):
    article = video_article(f"https://rutube.ru/video/{RUTUBE_ID}/")
    csp = directives(client.get(article.get_absolute_url())["Content-Security-Policy"])
    assert csp["frame-src"] == ["https://rutube.ru"]
    assert csp["script-src"] == ["'self'"] and csp["default-src"] == ["'self'"]
    plain = ArticleFactory()
    for url in (plain.get_absolute_url(), reverse("home"), reverse("news:article_list")):
        assert directives(client.get(url)["Content-Security-Policy"])["frame-src"] == ["'none'"]
    assert "/static/js/video" not in client.get(plain.get_absolute_url()).text


def test_an_mp4_plays_in_the_browser_s_own_player_loading_nothing_first(client):
    article = ArticleFactory(
        video_file=ContentFile(MP4, "clip.mp4"),
        video_poster=ContentFile(image_bytes(), "poster.png"),
    )
    response = client.get(article.get_absolute_url())
    (video,) = [attrs for tag, attrs in elements(response.text) if tag == "video"]
    assert video["preload"] == "none" and video["poster"].startswith("/media/videos/")
    (source,) = [attrs for tag, attrs in elements(response.text) if tag == "source"]
    assert re.fullmatch(r"/media/videos/\d{4}/\d\d/[0-9a-f]{32}\.mp4", source["src"])
    assert directives(response["Content-Security-Policy"])["frame-src"] == ["'none'"]


def test_the_admin_takes_an_allowed_address_and_refuses_others(staff_client):
    data = article_form_data(SectionFactory(), title="Summit (Video)")
    data["video_url"] = "https://evil.example/v/1"
    response = staff_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    assert "Videos from other sites cannot be embedded" in response.text
    assert 'value="Summit (Video)"' in response.text
    assert not Article.objects.exists()

    data["video_url"] = f"https://youtu.be/{YOUTUBE_ID}"
    assert staff_client.post(reverse("admin:news_article_add"), data).status_code == 302
    assert Article.objects.get().video_player.provider == "YouTube"


def test_the_admin_refuses_a_file_that_is_not_an_mp4_and_keeps_the_rest(staff_client):
    data = article_form_data(SectionFactory(), title="Summit (Video)")
    data["video_file"] = SimpleUploadedFile("clip.mp4", b"<html>not a video</html>" * 4)
    response = staff_client.post(reverse("admin:news_article_add"), data)
    assert "Upload an MP4 video; this file is not one." in response.text
    assert 'value="Summit (Video)"' in response.text
    assert not Article.objects.exists()


def test_with_an_mp4_and_an_address_the_mp4_plays_and_the_address_is_a_link(client):
    article = ArticleFactory(
        video_url=f"https://youtu.be/{YOUTUBE_ID}", video_file=ContentFile(MP4, "c.mp4")
    )
    response = client.get(article.get_absolute_url())
    tags = elements(response.text)
    assert [tag for tag, attrs in tags if tag == "video"] == ["video"]
    assert not [attrs for tag, attrs in tags if "data-video-player" in attrs]
    assert f'href="https://www.youtube.com/watch?v={YOUTUBE_ID}"' in response.text
    assert directives(response["Content-Security-Policy"])["frame-src"] == ["'none'"]
