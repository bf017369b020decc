"""What a topic page and its feeds list: the published articles, meetings, documents and
events tagged with the topic, each through its type's gate (``published()``)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core import content
from events.models import Event
from meetings.models import Document, Meeting
from news.models import Article


@dataclass(frozen=True)
class Kind:
    key: str  # the ?type= value
    model: type
    label: object  # plural, for headings and the filter

    @property
    def date_field(self):
        return content.entry_for(self.model).date_field

    def dated(self, items):
        """``items`` as a list, each with ``shown_date``: the date its lists show."""
        items = list(items)
        for item in items:
            item.shown_date = getattr(item, self.date_field)
        return items

    def tagged(self, topic):
        """Published items of this type tagged ``topic``, newest first."""
        return (
            self.model.objects.published()
            .for_listing()
            .filter(topics=topic)
            .order_by(f"-{self.date_field}", "-pk")
        )


KINDS = [
    Kind("article", Article, _("News")),
    Kind("meeting", Meeting, _("Meetings")),
    Kind("document", Document, _("Documents")),
    Kind("event", Event, _("Events")),
]
BY_KEY = {kind.key: kind for kind in KINDS}
