"""Nothing typed into an admin form is lost: not an upload when the form comes back with an
error, not the text when the browser crashes or the session expires.

- **Uploads.** A browser never puts a file back into a file input, so a form that came back
  with an error came back without its photo, and the next save went out without it, without
  a word. Now an upload that was valid in itself is kept on the server when its form is shown
  again (``kept/<random>/<name>`` in the default storage), and the form carries a token
  naming it, signed, bound to the user and the field, valid for a day. The next submit
  without a new file uses the kept file as that field's upload, validated again like any
  upload (and an image re-encoded when its model saves it: ``core.images``). A new file
  replaces it, "Do not use this file" drops it, a successful save deletes it, and kept files
  older than a day go when new ones are kept. A forged, expired or foreign token is ignored
  (the field is simply empty): no path ever comes from the browser, only the signed key.
  Readers never get them: nginx refuses ``/media/kept/``; on S3 their names are random and
  listed nowhere.
- **Text.** ``static/js/admin-drafts.js`` keeps a draft of the form in the browser's
  localStorage as the officer types and offers it back on return, never restoring it by
  itself; the page after a successful save clears it.

``KeepAdmin`` brings both to a model admin's form and its inlines' rows
(``core.admin.GuardedAdmin`` inherits it). The widget's template is in ``core/templates``
because Django's form renderer reads only apps' template folders.
"""

import mimetypes
import posixpath
import re
import secrets
from datetime import timedelta
from functools import partial

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext

KEPT_DIR = "kept"
KEEP_FOR = timedelta(days=1)
_KEY = re.compile(r"[0-9a-f]{32}")


def safe_name(name):
    """The upload's own name, fit to store and show (``Фото 1.JPG`` -> ``Фото_1.JPG``)."""
    try:
        name = get_valid_filename(posixpath.basename(str(name).replace("\\", "/")))
    except SuspiciousFileOperation:
        name = "upload"
    stem, extension = posixpath.splitext(name)
    return f"{stem[:80]}{extension[:16]}"


# --- kept files: a reference is "<random key>/<safe name>" under KEPT_DIR ------------------


def keep(upload):
    """Store ``upload`` under a new random key; returns its reference."""
    forget_old()
    name = f"{KEPT_DIR}/{secrets.token_hex(16)}/{safe_name(upload.name)}"
    return default_storage.save(name, upload).removeprefix(f"{KEPT_DIR}/")


def reopen(ref):
    """The kept file as a fresh upload, or None when it is gone."""
    try:
        with default_storage.open(f"{KEPT_DIR}/{ref}") as kept:
            content = kept.read()
    except FileNotFoundError:
        return None
    name = posixpath.basename(ref)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return SimpleUploadedFile(name, content, content_type)


def forget(*refs):
    for ref in refs:
        default_storage.delete(f"{KEPT_DIR}/{ref}")
        # Its folder, on a file system (on S3 there is no such object).
        default_storage.delete(f"{KEPT_DIR}/{posixpath.dirname(ref)}")


def forget_old():
    """Delete the kept files older than a day: no token can name them any more."""
    try:
        keys, _files = default_storage.listdir(KEPT_DIR)
    except FileNotFoundError:
        return
    limit = timezone.now() - KEEP_FOR
    for key in keys:
        _folders, names = default_storage.listdir(f"{KEPT_DIR}/{key}")
        refs = [f"{key}/{name}" for name in names]
        if refs and all(default_storage.get_modified_time(f"{KEPT_DIR}/{r}") < limit for r in refs):
            forget(*refs)


def sign(ref, salt):
    return signing.dumps(ref, salt=salt)


def unsign(token, salt):
    """The reference a token names, or None if it is forged, expired or someone else's."""
    try:
        ref = signing.loads(token, salt=salt, max_age=KEEP_FOR)
    except signing.BadSignature:
        return None
    key, _, name = str(ref).partition("/")
    return ref if _KEY.fullmatch(key) and name and name == safe_name(name) else None


# --- the form --------------------------------------------------------------------------


