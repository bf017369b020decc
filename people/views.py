from django.core.paginator import InvalidPage
from django.db.models import F
from django.http import Http404
from django.views.generic import DetailView, ListView

from core.pagination import CachedCountPaginator
from core.publishing import PreviewMixin
from core.search import vector_fields

from .models import Person

ARTICLES_PER_PAGE = 12


class PersonListView(ListView):
    """The Secretary General, his deputies and officials, in the order the press office
    sets; those no longer in office after them."""

    template_name = "people/person_list.html"
    context_object_name = "people"

    def get_queryset(self):
        return (
            Person.objects.published()
            .defer("biography", *vector_fields(Person))
            .order_by(F("in_office_until").desc(nulls_first=True), "position", "pk")
        )


class PersonDetailView(PreviewMixin, DetailView):
    """A person, and the published articles that quote or report on them, newest first."""

    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_base_queryset(self):
        return Person.objects.defer(*vector_fields(Person))

    def articles_page(self):
        person = self.object
        if person.pk is None:  # a preview of a person not saved yet
            return None
        articles = person.articles.published().for_listing().order_by("-published_at", "-pk")
        paginator = CachedCountPaginator(
            articles, ARTICLES_PER_PAGE, count_key=f"person-articles:{person.pk}"
        )
        number = self.request.GET.get("page") or 1
        if number == "last":
            number = paginator.num_pages
        try:
            return paginator.page(number)
        except InvalidPage as error:
            raise Http404("No such page of articles.") from error

    def get_context_data(self, **kwargs):
        page = self.articles_page()
        return super().get_context_data(
            page_obj=page,
            articles=page.object_list if page else [],
            is_paginated=bool(page and page.has_other_pages()),
            **kwargs,
        )
