"""Caching for anonymous readers: whole public pages, and the few small values behind them.

A press site is read far more than it is written. Anonymous readers of the public pages get
a copy from the shared cache (Redis in production, local memory in development and tests);
everyone else goes to the views every time. The rules, in order of importance:

- **Who is never served from the cache, and never fills it**: any request that is not a GET
  or HEAD; that carries a session, CSRF or messages cookie (staff, and anyone who has been
  near a form); that carries an Authorization header; that asks for a preview
  (``CSTO_PAGE_CACHE_BYPASS_PARAMS``); whose user is authenticated. Only the views listed in
  ``CSTO_PAGE_CACHE_VIEWS`` (the public site) are cached at all: the admin, the editor's
  upload views and the health checks never are, wherever their URLs are mounted.
- **What is stored**: a 200 that sets no cookie, does not vary on Cookie, is not streamed,
  and was not marked ``private``, ``no-store`` or ``no-cache`` by its view.
- **How long**: every key starts with the *site version*: a generation counter bumped on
  every save or delete of a news or meetings model (and again when the transaction
  commits), plus the time of the next scheduled publication. An edit, a publish or an
  unpublish is visible at once; an embargoed item appears at its second, because when that
  time passes the version changes, and no entry outlives it: lifetimes are
  ``min(CSTO_PAGE_CACHE_SECONDS, seconds until the next scheduled publication)``.
- **Downstream caches** (nginx's microcache, a CDN) may keep a page for
  ``s-maxage = min(CSTO_SHARED_CACHE_SECONDS, seconds until the next publication)``; they
  cannot be told about an edit, so that is the longest an edit can take to reach readers
  through them. Browsers get ``max-age=0`` with an ``ETag`` and ``Last-Modified``: they ask
  again each time and usually get a 304 (ConditionalGetMiddleware, just above this one).

The version lookup is one cache round trip per request (``get_many``); the time of the next
publication is one indexed query, remembered until it passes or the generation changes.
"""

from __future__ import annotations

import contextvars
import hashlib
import math
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    cc_delim_re,
    get_cache_key,
    has_vary_header,
    learn_cache_key,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date

GENERATION_KEY = "csto:site:generation"
NEXT_PUBLICATION_KEY = "csto:site:next-publication"
# How long the "next publication" answer is trusted at most, even without any change seen
# (a change made behind the ORM's back, with raw SQL, is picked up within this time).
NEXT_PUBLICATION_SECONDS = 60
# Apps whose every model is part of what public pages show.
PUBLIC_APPS = ("news", "meetings")
MESSAGES_COOKIE_NAME = "messages"  # django.contrib.messages' CookieStorage

_MISSING = object()
# Set by PageCacheMiddleware for the length of a request: [] until the state is looked up.
_request_state = contextvars.ContextVar("csto_site_state", default=None)


def shared_cache():
    return caches[getattr(settings, "CSTO_PAGE_CACHE_ALIAS", "default")]


def page_cache_seconds():
    return getattr(settings, "CSTO_PAGE_CACHE_SECONDS", 60)


def shared_cache_seconds():
    return getattr(settings, "CSTO_SHARED_CACHE_SECONDS", 15)


# --- the site version ------------------------------------------------------------------------


def _fresh_generation():
    """A starting value no earlier generation can have had (the key may be evicted)."""
    return time.time_ns() // 1000


