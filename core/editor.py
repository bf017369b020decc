"""The rich-text editor's (CKEditor 4) image upload and browser: staff only, images only."""

from urllib.parse import urlsplit

from ckeditor_uploader.views import browse as ckeditor_browse
from ckeditor_uploader.views import upload as ckeditor_upload
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils.html import escapejs
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .editor_images import make_editor_renditions, uploaded_name
from .images import reencode
from .validators import validate_image_file


def same_origin(request):
    """Whether the request comes from a page of this site, judged as Django's CSRF check
    judges an HTTPS request: by its Origin header, or without one by its Referer."""
    origin = request.headers.get("Origin")
    if origin is None:
        referer = urlsplit(request.headers.get("Referer", ""))
        if not (referer.scheme and referer.netloc):
            return False
        origin = f"{referer.scheme}://{referer.netloc}"
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


@staff_member_required
@csrf_exempt  # CKEditor 4's upload dialog sends no CSRF token: the origin is checked instead
@require_POST
def image_upload(request):
    """CKEditor's image upload: from the site's own pages only, and only a verified raster
    image (no SVG, HTML, scripts or polyglots), re-encoded before ckeditor_uploader stores
    it; its renditions are made once stored (core/editor_images.py)."""
    if not same_origin(request):
        raise PermissionDenied("The upload did not come from this site's editor.")
    upload = request.FILES.get("upload")
    callback = request.GET.get("CKEditorFuncNum", "")
    if upload is None or (callback and not callback.isdigit()):
        # The callback number is written into a script by ckeditor_uploader: digits only.
        return JsonResponse({"uploaded": 0, "error": {"message": _("Bad upload.")}}, status=400)
    try:
        validate_image_file(upload)
    except ValidationError as error:
        message = " ".join(error.messages)
        if callback:
            return HttpResponse(
                "<script>window.parent.CKEDITOR.tools.callFunction("
                f"{callback}, '', '{escapejs(message)}');</script>",
                status=400,
            )
        return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=400)
    # Stored as what it really is (JPEG, PNG or WebP), without its metadata.
    request.FILES["upload"] = reencode(upload)
    response = ckeditor_upload(request)
    name = uploaded_name(response) if response.status_code == 200 else None
    if name:  # its widths and formats for readers, made now so that no page encodes
        make_editor_renditions(name)
    return response


# ckeditor_uploader's image browser, staff only and never cached, as its own URLconf had it.
browse = never_cache(staff_member_required(ckeditor_browse))
