"""The events app's content types, each registered once (see core/content.py)."""

from django.utils.translation import gettext_lazy as _

from core import content

from .models import Event, EventKind

content.register_reference(EventKind, translated=("name",))
content.register(
    Event,
    detail_view="events.views.EventDetailView",
    list_url="events:event_list",
    label=_("Events"),
    translated=("title", "place", "description"),
    rich_text=("description",),
    search={"title": "A", "place": "B", "description": "C"},
    date_field="date",
    list_related=("kind", "body"),
    sitemap={"changefreq": "weekly", "priority": 0.6},
)
