"""RSS 2.0 and Atom feeds: published meetings, and each new step of a public document."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.feeds import FEED_SIZE, Feed, item_guid_for
from core.search import vector_fields

from .models import Body, Document, DocumentStep, Meeting


def _start_of_day(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())


class MeetingsFeed(Feed):
    title = _("CSTO: meetings of the statutory bodies")
    description = _("Meetings of the CSTO bodies recorded by the Secretariat press service.")

    def link(self):
        return reverse("meetings:meeting_list")

    def items(self):
        return Meeting.objects.published().for_listing()[:FEED_SIZE]

    def item_title(self, meeting):
        return f"{meeting.body.name}: {meeting.title} ({meeting.date:%d.%m.%Y})"

    def item_description(self, meeting):
        return meeting.place or meeting.body.name

    def item_pubdate(self, meeting):
        return meeting.published_at

    def item_updateddate(self, meeting):
        return meeting.updated_at

    def item_guid(self, meeting):
        return item_guid_for("meeting", meeting.pk, meeting.created_at)

    item_guid_is_permalink = False


class MeetingsAtomFeed(MeetingsFeed):
    feed_type = Atom1Feed
    subtitle = MeetingsFeed.description


class DocumentStepsFeed(Feed):
    """Each dated step of a published document is an item: "where does it stand now"."""

    title = _("CSTO: status changes of documents")
    description = _("Every new step on the approval path of the documents in the register.")

    def link(self):
        return reverse("meetings:document_list")

    def items(self):
        return (
            DocumentStep.objects.filter(document__in=Document.objects.published())
            .select_related("document", "body")
            .defer("document__summary", "document__file_text", *vector_fields(Document, "document"))
            .order_by("-date", "-order", "-pk")[:FEED_SIZE]
        )

    def item_title(self, step):
        return f"{step.document.title}: {step.get_status_display()}"

    def item_description(self, step):
        parts = [f"{step.date:%d.%m.%Y}", step.get_status_display()]
        if step.body:
            parts.append(step.body.name)
        if step.note:
            parts.append(step.note)
        return " · ".join(str(part) for part in parts)

    def item_link(self, step):
        return f"{step.document.get_absolute_url()}#step-{step.pk}"

    def item_pubdate(self, step):
        return _start_of_day(step.date)

    def item_guid(self, step):
        return item_guid_for("document-step", step.pk, step.date)

    item_guid_is_permalink = False


class DocumentStepsAtomFeed(DocumentStepsFeed):
    feed_type = Atom1Feed
    subtitle = DocumentStepsFeed.description


class BodyMeetingsFeed(MeetingsFeed):
    """One body's published meetings: /bodies/<slug>/feed/rss/."""

    def get_object(self, request, slug):
        return get_object_or_404(Body, slug=slug)

    def title(self, body):
        return _("CSTO: meetings of the %(body)s") % {"body": body.name}

    def description(self, body):
        return _("Meetings of the %(body)s recorded by the Secretariat press service.") % {
            "body": body.name
        }

    def link(self, body):
        return body.get_absolute_url()

    def items(self, body):
        return Meeting.objects.published().for_listing().filter(body=body)[:FEED_SIZE]


class BodyMeetingsAtomFeed(BodyMeetingsFeed):
    feed_type = Atom1Feed

    def subtitle(self, body):
        return self.description(body)
