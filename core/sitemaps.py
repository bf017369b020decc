"""The base of the site's sitemaps: a sitemap index of sections, each paginated in SQL.

``/sitemap.xml`` is the index (``django.contrib.sitemaps.views.index``): one entry per
section, ``/sitemap-<section>.xml``, and one per further page (``?p=2``…), so every public
item is listed however large the archive grows. Django's own Sitemap, with ``i18n`` on,
builds the (item, language) pairs of *every* item before taking a page (at 100,000 articles:
5 s and 5 MB for one response); here a page is taken from the database first (``limit``
items, in SQL), then each item on it is paired with the languages it exists in.

Queries: a section page is one query (page 1) or two (a later page counts first, to refuse a
page past the end); the index makes one per database-backed section, counting its items and
finding their latest change together.
"""

from functools import cached_property, partial

from django.contrib.sitemaps import Sitemap as BaseSitemap
from django.db.models import Count, Max
from django.urls import reverse

from . import content
from .pagination import FirstPagePaginator

# Items per sitemap page: each is listed once per language, with its alternates, so a page
# stays far below the protocol's 50,000 URLs and 50 MB, and renders in well under a second.
ITEMS_PER_PAGE = 2000


class LanguagePairsPaginator(FirstPagePaginator):
    """A sitemap's pages of items, taken in SQL and handed out as the (item, language) pairs
    Django's i18n sitemaps expect; the number of items is the sitemap's ``summary``."""

    def __init__(self, sitemap):
        super().__init__(sitemap.items(), sitemap.limit)
        self.sitemap = sitemap

    @cached_property
    def count(self):
        return self.sitemap.summary["count"]

    def _get_page(self, object_list, number, paginator):
        return super()._get_page(self.sitemap.with_languages(object_list), number, paginator)


class Sitemap(BaseSitemap):
    """Every URL once per language it exists in, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    limit = ITEMS_PER_PAGE
    # The field behind lastmod(), for the index's "latest change" in the counting query.
    lastmod_field = None

    def get_languages_for_item(self, item):
        languages = super().get_languages_for_item(item)
        if hasattr(item, "is_translated"):
            return [code for code in languages if item.is_translated(code)]
        return languages

    def with_languages(self, items):
        return [(item, code) for item in items for code in self.get_languages_for_item(item)]

    @cached_property
    def summary(self):
        """How many items, and their latest change: one query (or none for a fixed list)."""
        items = self.items()
        if not hasattr(items, "aggregate"):
            return {"count": len(items), "latest": None}
        aggregates = {"count": Count("pk")}
        if self.lastmod_field:
            aggregates["latest"] = Max(self.lastmod_field)
        return {"latest": None, **items.order_by().aggregate(**aggregates)}

    def get_latest_lastmod(self):
        return self.summary["latest"]

    @property
    def paginator(self):
        return LanguagePairsPaginator(self)


class PagesSitemap(Sitemap):
    """The home page and every content type's list."""

    changefreq = "daily"
    priority = 0.6

    def __init__(self, names):
        self.names = names

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


class EntrySitemap(Sitemap):
    """Every public item of one registered type (content), or every row (reference data
    with pages of their own), newest first."""

    def __init__(self, entry):
        self.entry = entry
        self.changefreq = entry.sitemap.get("changefreq")
        self.priority = entry.sitemap.get("priority")
        self.lastmod_field = "updated_at" if entry.kind == content.CONTENT else None

    def items(self):
        model = self.entry.model
        if self.entry.kind != content.CONTENT:
            return model._default_manager.all()
        return (
            model.objects.published_in_any_language()
            .for_listing()
            .defer(*self.entry.rich_text)
            .order_by(f"-{self.entry.date_field}", "-pk")
        )

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


def registered_sitemaps(home="home"):
    """{section: sitemap} for the index: the pages, then each type with pages of its own.

    Each value makes a fresh sitemap per request (Django calls it), so what a sitemap
    counts and dates is never remembered from an earlier one."""
    entries = [entry for entry in content.entries() if entry.sitemap is not None]
    lists = [entry.list_url for entry in content.content_entries() if entry.list_url]
    return {
        "pages": partial(PagesSitemap, [home, *lists]),
        **{entry.plural_slug: partial(EntrySitemap, entry) for entry in entries},
    }
