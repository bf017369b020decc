from django.db.models import Count, Exists, F, IntegerField, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.views import View
from django.views.generic import DetailView, ListView

from core import search
from core.attachments import files_for_page, with_files_flag
from core.cache import remember
from core.navigation import safe_back_url
from core.pagination import CachedCountMixin
from core.publishing import PreviewMixin
from core.search import vector_fields

from .filters import DocumentFilter, MeetingFilter
from .models import Body, Document, DocumentAttachment, DocumentStep, Meeting, MemberState


def filter_choices(queryset, date_field):
    """The years and bodies the filters offer, from the published items, remembered:
    (years newest first, bodies in list order). Two cheap queries at 20,000 documents: the
    span of the dates (two index lookups; the years between the first and the last, as the
    archive of news does), and the bodies that have a published item (one index lookup per
    body; there are a handful). Listing exactly the years that have items would read every
    row: 27 ms at 20,000 documents."""

    def compute():
        span = queryset.aggregate(first=Min(date_field), last=Max(date_field))
        years = []
        if span["last"] is not None:
            years = list(range(span["last"].year, span["first"].year - 1, -1))
        items = queryset.filter(body=OuterRef("pk")).order_by().values("pk")
        bodies = list(Body.objects.filter(Exists(items)))
        return years, bodies

    return remember(f"meetings:filters:{queryset.model._meta.label}:{date_field}", compute)


class FilteredListMixin(CachedCountMixin):
    """A paginated list of published items narrowed by GET filters (``filterset_class``).

    Bad filter values are ignored; a bad page number is a 404, as on the news pages.
    """

    paginate_by = 20
    allow_empty = True
    filterset_class = None
    date_field = None

    def get_queryset(self):
        base = self.get_base_queryset()
        years, bodies = filter_choices(base.model.objects.published(), self.date_field)
        self.filterset = self.filterset_class(
            self.request.GET, queryset=base, years=years, bodies=bodies
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filterset.display_form(), filters=self.filterset.active, **kwargs
        )


class MeetingListView(FilteredListMixin, ListView):
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"

    filterset_class = MeetingFilter
    date_field = "date"

    def get_base_queryset(self):
        # Documents reviewed at each meeting: a subquery per meeting shown (20), not a join
        # and GROUP BY over every meeting and step before the page is cut.
        reviewed = (
            DocumentStep.objects.filter(
                meeting=OuterRef("pk"), document__in=Document.objects.published().values("pk")
            )
            .order_by()
            .values("meeting")
            .annotate(count=Count("document", distinct=True))
            .values("count")
        )
        return (
            Meeting.objects.published()
            .for_listing()
            .annotate(
                document_count=Coalesce(Subquery(reviewed, output_field=IntegerField()), Value(0))
            )
            .order_by("-date", "-time", "-pk")
        )


