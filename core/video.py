"""Video in a release: a player from an allowed video site, or an uploaded MP4.

- **Embedded players, only from the allowlist** (``CSTO_VIDEO_PROVIDERS``: YouTube, through its
  no-cookie domain, Rutube, VK Video). The press officer pastes the address as the browser
  shows it; ``embed_for`` reads it (no request is made: the address is only parsed) and gives
  the player's address. Any other site is refused in the admin.
- **Nothing from the video site before the reader asks.** The page shows a poster from this
  site (the video's own, else the release's lead image) and a play button, which is a plain
  link to the video on its site; ``static/js/video.js`` turns a press into the player's
  iframe. So no request, cookie or script of the video site reaches a reader who does not
  press play. The page's CSP lets frames come from that one player's origin, only on pages
  that embed one (``frame_sources``); everywhere else ``frame-src 'none'`` stands.
- **An uploaded MP4** (checked by content: an ISO media file with an MP4 brand) is played by
  the browser's own ``<video>``, loading nothing before play (``preload="none"``); nginx
  serves it from ``/media/`` with range requests, so readers can seek.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .images import ReencodedImageField
from .uploads import UploadTo
from .validators import check_size, validate_image_file


@dataclass(frozen=True)
class Embed:
    provider: str  # "YouTube"
    player_url: str  # the iframe's address, loaded only after a press
    watch_url: str  # the video's page on its site (the play link without JavaScript)
    origin: str  # the player's origin, for the page's CSP frame-src


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
RUTUBE_ID = re.compile(r"^[0-9a-f]{32}$")
VK_VIDEO = re.compile(r"video(-?\d+)_(\d+)")


def _youtube(host, parts):
    path = [piece for piece in parts.path.split("/") if piece]
    if host == "youtu.be":
        video = path[0] if path else ""
    elif path[:1] == ["watch"]:
        video = parse_qs(parts.query).get("v", [""])[0]
    elif len(path) >= 2 and path[0] in ("embed", "shorts", "live", "v"):
        video = path[1]
    else:
        return None
    if not YOUTUBE_ID.match(video):
        return None
    return Embed(
        provider="YouTube",
        player_url=f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1",
        watch_url=f"https://www.youtube.com/watch?v={video}",
        origin="https://www.youtube-nocookie.com",
    )


def _rutube(host, parts):
    path = [piece for piece in parts.path.split("/") if piece]
    video = next((piece for piece in path if RUTUBE_ID.match(piece)), None)
    if video is None or path[0] not in ("video", "play", "shorts"):
        return None
    return Embed(
        provider="Rutube",
        player_url=f"https://rutube.ru/play/embed/{video}/?autoplay=1",
        watch_url=f"https://rutube.ru/video/{video}/",
        origin="https://rutube.ru",
    )


def _vk(host, parts):
    query = parse_qs(parts.query)
    if parts.path.rstrip("/").endswith("video_ext.php"):
        owner, video = query.get("oid", [""])[0], query.get("id", [""])[0]
        if not (re.fullmatch(r"-?\d+", owner) and video.isdigit()):
            return None
    else:
        found = VK_VIDEO.search(parts.path) or VK_VIDEO.search(query.get("z", [""])[0])
        if found is None:
            return None
        owner, video = found.groups()
    player = f"https://vkvideo.ru/video_ext.php?oid={owner}&id={video}&autoplay=1"
    secret = query.get("hash", [""])[0]
    if re.fullmatch(r"[0-9a-f]{1,32}", secret):
        player += f"&hash={secret}"
    return Embed(
        provider="VK Video",
        player_url=player,
        watch_url=f"https://vkvideo.ru/video{owner}_{video}",
        origin="https://vkvideo.ru",
    )


# Provider key (as CSTO_VIDEO_PROVIDERS names it): the host names its addresses use and how
# to read them.
PROVIDERS = {
    "youtube": (
        {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be",
         "youtube-nocookie.com", "www.youtube-nocookie.com"},
        _youtube,
    ),
    "rutube": ({"rutube.ru", "www.rutube.ru"}, _rutube),
    "vk": ({"vk.com", "www.vk.com", "m.vk.com", "vkvideo.ru", "www.vkvideo.ru"}, _vk),
}  # fmt: skip


def embed_for(address):
    """The player of a video address from an allowed site, or None."""
    try:
        parts = urlsplit((address or "").strip())
        if parts.scheme not in ("http", "https") or parts.username or parts.password or parts.port:
            return None
    except ValueError:  # a malformed port
        return None
    host = (parts.hostname or "").lower()
    for key in settings.VIDEO_PROVIDERS:
        hosts, read = PROVIDERS.get(key, ((), None))
        if host in hosts:
            return read(host, parts)
    return None


def allowed_sites():
    names = {"youtube": "YouTube", "rutube": "Rutube", "vk": "VK Video"}
    return ", ".join(names[key] for key in settings.VIDEO_PROVIDERS if key in names)


def validate_video_address(value):
    if value and embed_for(value) is None:
        raise ValidationError(
            _(
                "Paste the address of a video on one of these sites: %(sites)s. Videos from "
                "other sites cannot be embedded."
            ),
            code="video_site_not_allowed",
            params={"sites": allowed_sites()},
        )


MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
              b"dash", b"MSNV", b"f4v "}  # fmt: skip


def validate_mp4_file(value):
    """An MP4 by its content (an ``ftyp`` box with an MP4 brand first), within
    ``MAX_VIDEO_UPLOAD_BYTES``. Files already stored are not re-read."""
    if not value or getattr(value, "_committed", False):
        return
    check_size(value, settings.MAX_VIDEO_UPLOAD_BYTES)
    try:
        value.seek(0)
        head = value.read(12)
    finally:
        value.seek(0)
    name_ok = (value.name or "").lower().endswith(".mp4")
    if not (name_ok and len(head) == 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS):
        raise ValidationError(_("Upload an MP4 video; this file is not one."), code="invalid_video")


class AddressField(models.URLField):
    """A URL field whose form reads an address typed without a scheme as https."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class VideoFields(models.Model):
    """The video of a content item (an article): an address from an allowed site, or an
    uploaded MP4 with a poster. With both, the MP4 plays here and the address is a link.
    On the item's own row, so a page shows its video without a query of its own."""

    video_url = AddressField(
        _("video address"),
        max_length=500,
        blank=True,
        validators=[validate_video_address],
        help_text=_("The address of the video on YouTube, Rutube or VK Video, as copied."),
    )
    video_file = models.FileField(
        _("or an MP4 file"),
        upload_to=UploadTo("videos"),
        max_length=200,
        blank=True,
        validators=[validate_mp4_file],
    )
    video_poster = ReencodedImageField(
        _("video poster"),
        upload_to=UploadTo("videos"),
        blank=True,
        validators=[validate_image_file],
        help_text=_("Shown until the reader presses play; without one, the lead image."),
    )

    class Meta:
        abstract = True

    @property
    def video_player(self):
        """The player from its site (an ``Embed``), unless an MP4 is uploaded."""
        return embed_for(self.video_url) if self.video_url and not self.video_file else None

    @property
    def video_elsewhere(self):
        """The video on its site, linked beside an uploaded MP4."""
        return embed_for(self.video_url) if self.video_url and self.video_file else None


def frame_sources(item):
    """The origins the page's CSP must allow frames from: the item's player's, if any."""
    player = getattr(item, "video_player", None)
    return [player.origin] if player else []
