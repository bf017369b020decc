"""What the open API shows of each item: the reader's language only (the view activates it),
stable ids, the item's own API address and its public page, both absolute.

Every item is read through the publication gate by the views; the serializers only make
sure that what an item *points to* is public too (an article's meeting, a step's meeting),
as the site's pages do. Rich text is sanitized as it is shown, as the ``|richtext`` filter
does on the pages.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.publishing import content_language
from core.sanitizer import sanitize_html
from events.calendar import organization_zone
from events.models import Event, EventKind
from meetings.models import Body, Document, DocumentStep, Meeting, MemberState
from news.models import Article, Section
from pages.models import Page
from people.models import Person

NULLABLE_URI = {"type": "string", "format": "uri", "nullable": True}


def api_url(request, name, pk):
    """The absolute API address of an item, in the language of the response."""
    query = urlencode({"lang": content_language(get_language())})
    return request.build_absolute_uri(f"{reverse(f'api:{name}-detail', args=[pk])}?{query}")


class ItemSerializer(serializers.ModelSerializer):
    """Adds ``url`` (this item in the API) and, for items with a page, ``page_url``."""

    api_name = None  # the route's basename ("article")

    url = serializers.SerializerMethodField(help_text="This item in the API, absolute.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return api_url(self.context["request"], self.api_name, obj.pk)

    def absolute(self, path):
        return self.context["request"].build_absolute_uri(path)


class RichTextField(serializers.CharField):
    """HTML from the editor, reduced to the sanitizer's allowlist."""

    def to_representation(self, value):
        return sanitize_html(value or "")


# --- reference data ----------------------------------------------------------------------


class SectionSerializer(ItemSerializer):
    api_name = "section"
    page_url = serializers.SerializerMethodField(help_text="The section's page on the site.")

    class Meta:
        model = Section
        fields = ["id", "slug", "url", "page_url", "name", "description", "position"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj):
        return self.absolute(obj.get_absolute_url())


class BodySerializer(ItemSerializer):
    api_name = "body"

    class Meta:
        model = Body
        fields = ["id", "slug", "url", "name", "abbreviation", "description", "position"]


class MemberStateSerializer(ItemSerializer):
    api_name = "member-state"

    class Meta:
        model = MemberState
        fields = ["id", "code", "url", "name"]


class EventKindSerializer(ItemSerializer):
    api_name = "event-kind"

    class Meta:
        model = EventKind
        fields = ["id", "slug", "url", "name", "position"]


class BodyRefSerializer(BodySerializer):
    """A body as an item names it."""

    class Meta(BodySerializer.Meta):
        fields = ["id", "slug", "url", "name", "abbreviation"]


class SectionRefSerializer(SectionSerializer):
    """A section as an article names it."""

    class Meta(SectionSerializer.Meta):
        fields = ["id", "slug", "url", "name"]


# --- content -------------------------------------------------------------------------------


CONTENT_FIELDS = ["id", "slug", "url", "page_url", "languages", "title"]
CONTENT_DATES = ["published_at", "updated_at", "corrections"]


class CorrectionSerializer(serializers.Serializer):
    date = serializers.DateField()
    note = serializers.CharField()


class ContentSerializer(ItemSerializer):
    """A published item: its page on the site, the languages it is written in and its
    correction notes (read with it: the views ask ``with_corrections()``)."""

    page_url = serializers.SerializerMethodField(help_text="The item's page on the site.")
    languages = serializers.SerializerMethodField(
        help_text="The languages the item is written in (ask with ?lang= for the other)."
    )
    corrections = serializers.SerializerMethodField(
        help_text="Its public correction notes in this language, oldest first."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj):
        return self.absolute(obj.get_absolute_url())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_languages(self, obj):
        return obj.languages_written()

    @extend_schema_field(CorrectionSerializer(many=True))
    def get_corrections(self, obj):
        return CorrectionSerializer(obj.public_corrections(get_language()), many=True).data


class MeetingRefSerializer(ContentSerializer):
    api_name = "meeting"

    class Meta:
        model = Meeting
        fields = ["id", "slug", "url", "page_url", "title", "date"]


def public_meeting_ref(serializer, meeting):
    """A meeting the item points to, only if readers may see it in this language."""
    if meeting is None or not meeting.is_public:
        return None
    return MeetingRefSerializer(meeting, context=serializer.context).data


class ArticleSerializer(ContentSerializer):
    api_name = "article"
    section = SectionRefSerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    image = serializers.SerializerMethodField(help_text="The lead image, absolute, or null.")
    meeting = serializers.SerializerMethodField(
        help_text="The meeting the release reports on, if it is public."
    )

    class Meta:
        model = Article
        fields = [
            *CONTENT_FIELDS,
            "lead",
            "kind",
            "kind_label",
            "section",
            "signature",
            "image",
            "image_alt",
            "meeting",
            *CONTENT_DATES,
        ]

    @extend_schema_field(NULLABLE_URI)
    def get_image(self, obj):
        return self.absolute(obj.image.url) if obj.image else None

    @extend_schema_field(MeetingRefSerializer(allow_null=True))
    def get_meeting(self, obj):
        return public_meeting_ref(self, obj.meeting)


class ArticleDetailSerializer(ArticleSerializer):
    body = RichTextField(read_only=True, help_text="Sanitized HTML.")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]


class MeetingSerializer(ContentSerializer):
    api_name = "meeting"
    body = BodyRefSerializer(read_only=True)
    chair_state = MemberStateSerializer(read_only=True, allow_null=True)
    meeting_status_label = serializers.CharField(
        source="get_meeting_status_display", read_only=True
    )

    class Meta:
        model = Meeting
        fields = [
            *CONTENT_FIELDS,
            "body",
            "date",
            "time",
            "place",
            "is_videoconference",
            "chair_state",
            "chair_name",
            "chair_title",
            "meeting_status",
            "meeting_status_label",
            *CONTENT_DATES,
        ]