def bump_generation(**_ignored):
    """Make every cached page and value stale: now, and again once the transaction commits.

    The second bump covers a reader who, between the first bump and the commit, rendered
    the old rows and stored them under the new generation.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump():
    cache = shared_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted or never set
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)


def publishable_models():
    from csto_press.publishing import Publishable

    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def next_publication_from_db(now):
    """The earliest future publication time of a published item of any kind, or None.

    One query (a UNION of one index range scan per table); embargoes are few, so it is cheap.
    """
    from csto_press.publishing import PublicationStatus

    parts = [
        model._default_manager.filter(status=PublicationStatus.PUBLISHED, published_at__gt=now)
        .order_by()
        .values_list("published_at", flat=True)
        for model in publishable_models()
    ]
    if not parts:
        return None
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("published_at").first()


@dataclass(frozen=True)
class SiteState:
    """What every cache key of the public site depends on."""

    generation: int
    next_publication: float | None  # a Unix timestamp

    @property
    def key(self):
        upcoming = int(self.next_publication) if self.next_publication else 0
        return f"{self.generation}.{upcoming}"

    def seconds_left(self, now=None):
        """Whole seconds until the next scheduled publication (None: nothing scheduled)."""
        if self.next_publication is None:
            return None
        return max(0, math.floor(self.next_publication - (now or time.time())))

    def lifetime(self, cap):
        """``cap`` seconds, or fewer if a publication comes sooner; 0 means do not keep."""
        left = self.seconds_left()
        return cap if left is None else min(cap, left)


def load_site_state():
    """The current SiteState: one cache round trip, one query when the answer went stale."""
    cache = shared_cache()
    values = cache.get_many([GENERATION_KEY, NEXT_PUBLICATION_KEY])
    generation = values.get(GENERATION_KEY)
    if generation is None:
        generation = _fresh_generation()
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY, generation)
    now = time.time()
    known = values.get(NEXT_PUBLICATION_KEY)
    if known and known[0] == generation and (known[1] is None or known[1] > now):
        upcoming = known[1]
    else:
        moment = next_publication_from_db(timezone.now())
        upcoming = moment.timestamp() if moment else None
        timeout = NEXT_PUBLICATION_SECONDS
        if upcoming is not None:
            timeout = max(1, min(timeout, math.ceil(upcoming - now)))
        cache.set(NEXT_PUBLICATION_KEY, (generation, upcoming), timeout)
    return SiteState(generation, upcoming)


def site_state():
    """The SiteState of this request (looked up once per request), or a fresh one."""
    memo = _request_state.get()
    if memo is None:
        return load_site_state()
    if not memo:
        memo.append(load_site_state())
    return memo[0]


def remember(name, compute, *, seconds=None):
    """``compute()``, kept in the shared cache under ``name`` for this site version and
    language, at most ``seconds`` (default CSTO_PAGE_CACHE_SECONDS) and never past the
    next scheduled publication."""
    state = site_state()
    digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
    key = f"csto:value:{state.key}:{translation.get_language()}:{digest}"
    cache = shared_cache()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        lifetime = state.lifetime(seconds or page_cache_seconds())
        if lifetime > 0:
            cache.set(key, value, lifetime)
    return value


# --- the page cache --------------------------------------------------------------------------


def is_cached_view(request):
    """Whether the resolved view is one of the public pages (CSTO_PAGE_CACHE_VIEWS)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    allowed = getattr(settings, "CSTO_PAGE_CACHE_VIEWS", ())
    name = match.view_name
    namespace = ":".join(match.namespaces)
    return name in allowed or (bool(namespace) and f"{namespace}:*" in allowed)


def bypass_reason(request):
    """Why this request must neither be served from the cache nor fill it (None: it may)."""
    if request.method not in ("GET", "HEAD"):
        return "method"
    cookies = request.COOKIES
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, MESSAGES_COOKIE_NAME):
        if name in cookies:
            return f"cookie {name}"
    if "HTTP_AUTHORIZATION" in request.META:
        return "authorization"
    for param in getattr(settings, "CSTO_PAGE_CACHE_BYPASS_PARAMS", ()):
        if param in request.GET:
            return f"parameter {param}"
    # No session cookie: the user is anonymous (request.user is not looked at here: that
    # would mark the session accessed and add "Vary: Cookie").
    return None


