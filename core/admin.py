"""Admin base classes for every registered model (no registrations here).

- ``GuardedAdmin``: both languages of each translated field (django-modeltranslation), the
  editor widget on rich text, and every write checked by ``core.permissions``: change,
  delete, inlines, actions and list edits. View-only staff can open pages but write nowhere.
- ``GuardedHistoryAdmin``: the same with the change history (django-simple-history), whose
  revert form is checked like the change form.
- ``PublishingAdmin``: for public content, adds the publication rules of the two roles
  (``core.roles``): the status is a publisher's to set, and the publish/unpublish actions.
- ``GuardedInline``: an inline of a content item's parts (a document's steps): a recorded
  part of a published item is changed or deleted only by a publisher.
- ``CorrectionInline``: the public correction notes on every content item's page, written
  by publishers only.
"""

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationGenericTabularInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from . import content, permissions, preview, review
from .keep import KeepAdmin
from .models import Correction
from .publishing import PublicationStatus, ReviewState


def rich_text_widget(model, db_field):
    """The editor widget for a field its registration lists as rich text, else None."""
    entry = content.entry_for(model)
    base_name = getattr(db_field, "translated_field", db_field).name
    if entry is not None and base_name in entry.rich_text:
        return CKEditorUploadingWidget()
    return None


class GuardedAdmin(KeepAdmin, TranslationAdmin):
    """The admin of a registered model; see the module docstring."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        widget = rich_text_widget(self.model, db_field)
        if widget is not None:
            kwargs["widget"] = widget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not permissions.may_change(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not permissions.may_change(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Every write path ends here (change, add, revert, list edits): checked again
        # against the stored state, whatever view let the request through.
        if change and not self.has_change_permission(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if not all(self.has_delete_permission(request, obj) for obj in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def changelist_view(self, request, extra_context=None):
        """An action the user may not run is refused outright (Django would ignore it and
        show the list again)."""
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)


class GuardedHistoryAdmin(GuardedAdmin, SimpleHistoryAdmin):
    """A guarded admin with the change history (content and its parts)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The history's "revert" form writes like the change form, so it asks the same:
        change permission on the item as it is stored now (django-simple-history itself
        lets anyone who may *view* it post)."""
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class PartsFormSet(BaseInlineFormSet):
    """Inline rows of parts: refuses changing or deleting a recorded part of a published
    item for a user who may not publish it (``user`` is set by ``GuardedInline``)."""

    user = None
    refused = _(
        "Only a publisher may change or delete a recorded step of a published "
        "document. Add a new step instead."
    )

    def clean(self):
        super().clean()
        for form in self.initial_forms:
            touched = form.has_changed() or self._should_delete_form(form)
            if touched and not permissions.may_change(self.user, form.instance):
                raise forms.ValidationError(self.refused)


class GuardedInline(TranslationTabularInline):
    formset = PartsFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        widget = rich_text_widget(self.model, db_field)
        if widget is not None:
            kwargs["widget"] = widget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})


class TrackAuthorAdmin(admin.ModelAdmin):
    """Records who created and who last changed an item (fields created_by/updated_by)."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [
            (code, _("missing in %(language)s") % {"language": name})
            for code, name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        codes = [code for code, _name in settings.LANGUAGES]
        if self.value() not in codes:
            return queryset
        field = f"{queryset.model.translation_gate_field}_{self.value()}"
        return queryset.filter(**{f"{field}__isnull": True}) | queryset.filter(**{field: ""})


