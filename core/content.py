"""The registry of content types: each is declared once, in its app's ``content.py``.

Three kinds, each registered with one call:

- ``register(Model, …)``: **public content** (articles, meetings, documents…). The model
  inherits ``core.publishing.Publishable``; from this one registration come its translated
  fields (django-modeltranslation), its change history (django-simple-history), a stored
  full-text vector per language computed by the database (``search=``), its place in site
  search and in the sitemap index, the "publish" permission and the two roles' rights
  (``core.roles``, applied after every ``migrate``), and the query-budget walk in the tests.
- ``register_part(Model, of="document", …)``: a **part** of a content item (a document's
  steps). It is shown only where its item is, and who may change it is decided by its item.
  ``of`` may be a generic relation: a part any content item may have (a correction note).
- ``register_reference(Model, …)``: **reference data** readers see but that has no
  publication state of its own (sections, bodies, member states): translated; editors may
  view it, publishers may add and change it.

``core.apps.CoreConfig.ready()`` imports every installed app's ``content.py`` before the
admin loads, so a new type needs no other list to be added to (README "How to add a content
type").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import override
from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as register_history

from .search import add_search_vectors

CONTENT, PART, REFERENCE = "content", "part", "reference"


@dataclass
class Entry:
    """What the site knows of one registered model."""

    model: type
    kind: str
    translated: tuple = ()
    # content: search weights by field ({"title": "A", …}); empty: not searched.
    search: dict = field(default_factory=dict)
    # content: fields holding rich text (HTML from the editor): sanitized when saved and
    # again when shown, edited with CKEditor in the admin.
    rich_text: tuple = ()
    # content: the label of its search results and sitemap ("News").
    label: str | Promise = ""
    # content: the date readers see beside it, and the newest-first order of its lists.
    date_field: str = "published_at"
    # content: relations every list or search result of it shows (fetched in one query).
    list_related: tuple = ()
    # content and reference: whether each item has a page of its own in the sitemap.
    sitemap: dict | None = None
    # content: the URL name of its public list ("news:article_list"), for the sitemap.
    list_url: str | None = None
    # content: its public detail view (a dotted path), for the preview before saving.
    detail_view: str | None = None
    # part: the field naming the content item it belongs to.
    of: str | None = None
    # part: its inline in the item's admin (a dotted path), added there by
    # core.admin.PublishingAdmin, so the item's app need not import the part's.
    admin_inline: str | None = None
    # part: written by publishers only (a public correction note); editors may look.
    publishers_only: bool = False

    @property
    def name(self):
        return self.model._meta.model_name

    @property
    def label_lower(self):
        return self.model._meta.label_lower

    @property
    def plural_slug(self):
        """ "articles", "member-states": the English plural, as in /sitemap-articles.xml."""
        with override("en"):
            return slugify(str(self.model._meta.verbose_name_plural))

    @property
    def publish_permission(self):
        opts = self.model._meta
        return f"{opts.app_label}.publish_{opts.model_name}"


_registry: dict[type, Entry] = {}


def _translate(model, fields):
    if fields:
        options = type(f"{model.__name__}Translation", (TranslationOptions,), {"fields": fields})
        translator.register(model, options)


def _record(entry):
    if entry.model in _registry:
        raise ValueError(f"{entry.model.__name__} is already registered as {entry.kind}")
    _translate(entry.model, entry.translated)
    # The vectors read the translated columns; the history, registered last, keeps every
    # language's text but not the vectors the database derives from it.
    vectors = add_search_vectors(entry.model, entry.search) if entry.search else []
    if entry.kind != REFERENCE:
        register_history(entry.model, excluded_fields=vectors)
    _registry[entry.model] = entry
    return entry


def register(model, *, translated, label, detail_view, list_url=None, search=None,
             rich_text=(), date_field="published_at", list_related=(), sitemap=None):  # fmt: skip
    """Register ``model`` (a ``Publishable``) as public content; see the module docstring."""
    from .publishing import Publishable

    if not issubclass(model, Publishable):
        raise TypeError(f"{model.__name__} must inherit core.publishing.Publishable")
    return _record(
        Entry(
            model=model,
            kind=CONTENT,
            # Every content type can be withdrawn, with its reason in each language.
            translated=(*translated, "withdrawal_reason"),
            search=dict(search or {}),
            rich_text=tuple(rich_text),
            label=label,
            list_url=list_url,
            detail_view=detail_view,
            date_field=date_field,
            list_related=tuple(list_related),
            sitemap={"changefreq": "monthly", "priority": 0.7, **(sitemap or {})},
        )
    )


def register_part(
    model,
    *,
    of,
    translated=(),
    search=None,
    label="",
    list_related=(),
    admin_inline=None,
    publishers_only=False,
):
    """Register ``model`` as a part of the content item its field ``of`` points to.

    With ``search`` (weights, as for content) and a ``label``, its rows are found by site
    search on their own (an attached file), where their item is published. ``admin_inline``
    (a dotted path) is added to its item's admin form (a gallery's photos).
    ``publishers_only``: only publishers write it, editors see it (a correction note)."""
    return _record(
        Entry(
            model=model,
            kind=PART,
            translated=tuple(translated),
            of=of,
            search=dict(search or {}),
            label=label,
            list_related=tuple(list_related),
            admin_inline=admin_inline,
            publishers_only=publishers_only,
        )
    )


def item_model(entry):
    """The content model a part belongs to; None for a part any content item may have (its
    ``of`` is a generic relation: a correction note)."""
    return entry.model._meta.get_field(entry.of).related_model


def part_inlines(model):
    """The dotted paths of the admin inlines registered for the parts of ``model``."""
    return [
        entry.admin_inline
        for entry in entries(PART)
        if entry.admin_inline and item_model(entry) in (model, None)
    ]


def register_reference(model, *, translated=(), sitemap=None):
    """Register ``model`` as reference data (``sitemap``: its items have public pages)."""
    return _record(
        Entry(model=model, kind=REFERENCE, translated=tuple(translated), sitemap=sitemap)
    )


def entries(kind=None):
    """Registered entries in registration order (apps in INSTALLED_APPS order)."""
    return [entry for entry in _registry.values() if kind is None or entry.kind == kind]


def content_entries():
    return entries(CONTENT)


def entry_for(model):
    """The entry of ``model`` (or of the concrete model a historical record copies), or None."""
    return _registry.get(getattr(model, "_meta", None) and model._meta.concrete_model)


def is_registered(model):
    return entry_for(model) is not None


def owner(obj):
    """The content item whose publication state decides who may change ``obj``: the item
    itself, the item a part belongs to, or None for reference data and anything else."""
    entry = entry_for(type(obj))
    if entry is None or entry.kind == REFERENCE:
        return None
    if entry.kind == PART:
        return getattr(obj, entry.of, None)
    return obj
