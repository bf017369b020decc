"""What the calendar shows: published events and the bodies' published meetings, together.

Both are read through the publication gate (``published()``) and turned into ``Item``s, so
the month view, the list, the home page's forward look and the iCalendar files share one
description of "something on the calendar". Each read is one query per model.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting

from .models import MEETINGS_KIND, Event

# The years the calendar offers: from the Treaty's signing to a few years ahead. A month
# outside them is a 404, not an empty page (or a date overflow).
FIRST_YEAR = 1992
YEARS_AHEAD = 5


def last_year():
    return timezone.localdate().year + YEARS_AHEAD


def organization_zone():
    return ZoneInfo(settings.TIME_ZONE)


@dataclass
class Item:
    """One entry of the calendar: an event or a meeting."""

    source: str  # "event" or "meeting"
    obj: object
    title: str
    date: datetime.date
    time: datetime.time | None
    end_date: datetime.date | None
    end_time: datetime.time | None
    place: str
    kind_label: str
    body: object
    cancelled: bool
    # Said only when it is news: "Postponed", "Cancelled" (else empty).
    status_label: str
    url: str
    ics_url: str

    @property
    def last_day(self):
        return self.end_date or self.date

    @property
    def uid(self):
        """Stable for the item's life: its type and database id, at the organization's
        domain (the iCalendar UID, RFC 5545 3.8.4.7), whatever its title or address."""
        return f"{self.source}-{self.obj.pk}@odkb-csto.org"

    @property
    def starts(self):
        """The start as an aware datetime in the organization's zone, or the date alone."""
        if self.time is None:
            return self.date
        return datetime.datetime.combine(self.date, self.time, tzinfo=organization_zone())

    def sort_key(self):
        return (self.date, self.time or datetime.time.min, self.source, self.obj.pk)

    def on(self, day):
        return self.date <= day <= self.last_day


def notable_status(status, label):
    return label if status in ("postponed", "cancelled") else ""


def from_event(event):
    return Item(
        source="event",
        obj=event,
        title=event.title,
        date=event.date,
        time=event.time,
        end_date=event.end_date,
        end_time=event.end_time,
        place=event.place,
        kind_label=event.kind.name,
        body=event.body,
        cancelled=event.is_cancelled,
        status_label=notable_status(event.event_status, event.get_event_status_display()),
        url=event.get_absolute_url(),
        ics_url=event.get_ics_url(),
    )


def from_meeting(meeting):
    return Item(
        source="meeting",
        obj=meeting,
        title=meeting.title,
        date=meeting.date,
        time=meeting.time,
        end_date=None,
        end_time=None,
        place=meeting.place or (_("Videoconference") if meeting.is_videoconference else ""),
        kind_label=meeting.body.abbreviation or meeting.body.name,
        body=meeting.body,
        cancelled=meeting.meeting_status == Meeting.MeetingStatus.CANCELLED,
        status_label=notable_status(meeting.meeting_status, meeting.get_meeting_status_display()),
        url=meeting.get_absolute_url(),
        ics_url=reverse("events:meeting_ics", kwargs={"slug": meeting.slug}),
    )


@dataclass
class Filters:
    """The calendar's narrowing: an event kind (or ``MEETINGS_KIND``) and a body."""

    kind: object = None  # an EventKind, MEETINGS_KIND, or None for everything
    body: object = None

    def events(self, queryset):
        if self.kind == MEETINGS_KIND:
            return queryset.none()
        if self.kind is not None:
            queryset = queryset.filter(kind=self.kind)
        if self.body is not None:
            queryset = queryset.filter(Q(body=self.body) | Q(meeting__body=self.body))
        return queryset

    def meetings(self, queryset):
        if self.kind is not None and self.kind != MEETINGS_KIND:
            return queryset.none()
        if self.body is not None:
            queryset = queryset.filter(body=self.body)
        return queryset

    @property
    def query(self):
        """The filters as a query string for links (``kind=…&body=…``), or ""."""
        parts = []
        if self.kind is not None:
            parts.append(f"kind={getattr(self.kind, 'slug', self.kind)}")
        if self.body is not None:
            parts.append(f"body={self.body.slug}")
        return "&".join(parts)


def _events():
    return Event.objects.published().for_listing()


def _meetings():
    return Meeting.objects.published().for_listing()


def between(first, last, filters=None):
    """Everything on the calendar from ``first`` to ``last`` (dates, inclusive), in order."""
    filters = filters or Filters()
    events = filters.events(_events()).filter(
        Q(date__lte=last),
        Q(end_date__isnull=True, date__gte=first) | Q(end_date__gte=first),
    )
    meetings = filters.meetings(_meetings()).filter(date__range=(first, last))
    return _merge(events, meetings)


def _from(since, filters):
    """The published events running on or after ``since``, and the meetings from then on."""
    events = filters.events(_events()).filter(
        Q(end_date__isnull=True, date__gte=since) | Q(end_date__gte=since)
    )
    return events, filters.meetings(_meetings()).filter(date__gte=since)


def upcoming(limit, filters=None, since=None):
    """The next ``limit`` items from ``since`` (default: today, Moscow time) on."""
    events, meetings = _from(since or timezone.localdate(), filters or Filters())
    events = events.order_by("date", "time", "pk")[:limit]
    meetings = meetings.order_by("date", "time", "pk")[:limit]
    return _merge(events, meetings)[:limit]


def upcoming_rows(filters=None, since=None):
    """Everything from ``since`` (default: today) on, as ``(date, time, source, pk)`` rows in
    the calendar's order (``Item.sort_key``): one query (a union of events and meetings), so
    the list can be paginated at any depth; ``items_for`` turns a page of rows into items."""
    events, meetings = _from(since or timezone.localdate(), filters or Filters())
    columns = ("date", "time", "source", "pk")
    events = events.annotate(source=Value("event")).values_list(*columns).order_by()
    meetings = meetings.annotate(source=Value("meeting")).values_list(*columns).order_by()
    return events.union(meetings, all=True).order_by(
        "date", F("time").asc(nulls_first=True), "source", "pk"
    )


def items_for(rows):
    """The items of ``rows`` (from ``upcoming_rows``), in their order: a query per model
    among them (at most two), whatever their number."""
    rows = list(rows)
    sources = {"event": (_events, from_event), "meeting": (_meetings, from_meeting)}
    found = {}
    for source, (published, to_item) in sources.items():
        keys = [pk for _date, _time, kind, pk in rows if kind == source]
        if keys:
            found.update(
                ((source, obj.pk), to_item(obj)) for obj in published().filter(pk__in=keys)
            )
    # An item unpublished between the two reads is left out (never shown).
    return [found[row[2:]] for row in rows if row[2:] in found]


def _merge(events, meetings):
    items = [from_event(event) for event in events] + [from_meeting(m) for m in meetings]
    return sorted(items, key=Item.sort_key)
