"""The meetings app's content types, each registered once (see core/content.py)."""

from django.utils.translation import gettext_lazy as _

from core import content

from .models import Body, Document, DocumentAttachment, DocumentStep, Meeting, MemberState

content.register_reference(
    Body,
    translated=("name", "abbreviation", "description"),
    sitemap={"changefreq": "weekly", "priority": 0.6},
)
content.register_reference(
    MemberState,
    translated=("name", "mentions"),
    sitemap={"changefreq": "weekly", "priority": 0.5},
)
content.register(
    Meeting,
    detail_view="meetings.views.MeetingDetailView",
    list_url="meetings:meeting_list",
    label=_("Meetings"),
    translated=("title", "place", "chair_name", "chair_title", "summary"),
    rich_text=("summary",),
    search={"title": "A", "chair_name": "B", "summary": "C", "place": "D"},
    date_field="date",
    list_related=("body", "chair_state"),
    sitemap={"changefreq": "monthly", "priority": 0.7},
)
content.register(
    Document,
    detail_view="meetings.views.DocumentDetailView",
    list_url="meetings:document_list",
    label=_("Documents"),
    translated=("title", "summary"),
    search={"title": "A", "reference_number": "B", "summary": "C", "file_text": "D"},
    date_field="current_status_date",
    list_related=("body",),
    sitemap={"changefreq": "weekly", "priority": 0.7},
)
content.register_part(DocumentStep, of="document", translated=("note",))
content.register_part(
    DocumentAttachment,
    of="document",
    translated=("title",),
    label=_("Files of documents"),
    search={"title": "A", "text": "C"},
    list_related=("document",),
)
