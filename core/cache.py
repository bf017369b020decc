"""Caching, in two layers with one rule each (README "Caching"):

1. **Pages, in HTTP caches** (nginx's microcache in production, or a CDN). A page answered
   to an anonymous reader (no session, CSRF or messages cookie, no Authorization) is public
   for ``CSTO_SHARED_CACHE_SECONDS`` (10), or until the next scheduled publication if that
   comes sooner: ``Cache-Control: public, max-age=0, s-maxage=N``. Browsers revalidate every
   time and get a 304 (ConditionalGetMiddleware's ETag). Every other response that says
   nothing about caching is ``private``: staff and anyone holding one of those cookies are
   never served or stored by a shared cache.
2. **Values, in Django's cache** (Redis in production): what costs more than the page around
   it (list totals, archive months, filter choices, the menu, an article's neighbours, the
   rendered rows of a list: ``{% remember %}``) is computed again once it is
   ``CSTO_VALUE_CACHE_SECONDS`` (5) old, per language, by one request at a time:
   ``remember()``. Signed-in staff (a session) always get it computed afresh.

Nothing is ever invalidated, so no write has to know about caching: an edit, a publication
or a withdrawal reaches every reader within 15 seconds (10 + 5); staff see their own edits at
once, everywhere; an embargoed item appears at its second; a draft saved changes nothing
readers see. Redis may be down: the values are computed afresh and the site answers from
the database.
"""

import contextvars
import datetime
import hashlib
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

MESSAGES_COOKIE_NAME = "messages"  # django.contrib.messages' CookieStorage
# How long a remembered value stays in Redis at all: long enough that a value is always
# there to show while it is being computed again (its freshness is CSTO_VALUE_CACHE_SECONDS).
KEPT_SECONDS = 3600


def value_seconds():
    return settings.CSTO_VALUE_CACHE_SECONDS


def shared_seconds():
    return settings.CSTO_SHARED_CACHE_SECONDS


def value_key(name):
    digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
    return f"csto:value:{translation.get_language()}:{digest}"


class RequestState:
    """What one request knows about caching: whether it must have fresh values (signed-in
    staff), and the next scheduled publication, looked up at most once."""

    def __init__(self, fresh=False):
        self.fresh = fresh
        self._upcoming = None
        self._looked_up = False

    def next_publication(self):
        if not self._looked_up:
            self._upcoming, self._looked_up = next_publication(), True
        return self._upcoming


# Set for the length of a request by CacheHeadersMiddleware (a plain state outside one).
_state = contextvars.ContextVar("csto_cache_state", default=None)


def request_state():
    return _state.get() or RequestState()


def remember(name, compute):
    """``compute()``, kept in the shared cache under ``name`` and the active language, and
    computed again once it is CSTO_VALUE_CACHE_SECONDS old, or once the next scheduled
    publication has come (an embargoed item appears at its second in lists too).

    By one request at a time: the first to find it old computes it (and waits for it);
    requests arriving meanwhile get the previous value, at most one computation old. So a
    value that costs tens of milliseconds at 100,000 articles (a list's total, a page of its
    rows) is paid by one reader every few seconds, not by every reader at once. Signed-in
    staff always get it computed afresh.
    """
    state = request_state()
    if state.fresh:
        return compute()
    key = value_key(name)
    kept = cache.get(key)
    if kept is not None:
        value, good_until = kept
        if time.time() < good_until:
            return value
        # Old: whoever takes the lock computes; the others keep showing the kept value.
        if not cache.add(f"{key}:computing", 1, timeout=30):
            return value
    try:
        value = compute()
        # Between half the lifetime and all of it: values stored together (a list's total,
        # its rows, its filters) then fall due on different requests, not all on one.
        good_until = time.time() + value_seconds() * random.uniform(0.5, 1)  # noqa: S311
        upcoming = state.next_publication()
        if upcoming is not None:
            good_until = min(good_until, upcoming.timestamp())
        cache.set(key, (value, good_until), timeout=KEPT_SECONDS)
    finally:
        cache.delete(f"{key}:computing")
    return value


def next_publication():
    """The earliest future publication time of a published item of any type, or None: one
    query, a UNION of one index range scan per registered content type."""
    from . import content
    from .publishing import PublicationStatus

    now = timezone.now()
    parts = [
        entry.model.objects.filter(status=PublicationStatus.PUBLISHED, published_at__gt=now)
        .order_by()
        .values_list("published_at", flat=True)
        for entry in content.content_entries()
    ]
    if not parts:
        return None
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("published_at").first()


def is_anonymous_reader(request):
    """A request a shared cache may answer: a GET or HEAD carrying none of the cookies a
    signed-in or form-using visitor has, and no Authorization."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    private = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, MESSAGES_COOKIE_NAME)
    return not any(name in request.COOKIES for name in private)


def shareable(response):
    """A 200 that sets no cookie and whose view said nothing about caching itself."""
    return (
        response.status_code == 200
        and not response.cookies
        and not response.has_header("Cache-Control")
        and "cookie" not in response.get("Vary", "").lower()
    )


class CacheHeadersMiddleware:
    """Layer 1 of the module docstring: the Cache-Control of every response that has none;
    and, for layer 2, whether this request gets the remembered values or fresh ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = RequestState(fresh=settings.SESSION_COOKIE_NAME in request.COOKIES)
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if response.has_header("Cache-Control"):
            return response  # the admin, previews, health checks: their view decided
        if is_anonymous_reader(request) and shareable(response):
            seconds = shared_seconds()
            upcoming = state.next_publication()
            if upcoming is not None:
                until = (upcoming - timezone.now()) // datetime.timedelta(seconds=1)
                seconds = max(0, min(seconds, until))
            if seconds:
                patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            else:
                patch_cache_control(response, public=True, max_age=0, no_cache=True)
        else:
            patch_cache_control(response, private=True, max_age=0)
        return response
