"""What every feed of the site shares."""

FEED_SIZE = 30
# The organization's domain, fixed: a feed item's GUID must never change, wherever the site
# is served from.
GUID_AUTHORITY = "odkb-csto.org"


def item_guid_for(kind, pk, created):
    """A GUID that survives title, slug and section changes (RFC 4151 tag URI)."""
    return f"tag:{GUID_AUTHORITY},{created:%Y-%m-%d}:{kind}/{pk}"
