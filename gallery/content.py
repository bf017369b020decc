"""The gallery's photos are a part of their article (core/content.py): shown only where the
article is, changed only by who may change it."""

from core import content

from .models import Photo

content.register_part(
    Photo,
    of="article",
    translated=("caption", "alt", "credit"),
    admin_inline="gallery.admin.PhotoInline",
)