class PublishingAdmin(TrackAuthorAdmin, GuardedHistoryAdmin):
    """Admin of public content, enforcing on the server what an Editor may not do: set or
    change the publication status (``core.permissions`` keeps them off published items).

    A user who may not publish sees the status read-only, has no publish/unpublish/bulk-
    delete actions, and whatever they post (a crafted form, a revert to an old published
    version) is saved with the status the item had before. The review hand-off
    (``core.review``) and the preview before saving (``core.preview``) are on every form.
    """

    actions = ["publish", "unpublish"]

    def can_publish(self, request):
        return permissions.may_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "languages", "review_state"]
        if not self.can_publish(request):
            readonly.append("status")
        return readonly

    def get_fieldsets(self, request, obj=None):
        """Which languages are written, first; the review hand-off, before the publication."""
        fieldsets = [(None, {"fields": ["languages"]}), *super().get_fieldsets(request, obj)]
        publication = next(
            index
            for index, (_name, options) in enumerate(fieldsets)
            if "status" in options["fields"]
        )
        review = (_("Review"), {"fields": ["review_state", "review_note"]})
        return [*fieldsets[:publication], review, *fieldsets[publication:]]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.can_publish(request):
            for name in ("publish", "unpublish", "delete_selected"):
                actions.pop(name, None)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.can_publish(request):
            buttons = [(review.PUBLISH, _("Publish (or schedule)"))]
            if obj is not None and obj.review == ReviewState.SUBMITTED:
                buttons.append((review.SEND_BACK, _("Send back to the editor")))
        else:
            buttons = [(review.SUBMIT, _("Submit for review"))]
        opts = self.model._meta
        context.update(
            review_buttons=buttons if context.get("has_change_permission", True) else [],
            preview_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_preview")
            + (f"?object={obj.pk}" if obj is not None else ""),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not self.can_publish(request):
            if change:
                stored = type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True)
                obj.status = stored.first() or PublicationStatus.DRAFT
            else:
                obj.status = PublicationStatus.DRAFT
        action = next((name for name in review.ACTIONS if name in request.POST), None)
        message = review.apply(action, obj, request.user, self.can_publish(request))
        if obj.status == PublicationStatus.PUBLISHED:
            obj.review = ReviewState.NONE
        super().save_model(request, obj, form, change)
        if message:
            self.message_user(request, message, messages.SUCCESS)
            change_url = request.build_absolute_uri(
                reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
            )
            review.tell(action, obj, change_url, get_language())

    def get_urls(self):
        return [*preview.urls(self), *super().get_urls()]

    def get_inlines(self, request, obj):
        """Its own inlines, then those its parts registered (``register_part(admin_inline=)``:
        a gallery's photos)."""
        inlines = [
            *super().get_inlines(request, obj),
            *map(import_string, content.part_inlines(self.model)),
        ]
        if obj is None:  # a new item's form
            return [inline for inline in inlines if getattr(inline, "for_new_items", True)]
        return inlines

    def _publish_action(self, request, queryset, *, publish):
        if not self.can_publish(request):
            raise PermissionDenied
        count = queryset.publish() if publish else queryset.unpublish()
        message = (
            ngettext("%d item published.", "%d items published.", count)
            if publish
            else ngettext("%d item unpublished.", "%d items unpublished.", count)
        )
        self.message_user(request, message % count, messages.SUCCESS)

    @admin.action(description=_("Publish selected items"))
    def publish(self, request, queryset):
        self._publish_action(request, queryset, publish=True)

    @admin.action(description=_("Unpublish selected items (back to draft)"))
    def unpublish(self, request, queryset):
        self._publish_action(request, queryset, publish=False)

    @admin.display(boolean=True, description=_("visible to readers"))
    def is_live(self, obj):
        return obj.is_released

    @admin.display(description=_("languages"))
    def languages(self, obj):
        """EN ✓ RU ✗: which translations the item has (its title decides)."""
        return format_html_join(
            " ",
            '<span title="{}">{} {}</span>',
            (
                (name, code.upper(), "✓" if obj.is_translated(code) else "✗")
                for code, name in settings.LANGUAGES
            ),
        )

    @admin.display(description=_("review"))
    def review_state(self, obj):
        return obj.get_review_display() if obj.pk else ReviewState.NONE.label


class MissingMeansUnchanged:
    """For an item's formsets: a form posted without their rows (no management data: a
    script, or a form older than that section) leaves the stored rows as they are instead
    of refusing the whole form."""

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        super().__init__(data, *args, prefix=prefix, **kwargs)


class OptionalPartsFormSet(MissingMeansUnchanged, PartsFormSet):
    """An item's files (``MissingMeansUnchanged``)."""

    refused = _(
        "Only a publisher may change or delete a file of a published item. Add a new file instead."
    )


class AttachmentInline(GuardedInline):
    """The files attached to an item (``core.attachments``): each app names its model.
    Each row says how big its file is, whether its words are searched, and which language
    versions its position still lacks."""

    formset = OptionalPartsFormSet
    fields = ["position", "language", "title", "file", "size_shown", "search_state", "versions"]
    readonly_fields = ["size_shown", "search_state", "versions"]
    extra = 1

    @admin.display(description=_("size"))
    def size_shown(self, obj):
        return obj.size_display if obj.pk else ""

    @admin.display(description=_("search"))
    def search_state(self, obj):
        from .attachments import TextState

        if not obj.pk:
            return ""
        label = obj.get_text_state_display()
        if obj.text_state == TextState.NO_TEXT_LAYER:
            return format_html('<strong class="errornote">⚠ {}</strong>', label)
        return label

    @admin.display(description=_("missing language versions"))
    def versions(self, obj):
        from .attachments import missing_languages

        if not obj.pk:
            return ""
        item_field = content.entry_for(type(obj)).of
        siblings = (
            type(obj)
            .objects.filter(
                **{item_field: getattr(obj, f"{item_field}_id"), "position": obj.position}
            )
            .only("position", "language")
        )
        missing = missing_languages(siblings).get(obj.position)
        return ", ".join(missing) if missing else _("none")


class CorrectionFormSet(MissingMeansUnchanged, BaseGenericInlineFormSet):
    pass


class CorrectionInline(TranslationGenericTabularInline):
    """An item's public correction notes, on its own admin page (every content type:
    ``core.apps``). Publishers add, change and delete them; editors see them read-only
    (``core.roles``), and Django ignores what they post here."""

    model = Correction
    formset = CorrectionFormSet
    for_new_items = False  # a new item has nothing to correct yet
    fields = ["date", "note"]
    extra = 0
    verbose_name = _("public correction note")
    verbose_name_plural = _("public correction notes (readers see them above the text)")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if getattr(db_field, "translated_field", db_field).name == "note":
            field.widget = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return field