def _cache_control(response):
    return {
        directive.split("=", 1)[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        if directive.strip()
    }


def forget_session_vary(response):
    """Drop the "Vary: Cookie" SessionMiddleware adds whenever a view merely looked at the
    session (``request.user``, a preview check) during a request that had no session.

    Only requests without a session, CSRF or messages cookie reach this, and a request with
    one of those never gets a cached page (here, or from nginx): for the requests that may
    share a cached copy the session was empty, whatever other cookies they carry. A
    response that *set* a cookie is still never stored.
    """
    if response.cookies or not has_vary_header(response, "Cookie"):
        return
    kept = [
        field.strip()
        for field in cc_delim_re.split(response["Vary"])
        if field.strip() and field.strip().lower() != "cookie"
    ]
    if kept:
        response.headers["Vary"] = ", ".join(kept)
    else:
        del response.headers["Vary"]


def is_storable(response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    if has_vary_header(response, "Cookie") or has_vary_header(response, "*"):
        return False
    return not ({"private", "no-store", "no-cache"} & _cache_control(response))


def _drop_directives(response, names):
    """Cache-Control without the given directives (patch_cache_control only adds)."""
    kept = [
        part.strip()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
        if part.strip() and part.split("=", 1)[0].strip().lower() not in names
    ]
    if kept:
        response.headers["Cache-Control"] = ", ".join(kept)
    elif response.has_header("Cache-Control"):
        del response.headers["Cache-Control"]


def make_public(response, state):
    """Headers for a page anyone may be given: shared caches keep it briefly, browsers ask."""
    _drop_directives(response, {"private", "no-cache", "no-store", "max-age", "s-maxage"})
    shared = state.lifetime(shared_cache_seconds())
    if shared > 0:
        patch_cache_control(response, public=True, max_age=0, s_maxage=shared)
    else:
        patch_cache_control(response, public=True, max_age=0, no_cache=True)


def make_private(response):
    """A public page shown to someone who bypasses the cache: no shared cache may keep it."""
    _drop_directives(response, {"public", "s-maxage"})
    patch_cache_control(response, private=True, max_age=0)


class PageCacheMiddleware:
    """Whole public pages for anonymous readers, from the shared cache (see module docstring).

    Placed near the top of MIDDLEWARE so that it stores the response every other middleware
    has finished (their headers, any cookie or Vary they added). It looks pages up in
    ``process_view``: by then the URL is resolved (only public views are cached) and the
    language is chosen (the key carries it, and the Vary headers' values).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_state.set([])
        try:
            response = self.get_response(request)
            plan = getattr(request, "_page_cache", None)
            if plan is not None:
                self.finish(request, response, plan)
            return response
        finally:
            _request_state.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "CSTO_PAGE_CACHE", True) or not is_cached_view(request):
            return None
        reason = bypass_reason(request)
        if reason is not None:
            request._page_cache = ("bypass", reason, None)
            return None
        state = site_state()
        prefix = f"csto.page.{state.key}"
        cache = shared_cache()
        key = get_cache_key(request, prefix, "GET", cache=cache)
        entry = cache.get(key) if key else None
        if entry is not None:
            content, headers = entry
            request._page_cache = ("hit", prefix, state)
            return HttpResponse(content, headers=headers)
        request._page_cache = ("miss", prefix, state)
        return None

    def finish(self, request, response, plan):
        outcome, detail, state = plan
        if outcome == "bypass":
            if response.status_code < 400:
                make_private(response)
            return
        if outcome == "hit":
            make_public(response, state)
            response.headers["X-Page-Cache"] = "hit"
            return
        lifetime = state.lifetime(page_cache_seconds())
        forget_session_vary(response)
        if not is_storable(response):
            if response.status_code == 200:
                make_private(response)
            return
        make_public(response, state)
        if request.method != "GET" or lifetime <= 0:
            return  # a HEAD, or a publication due within the second: not stored
        if not response.has_header("ETag"):
            set_response_etag(response)
        response.headers.setdefault("Last-Modified", http_date())
        cache = shared_cache()
        key = learn_cache_key(request, response, lifetime, detail, cache=cache)
        headers = {
            name: value for name, value in response.items() if name.lower() != "x-page-cache"
        }
        cache.set(key, (response.content, headers), lifetime)
        response.headers["X-Page-Cache"] = "miss"


def connect_signals():
    """Every change to a model of the public apps makes the cached site stale."""
    for app_label in PUBLIC_APPS:
        for model in apps.get_app_config(app_label).get_models():
            uid = f"csto-cache-{model._meta.label_lower}"
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="csto-cache-m2m")


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and instance._meta.app_label in PUBLIC_APPS:
        bump_generation()
