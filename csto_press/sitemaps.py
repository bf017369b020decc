"""The base of the site's sitemaps: the first page of each in one query.

Django's Sitemap counts its items before taking a page, to refuse a page past the end.
Page 1 (what /sitemap.xml serves) always exists, so it needs no COUNT(*): over 100,000
articles that count cost more than the page itself. Later pages (?p=2) still check.
"""

from django.contrib.sitemaps import Sitemap as BaseSitemap

from .pagination import FirstPagePaginator


class Sitemap(BaseSitemap):
    @property
    def paginator(self):
        return FirstPagePaginator(self._items(), self.limit)
