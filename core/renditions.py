"""The sizes and formats a picture is shown in (README "Photos"), made once and stored.

Every uploaded picture (an article's lead image, a gallery photo) is re-encoded when it is
saved (``core.images``), and then, once, resized into its *renditions* by django-imagekit:

- **shapes**: ``full`` keeps the whole picture (the article's image, the photo viewer);
  ``thumb`` is cut to 3:2 around the picture's crop centre (lists, the gallery's grid);
- **widths** per shape (never wider than the original: a small picture is not enlarged);
- **formats**: AVIF where this Pillow writes it, WebP, and JPEG for the browsers that take
  neither (the ``<img>`` of the ``<picture>``).

imagekit names each rendition after its original and its settings
(``renditions/<original's path>/<hash>.<ext>``) and stores it in the default storage, the
media volume or S3 alike. Its *optimistic* strategy makes the files when the picture is
saved and, on a page, only builds their addresses: no file is opened, no storage asked, no
query made, whatever the number of pictures. ``manage.py make_renditions`` makes those of
pictures stored before (or after a change of the widths below).
"""

import posixpath
from dataclasses import dataclass
from io import BytesIO

from django.core.files.base import ContentFile
from imagekit.cachefiles import ImageCacheFile
from imagekit.specs import ImageSpec
from PIL import Image, ImageCms, features
from pilkit.processors import ResizeToFill, ResizeToFit

# Width of the renditions of each shape, in pixels; the height of a thumb is two thirds.
WIDTHS = {"full": (480, 960, 1600), "thumb": (320, 640)}
THUMB_RATIO = 2 / 3
# Best first: the browser takes the first <source> it can show; JPEG is the <img> itself.
FORMATS = (("AVIF",) if features.check("avif") else ()) + ("WEBP", "JPEG")
CONTENT_TYPES = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg"}
OPTIONS = {
    # AVIF at speed 9 encodes about five times faster than the default (6) for a file a few
    # per cent larger: a gallery of 30 photos is saved in seconds, not a minute.
    "AVIF": {"quality": 55, "speed": 9},
    "WEBP": {"quality": 75, "method": 4},
    "JPEG": {"quality": 80, "optimize": True, "progressive": True},
}


class Rendition(ImageSpec):
    """One width of one shape in one format of a stored picture."""

    autoconvert = False

    def __init__(self, source, shape, width, image_format, focus=(50, 50)):
        self.shape, self.width, self.format = shape, width, image_format
        self.focus = focus if shape == "thumb" else None
        self.options = OPTIONS[image_format]
        if shape == "thumb":
            anchor = (focus[0] / 100, focus[1] / 100)
            self.processors = [ResizeToFill(width, round(width * THUMB_RATIO), anchor=anchor)]
        else:
            self.processors = [ResizeToFit(width, upscale=False)]
        super().__init__(source)

    def generate(self):
        """The rendition's file: the processors' result, keeping the colour profile (and
        nothing else of the original's metadata, which the re-encoding already removed)."""
        self.source.open("rb")
        try:
            with Image.open(self.source) as original:
                icc_profile = original.info.get("icc_profile")
                original.load()
                image = original
                for processor in self.processors:
                    image = processor.process(image)
        finally:
            self.source.close()
        if image.mode == "CMYK":
            # Print colours: to sRGB through their profile, which no longer applies after.
            image, icc_profile = to_srgb(image, icc_profile), None
        if self.format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        elif image.mode not in ("RGB", "RGBA", "L"):
            image = image.convert("RGBA" if "A" in image.mode else "RGB")
        options = dict(self.options, **({"icc_profile": icc_profile} if icc_profile else {}))
        buffer = BytesIO()
        image.save(buffer, self.format, **options)
        return ContentFile(buffer.getvalue())


