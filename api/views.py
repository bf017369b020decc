"""The open JSON API: read-only, public data only, one language per response.

- **The gate.** Every list and item starts from ``published(language)``, the site's gate:
  drafts, embargoed items and items not written in the asked language do not exist here,
  whoever asks. The API reads no session and no credentials (no authentication classes),
  so staff get exactly what readers get: there is no preview through the API.
- **Language.** ``?lang=en`` or ``?lang=ru`` (default: the site's default language); any
  other value is a 400. Texts are that language's; the response says it in
  ``Content-Language``.
- **Caching.** Responses go through the site's middleware: ``ConditionalGetMiddleware``
  gives each an ETag and answers ``If-None-Match`` with a 304, and ``core.cache`` makes an
  anonymous reader's answer public for a few seconds, everyone else's private.
- **Limits.** ``ReaderThrottle``: ``CSTO_API_RATE`` requests per client address (the
  address the login lockout uses, ``core.security.client_ip``), counted in the project's
  cache; past it, a 429 with ``Retry-After``.
"""

import re

from django.conf import settings
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import exceptions, pagination, viewsets
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from core import content
from core.pagination import CachedCountPaginator
from core.search import vector_fields
from core.security import client_ip
from events.models import Event, EventKind
from meetings.models import Body, Document, DocumentStep, Meeting, MemberState
from news.models import Article, Section
from pages.models import Page
from people.models import Person

from . import filters, serializers
from .schema import LANGUAGE_CODES, ApiSchema


def requested_language(request):
    """The ``lang`` asked for, the site's default language if none; None if unknown."""
    language = request.GET.get("lang", "") or settings.LANGUAGE_CODE
    return language if language in LANGUAGE_CODES else None


class ReaderThrottle(SimpleRateThrottle):
    """``CSTO_API_RATE`` requests (e.g. "120/min") per client address."""

    scope = "api"

    def get_rate(self):
        return settings.CSTO_API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "-"}


DIGITS = re.compile(r"[0-9]{1,12}")  # ASCII digits only ("²".isdigit() is true)


