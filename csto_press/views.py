"""Site-wide pages that belong to no single app: search and robots.txt."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from meetings.models import Document, Meeting
from news.models import Article

from . import search

SEARCH_TARGETS = [
    search.SearchTarget(
        "news", _("News"), Article, ("lead", "body"), ("section",), date_attr="published_at"
    ),
    search.SearchTarget(
        "meetings", _("Meetings"), Meeting, ("summary", "place"), ("body",), date_attr="date"
    ),
    search.SearchTarget(
        "documents",
        _("Documents"),
        Document,
        ("reference_number", "summary"),
        ("body",),
        date_attr="current_status_date",
    ),
]


class SearchView(TemplateView):
    """One search page over every public kind of item; GET only, no cookies."""

    template_name = "search/results.html"
    paginate_by = 10
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text, truncated = search.clean_query(self.request.GET.get("q", ""))
        kinds = {target.key: target for target in SEARCH_TARGETS}
        kind = self.request.GET.get("type", "")
        targets = [kinds[kind]] if kind in kinds else SEARCH_TARGETS
        context.update(
            query=text,
            truncated=truncated,
            max_length=search.MAX_QUERY_LENGTH,
            kinds=[(target.key, target.label) for target in SEARCH_TARGETS],
            current_kind=kind if kind in kinds else "",
            results=[],
            page_obj=None,
        )
        rows = search.search(targets, text) if text else None
        if rows is None:
            return context
        paginator = Paginator(rows, self.paginate_by)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404(_("No such page of results.")) from error
        context.update(
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            total=paginator.count,
            results=search.attach_results(SEARCH_TARGETS, list(page.object_list), text),
        )
        return context


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /ckeditor/",
        "Disallow: /search/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
