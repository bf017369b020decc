"""The site's main menu: the news sections and the pages the press office puts in it."""

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.utils.functional import SimpleLazyObject

from core.cache import remember
from news.models import Section
from pages.models import Page


def _rows(queryset, kind, name, order):
    """(kind, pk, slug, English name, Russian name, position) rows of ``queryset``, as a
    plain QuerySet: modeltranslation's reorders values_list() columns, and a UNION needs
    both sides' columns in the same order."""
    columns = [f"{name}_{code}" for code, _name in settings.LANGUAGES]
    plain = models.QuerySet(model=queryset.model, query=queryset.query.chain())
    return (
        plain.annotate(menu_kind=Value(kind, output_field=models.CharField()))
        .order_by()
        .values_list("menu_kind", "pk", "slug", *columns, order)
    )


def main_menu():
    """{"sections": [...], "pages": [...]}, each in menu order, from one query (a UNION),
    remembered per language like any value (core/cache.py)."""

    def compute():
        sections = _rows(Section.objects.all(), "section", "name", "position")
        in_menu = Page.objects.published().filter(show_in_menu=True)
        pages = _rows(in_menu, "page", "title", "position")
        menu = {"section": [], "page": []}
        for kind, pk, slug, *names, position in sections.union(pages, all=True):
            model, name = (Section, "name") if kind == "section" else (Page, "title")
            item = model(pk=pk, slug=slug, position=position)
            for (code, _name), text in zip(settings.LANGUAGES, names, strict=True):
                setattr(item, f"{name}_{code}", text)
            menu[kind].append(item)
        menu["section"].sort(key=lambda section: (section.position, section.name))
        menu["page"].sort(key=lambda page: (page.position, page.pk))
        return {"sections": menu["section"], "pages": menu["page"]}

    return remember("website:main-menu", compute)


def navigation(request):
    """The menu for base.html; lazy, so pages that don't show it don't look it up."""
    menu = SimpleLazyObject(main_menu)
    return {
        "nav_sections": SimpleLazyObject(lambda: menu["sections"]),
        "nav_pages": SimpleLazyObject(lambda: menu["pages"]),
    }
