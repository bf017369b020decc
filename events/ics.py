"""iCalendar files (RFC 5545) of the calendar, written with the ``icalendar`` library.

- Times are the organization's (``settings.TIME_ZONE``, Europe/Moscow), written with their
  ``TZID`` and the matching ``VTIMEZONE`` (``add_missing_timezones``); a day without a time
  is an all-day ``VALUE=DATE`` entry, its ``DTEND`` the day after the last.
- ``UID`` is the item's type and id at the organization's domain: it survives new titles,
  dates and addresses, so calendar programs update the entry instead of adding another.
- ``SEQUENCE`` is the number of revisions kept in the item's history (every save is one),
  so it grows with each update; ``LAST-MODIFIED``/``DTSTAMP`` are its last change.
- A cancelled event or meeting stays in the file with ``STATUS:CANCELLED``; a postponed
  one is ``TENTATIVE``.
"""

import datetime

from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from icalendar import Calendar
from icalendar import Event as VEvent

from .calendar import organization_zone

PRODID = "-//CSTO Secretariat//Press service calendar//EN"
# Entries in one feed at most (the feeds start three months back; a year holds far fewer).
FEED_SIZE = 500


def sequences(items):
    """{(source, pk): SEQUENCE} for ``items``: one query per model over their history."""
    found = {}
    by_source = {}
    for item in items:
        by_source.setdefault(item.source, []).append(item.obj)
    for source, objects in by_source.items():
        history = type(objects[0]).history.model
        counts = (
            history.objects.filter(id__in=[obj.pk for obj in objects])
            .order_by()
            .values("id")
            .annotate(revisions=Count("history_id"))
        )
        for row in counts:
            found[(source, row["id"])] = max(row["revisions"] - 1, 0)
    return found


def _status(item):
    if item.cancelled:
        return "CANCELLED"
    state = getattr(item.obj, "event_status", None) or getattr(item.obj, "meeting_status", "")
    return "TENTATIVE" if state == "postponed" else "CONFIRMED"


def vevent(item, sequence, absolute):
    """One ``VEVENT`` for ``item``; ``absolute`` makes a full URL of a path."""
    entry = VEvent()
    entry.add("uid", item.uid)
    changed = item.obj.updated_at or timezone.now()
    entry.add("dtstamp", changed.astimezone(datetime.UTC))
    entry.add("last-modified", changed.astimezone(datetime.UTC))
    if item.obj.created_at:
        entry.add("created", item.obj.created_at.astimezone(datetime.UTC))
    entry.add("sequence", sequence)
    entry.add("summary", item.title)
    if item.time is None:
        entry.add("dtstart", item.date)
        entry.add("dtend", item.last_day + datetime.timedelta(days=1))
    else:
        zone = organization_zone()
        entry.add("dtstart", datetime.datetime.combine(item.date, item.time, tzinfo=zone))
        if item.end_time is not None:
            entry.add("dtend", datetime.datetime.combine(item.last_day, item.end_time, tzinfo=zone))
        elif item.end_date is not None:
            entry.add("dtend", datetime.datetime.combine(item.last_day, item.time, tzinfo=zone))
    if item.place:
        entry.add("location", str(item.place))
    description = [str(item.kind_label)]
    if item.body is not None:
        description.append(str(item.body))
    entry.add("description", " · ".join(dict.fromkeys(description)))
    entry.add("categories", [str(item.kind_label)])
    entry.add("status", _status(item))
    entry.add("url", absolute(item.url))
    return entry


def calendar_response(request, items, name, filename=None):
    """The ``text/calendar`` answer holding ``items`` (``filename``: as an attachment)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(organization_zone()))
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    language = get_language()
    found = sequences(items)
    for item in items:
        entry = vevent(item, found.get((item.source, item.obj.pk), 0), request.build_absolute_uri)
        entry["summary"].params["LANGUAGE"] = language
        calendar.add_component(entry)
    # The zone's rules from the first entry's year on (not every change since 1970).
    first = min((item.date for item in items), default=timezone.localdate())
    calendar.add_missing_timezones(first_date=first.replace(month=1, day=1))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response
