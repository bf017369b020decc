"""RSS 2.0 and Atom feeds of a topic: its newest published articles, meetings, documents and
events."""

from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.feeds import FEED_SIZE, Feed, item_guid_for

from .listing import KINDS
from .views import topic_or_404


class TopicFeed(Feed):
    def get_object(self, request, slug):
        return topic_or_404(slug)

    def title(self, topic):
        return _("CSTO Secretariat press service: %(topic)s") % {"topic": topic.name}

    def description(self, topic):
        return topic.description or topic.name

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        """The newest of each type, merged by publication time (one query per type)."""
        found = []
        for kind in KINDS:
            rows = kind.model.objects.published().for_listing().filter(topics=topic)
            found += rows.order_by("-published_at", "-pk")[:FEED_SIZE]
        return sorted(found, key=lambda item: item.published_at, reverse=True)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return getattr(item, "lead", "") or str(item.title)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return item_guid_for(item._meta.model_name, item.pk, item.created_at)

    item_guid_is_permalink = False

    def item_categories(self, item):
        return [str(item._meta.verbose_name)]


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed

    def subtitle(self, topic):
        return self.description(topic)