class KeptFileInput(AdminFileWidget):
    """The admin's file input, with the line of the file kept from the last try."""

    template_name = "core/widgets/kept_file_input.html"
    # (upload, reference or None, salt), set by KeepUploadsForm for a valid upload.
    to_keep = None

    def token_name(self, name):
        return f"{name}-kept"

    def drop_name(self, name):
        return f"{name}-kept-drop"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.to_keep is not None:
            upload, ref, salt = self.to_keep
            if ref is None:
                # Shown again, so the form came back: this is when the upload is kept.
                ref = keep(upload)
                self.to_keep = (upload, ref, salt)
            context["widget"]["kept"] = {
                "name": posixpath.basename(ref),
                "token": sign(ref, salt),
                "token_name": self.token_name(name),
                "drop_name": self.drop_name(name),
                "drop_id": f"{self.drop_name(name)}_id",
            }
        return context


class KeepUploadsForm:
    """Model form mixin keeping its valid uploads across a failed submit (see the module
    docstring). ``keep_for`` is the id of the user its tokens are bound to."""

    keep_for = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Field name: the reference of the kept file this submit uses as its upload.
        self.kept = {}
        for name, field in self.fields.items():
            if isinstance(field, forms.FileField):
                field.widget = KeptFileInput(field.widget.attrs)
                field.widget.is_required = field.required
                if self.is_bound:
                    self._reuse_kept(name)

    def _salt(self, name):
        return f"core.keep:{self.keep_for}:{self._meta.model._meta.label_lower}.{name}"

    def _reuse_kept(self, name):
        """The kept file of ``name`` becomes this submit's upload, unless a new file
        replaces it or the officer dropped it (or cleared the field)."""
        html_name = self.add_prefix(name)
        widget = self.fields[name].widget
        ref = unsign(self.data.get(widget.token_name(html_name), ""), self._salt(name))
        if ref is None:
            return
        checked = partial(forms.CheckboxInput().value_from_datadict, self.data, self.files)
        dropped = checked(widget.drop_name(html_name)) or checked(
            widget.clear_checkbox_name(html_name)
        )
        upload = None if dropped or self.files.get(html_name) else reopen(ref)
        if upload is None:
            forget(ref)
            return
        self.files = self.files.copy()
        self.files[html_name] = upload
        self.kept[name] = ref

    def full_clean(self):
        super().full_clean()
        for name, value in getattr(self, "cleaned_data", {}).items():
            if isinstance(value, UploadedFile) and not self.has_error(name):
                self.fields[name].widget.to_keep = (value, self.kept.get(name), self._salt(name))


def keeping(form_class, user):
    """``form_class`` with ``KeepUploadsForm``, its tokens bound to ``user``."""
    return type(form_class.__name__, (KeepUploadsForm, form_class), {"keep_for": user.pk})


def drafts_media(user, form_id=""):
    """The script keeping drafts of the page's form (``form_id``) in the browser, or on a
    page without one clearing the draft of the form just saved; its texts in the user's
    language."""
    settings = {
        "data-user": user.pk,
        "data-form": form_id,
        "data-found": gettext("Unsaved text from %(time)s found."),
        "data-restore": gettext("Restore"),
        "data-discard": gettext("Discard"),
    }
    return forms.Media(js=[forms.Script("js/admin-drafts.js", **settings)])


class KeepAdmin:
    """ModelAdmin mixin: nothing typed into its form or its inlines' rows is lost."""

    def get_form(self, request, obj=None, **kwargs):
        return keeping(super().get_form(request, obj, **kwargs), request.user)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            form = keeping(formset.form, request.user)
            yield type(formset.__name__, (formset,), {"form": form}), inline

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        every_form = [form, *(row for formset in formsets for row in formset.forms)]
        # List edits are saved through here too, with the list's own forms: nothing kept.
        used = [ref for each in every_form for ref in getattr(each, "kept", {}).values()]
        if used:
            transaction.on_commit(partial(forget, *used))

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] += drafts_media(request.user, f"{self.opts.model_name}_form")
        return super().render_change_form(request, context, *args, **kwargs)

    def changelist_view(self, request, extra_context=None):
        """The list, where a save leads: the script clears the saved form's draft there."""
        response = super().changelist_view(request, extra_context)
        if getattr(response, "context_data", None) is not None:
            response.context_data["media"] += drafts_media(request.user)
        return response