class Pagination(pagination.PageNumberPagination):
    """``?page=N`` (or ``last``) and ``?page_size=`` up to 100. A page number that is not a
    number, or a size out of range, is a 400; a page past the end is a 404. The total is
    remembered like the site's lists' (``core.pagination.CachedCountPaginator``)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ("last",)

    def paginate_queryset(self, queryset, request, view=None):
        params = sorted(
            (key, value)
            for key, values in request.GET.lists()
            if key not in (self.page_query_param, self.page_size_query_param)
            for value in values
        )
        self.count_key = f"api:{request.path}:{params}"
        page = request.GET.get(self.page_query_param, "1")
        if not (DIGITS.fullmatch(page) or page in self.last_page_strings):
            raise exceptions.ValidationError(
                {self.page_query_param: [_("A page number (1, 2, …) or “last”.")]}
            )
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        return CachedCountPaginator(object_list, per_page, count_key=self.count_key)

    def get_page_size(self, request):
        size = request.GET.get(self.page_size_query_param)
        if size is None:
            return self.page_size
        if not DIGITS.fullmatch(size) or not 1 <= int(size) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("A number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {
                    "oneOf": [
                        {"type": "integer", "minimum": 1},
                        {"type": "string", "enum": ["last"]},
                    ]
                }
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 100}
        return parameters


class PublicMixin:
    """What every API view shares: no credentials read, JSON, the language, the limits."""

    authentication_classes = []
    throttle_classes = [ReaderThrottle]
    schema = ApiSchema()
    metadata_class = None  # OPTIONS is a 405 (CORS preflights are answered before)

    def dispatch(self, request, *args, **kwargs):
        self.language = requested_language(request)
        with translation.override(self.language or settings.LANGUAGE_CODE):
            response = super().dispatch(request, *args, **kwargs)
        if self.language:
            response["Content-Language"] = self.language
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return  # a write, OPTIONS, TRACE…: its 405 comes first
        # A parameter is given a value or left out: "?kind=" is a 400, not "any kind", so
        # a program that lost a value hears of it (and the schema's enums hold as written).
        empty = sorted({key for key, values in request.GET.lists() if "" in values})
        if empty:
            message = _("Give a value, or leave the parameter out.")
            raise exceptions.ValidationError({key: [message] for key in empty})
        if self.language is None:
            raise exceptions.ValidationError(
                {"lang": [_("One of: %(codes)s.") % {"codes": ", ".join(LANGUAGE_CODES)}]}
            )


class ReadOnlyViewSet(PublicMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    # Any text is looked up (a non-number is simply not found), so a bad id is the API's
    # JSON 404, never the site's HTML page.
    lookup_value_converter = "str"
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class


# --- reference data ------------------------------------------------------------------------


@extend_schema(tags=["reference"])
class SectionViewSet(ReadOnlyViewSet):
    """The news sections (names fall back to the other language when one is missing)."""

    queryset = Section.objects.order_by("position", "name", "pk")
    serializer_class = serializers.SectionSerializer


@extend_schema(tags=["reference"])
class BodyViewSet(ReadOnlyViewSet):
    """The statutory and working bodies."""

    queryset = Body.objects.order_by("position", "name", "pk")
    serializer_class = serializers.BodySerializer


@extend_schema(tags=["reference"])
class MemberStateViewSet(ReadOnlyViewSet):
    """The member states."""

    queryset = MemberState.objects.order_by("name", "pk")
    serializer_class = serializers.MemberStateSerializer


@extend_schema(tags=["reference"])
class EventKindViewSet(ReadOnlyViewSet):
    """The kinds of events on the calendar."""

    queryset = EventKind.objects.order_by("position", "name", "pk")
    serializer_class = serializers.EventKindSerializer


# --- content ---------------------------------------------------------------------------------


class ContentViewSet(ReadOnlyViewSet):
    """Published items of a registered type, in the model's own order: the gate in the
    asked language, the relations its lists show (its registration's ``list_related``) and
    its correction notes in the same query, no search vectors; the long text
    (``item_only``) for one item only."""

    item_only = None

    def get_queryset(self):
        model = self.queryset.model
        queryset = (
            model.objects.published(self.language)
            .select_related(*content.entry_for(model).list_related)
            .defer(*vector_fields(model))
            .with_corrections()
        )
        if self.item_only and self.action != "retrieve":
            queryset = queryset.defer(self.item_only)
        return queryset


@extend_schema(tags=["news"])
class ArticleViewSet(ContentViewSet):
    """Published news, statements, interviews and speeches, newest first."""

    queryset = Article.objects.none()  # the model, for the schema; see get_queryset()
    serializer_class = serializers.ArticleSerializer
    detail_serializer_class = serializers.ArticleDetailSerializer
    filterset_class = filters.ArticleFilter
    item_only = "body"

    def get_queryset(self):
        # The meeting it reports on, in the same query (shown only if public).
        return (
            super()
            .get_queryset()
            .select_related("meeting")
            .defer("meeting__summary", *vector_fields(Meeting, "meeting"))
        )


@extend_schema(tags=["meetings"])
class MeetingViewSet(ContentViewSet):
    """Published meetings of the bodies, latest first."""

    queryset = Meeting.objects.none()
    serializer_class = serializers.MeetingSerializer
    detail_serializer_class = serializers.MeetingDetailSerializer
    filterset_class = filters.MeetingFilter
    item_only = "summary"


@extend_schema(tags=["meetings"])
class DocumentViewSet(ContentViewSet):
    """The register: published documents with their dated steps, latest status first."""

    queryset = Document.objects.none()
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter

    def get_queryset(self):
        # Each step's meeting comes in the same query; the serializer shows it only if it
        # is public (Meeting.is_public: the gate's test, on the row at hand).
        steps = (
            DocumentStep.objects.select_related("body", "meeting")
            .defer("meeting__summary", *vector_fields(Meeting, "meeting"))
            .order_by("date", "order", "pk")
        )
        # The official text's words are for site search only (up to 200,000 characters).
        documents = super().get_queryset().defer("file_text")
        return documents.prefetch_related(Prefetch("steps", queryset=steps))


@extend_schema(tags=["pages"])
class PageViewSet(ContentViewSet):
    """Published information pages, in the order of the tree's positions."""

    queryset = Page.objects.none()
    serializer_class = serializers.PageSerializer
    detail_serializer_class = serializers.PageDetailSerializer
    item_only = "body"

    def get_queryset(self):
        # The parent in the same query, to name it only if it is public.
        return (
            super()
            .get_queryset()
            .select_related("parent")
            .defer(
                *(f"parent__body_{code}" for code, _name in settings.LANGUAGES),
                *vector_fields(Page, "parent"),
            )
        )


@extend_schema(tags=["people"])
class PersonViewSet(ContentViewSet):
    """Published people, as the site lists them: those in office first, in the press
    office's order."""

    queryset = Person.objects.none()
    serializer_class = serializers.PersonSerializer
    detail_serializer_class = serializers.PersonDetailSerializer
    item_only = "biography"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .order_by(F("in_office_until").desc(nulls_first=True), "position", "pk")
        )


