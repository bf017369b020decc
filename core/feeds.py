"""What every feed of the site shares."""

from django.contrib.syndication import views
from django.utils.feedgenerator import Rss201rev2Feed, rfc3339_date

FEED_SIZE = 30
# The organization's domain, fixed: a feed item's GUID must never change, wherever the site
# is served from.
GUID_AUTHORITY = "odkb-csto.org"


def item_guid_for(kind, pk, created):
    """A GUID that survives title, slug and section changes (RFC 4151 tag URI)."""
    return f"tag:{GUID_AUTHORITY},{created:%Y-%m-%d}:{kind}/{pk}"


class RssWithUpdates(Rss201rev2Feed):
    """RSS 2.0 with each item's last change as ``<atom:updated>``: RSS has no element of its
    own for it, and a corrected item must show as updated there too, as in Atom."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


class Feed(views.Feed):
    """The site's feeds: RSS 2.0 as above unless a subclass asks for Atom."""

    feed_type = RssWithUpdates
