"""The public lists' filters (django-filter): meetings by body and year; the register by
title, current status, kind, body and year.

A value that does not validate (a made-up status, a year of letters) is simply not applied:
readers get the whole list, never an error page. The years and bodies offered come from the
view, which finds them among published items only.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Document, StepStatus


class PublishedChoicesFilterSet(django_filters.FilterSet):
    """Filters whose ``year`` and ``body`` choices are the published items' own."""

    def __init__(self, data, queryset, *, years, bodies):
        super().__init__(data, queryset=queryset)
        self.filters["year"].extra["choices"] = [(str(year), year) for year in years]
        self.filters["body"].extra["choices"] = [(body.slug, body.name) for body in bodies]

    @property
    def active(self):
        """The filters in effect: those that validated and are not empty."""
        self.form.is_valid()  # cleans the form; the fields that failed are left out
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    def display_form(self):
        """The form as readers see it: the filters in effect, without error markup."""
        return type(self.form)(initial=self.active)


class MeetingFilter(PublishedChoicesFilterSet):
    body = django_filters.ChoiceFilter(
        field_name="body__slug", label=_("Body"), empty_label=_("All bodies")
    )
    year = django_filters.ChoiceFilter(
        field_name="date", lookup_expr="year", label=_("Year"), empty_label=_("All years")
    )


class DocumentFilter(PublishedChoicesFilterSet):
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label=_("Title contains"), max_length=200
    )
    status = django_filters.ChoiceFilter(
        field_name="current_status",
        label=_("Current status"),
        choices=StepStatus.choices,
        empty_label=_("Any status"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Document.Kind.choices, empty_label=_("All kinds")
    )
    body = django_filters.ChoiceFilter(
        field_name="body__slug", label=_("Intended for"), empty_label=_("All bodies")
    )
    year = django_filters.ChoiceFilter(
        field_name="current_status_date",
        lookup_expr="year",
        label=_("Year of the current status"),
        empty_label=_("All years"),
    )
