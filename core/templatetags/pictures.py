"""``{% picture %}``: a stored picture as readers get it (README "Photos"): a ``<picture>``
with a ``<source>`` per modern format and a JPEG ``<img>``, each with a ``srcset`` of its
stored widths and the page's ``sizes``, the ``<img>``'s ``width`` and ``height`` (so nothing
jumps while it loads), and ``loading="lazy"`` unless it is the page's first picture (the
lead image: the largest contentful paint, fetched at once).

Only addresses are built: no file is opened and no query made (core/renditions.py).
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.renditions import FORMATS, sources

register = template.Library()

LAZY = mark_safe(' loading="lazy" decoding="async"')  # noqa: S308 - a constant
AT_ONCE = mark_safe(' fetchpriority="high"')  # noqa: S308 - a constant


def _stored(instance, field_name):
    """A picture's file, its (width, height) as recorded (None for one stored before its
    size was), and its crop centre; None when it has no picture."""
    field = instance._meta.get_field(field_name)
    file = getattr(instance, field.attname)
    if not file:
        return None
    size = field.picture_size(instance) if hasattr(field, "picture_size") else None
    centre = instance.crop_centre() if hasattr(instance, "crop_centre") else (50, 50)
    return file, size, centre


def _parts(instance, field_name, shape):
    stored = _stored(instance, field_name)
    if stored is None:
        return None
    file, size, centre = stored
    if size is None:  # stored before its size was recorded: the original as it is
        return {"plain": file.url}
    return picture_parts(file, size, shape, centre)


def picture_parts(file, size, shape="full", centre=(50, 50)):
    """What ``picture_html`` shows of a stored picture of ``size`` (width, height)."""
    found, (width, height) = sources(file, size, shape, centre)
    return {"sources": found[:-1], "jpeg": found[-1], "width": width, "height": height}


def picture_html(parts, alt="", sizes="100vw", lazy=True, css_class=""):
    """The markup of a picture's ``parts`` (``picture_parts``); empty without a picture.

    Built here, not by a template of its own: a 30-photo gallery rendered that template
    thirty times per page, which cost more than the rest of the gallery (issue 17).
    """
    if not parts:
        return ""
    css = format_html(' class="{}"', css_class) if css_class else ""
    if "plain" in parts:
        return format_html(
            '<img src="{}" alt="{}"{}{}>', parts["plain"], alt, css, LAZY if lazy else ""
        )
    formats = format_html_join(
        "", '<source type="{}" srcset="{}" sizes="{}">',
        ((source.content_type, source.srcset, sizes) for source in parts["sources"]),
    )  # fmt: skip
    jpeg = parts["jpeg"]
    return format_html(
        '<picture{}>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>'
        "</picture>",
        css, formats, jpeg.fallback, jpeg.srcset, sizes, parts["width"], parts["height"], alt,
        LAZY if lazy else AT_ONCE,
    )  # fmt: skip


@register.simple_tag
def picture(instance, field_name="image", shape="full", alt="", sizes="100vw", lazy=True,
            css_class=""):  # fmt: skip
    """``{% picture article "image" "full" alt=article.image_alt sizes="50rem" lazy=False %}``"""
    parts = _parts(instance, field_name, shape) if instance else None
    return picture_html(parts, alt, sizes, lazy, css_class)


def _in_format(instance, field_name, shape, image_format):
    """The source of a picture in ``image_format`` (JPEG when it has none), or None; a
    picture stored before its size was recorded: its original's address. Only that
    format's addresses are built."""
    stored = _stored(instance, field_name)
    if stored is None:
        return None
    file, size, centre = stored
    if size is None:
        return file.url
    image_format = image_format if image_format in FORMATS else "JPEG"
    (found,), _size = sources(file, size, shape, centre, formats=(image_format,))
    return found


@register.simple_tag
def picture_url(instance, field_name="image", shape="full", image_format="JPEG"):
    """The address of the largest rendition of a picture in a format (a plain link to it)."""
    found = _in_format(instance, field_name, shape, image_format)
    return getattr(found, "fallback", found or "")


@register.simple_tag
def picture_srcset(instance, field_name="image", shape="full", image_format="WEBP"):
    """The ``srcset`` of a picture in a format (for the photo viewer's script)."""
    found = _in_format(instance, field_name, shape, image_format)
    return getattr(found, "srcset", "")
