"""The rich-text editor's (CKEditor 4) image upload and browser: staff only, images only."""

from ckeditor_uploader.views import browse as ckeditor_browse
from ckeditor_uploader.views import upload as ckeditor_upload
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils.html import escapejs
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .validators import IMAGE_FORMATS, validate_image_file


@staff_member_required
@csrf_exempt  # CKEditor 4's upload dialog posts no CSRF token; SameSite=Lax session cookies
# keep other sites from posting here with a staff session.
@require_POST
def image_upload(request):
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
browse = never_cache(staff_member_required(ckeditor_browse))
