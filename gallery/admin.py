"""The gallery in the article's admin form: its photos as inline rows (caption, description
and credit in both languages, crop centre, order: drag the rows or type the numbers), and
one file input taking several photos at once, added at the end of the gallery when the
form is saved.

A refused file (not an image, too large, an SVG, a bomb…) is named with its reason; the
valid files of the same submit are kept on the server (``core.keep``) and saved with the
form once it is corrected, like every upload of the admin.
"""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import keep
from core.admin import GuardedInline, PartsFormSet
from core.renditions import rendition
from core.validators import validate_image_file

from .models import Photo

ACCEPT = "image/jpeg,image/png,image/gif,image/webp"
# Photos added by one save: each takes about 1.5 s to re-encode and resize, and a save must
# end within the request timeout (30 s). The rest are refused by name, to add with the next.
PER_SAVE = 15


def _every(mapping, key):
    """Every value posted under ``key`` (a formset keeps ``{}`` for a post without any)."""
    return mapping.getlist(key) if hasattr(mapping, "getlist") else []


class GalleryFormSet(PartsFormSet):
    """The photo rows, plus the photos uploaded together (``<prefix>-upload``)."""

    request = None  # set by PhotoInline, for the message after a save
    refused = _(
        "Only a publisher may change or delete a photo of a published article. "
        "Add a new photo instead."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_uploads = []  # valid files of this submit, in the order chosen
        self.used_refs = []  # kept files this submit uses
        self._kept = {}  # id(upload) -> reference, once kept for the form shown again

    @cached_property
    def management_form(self):
        """A post without the gallery's rows at all (a script, or a form made before the
        gallery existed) changes no photo, rather than failing the whole article."""
        total = f"{self.prefix}-{TOTAL_FORM_COUNT}"
        if self.is_bound and total not in self.data:
            form = ManagementForm(
                {total: 0, f"{self.prefix}-{INITIAL_FORM_COUNT}": 0},
                auto_id=self.auto_id,
                prefix=self.prefix,
                renderer=self.renderer,
            )
            form.full_clean()
            return form
        return super().management_form

    @property
    def upload_name(self):
        return f"{self.prefix}-upload"

    @property
    def kept_name(self):
        return f"{self.prefix}-upload-kept"

    @property
    def drop_name(self):
        return f"{self.prefix}-upload-drop"

    def _salt(self):
        return f"gallery.upload:{getattr(self.user, 'pk', None)}:{self.prefix}"

    def _kept_uploads(self):
        """The files kept from the last try that this submit still uses."""
        dropped = set(_every(self.data, self.drop_name))
        uploads = []
        for token in _every(self.data, self.kept_name):
            ref = keep.unsign(token, self._salt())
            if ref is None:
                continue
            upload = None if token in dropped else keep.reopen(ref)
            if upload is None:
                keep.forget(ref)
                continue
            self.used_refs.append(ref)
            self._kept[id(upload)] = ref
            uploads.append(upload)
        return uploads

    def clean(self):
        super().clean()
        uploads = [*self._kept_uploads(), *_every(self.files, self.upload_name)]
        problems = []
        for upload in uploads:
            try:
                validate_image_file(upload)
            except ValidationError as error:
                name = keep.safe_name(upload.name)
                problems.append(
                    ValidationError(
                        gettext("%(name)s was not added: %(reason)s")
                        % {"name": name, "reason": " ".join(error.messages)}
                    )
                )
            else:
                self.new_uploads.append(upload)
        for upload in self.new_uploads[PER_SAVE:]:
            problems.append(
                ValidationError(
                    gettext(
                        "%(name)s was not added: at most %(count)s photos are added by one save."
                    )
                    % {"name": keep.safe_name(upload.name), "count": PER_SAVE}
                )
            )
        del self.new_uploads[PER_SAVE:]
        if problems:
            raise ValidationError(problems)

    def kept_files(self):
        """For the form shown again: each valid upload of this submit, kept on the server,
        as (name, signed token)."""
        shown = []
        for upload in self.new_uploads:
            ref = self._kept.get(id(upload))
            if ref is None:
                ref = self._kept[id(upload)] = keep.keep(upload)
            shown.append((keep.safe_name(upload.name), keep.sign(ref, self._salt())))
        return shown

    def save(self, commit=True):
        saved = super().save(commit)
        if commit and self.new_uploads:
            last = self.instance.photos.aggregate(last=Max("position"))["last"]
            start = 0 if last is None else last + 1
            for offset, upload in enumerate(self.new_uploads):
                self.model.objects.create(
                    article=self.instance, image=upload, position=start + offset
                )
            if self.used_refs:
                transaction.on_commit(partial(keep.forget, *self.used_refs))
            if self.request is not None:
                count = len(self.new_uploads)
                message = ngettext(
                    "%(count)d photo added: describe it (alt text) for readers who cannot see it.",
                    "%(count)d photos added: describe each one (alt text) for readers who cannot "
                    "see them.",
                    count,
                ) % {"count": count}
                messages.info(self.request, message)
        return saved


class PhotoInline(GuardedInline):
    model = Photo
    formset = GalleryFormSet
    extra = 1
    fields = ["preview", "image", "caption", "alt", "credit", "focus_x", "focus_y", "position"]
    readonly_fields = ["preview"]
    template = "gallery/admin/photo_inline.html"
    classes = ["gallery-inline"]

    class Media:
        js = ["js/admin-gallery.js"]
        css = {"all": ["css/admin-gallery.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("focus_x", "focus_y", "position") and field is not None:
            field.widget.attrs["class"] = "gallery-number"
        if db_field.name == "image" and field is not None:
            field.widget.attrs["accept"] = ACCEPT
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"request": request})

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.pk or not photo.image:
            return ""
        thumb = rendition(photo.image, "thumb", 320, "JPEG", photo.crop_centre())
        return format_html('<img src="{}" alt="" width="120" height="80">', thumb.url)
