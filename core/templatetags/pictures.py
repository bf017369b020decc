"""``{% picture %}``: a stored picture as readers get it (README "Photos"): a ``<picture>``
with a ``<source>`` per modern format and a JPEG ``<img>``, each with a ``srcset`` of its
stored widths and the page's ``sizes``, the ``<img>``'s ``width`` and ``height`` (so nothing
jumps while it loads), and ``loading="lazy"`` unless it is the page's first picture (the
lead image: the largest contentful paint, fetched at once).

Only addresses are built: no file is opened and no query made (core/renditions.py).
"""

from django import template

from core.renditions import sources

register = template.Library()


def _parts(instance, field_name, shape):
    field = instance._meta.get_field(field_name)
    file = getattr(instance, field.attname)
    if not file:
        return None
    size = field.picture_size(instance) if hasattr(field, "picture_size") else None
    if size is None:  # stored before its size was recorded: the original as it is
        return {"plain": file.url}
    centre = instance.crop_centre() if hasattr(instance, "crop_centre") else (50, 50)
    return picture_parts(file, size, shape, centre)


def picture_parts(file, size, shape="full", centre=(50, 50)):
    """What ``includes/picture.html`` shows of a stored picture of ``size`` (width, height)."""
    found, (width, height) = sources(file, size, shape, centre)
    return {"sources": found[:-1], "jpeg": found[-1], "width": width, "height": height}


@register.inclusion_tag("includes/picture.html")
def picture(instance, field_name="image", shape="full", alt="", sizes="100vw", lazy=True,
            css_class=""):  # fmt: skip
    """``{% picture article "image" "full" alt=article.image_alt sizes="50rem" lazy=False %}``"""
    parts = _parts(instance, field_name, shape) if instance else None
    return {"picture": parts, "alt": alt, "sizes": sizes, "lazy": lazy, "css_class": css_class}


def _in_format(instance, field_name, shape, image_format):
    """The source of a picture in ``image_format`` (JPEG when it has none), or None; a
    picture stored before its size was recorded: its original's address."""
    parts = _parts(instance, field_name, shape)
    if parts is None or "plain" in parts:
        return parts and parts["plain"]
    wanted = f"image/{image_format.lower()}"
    return next((s for s in parts["sources"] if s.content_type == wanted), parts["jpeg"])


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
