"""The API's filters: the site's list filters (``meetings/filters.py``) with strict values.

The site ignores a filter value that does not validate (readers get the whole list); the API
answers 400 with what was wrong, so a program never mistakes a typo for "no results". The
site's filtersets offer as choices only the years and bodies that have published items; here
a year is any year in a fixed range and a body, section or state any that exists, so an
empty year is an empty list, not an error.
"""

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from events import calendar
from events.models import Event, EventKind
from meetings import filters as site_filters
from meetings.models import Body, Document, Meeting
from news.models import Article, Section

FIRST_YEAR, LAST_YEAR = 1990, 2100


def integer_filter(field_name, lookup, low, high, help_text):
    """An integer from ``low`` to ``high`` (else a 400) compared to a part of a date."""
    number = django_filters.NumberFilter(
        field_name=field_name, lookup_expr=lookup, min_value=low, max_value=high, label=help_text
    )
    number.field_class = forms.IntegerField
    return extend_schema_field({"type": "integer", "minimum": low, "maximum": high})(number)


def year_filter(field_name, help_text):
    return integer_filter(field_name, "year", FIRST_YEAR, LAST_YEAR, help_text)


def public_meetings(request):
    """Meetings readers may see in the asked language (the view has made it the active one):
    an unpublished meeting's id is refused like an unknown one, so none is revealed."""
    return Meeting.objects.published()


def meeting_filter(field_name, help_text, distinct=False):
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=public_meetings, label=help_text, distinct=distinct
    )


def body_filter(help_text):
    return django_filters.ModelChoiceFilter(
        field_name="body", queryset=Body.objects.all(), to_field_name="slug", label=help_text
    )


class StrictFilterSetMixin:
    """The site's filtersets take the choices their years and bodies offer from the view;
    the API's declare their own, so they are built the plain django-filter way."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        django_filters.FilterSet.__init__(
            self, data, queryset=queryset, request=request, prefix=prefix
        )


class ArticleFilter(django_filters.FilterSet):
    """As the news pages: by section, and by year and month of publication (the archive)."""

    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.all(), to_field_name="slug", label="Section (its slug)."
    )
    kind = django_filters.ChoiceFilter(choices=Article.Kind.choices, label="Kind of release.")
    year = year_filter("published_at", "Year of publication.")
    month = integer_filter("published_at", "month", 1, 12, "Month of publication (1-12).")
    meeting = meeting_filter("meeting", "The meeting it reports on (its id).")

    class Meta:
        model = Article
        fields = []


class MeetingFilter(StrictFilterSetMixin, site_filters.MeetingFilter):
    """As the meetings page: by body and year."""

    body = body_filter("Body (its slug).")
    year = year_filter("date", "Year of the meeting.")

    class Meta:
        model = Meeting
        fields = []


class DocumentFilter(StrictFilterSetMixin, site_filters.DocumentFilter):
    """As the register: title contains, current status, kind, body and year of the status."""

    body = body_filter("The body expected to adopt or sign it (its slug).")
    year = year_filter("current_status_date", "Year of the current status.")
    meeting = meeting_filter(
        "steps__meeting", "A meeting that reviewed it (its id).", distinct=True
    )

    class Meta:
        model = Document
        fields = []


class EventFilter(django_filters.FilterSet):
    """As the calendar: by kind and by body (its own or its meeting's); and by days."""

    kind = django_filters.ModelChoiceFilter(
        queryset=EventKind.objects.all(), to_field_name="slug", label="Kind (its slug)."
    )
    body = django_filters.ModelChoiceFilter(
        queryset=Body.objects.all(),
        to_field_name="slug",
        method="filter_body",
        label="The body it concerns, or whose meeting it belongs to (its slug).",
    )
    from_date = django_filters.DateFilter(
        method="filter_from_date", label="Running on or after this day (YYYY-MM-DD)."
    )
    to_date = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label="Starting on or before this day (YYYY-MM-DD)."
    )

    class Meta:
        model = Event
        fields = []

    def filter_body(self, queryset, name, value):
        return calendar.Filters(body=value).events(queryset)

    def filter_from_date(self, queryset, name, value):
        return queryset.filter(Q(end_date__isnull=True, date__gte=value) | Q(end_date__gte=value))