def to_srgb(image, icc_profile):
    """A CMYK picture in sRGB: through its own profile when it has a usable one."""
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
            target = ImageCms.createProfile("sRGB")
            return ImageCms.profileToProfile(image, source, target, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image.convert("RGB")


def output_size(shape, width, original_size):
    """The pixel size of the rendition ``width`` of ``shape`` of a picture of
    ``original_size`` (width, height)."""
    if shape == "thumb":
        return width, round(width * THUMB_RATIO)
    original_width, original_height = original_size
    if width >= original_width:
        return original_width, original_height
    return width, max(1, round(original_height * width / original_width))


def widths_for(shape, original_size):
    """The widths to make of a picture of ``original_size``: never enlarged. A full picture:
    the widths narrower than the original, and its own width when it is narrower than the
    widest; a thumb: those the original covers (at least the smallest)."""
    widths = WIDTHS[shape]
    original_width, original_height = original_size
    if shape == "thumb":
        covered = tuple(
            width for width in widths
            if width <= original_width and round(width * THUMB_RATIO) <= original_height
        )  # fmt: skip
        return covered or widths[:1]
    smaller = tuple(width for width in widths if width < original_width)
    return smaller + ((original_width,) if len(smaller) < len(widths) else ())


def rendition(fieldfile, shape, width, image_format, focus=(50, 50)):
    return ImageCacheFile(Rendition(fieldfile, shape, width, image_format, focus))


# Rendition addresses by source and rendition: the name imagekit derives for one is always
# the same (a new picture or crop centre has another key), and building it costs about 0.2 ms,
# which a 30-photo gallery (hundreds of renditions) paid on every render. Signed storage
# addresses (S3 with querystring auth) expire, so they are never kept.
_URLS = {}
_URLS_KEPT = 50_000


def rendition_url(fieldfile, shape, width, image_format, focus=(50, 50)):
    key = (fieldfile.name, shape, width, image_format, tuple(focus))
    url = _URLS.get(key)
    if url is None:
        url = rendition(fieldfile, shape, width, image_format, focus).url
        if not getattr(fieldfile.storage, "querystring_auth", False):
            if len(_URLS) >= _URLS_KEPT:
                _URLS.clear()
            _URLS[key] = url
    return url


def every_rendition(fieldfile, original_size, shapes, focus=(50, 50)):
    for shape in shapes:
        for width in widths_for(shape, original_size):
            for image_format in FORMATS:
                yield rendition(fieldfile, shape, width, image_format, focus)


def make_renditions(fieldfile, original_size, shapes, focus=(50, 50), force=False):
    """Make and store every rendition of ``fieldfile``; unless ``force``, those the storage
    already holds are kept (asked of the storage itself, not of imagekit's cached state,
    which may remember a file since lost). Returns the names of those it made."""
    made = []
    for file in every_rendition(fieldfile, original_size, shapes, focus):
        if force or not file.storage.exists(file.name):
            file.generate(force=True)
            made.append(file.name)
    return made


@dataclass
class Source:
    """One ``<source>`` (or the ``<img>``) of a ``<picture>``: its type and ``srcset``."""

    content_type: str
    srcset: str
    fallback: str  # the largest of them, for a plain link or an <img src>


def sources(fieldfile, original_size, shape, focus=(50, 50), formats=FORMATS):
    """The ``<picture>``'s sources, best format first (the last is JPEG), and the pixel
    size of its largest rendition (the ``<img>``'s width and height); or only those of
    ``formats`` (a link to one format needs no other)."""
    widths = widths_for(shape, original_size)
    found = []
    for image_format in formats:
        candidates = [
            (
                rendition_url(fieldfile, shape, width, image_format, focus),
                output_size(shape, width, original_size)[0],
            )
            for width in widths
        ]
        srcset = ", ".join(f"{url} {size}w" for url, size in candidates)
        found.append(Source(CONTENT_TYPES[image_format], srcset, candidates[-1][0]))
    return found, output_size(shape, widths[-1], original_size)


def folder_of(fieldfile_name):
    """Where the renditions of a stored picture are (imagekit's ``source_name_as_path``)."""
    from django.conf import settings

    return posixpath.join(settings.IMAGEKIT_CACHEFILE_DIR, posixpath.splitext(fieldfile_name)[0])
