"""The site's main menu: the news sections and the pages the press office puts in it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.utils.functional import SimpleLazyObject

from core.cache import remember
from news.models import Section
from pages.models import MenuPlace, Page


def _rows(queryset, kind, name, place):
    """(kind, pk, slug, English name, Russian name, position, place) rows of ``queryset``,
    as a plain QuerySet: modeltranslation's reorders values_list() columns, and a UNION
    needs both sides' columns in the same order."""
    columns = [f"{name}_{code}" for code, _name in settings.LANGUAGES]
    plain = models.QuerySet(model=queryset.model, query=queryset.query.chain())
    text = models.CharField()
    return (
        plain.annotate(menu_kind=Value(kind, output_field=text), place=place)
        .order_by()
        .values_list("menu_kind", "pk", "slug", *columns, "position", "place")
    )


def main_menu():
    """{"sections": [...], "first_pages": [...], "pages": [...]}, each in menu order (the
    pages placed before All news, and those after Documents), from one query (a UNION),
    remembered per language like any value (core/cache.py)."""

    def compute():
        nothing = Value("", output_field=models.CharField())
        sections = _rows(Section.objects.all(), "section", "name", nothing)
        in_menu = Page.objects.published().filter(show_in_menu=True)
        pages = _rows(in_menu, "page", "title", F("menu_place"))
        menu = {"section": [], MenuPlace.START: [], MenuPlace.END: []}
        for kind, pk, slug, *names, position, place in sections.union(pages, all=True):
            model, name = (Section, "name") if kind == "section" else (Page, "title")
            item = model(pk=pk, slug=slug, position=position)
            for (code, _name), text in zip(settings.LANGUAGES, names, strict=True):
                setattr(item, f"{name}_{code}", text)
            menu[place or kind].append(item)
        menu["section"].sort(key=lambda section: (section.position, section.name))
        for place in MenuPlace:
            menu[place].sort(key=lambda page: (page.position, page.pk))
        return {
            "sections": menu["section"],
            "first_pages": menu[MenuPlace.START],
            "pages": menu[MenuPlace.END],
        }

    return remember("website:main-menu", compute)


def navigation(request):
    """The menu for base.html; lazy, so pages that don't show it don't look it up."""
    menu = SimpleLazyObject(main_menu)
    return {
        "nav_sections": SimpleLazyObject(lambda: menu["sections"]),
        "nav_first_pages": SimpleLazyObject(lambda: menu["first_pages"]),
        "nav_pages": SimpleLazyObject(lambda: menu["pages"]),
    }
