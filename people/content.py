"""The people app's content type, registered once (see core/content.py)."""

from django.utils.translation import gettext_lazy as _

from core import content

from .models import Person

content.register(
    Person,
    detail_view="people.views.PersonDetailView",
    list_url="people:person_list",
    label=_("People"),
    translated=("title", "role", "biography"),
    rich_text=("biography",),
    search={"title": "A", "role": "B", "biography": "C"},
    sitemap={"changefreq": "monthly", "priority": 0.6},
)
