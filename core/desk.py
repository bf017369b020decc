"""The desk: what waits for the signed-in person, on the admin's front page.

For a publisher, first what waits for their review; for an editor, first what came back to
them. Then, for both: what is scheduled and when it goes out, what was published today, and
what lacks a translation or an image description among the items published in the last
``RECENT`` days or waiting for review (the admin lists' "By translation" filter finds the
older ones). Every row is one click from its item.
Drawn from every registered content type (``core.content``), a few rows of each.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import content, permissions
from .publishing import PublicationStatus, ReviewState

ROWS = 20
RECENT = datetime.timedelta(days=30)


@dataclass
class Row:
    item: object
    kind: str
    url: str
    detail: str = ""


@dataclass
class Pile:
    key: str
    title: str
    rows: list = field(default_factory=list)


def _missing(language_field):
    """Items written in some language but missing ``language_field`` there."""
    condition = Q()
    for code, _name in settings.LANGUAGES:
        written = Q(**{f"title_{code}__gt": ""})
        column = f"{language_field}_{code}"
        empty = Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
        condition |= written & empty
    return condition


def _untranslated():
    """Items written in one language and not in another."""
    condition = Q()
    for code, _name in settings.LANGUAGES:
        condition |= Q(**{f"title_{code}__isnull": True}) | Q(**{f"title_{code}": ""})
    return condition


def _filters(now, today):
    """(key, title, filter, order, detail) of each pile, for every content type."""
    published = Q(status=PublicationStatus.PUBLISHED)
    submitted, returned = Q(review=ReviewState.SUBMITTED), Q(review=ReviewState.RETURNED)
    out_today = published & Q(published_at__gte=today, published_at__lte=now)
    recent = (published & Q(published_at__gte=now - RECENT)) | submitted
    untranslated = recent & _untranslated()
    return [
        ("review", _("Waiting for review"), submitted, "-updated_at", "note"),
        ("returned", _("Returned to the editor"), returned, "-updated_at", "note"),
        ("scheduled", _("Scheduled"), published & Q(published_at__gt=now), "published_at", "time"),
        ("today", _("Published today"), out_today, "-published_at", "time"),
        ("translation", _("Missing a translation"), untranslated, "-published_at", "languages"),
        ("alt", _("Missing an image description"), recent, "-published_at", "alt"),
    ]


def for_user(user):
    """The piles of the desk, in the order this person needs them; empty piles left out."""
    now = timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    piles = {key: Pile(key, title) for key, title, *_rest in _filters(now, today)}
    may_publish = False
    for entry in content.content_entries():
        model = entry.model
        if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        may_publish = may_publish or permissions.may_publish(user, model)
        items = model._default_manager.only(*_columns(entry))
        for key, _title, condition, order, detail in _filters(now, today):
            if key == "alt":
                if "image_alt" not in entry.translated:
                    continue
                condition &= ~Q(image="") & _missing("image_alt")
            _collect(piles[key], model, items.filter(condition).order_by(order), detail)
    order = ["review", "returned"] if may_publish else ["returned", "review"]
    order += ["scheduled", "today", "translation", "alt"]
    return [piles[key] for key in order if piles[key].rows]


def _columns(entry):
    """What a row shows: its title and the detail columns, not bodies or search vectors."""
    translated = [
        f"{name}_{code}"
        for name in ("title", "image_alt")
        if name in entry.translated
        for code, _name in settings.LANGUAGES
    ]
    image = ["image"] if "image_alt" in entry.translated else []
    return ["status", "published_at", "review_note", *translated, *image]


def _collect(pile, model, queryset, detail):
    opts = model._meta
    for item in queryset[:ROWS]:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
        pile.rows.append(Row(item, opts.verbose_name, url, _detail(item, detail)))


def _detail(item, detail):
    if detail == "note":
        return item.review_note
    if detail == "time":
        return timezone.localtime(item.published_at).strftime("%d.%m.%Y %H:%M")
    if detail == "alt":
        missing = [
            code.upper()
            for code in item.languages_written()
            if not getattr(item, f"image_alt_{code}", "")
        ]
        return _("no description in %(languages)s") % {"languages": ", ".join(missing)}
    if detail == "languages":
        return " ".join(
            f"{code.upper()} {'✓' if item.is_translated(code) else '✗'}"
            for code, _name in settings.LANGUAGES
        )
    return ""
