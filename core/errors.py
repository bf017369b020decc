"""Error views that must work even when the request itself, or a service, is unsound.

Both are plain pages that need no database: they are shown exactly when something else
failed.
"""

import logging
import sys

from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponseBadRequest
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import bad_request as site_bad_request
from django.views.defaults import server_error as site_server_error

logger = logging.getLogger("csto.outage")

# How long readers are asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


def bad_request(request, exception):
    """A request for a Host the site does not serve gets a bare 400.

    Bots scanning by IP address send such requests all day. The site's 400 page builds
    absolute URLs (canonical link, share cards) from the Host, which Django refuses for
    exactly these requests, so rendering it would turn every one into a logged 500.
    """
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest(b"Bad Request (400)\n", content_type="text/plain")
    return site_bad_request(request, exception)


def database_unavailable(error):
    """Whether ``error`` means the database cannot be reached (not a bug in a query)."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    # A lost or refused connection has no SQLSTATE of a failed statement behind it.
    cause = error.__cause__
    return getattr(cause, "pgcode", None) is None


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The 500 page, except while the database is unreachable: then a 503 with the site's
    "briefly unavailable" page and ``Retry-After``, the page nginx may replace with a stale
    copy of the one asked for. The outage is logged once a minute, not once a request
    (``csto.outage``, LOGGING in settings/production.py)."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError) and database_unavailable(error):
        logger.warning("database unavailable: %s", str(error).strip().splitlines()[0])
        response = site_server_error(request, template_name="503.html")
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return site_server_error(request, template_name)