class MeetingDetailView(PreviewMixin, DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_base_queryset(self):
        return Meeting.objects.with_topics().select_related("body", "chair_state")

    def reviewed_documents(self):
        """The published documents reviewed here, each with its steps at this meeting, in
        one query over the steps. Only asked for when their rows are not remembered."""
        if self.object.pk is None:  # a preview of a meeting not saved yet
            return []
        steps_here = (
            DocumentStep.objects.filter(
                meeting=self.object, document__in=Document.objects.published().values("pk")
            )
            .select_related("document", "document__body")
            .defer("document__summary", "document__file_text", *vector_fields(Document, "document"))
            .order_by("document__title", "document__pk", "date", "order", "pk")
        )
        documents = []
        for step in steps_here:
            if not documents or documents[-1].pk != step.document_id:
                step.document.steps_here = []
                documents.append(step.document)
            documents[-1].steps_here.append(step)
        return documents

    def get_context_data(self, **kwargs):
        meeting = self.object
        return super().get_context_data(
            documents=SimpleLazyObject(self.reviewed_documents),
            articles=meeting.articles.published().for_listing() if meeting.pk else [],
            topics=meeting.public_topics(),
            structured_data=self.structured_data(meeting),
            back_url=safe_back_url(self.request, reverse("meetings:meeting_list")),
            **kwargs,
        )

    def structured_data(self, meeting):
        """schema.org Event, so a meeting shows up as one in search engines."""
        start = meeting.date.isoformat()
        if meeting.time:
            start = f"{start}T{meeting.time:%H:%M}"
        status = {
            Meeting.MeetingStatus.CANCELLED: "https://schema.org/EventCancelled",
            Meeting.MeetingStatus.POSTPONED: "https://schema.org/EventPostponed",
        }.get(meeting.meeting_status, "https://schema.org/EventScheduled")
        if meeting.is_videoconference:
            mode = "https://schema.org/OnlineEventAttendanceMode"
            location = {"@type": "VirtualLocation", "url": self.request.build_absolute_uri()}
        else:
            mode = "https://schema.org/OfflineEventAttendanceMode"
            location = {"@type": "Place", "name": meeting.place or meeting.body.name}
        return {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": meeting.title,
            "startDate": start,
            "eventStatus": status,
            "eventAttendanceMode": mode,
            "location": location,
            "organizer": {"@type": "Organization", "name": meeting.body.name},
            "url": self.request.build_absolute_uri(meeting.get_absolute_url()),
        }


class DocumentListView(FilteredListMixin, ListView):
    """The public register of documents and where each one stands."""

    template_name = "meetings/document_list.html"
    context_object_name = "documents"

    filterset_class = DocumentFilter
    date_field = "current_status_date"

    def get_base_queryset(self):
        return (
            Document.objects.published()
            .for_listing()
            .order_by(F("current_status_date").desc(nulls_last=True), "-pk")
        )


class DocumentDetailView(PreviewMixin, DetailView):
    template_name = "meetings/document_detail.html"
    context_object_name = "document"

    def get_base_queryset(self):
        documents = Document.objects.with_topics().select_related("body").defer("file_text")
        return with_files_flag(documents, DocumentAttachment)

    def get_context_data(self, **kwargs):
        # Each step's meeting comes in the same query, shown only if that meeting is public:
        # the timeline never leaks an unpublished one. (A document not saved yet, in the
        # admin's preview, has no steps.)
        steps = list(
            DocumentStep.objects.filter(document_id=self.object.pk)
            .select_related("body", "meeting")
            .defer("meeting__summary", *vector_fields(Meeting, "meeting"))
            .annotate(
                meeting_is_public=Exists(Meeting.objects.published().filter(pk=OuterRef("meeting")))
            )
            .order_by("date", "order", "pk")
        )
        for step in steps:
            if not step.meeting_is_public:
                step.meeting = None
        document = self.object
        return super().get_context_data(
            steps=steps,
            attachments=files_for_page(document),
            topics=document.public_topics(),
            back_url=safe_back_url(self.request, reverse("meetings:document_list")),
            **kwargs,
        )


class DocumentDownloadView(View):
    """The official text as an attachment, under a name made from the title."""

    def get(self, request, slug):
        document = get_object_or_404(Document.objects.published(), slug=slug)
        if not document.file:
            raise Http404("This document has no file.")
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404("The file is missing from storage.") from missing
        extension = document.file_extension.lower()
        stem = slugify(document.title)
        if len(stem) > 80:
            stem = stem[:80].rsplit("-", 1)[0]
        filename = f"{stem or 'document'}.{extension}"
        response = FileResponse(handle, as_attachment=True, filename=filename)
        response["X-Content-Type-Options"] = "nosniff"
        return response


UPCOMING_SHOWN = PAST_SHOWN = 10
DOCUMENTS_SHOWN = 20
REPRESENTATIVES_SHOWN = 20
MENTIONS_SHOWN = 10


class BodyListView(ListView):
    """The statutory and working bodies, in their list order."""

    template_name = "meetings/body_list.html"
    context_object_name = "bodies"

    def get_queryset(self):
        return Body.objects.all()


class BodyDetailView(DetailView):
    """What a body is, its current chair, its upcoming and latest meetings, and the
    documents before it with their status. Bodies are reference data: always public; what
    they list goes through the gate."""

    template_name = "meetings/body_detail.html"
    context_object_name = "body"
    model = Body

    def get_context_data(self, **kwargs):
        body = self.object
        today = timezone.localdate()
        meetings = Meeting.objects.published().for_listing().filter(body=body)
        upcoming = meetings.filter(date__gte=today).order_by("date", "time", "pk")
        past = meetings.filter(date__lt=today).order_by("-date", "-time", "-pk")
        upcoming, past = list(upcoming[:UPCOMING_SHOWN]), list(past[:PAST_SHOWN])
        # The chair of its latest meeting that records one, among those shown.
        chaired = next((m for m in past if m.chair_name or m.chair_state_id), None)
        documents = (
            Document.objects.published()
            .for_listing()
            .filter(body=body)
            .order_by(F("current_status_date").desc(nulls_last=True), "-pk")[:DOCUMENTS_SHOWN]
        )
        return super().get_context_data(
            upcoming=upcoming,
            past=past,
            chaired=chaired,
            documents=documents,
            **kwargs,
        )


class MemberStateListView(ListView):
    template_name = "meetings/member_state_list.html"
    context_object_name = "member_states"

    def get_queryset(self):
        return MemberState.objects.all()


class MemberStateDetailView(DetailView):
    """A member state: its representatives who chaired meetings (what the meetings record),
    and the latest news that mention it."""

    template_name = "meetings/member_state_detail.html"
    context_object_name = "member_state"

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(MemberState, code=kwargs["code"].upper())
        if kwargs["code"] != self.object.code.lower():  # /member-states/KGZ/: one address
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        state = self.object
        chaired = (
            Meeting.objects.published()
            .for_listing()
            .filter(chair_state=state)
            .order_by("-date", "-time", "-pk")[:REPRESENTATIVES_SHOWN]
        )
        words = state.mentions or state.name
        article = Meeting._meta.get_field("articles").related_model
        mentions = (
            search.matching(article.objects.published().for_listing(), words).order_by(
                "-published_at", "-pk"
            )[:MENTIONS_SHOWN]
            if words
            else []
        )
        return super().get_context_data(
            chaired_meetings=chaired,
            mentions=mentions,
            mentions_query=words,
            **kwargs,
        )
