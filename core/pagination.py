"""Paginators that keep list pages to a fixed, small number of cheap queries at any size.

- CachedCountPaginator / CachedCountMixin: a list's total is remembered per site version
  (core.cache.remember), and deep pages fetch their keys first.
- SearchPaginator: a page of search results and their total in one query.
- FirstPagePaginator: the first page without a COUNT(*) (sitemaps).
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property

from .cache import remember


class CachedCountPaginator(Paginator):
    """A paginator whose total is remembered per list (``count_key``) and site version.

    COUNT(*) over 100,000 published articles costs more than the page itself; the total
    only changes when something is saved or an embargo ends, and both change the version.
    """

    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    # From this many rows in, a page is fetched in two steps: first its keys alone (an
    # index-only scan can skip 24,000 index entries quickly; the keys are remembered like the
    # total), then its rows by key. A plain OFFSET would read every skipped row from the table.
    deep_offset = 480

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        return remember(f"count:{self.count_key}", lambda: Paginator.count.func(self))

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.deep_offset or not hasattr(self.object_list, "values_list"):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys_of_page = self.object_list.values_list("pk", flat=True)[bottom:top]
        keys = remember(f"keys:{self.count_key}:{number}", lambda: list(keys_of_page))
        # Lazy: a page whose rows are remembered (``{% remember %}``) never fetches them.
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


class CachedCountMixin:
    """For ListView: the total of each list (its path and filters, not the page) is cached."""

    paginator_class = CachedCountPaginator

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        params = sorted(
            (key, value)
            for key, values in self.request.GET.lists()
            if key != self.page_kwarg
            for value in values
        )
        return self.paginator_class(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_key=f"{self.request.path}?{params!r}",
            **kw,
        )


class SearchPaginator(Paginator):
    """Pages of ``core.search.search()`` rows: the page and the total in one query.

    The search page shows how many results there are; a separate COUNT(*) over the union
    would repeat the whole full-text match. Rows are (kind, pk, rank, date): ordered by
    rank, then date, as search() orders them.
    """

    MAX_PAGE = 10_000

    def page(self, number):
        number = self.validate_number_format(number)
        union = self.object_list.order_by()  # ordered again outside, by rank then date
        sql, params = union.query.sql_with_params()
        with connections[union.db].cursor() as cursor:
            cursor.execute(
                f"SELECT *, COUNT(*) OVER () FROM ({sql}) AS results "  # noqa: S608 - Django's SQL
                "ORDER BY 3 DESC, 4 DESC LIMIT %s OFFSET %s",
                [*params, self.per_page, (number - 1) * self.per_page],
            )
            rows = cursor.fetchall()
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        self.__dict__["count"] = rows[0][-1] if rows else 0
        return self._get_page([row[:-1] for row in rows], number, self)

    def validate_number_format(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number > self.MAX_PAGE:
            # Far past any result, and an OFFSET past the database's integer range.
            raise EmptyPage("That page contains no results")
        return number


class FirstPagePaginator(Paginator):
    """Page 1 without COUNT(*): it always exists; later pages are checked as usual."""

    def page(self, number):
        if str(number) == "1":
            return self._get_page(list(self.object_list[: self.per_page]), 1, self)
        return super().page(number)
