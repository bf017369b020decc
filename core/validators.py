"""Upload validators shared by the apps: a file is judged by its content, never its name alone.

A browser-supplied content type and file name are both attacker-controlled; what a reader
downloads must really be the format the site promises, and not larger than the limit.
"""

import posixpath
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".odt")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def max_document_upload_bytes():
    return settings.MAX_DOCUMENT_UPLOAD_BYTES


def _looks_like_pdf(file):
    file.seek(0)
    return file.read(5) == b"%PDF-"


def _open_zip(file):
    file.seek(0)
    try:
        return zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _looks_like_docx(file):
    archive = _open_zip(file)
    if archive is None:
        return False
    with archive:
        names = archive.namelist()
    return "[Content_Types].xml" in names and any(name.startswith("word/") for name in names)


def _looks_like_odt(file):
    archive = _open_zip(file)
    if archive is None:
        return False
    with archive:
        try:
            entry = archive.getinfo("mimetype")
        except KeyError:
            return False
        # The OpenDocument mimetype entry is a few dozen bytes; anything bigger is not one.
        if entry.file_size > 100:
            return False
        try:
            return archive.read(entry).strip() == ODT_MIMETYPE
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
            return False


def _looks_like_xlsx(file):
    archive = _open_zip(file)
    if archive is None:
        return False
    with archive:
        names = archive.namelist()
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


CONTENT_CHECKS = {
    ".pdf": _looks_like_pdf,
    ".docx": _looks_like_docx,
    ".odt": _looks_like_odt,
    ".xlsx": _looks_like_xlsx,
}


def check_size(value, limit):
    """Refuse an upload larger than ``limit`` bytes, saying both sizes."""
    if value.size is not None and value.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
        )


def _validate_file(value, extensions, wrong_kind):
    """``value`` is one of ``extensions`` by its content, within the size limit. Files
    already in storage (an unchanged field on an edited record) are not re-read."""
    if not value or getattr(value, "_committed", False):
        return
    check_size(value, max_document_upload_bytes())
    extension = posixpath.splitext(value.name or "")[1].lower()
    if extension not in extensions:
        raise ValidationError(wrong_kind, code="invalid_extension")
    try:
        valid = CONTENT_CHECKS[extension](value)
    finally:
        value.seek(0)
    if not valid:
        raise ValidationError(
            _("The file's content is not a valid %(format)s document."),
            code="invalid_content",
            params={"format": extension[1:].upper()},
        )


def validate_document_file(value):
    """An official document: PDF, DOCX or ODT by content, within the size limit."""
    _validate_file(value, DOCUMENT_EXTENSIONS, _("Upload a PDF, DOCX or ODT file."))


ATTACHMENT_EXTENSIONS = (".pdf", ".docx", ".odt", ".xlsx")


def validate_attachment_file(value):
    """An attached file (core/attachments.py): PDF, DOCX, ODT or XLSX by content."""
    _validate_file(value, ATTACHMENT_EXTENSIONS, _("Upload a PDF, DOCX, ODT or XLSX file."))


# --- images ---------------------------------------------------------------------------

IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
# Markup that has no business inside a raster image: a file carrying it is a polyglot
# meant to be sniffed as HTML or script somewhere along the way.
POLYGLOT_MARKERS = (
    b"<script", b"<html", b"<!doctype", b"<svg", b"<body", b"<iframe", b"<?php",
    b"<?xml", b"javascript:", b"<object", b"<embed", b"onerror=", b"onload=",
)  # fmt: skip


def validate_image_file(value):
    """A raster image that Pillow opens and verifies, of an allowed format, size and pixel
    count, and with no markup hidden in it. SVG is refused: it is a document, not an image.
    Returns Pillow's name of the format ("PNG"), or None for a file already stored.
    """
    from PIL import Image, UnidentifiedImageError

    if not value or getattr(value, "_committed", False):
        return
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if value.size is not None and value.size > limit:
        raise ValidationError(
            _("The image is too large (%(size)s); the limit is %(limit)s."),
            code="image_too_large",
            params={"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
        )
    try:
        value.seek(0)
        content = value.read()
    finally:
        value.seek(0)
    lowered = content.lower()
    if b"<svg" in lowered[:4096] and lowered.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise ValidationError(
            _("SVG drawings are not accepted: upload a JPEG, PNG, GIF or WebP image."),
            code="image_svg",
        )
    if any(marker in lowered for marker in POLYGLOT_MARKERS):
        raise ValidationError(
            _("The file contains markup or script and is not accepted as an image."),
            code="image_polyglot",
        )
    max_pixels = settings.MAX_IMAGE_PIXELS
    try:
        from io import BytesIO

        with Image.open(BytesIO(content)) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError:
        raise ValidationError(
            _("The image has too many pixels to be opened safely; the limit is %(limit)s."),
            code="image_bomb",
            params={"limit": f"{max_pixels:,}"},
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Upload a JPEG, PNG, GIF or WebP image; this file is not one."),
            code="invalid_image",
        ) from None
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Upload a JPEG, PNG, GIF or WebP image; this file is not one."),
            code="invalid_image",
        )
    if width * height > max_pixels:
        raise ValidationError(
            _("The image is too big (%(width)s×%(height)s pixels)."),
            code="image_too_many_pixels",
            params={"width": width, "height": height},
        )
    return image_format
