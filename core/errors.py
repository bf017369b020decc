"""Error views that must work even when the request itself is unsound."""

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest
from django.views.defaults import bad_request as site_bad_request


def bad_request(request, exception):
    """A request for a Host the site does not serve gets a bare 400.

    Bots scanning by IP address send such requests all day. The site's 400 page builds
    absolute URLs (canonical link, share cards) from the Host, which Django refuses for
    exactly these requests, so rendering it would turn every one into a logged 500.
    """
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest(b"Bad Request (400)\n", content_type="text/plain")
    return site_bad_request(request, exception)
