"""Rendered fragments of pages (article cards, register and meeting rows, filter forms),
kept in the shared cache.

When a page is not served from the page cache (after any edit, which changes the site
version; for a visitor carrying a cookie; for staff), the view still runs its queries, so
what is listed, and whether it may be shown at all, is always current. Only the HTML of each
listed item is reused, under a key made from what that item shows:

- the template set, the translations and the Django version in use
  (``site_templates_version()``: a deploy that changes any of them changes every key);
- the active language and the options the list renders the items with (``show_section``…);
- the item's own displayed values, as its ``fragment_values()`` (or another method named
  by the template) lists them (title, lead, section name, status, dates…), so an edit
  changes the key, whichever way it was made (admin, ``QuerySet.update()``, raw SQL).

The rule for whoever edits a fragment template: anything it shows must be in the values.

A key is never stale, so nothing has to be invalidated; an unused fragment expires after
``CSTO_FRAGMENT_CACHE_SECONDS``. Fragments are rendered without the request: they must not
show anything that depends on the visitor or the request (nonces, query strings, the user).
"""

import hashlib
from functools import cache
from pathlib import Path

import django
from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .cache import shared_cache


def site_templates_version():
    """A digest of every project template and translation catalogue: the code that renders
    a fragment is part of its key. Computed once per process, except with DEBUG on, where
    the development server picks up template edits without restarting."""
    if settings.DEBUG:
        return _templates_digest()
    return _process_templates_digest()


def _templates_digest():
    # Django's version too: its form widget templates render the filter forms.
    digest = hashlib.md5(django.get_version().encode(), usedforsecurity=False)
    roots = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    roots += [Path(p) for p in settings.LOCALE_PATHS]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".txt", ".mo", ".po"}:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_process_templates_digest = cache(_templates_digest)


def fragment_seconds():
    return getattr(settings, "CSTO_FRAGMENT_CACHE_SECONDS", 900)


def _digest(values):
    # A cryptographic hash: an editor cannot craft a title that takes another item's key.
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


def _prefix(template_name, options):
    return ":".join(
        (
            "csto:fragment",
            site_templates_version(),
            get_language() or "",
            template_name,
            _digest(sorted(options.items())),
        )
    )


def _render_cached(template_name, contexts, options):
    """``template_name`` rendered with each ``(values, context)``, joined; one ``get_many`` for
    all of them and one ``set_many`` for those that had to be rendered."""
    prefix = _prefix(template_name, options)
    keys = [f"{prefix}:{_digest(values)}" for values, _context in contexts]
    cache = shared_cache()
    found = cache.get_many(keys)
    missing = {}
    template = None
    parts = []
    for key, (_values, context) in zip(keys, contexts, strict=True):
        html = found.get(key)
        if html is None:
            template = template or get_template(template_name)
            html = template.render({**options, **context})
            missing[key] = html
        parts.append(html)
    if missing:
        cache.set_many(missing, fragment_seconds())
    return mark_safe("".join(parts))  # noqa: S308 - rendered by our own autoescaping templates


def render_each(items, template_name, name, options=None, values="fragment_values"):
    """The HTML of ``template_name`` rendered once per item (as ``name``, with ``options``),
    joined: cached fragments where the item shows the same as before (its ``values()``
    method lists what it shows)."""
    contexts = [
        ((item._meta.label_lower, item.pk, getattr(item, values)()), {name: item}) for item in items
    ]
    if not contexts:
        return ""
    return _render_cached(template_name, contexts, dict(options or {}))


def render_form(template_name, form, options=None):
    """A form (the list filters) rendered by ``template_name``, cached under what it shows:
    its ``fragment_values()`` (fields, choices, values in effect) and ``options``."""
    values = (type(form).__name__, form.fragment_values())
    return _render_cached(template_name, [(values, {"form": form})], dict(options or {}))
