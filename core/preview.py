"""Preview before saving: the admin form as it stands, shown by the public templates.

The form's "Preview" button posts what is typed (nothing is saved) to ``…/preview/``, which
keeps it in the staff member's session under a random token and opens a preview page in a
new tab: the item rendered by its public detail view, through the same templates and the
same sanitizer (``|richtext``) as readers get, in either language and at phone width.

Readers never reach it: the admin's login and the model's add or change permission guard it,
the token lives in the session of the one who posted it, and every answer is
``Cache-Control: no-store`` with ``X-Robots-Tag: noindex``.
"""

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from . import content

SESSION_KEY = "csto-previews"
KEPT = 10  # previews kept per session: the newest


def urls(model_admin):
    """The three preview addresses of a model admin (see the module docstring)."""
    opts = model_admin.model._meta
    name = f"{opts.app_label}_{opts.model_name}_preview"
    wrap = model_admin.admin_site.admin_view

    @never_cache
    @require_POST
    def start(request):
        obj = _object(model_admin, request, request.GET.get("object"))
        token = secrets.token_urlsafe(16)
        kept = request.session.get(SESSION_KEY, {})
        kept[token] = {"object": obj.pk if obj else None, "data": request.POST.urlencode()}
        request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
        return redirect(reverse(f"admin:{name}_page", args=[token]), permanent=False)

    @never_cache
    @require_GET
    def page(request, token):
        stored = _stored(request, token)
        _object(model_admin, request, stored["object"])  # still allowed?
        language = request.GET.get("language", translation.get_language())
        languages = dict(settings.LANGUAGES)
        language = language if language in languages else settings.LANGUAGE_CODE
        phone = request.GET.get("width") == "phone"
        choices = [
            (code, label, "?" + urlencode({"language": code, "width": "phone" if phone else ""}))
            for code, label in settings.LANGUAGES
        ]
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _title(model_admin),
            "opts": opts,
            "language": language,
            "languages": choices,
            "phone": phone,
            "desktop_url": "?" + urlencode({"language": language}),
            "phone_url": "?" + urlencode({"language": language, "width": "phone"}),
            "frame_url": reverse(f"admin:{name}_render", args=[token, language]),
        }
        response = TemplateResponse(request, "admin/preview.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @never_cache
    @xframe_options_sameorigin
    @require_GET
    def render(request, token, language):
        stored = _stored(request, token)
        obj = _object(model_admin, request, stored["object"])
        if language not in dict(settings.LANGUAGES):
            raise Http404("No such language.")
        form = model_admin.get_form(request, obj)(
            QueryDict(stored["data"]), instance=obj or model_admin.model()
        )
        form.is_valid()  # fills the item with every field that validated; nothing is saved
        item = form.instance
        item.slug = item.slug or "preview"
        view = import_string(content.entry_for(model_admin.model).detail_view)
        with translation.override(language):
            try:
                response = view.preview_response(request, item)
                response.render()
            except (ObjectDoesNotExist, NoReverseMatch):
                # A required choice is still empty (the section, the body…): say which.
                response = TemplateResponse(
                    request, "admin/preview_incomplete.html", {"form": form, "opts": opts}
                )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return [
        path("preview/", wrap(start), name=name),
        path("preview/<str:token>/", wrap(page), name=f"{name}_page"),
        path("preview/<str:token>/<str:language>/", wrap(render), name=f"{name}_render"),
    ]


def _object(model_admin, request, pk):
    """The stored item being edited (None for a new one), if this user may write it."""
    if pk in (None, ""):
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    obj = model_admin.get_object(request, str(pk))
    if obj is None or not model_admin.has_change_permission(request, obj):
        raise PermissionDenied
    return obj


def _stored(request, token):
    stored = request.session.get(SESSION_KEY, {}).get(token)
    if stored is None:
        raise Http404("This preview has expired; press Preview on the form again.")
    return stored


def _title(model_admin):
    return _("Preview of the %(model)s, not saved") % {
        "model": model_admin.model._meta.verbose_name
    }
