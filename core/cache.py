"""Caching, in two layers with one rule each (README "Caching"):

1. **Pages, in HTTP caches** (nginx's microcache in production, or a CDN). A page answered
   to an anonymous reader (no session, CSRF or messages cookie, no Authorization) is public
   for ``CSTO_SHARED_CACHE_SECONDS`` (10), or until the next scheduled publication if that
   comes sooner: ``Cache-Control: public, max-age=0, s-maxage=N``. Browsers revalidate every
   time and get a 304 (ConditionalGetMiddleware's ETag). Every other response that says
   nothing about caching is ``private``: staff and anyone holding one of those cookies are
   never served or stored by a shared cache.
2. **Values, in Django's cache** (Redis in production): the few values that cost more than
   the page around them (list totals, archive months, filter choices, the header menu, the
   sidebar) are computed again once they are ``CSTO_VALUE_CACHE_SECONDS`` (5) old, per
   language, by one request at a time: ``remember()``.

Nothing is ever invalidated, so no write has to know about caching: an edit, a publication
or a withdrawal reaches every reader within 15 seconds (10 + 5); staff see their own edits at
once; an embargoed item appears at its second; a draft saved changes nothing readers see.
Redis may be down: the values are computed afresh and the site answers from the database.
"""

import datetime
import hashlib
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


def remember(name, compute):
    """``compute()``, kept in the shared cache under ``name`` and the active language, and
    computed again once it is CSTO_VALUE_CACHE_SECONDS old.

    By one request at a time: the first to find it old computes it (and waits for it);
    requests arriving meanwhile get the previous value, at most one computation old. So a
    value that costs tens of milliseconds at 100,000 articles (archive months, a list's
    total) is paid by one reader every few seconds, not by every reader at once.
    """
    key = value_key(name)
    now = time.time()
    kept = cache.get(key)
    if kept is not None:
        value, computed_at = kept
        if now - computed_at < value_seconds():
            return value
        # Old: whoever takes the lock computes; the others keep showing the kept value.
        if not cache.add(f"{key}:computing", 1, timeout=30):
            return value
    try:
        value = compute()
        cache.set(key, (value, time.time()), timeout=KEPT_SECONDS)
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
    """Layer 1 of the module docstring: the Cache-Control of every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response  # the admin, previews, health checks: their view decided
        if is_anonymous_reader(request) and shareable(response):
            seconds = shared_seconds()
            upcoming = next_publication()
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
