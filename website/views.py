"""The site's own pages, which belong to no single app: home, search, robots.txt."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from core import search
from core.cache import remember
from core.pagination import SearchPaginator
from events import calendar
from news.models import Article


class HomeView(TemplateView):
    """The lead story, the latest news, and the forward look (what is coming up)."""

    template_name = "website/home.html"
    home_size = 9
    forward_look_size = 4

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = list(Article.objects.published().for_listing()[: self.home_size + 1])
        context["lead_article"] = articles[0] if articles else None
        context["articles"] = articles[1:]
        context["forward_look"] = calendar.upcoming(self.forward_look_size)
        return context


class SearchView(TemplateView):
    """One search page over every registered content type; GET only, no cookies."""

    template_name = "website/search.html"
    paginate_by = 10
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text, truncated = search.clean_query(self.request.GET.get("q", ""))
        targets = search.targets()
        kinds = {target.key: target for target in targets}
        kind = self.request.GET.get("type", "")
        chosen = [kinds[kind]] if kind in kinds else targets
        context.update(
            query=text,
            truncated=truncated,
            max_length=search.MAX_QUERY_LENGTH,
            kinds=[(target.key, target.label) for target in targets],
            current_kind=kind if kind in kinds else "",
            results=[],
            page_obj=None,
        )
        if not text or (not search.query_terms(text) and not search.uses_postgres()):
            return context  # nothing asked, or nothing SQLite's fallback can look for
        number = self.request.GET.get("page") or 1
        try:
            found = self.found(targets, chosen, text, number)
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404(_("No such page of results.")) from error
        # The page's links are made from the total alone (no query behind this paginator).
        paginator = Paginator(range(found["total"]), self.paginate_by)
        page = paginator.page(found["number"])
        context.update(
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            total=found["total"],
            # Only the newest matches of each kind are ranked (core/search.py, CANDIDATES).
            narrowing_helps=found["total"] >= search.CANDIDATES,
            results=found["results"],
        )
        return context

    def found(self, targets, chosen, text, number):
        """One page of results and their total: a remembered value (core/cache.py), so a
        search many readers make at once is computed once every few seconds."""

        def compute():
            paginator = SearchPaginator(search.search(chosen, text), self.paginate_by)
            page = paginator.page(number)
            results = search.attach_results(targets, list(page.object_list), text)
            return {"total": paginator.count, "number": page.number, "results": results}

        kinds = ",".join(target.key for target in chosen)
        return remember(f"search:{kinds}:{number}:{text}", compute)


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    # The admin's address is not listed: it is configurable precisely to stay unknown.
    searches = [f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES]
    lines = ["User-agent: *", "Disallow: /ckeditor/", *searches, f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