@extend_schema(tags=["events"])
class EventViewSet(ContentViewSet):
    """Published events of the calendar, earliest first (the bodies' meetings are under
    /meetings/)."""

    queryset = Event.objects.none()
    serializer_class = serializers.EventSerializer
    detail_serializer_class = serializers.EventDetailSerializer
    filterset_class = filters.EventFilter
    item_only = "description"

    def get_queryset(self):
        # The meeting it belongs to, in the same query (shown only if public).
        return (
            super()
            .get_queryset()
            .select_related("meeting")
            .defer("meeting__summary", *vector_fields(Meeting, "meeting"))
        )


# --- the entry point and the docs -----------------------------------------------------------


class RootView(PublicMixin, APIView):
    """Where each resource, the schema and the docs are."""

    @extend_schema(
        responses={200: {"type": "object", "additionalProperties": {"type": "string"}}},
        tags=["reference"],
    )
    def get(self, request):
        lang = f"?lang={self.language}"

        def absolute(name):
            return request.build_absolute_uri(reverse(name)) + lang

        links = {
            name: absolute(f"api:{route}-list")
            for name, route in (
                ("articles", "article"),
                ("sections", "section"),
                ("meetings", "meeting"),
                ("documents", "document"),
                ("bodies", "body"),
                ("member_states", "member-state"),
                ("pages", "page"),
                ("people", "person"),
                ("events", "event"),
                ("event_kinds", "event-kind"),
            )
        }
        links["schema"] = request.build_absolute_uri(reverse("api:schema"))
        links["docs"] = request.build_absolute_uri(reverse("api:docs"))
        return Response(links)


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, generated once per process and language (it depends only on the
    code: 30-45 ms to generate, then only the rendering)."""

    authentication_classes = []
    generated = {}

    def _get_schema_response(self, request):
        language = translation.get_language()
        if language not in LANGUAGE_CODES:  # ?lang=anything: not kept, so nothing piles up
            return super()._get_schema_response(request)
        if language not in self.generated:
            self.generated[language] = super()._get_schema_response(request).data
        filename = self._get_filename(request, None)
        disposition = f'inline; filename="{filename}"'
        return Response(self.generated[language], headers={"Content-Disposition": disposition})


class DocsView(SpectacularSwaggerView):
    """Swagger UI from the site's own static files (drf-spectacular-sidecar) and a start-up
    script of ours (``api/docs.js``): the site's CSP allows no inline script or style."""

    template_name = "api/docs.html"
    url_name = "api:schema"
    authentication_classes = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # drf-spectacular opens the window to OAuth pop-ups; there are none here, so the
        # site's own Cross-Origin-Opener-Policy (same-origin) applies.
        del response["Cross-Origin-Opener-Policy"]
        return response
