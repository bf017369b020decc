"""The events calendar: visits, exercises, press conferences… and the bodies' meetings.

An event has a kind the editors manage (``EventKind``, reference data) and may stand for a
meeting of a statutory body; meetings themselves come onto the calendar on their own
(``events.calendar``), so nothing has to be entered twice. Dates and times are the
organization's (Moscow time, ``settings.TIME_ZONE``), as on the meetings.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.publishing import Publishable, PublishableQuerySet, Tracked, written_in_a_language

# The kind filter's word for the bodies' meetings; an event kind cannot take it.
MEETINGS_KIND = "meetings"


class EventKind(models.Model):
    """What sort of event it is: "Visit", "Exercise", "Press conference", …"""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position in lists"), default=0, help_text=_("Smaller numbers come first.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("event kind")
        verbose_name_plural = _("event kinds")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.slug == MEETINGS_KIND:
            raise ValidationError({"slug": _("This address is used by the site; choose another.")})


class EventQuerySet(PublishableQuerySet):
    def for_listing(self):
        return super().for_listing().defer("description")


class Event(Publishable, Tracked):
    class EventStatus(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.ForeignKey(
        EventKind, on_delete=models.PROTECT, related_name="events", verbose_name=_("kind")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    time = models.TimeField(_("start time"), null=True, blank=True, help_text=_("Moscow time."))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("For events over several days.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True, help_text=_("Moscow time."))
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    body = models.ForeignKey(
        "meetings.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("body"),
        help_text=_("The statutory body it concerns, if any."),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("meeting"),
        help_text=_("The meeting this event belongs to, if any (a press conference after it…)."),
    )
    event_status = models.CharField(
        _("event status"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        db_index=True,
    )
    topics = models.ManyToManyField(
        "topics.Topic",
        blank=True,
        related_name="events",
        verbose_name=_("topics"),
        help_text=_("What it is about, for readers following a topic."),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "time", "pk"]
        get_latest_by = "date"
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            *(
                models.Index(
                    fields=["status", "date"],
                    condition=Q(**{f"title_{code}__gt": ""}),
                    name=f"event_public_{code}_idx",
                )
                for code in settings.MODELTRANSLATION_LANGUAGES
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=written_in_a_language(), name="event_has_a_title"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})" if self.date else self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    def get_parent_url(self):
        return reverse("events:event_list")

    def get_ics_url(self):
        return reverse("events:event_ics", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.date and self.end_date and self.end_date < self.date:
            raise ValidationError({"end_date": _("The end date cannot come before the start.")})
        if self.end_time and not self.time:
            raise ValidationError({"time": _("Give the start time with the end time.")})
        same_day = not self.end_date or self.end_date == self.date
        if same_day and self.time and self.end_time and self.end_time <= self.time:
            raise ValidationError({"end_time": _("The end time must come after the start.")})

    @property
    def last_day(self):
        return self.end_date or self.date

    @property
    def is_cancelled(self):
        return self.event_status == self.EventStatus.CANCELLED

    def days(self):
        """Every day the event runs (for the month grid)."""
        day, days = self.date, []
        while day <= self.last_day and len(days) < 62:
            days.append(day)
            day += datetime.timedelta(days=1)
        return days
