"""The base of the site's sitemaps: the first page of each in one query.

Django's Sitemap counts its items before taking a page, to refuse a page past the end.
Page 1 (what /sitemap.xml serves) always exists, so it needs no COUNT(*): over 100,000
articles that count cost more than the page itself. Later pages (?p=2) still check.
"""

from django.contrib.sitemaps import Sitemap as BaseSitemap

from .pagination import FirstPagePaginator


class Sitemap(BaseSitemap):
    """Every URL once per language it exists in, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True

    def get_languages_for_item(self, item):
        languages = super().get_languages_for_item(item)
        if hasattr(item, "is_translated"):
            return [code for code in languages if item.is_translated(code)]
        return languages

    @property
    def paginator(self):
        return FirstPagePaginator(self._items(), self.limit)
