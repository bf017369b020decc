"""What the open API shows of each item: the reader's language only (the view activates it),
stable ids, the item's own API address and its public page, both absolute.

Every item is read through the publication gate by the views; the serializers only make
sure that what an item *points to* is public too (an article's meeting, a step's meeting),
as the site's pages do. Rich text is sanitized as it is shown, as the ``|richtext`` filter
does on the pages.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.publishing import content_language
from core.sanitizer import sanitize_html
from meetings.models import Body, Document, DocumentStep, Meeting, MemberState
from news.models import Article, Section

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
CONTENT_DATES = ["published_at", "updated_at"]


class ContentSerializer(ItemSerializer):
    """A published item: its page on the site and the languages it is written in."""

    page_url = serializers.SerializerMethodField(help_text="The item's page on the site.")
    languages = serializers.SerializerMethodField(
        help_text="The languages the item is written in (ask with ?lang= for the other)."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj):
        return self.absolute(obj.get_absolute_url())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_languages(self, obj):
        return obj.languages_written()


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


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