class MeetingDetailSerializer(MeetingSerializer):
    summary = RichTextField(read_only=True, help_text="Sanitized HTML.")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "summary"]


class StepSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    body = BodyRefSerializer(read_only=True, allow_null=True)
    meeting = serializers.SerializerMethodField(
        help_text="The meeting the step was taken at, if that meeting is public."
    )

    class Meta:
        model = DocumentStep
        fields = ["id", "status", "status_label", "date", "order", "body", "meeting", "note"]

    @extend_schema_field(MeetingRefSerializer(allow_null=True))
    def get_meeting(self, obj):
        return public_meeting_ref(self, obj.meeting)


class DocumentSerializer(ContentSerializer):
    api_name = "document"
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    body = BodyRefSerializer(read_only=True, help_text="The body expected to adopt or sign it.")
    current_status_label = serializers.CharField(
        source="get_current_status_display", read_only=True
    )
    file_url = serializers.SerializerMethodField(
        help_text="The official text (PDF, DOCX or ODT) to download, or null."
    )
    steps = StepSerializer(many=True, read_only=True, help_text="Its path, oldest step first.")

    class Meta:
        model = Document
        fields = [
            *CONTENT_FIELDS,
            "kind",
            "kind_label",
            "reference_number",
            "body",
            "current_status",
            "current_status_label",
            "current_status_date",
            "file_url",
            "summary",
            "steps",
            *CONTENT_DATES,
        ]

    @extend_schema_field(NULLABLE_URI)
    def get_file_url(self, obj):
        return self.absolute(obj.get_download_url()) if obj.file else None


class PageSerializer(ContentSerializer):
    api_name = "page"
    parent = serializers.SerializerMethodField(
        help_text="The id of the page it is placed under, if that page is public."
    )

    class Meta:
        model = Page
        fields = [*CONTENT_FIELDS, "parent", "position", *CONTENT_DATES]

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_parent(self, obj):
        return obj.parent_id if obj.parent is not None and obj.parent.is_public else None


class PageDetailSerializer(PageSerializer):
    body = RichTextField(read_only=True, help_text="Sanitized HTML.")

    class Meta(PageSerializer.Meta):
        fields = [*PageSerializer.Meta.fields, "body"]


class PersonSerializer(ContentSerializer):
    api_name = "person"
    title = serializers.CharField(read_only=True, help_text="The person's name.")
    photo = serializers.SerializerMethodField(help_text="The photo, absolute, or null.")

    class Meta:
        model = Person
        fields = [
            *CONTENT_FIELDS,
            "role",
            "position",
            "in_office_from",
            "in_office_until",
            "photo",
            *CONTENT_DATES,
        ]

    @extend_schema_field(NULLABLE_URI)
    def get_photo(self, obj):
        return self.absolute(obj.photo.url) if obj.photo else None


class PersonDetailSerializer(PersonSerializer):
    biography = RichTextField(read_only=True, help_text="Sanitized HTML.")

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "biography"]


# A day ("2025-05-14": all day, or no time given) or a moment in the organization's time
# zone ("2025-05-14T10:00:00+03:00").
DAY_OR_MOMENT = {
    "type": "string",
    "anyOf": [{"format": "date-time"}, {"format": "date"}],
    "nullable": True,
}


def day_or_moment(day, time):
    if time is None:
        return day.isoformat()
    return datetime.datetime.combine(day, time, tzinfo=organization_zone()).isoformat()


class EventKindRefSerializer(EventKindSerializer):
    class Meta(EventKindSerializer.Meta):
        fields = ["id", "slug", "url", "name"]


class EventSerializer(ContentSerializer):
    api_name = "event"
    kind = EventKindRefSerializer(read_only=True)
    body = BodyRefSerializer(read_only=True, allow_null=True, help_text="The body it concerns.")
    meeting = serializers.SerializerMethodField(
        help_text="The meeting it belongs to, if that meeting is public."
    )
    start = serializers.SerializerMethodField(
        help_text=f"Its first day, or its start with the offset of {settings.TIME_ZONE} "
        "when the time is known."
    )
    end = serializers.SerializerMethodField(
        help_text="Its last day (inclusive), or its end with the offset when the end time is "
        "known; null if it was given neither."
    )
    event_status_label = serializers.CharField(source="get_event_status_display", read_only=True)
    ics_url = serializers.SerializerMethodField(help_text="The event as an iCalendar file.")

    class Meta:
        model = Event
        fields = [
            *CONTENT_FIELDS,
            "kind",
            "body",
            "meeting",
            "start",
            "end",
            "place",
            "event_status",
            "event_status_label",
            "ics_url",
            *CONTENT_DATES,
        ]

    @extend_schema_field(MeetingRefSerializer(allow_null=True))
    def get_meeting(self, obj):
        return public_meeting_ref(self, obj.meeting)

    @extend_schema_field({**DAY_OR_MOMENT, "nullable": False})
    def get_start(self, obj):
        return day_or_moment(obj.date, obj.time)

    @extend_schema_field(DAY_OR_MOMENT)
    def get_end(self, obj):
        if obj.end_date is None and obj.end_time is None:
            return None
        return day_or_moment(obj.last_day, obj.end_time)

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics_url(self, obj):
        return self.absolute(obj.get_ics_url())


class EventDetailSerializer(EventSerializer):
    description = RichTextField(read_only=True, help_text="Sanitized HTML.")

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description"]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
