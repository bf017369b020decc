"""The pages app's content type, registered once (see core/content.py)."""

from django.utils.translation import gettext_lazy as _

from core import content

from .models import Page

content.register(
    Page,
    detail_view="pages.views.PageDetailView",
    label=_("Pages"),
    translated=("title", "body"),
    rich_text=("body",),
    search={"title": "A", "body": "B"},
    sitemap={"changefreq": "monthly", "priority": 0.6},
)
