"""Pictures in rich text (README "Photos"): an image an editor uploaded through CKEditor
(``core.editor``) gets the renditions of a lead image when it is uploaded, and is shown as
the same ``<picture>`` as ``{% picture %}`` wherever rich text is rendered.

Only our own uploads: an ``<img>`` whose ``src`` is an address under ``MEDIA_URL`` +
``CKEDITOR_UPLOAD_PATH`` naming a file the default storage holds; nothing is fetched from
anywhere else. The rest of the rich text is left exactly as the sanitizer wrote it, and an
image whose file or renditions are missing stays the sanitized ``<img>``. Rendering reads
the picture's header for its size and asks the storage whether its renditions were made;
it never encodes and makes no query.
"""

import json
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from PIL import Image, UnidentifiedImageError

from core.renditions import FORMATS, make_renditions, rendition, widths_for
from core.templatetags.pictures import picture_html, picture_parts

SHAPES = ("full",)
# The article column (as the lead image's): the widest a body image is shown.
SIZES = "(min-width: 60rem) 50rem, calc(100vw - 2rem)"


class _Storage:
    """What a FieldFile needs of its field: the storage (the editor's is the default)."""

    storage = default_storage


def stored_name(url):
    """The storage name of an editor upload at ``url``, or None for any other address
    (another site's, a static file, a lead image, a path that climbs out)."""
    prefix = settings.MEDIA_URL + settings.CKEDITOR_UPLOAD_PATH
    if not url or not url.startswith(prefix):
        return None
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        return None
    name = unquote(url[len(settings.MEDIA_URL) :])
    if posixpath.normpath(name) != name or name.startswith("/") or "\\" in name:
        return None
    return name


def _file(name):
    return FieldFile(None, _Storage, name)


def _size(name):
    """The stored picture's (width, height), read from its header; None if it is missing
    or not a picture."""
    try:
        with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
            return image.size
    except (OSError, UnidentifiedImageError, ValueError):
        return None


def make_editor_renditions(name, force=False):
    """Make the renditions of the editor upload stored as ``name`` (unless ``force``, only
    those missing); the names of those made."""
    size = _size(name)
    if size is None:
        return []
    return make_renditions(_file(name), size, SHAPES, force=force)


def stored_uploads(folder=None):
    """The storage names of every image uploaded through the editor: each file under
    ``CKEDITOR_UPLOAD_PATH`` in the default storage (ckeditor_uploader puts them in dated
    folders), without the small previews ckeditor_uploader makes for its image browser
    (``…_thumb.jpg``) or hidden files, as its browser lists them."""
    folder = settings.CKEDITOR_UPLOAD_PATH.rstrip("/") if folder is None else folder
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # nothing uploaded yet
        return
    for name in sorted(files):
        if not (name.startswith(".") or posixpath.splitext(name)[0].endswith("_thumb")):
            yield posixpath.join(folder, name)
    for child in sorted(folders):
        yield from stored_uploads(posixpath.join(folder, child))


def uploaded_name(response):
    """The storage name of the image ckeditor_uploader just stored, from its answer (JSON,
    or the script calling the dialog back)."""
    if response.get("Content-Type", "").startswith("application/json"):
        url = json.loads(response.content).get("url", "")
    else:
        found = re.search(r"callFunction\(\d+, '([^']*)'\)", response.content.decode())
        url = found.group(1) if found else ""
    return stored_name(url)


def _picture(attrs):
    """The ``<picture>`` of an ``<img>`` (its attributes), or None to keep the ``<img>``."""
    name = stored_name(attrs.get("src"))
    size = name and _size(name)
    if not size:
        return None
    file = _file(name)
    largest = rendition(file, "full", widths_for("full", size)[-1], FORMATS[-1])
    if not default_storage.exists(largest.name):  # renditions never made (or lost)
        return None
    return picture_html(picture_parts(file, size), alt=attrs.get("alt") or "", sizes=SIZES)


class _Images(HTMLParser):
    """Where each ``<img>`` of sanitized HTML is: (offset, its text, its attributes)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.found = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            line, column = self.getpos()
            offset = self.line_starts[line - 1] + column
            self.found.append((offset, self.get_starttag_text(), dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def with_pictures(html):
    """Sanitized rich text with each of our own uploaded images as a ``<picture>``."""
    if "<img" not in html:
        return html
    pieces, end = [], 0
    for offset, text, attrs in _Images(html).found:
        if html[offset : offset + len(text)] != text:
            continue  # not where the parser said: leave it as it is
        picture = _picture(attrs)
        if picture is not None:
            pieces += [html[end:offset], picture]
            end = offset + len(text)
    return "".join(pieces) + html[end:]
