"""Site-wide pages that belong to no single app: search, robots.txt, the editor's upload."""

from ckeditor_uploader.views import browse as ckeditor_browse
from ckeditor_uploader.views import upload as ckeditor_upload
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.html import escapejs
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from meetings.models import Document, Meeting
from news.models import Article

from . import search
from .pagination import SearchPaginator
from .validators import IMAGE_FORMATS, validate_image_file

SEARCH_TARGETS = [
    search.SearchTarget(
        "news", _("News"), Article, ("lead", "body"), ("section",), date_attr="published_at"
    ),
    search.SearchTarget(
        "meetings", _("Meetings"), Meeting, ("summary", "place"), ("body",), date_attr="date"
    ),
    search.SearchTarget(
        "documents",
        _("Documents"),
        Document,
        ("reference_number", "summary"),
        ("body",),
        date_attr="current_status_date",
    ),
]


class SearchView(TemplateView):
    """One search page over every public kind of item; GET only, no cookies."""

    template_name = "search/results.html"
    paginate_by = 10
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text, truncated = search.clean_query(self.request.GET.get("q", ""))
        kinds = {target.key: target for target in SEARCH_TARGETS}
        kind = self.request.GET.get("type", "")
        targets = [kinds[kind]] if kind in kinds else SEARCH_TARGETS
        context.update(
            query=text,
            truncated=truncated,
            max_length=search.MAX_QUERY_LENGTH,
            kinds=[(target.key, target.label) for target in SEARCH_TARGETS],
            current_kind=kind if kind in kinds else "",
            results=[],
            page_obj=None,
        )
        rows = search.search(targets, text) if text else None
        if rows is None:
            return context
        paginator = SearchPaginator(rows, self.paginate_by)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404(_("No such page of results.")) from error
        context.update(
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            total=paginator.count,
            results=search.attach_results(SEARCH_TARGETS, list(page.object_list), text),
        )
        return context


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    # The admin's address is not listed: it is configurable precisely to stay unknown.
    searches = [f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES]
    lines = ["User-agent: *", "Disallow: /ckeditor/", *searches, f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@staff_member_required
@csrf_exempt  # CKEditor 4's upload dialog posts no CSRF token; SameSite=Lax session cookies
# keep other sites from posting here with a staff session.
@require_POST
def editor_image_upload(request):
    """CKEditor's image upload, refusing anything that is not a verified raster image
    (SVG, HTML, scripts, polyglots) before ckeditor_uploader stores it."""
    upload = request.FILES.get("upload")
    callback = request.GET.get("CKEditorFuncNum", "")
    if upload is None or (callback and not callback.isdigit()):
        # The callback number is written into a script by ckeditor_uploader: digits only.
        return JsonResponse({"uploaded": 0, "error": {"message": _("Bad upload.")}}, status=400)
    try:
        image_format = validate_image_file(upload)
    except ValidationError as error:
        message = " ".join(error.messages)
        if callback:
            return HttpResponse(
                "<script>window.parent.CKEDITOR.tools.callFunction("
                f"{callback}, '', '{escapejs(message)}');</script>",
                status=400,
            )
        return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=400)
    # Stored under the extension of what the file really is, whatever the browser named it.
    upload.name = "image" + IMAGE_FORMATS[image_format]
    return ckeditor_upload(request)


# ckeditor_uploader's image browser, staff only and never cached, as its own URLconf had it.
editor_browse = never_cache(staff_member_required(ckeditor_browse))
