"""The calendar's pages: the upcoming list, a month, an event, and the iCalendar files.

All work without JavaScript: the filters are a GET form, the months are links. A month
outside the calendar's years, a month number that is not one, an unknown body or kind in a
feed's address is a 404; unknown filter values on the pages are ignored.
"""

import calendar as month_calendar
import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from core.cache import remember
from core.publishing import PreviewMixin
from core.search import vector_fields
from meetings.models import Body, Meeting

from . import calendar, ics
from .models import MEETINGS_KIND, Event, EventKind

UPCOMING_SIZE = 40
FEED_DAYS_BACK = 92


def kinds_and_bodies():
    """The filters' choices, remembered: every event kind and body (a handful each)."""
    return remember(
        "events:filter-choices",
        lambda: (list(EventKind.objects.all()), list(Body.objects.all())),
    )


class CalendarFilterMixin:
    """Reads ``?kind=`` and ``?body=`` (slugs); values it does not know are ignored."""

    def get_filters(self):
        kinds, bodies = kinds_and_bodies()
        kind_slug, body_slug = self.request.GET.get("kind", ""), self.request.GET.get("body", "")
        kind = MEETINGS_KIND if kind_slug == MEETINGS_KIND else None
        kind = kind or next((k for k in kinds if k.slug == kind_slug), None)
        body = next((b for b in bodies if b.slug == body_slug), None)
        self.filters = calendar.Filters(kind=kind, body=body)
        return self.filters

    def filter_context(self):
        kinds, bodies = kinds_and_bodies()
        kind = self.filters.kind
        return {
            "filters": self.filters,
            "kinds": kinds,
            "bodies": bodies,
            "meetings_kind": MEETINGS_KIND,
            "current_kind": getattr(kind, "slug", kind) or "",
            "current_body": getattr(self.filters.body, "slug", ""),
            "this_month": timezone.localdate().replace(day=1),
        }


class EventListView(CalendarFilterMixin, ListView):
    """What is coming up, from today on, page by page (``?page=``; a page that is not one is
    a 404, as on the other lists): every announced event and meeting can be reached.

    The pages are cut from the keys of everything coming up, read in one query (four
    columns a row: 9 ms for 3,500 items, far more than is ever announced ahead); only the
    page's events and meetings are then read in full. So any page costs the same queries,
    with no COUNT and no deep OFFSET, and the page count is exact."""

    template_name = "events/event_list.html"
    paginate_by = UPCOMING_SIZE

    def get_queryset(self):
        return list(calendar.upcoming_rows(self.get_filters()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**self.filter_context(), **kwargs)
        context["items"] = calendar.items_for(context["object_list"])
        return context


def _month_or_404(year, month):
    if not (calendar.FIRST_YEAR <= year <= calendar.last_year()) or not 1 <= month <= 12:
        raise Http404(_("The calendar has no such month."))
    return datetime.date(year, month, 1)


def _shift(month, months):
    index = month.year * 12 + month.month - 1 + months
    year, number = divmod(index, 12)
    if not calendar.FIRST_YEAR <= year <= calendar.last_year():
        return None
    return datetime.date(year, number + 1, 1)


class MonthView(CalendarFilterMixin, TemplateView):
    """One month as a grid of weeks (a table) and as a list, with the neighbouring months."""

    template_name = "events/month.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("year"), kwargs.pop("month")  # TemplateView hands the URL's on
        month = _month_or_404(self.kwargs["year"], self.kwargs["month"])
        filters = self.get_filters()
        weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
        items = calendar.between(weeks[0][0], weeks[-1][-1], filters)
        today = timezone.localdate()
        grid = [
            [
                {
                    "date": day,
                    "in_month": day.month == month.month,
                    "today": day == today,
                    "items": [item for item in items if item.on(day)],
                }
                for day in week
            ]
            for week in weeks
        ]
        in_month = [item for item in items if item_in(item, month)]
        return super().get_context_data(
            month=month,
            month_name=MONTHS[month.month],
            weeks=grid,
            weekdays=[datetime.date(2024, 1, day) for day in range(1, 8)],  # Monday first
            month_items=in_month,
            previous_month=_shift(month, -1),
            next_month=_shift(month, 1),
            **self.filter_context(),
            **kwargs,
        )


def item_in(item, month):
    """Whether ``item`` runs on a day of ``month`` (the grid also shows its neighbours')."""
    following = _shift(month, 1) or datetime.date(month.year + 1, 1, 1)
    return item.date < following and item.last_day >= month


class EventDetailView(PreviewMixin, DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_base_queryset(self):
        events = Event.objects.with_topics().select_related("kind", "body")
        return events.defer(*vector_fields(Event))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        meeting = None
        if event.meeting_id and event.pk is not None:
            meeting = Meeting.objects.published().for_listing().filter(pk=event.meeting_id).first()
        status = calendar.notable_status(event.event_status, event.get_event_status_display())
        context.update(
            meeting=meeting, item=event, status_label=status, topics=event.public_topics()
        )
        return context


# --- iCalendar files ------------------------------------------------------------------------


def _feed_items(filters):
    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS_BACK)
    return calendar.upcoming(ics.FEED_SIZE, filters, since=since)


class CalendarFeedView(View):
    """Every event and meeting from three months ago on: ``/events/calendar.ics``."""

    http_method_names = ["get", "head"]

    def get(self, request):
        return ics.calendar_response(request, _feed_items(calendar.Filters()), _("CSTO calendar"))


class BodyCalendarFeedView(View):
    http_method_names = ["get", "head"]

    def get(self, request, slug):
        body = get_object_or_404(Body, slug=slug)
        name = _("CSTO calendar: %(name)s") % {"name": body.name}
        return ics.calendar_response(request, _feed_items(calendar.Filters(body=body)), name)


class KindCalendarFeedView(View):
    http_method_names = ["get", "head"]

    def get(self, request, slug):
        if slug == MEETINGS_KIND:
            kind, label = MEETINGS_KIND, _("Meetings of the bodies")
        else:
            kind = get_object_or_404(EventKind, slug=slug)
            label = kind.name
        name = _("CSTO calendar: %(name)s") % {"name": label}
        return ics.calendar_response(request, _feed_items(calendar.Filters(kind=kind)), name)


class AddToCalendarView(View):
    """ "Add to calendar": one published event (or meeting) as a file. ``as_view(model=…,
    to_item=…)`` names the type and how it becomes a calendar item."""

    http_method_names = ["get", "head"]
    model = None
    to_item = None

    def get(self, request, slug):
        obj = get_object_or_404(self.model.objects.published().for_listing(), slug=slug)
        item = self.to_item(obj)
        return ics.calendar_response(request, [item], obj.title, filename=obj.slug)
