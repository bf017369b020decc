from django.conf import settings
from django.views.generic import DetailView

from core.publishing import PreviewMixin
from core.search import vector_fields

from .models import Page


class PageDetailView(PreviewMixin, DetailView):
    """A page, its breadcrumbs (its public ancestors, fetched with it) and its public
    sub-pages."""

    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_base_queryset(self):
        chain = ("parent", "parent__parent")
        return Page.objects.select_related(*chain).defer(
            *vector_fields(Page),
            *(f"{relation}__body_{code}" for relation in chain for code, _n in settings.LANGUAGES),
            *(name for relation in chain for name in vector_fields(Page, relation)),
        )

    def get_context_data(self, **kwargs):
        page = self.object
        children = []
        if page.pk is not None:  # a preview of a page not saved yet has none
            children = Page.objects.published().filter(parent=page).defer(*vector_fields(Page))
        return super().get_context_data(
            ancestors=[a for a in reversed(page.ancestors()) if a.is_public],
            children=children,
            **kwargs,
        )
