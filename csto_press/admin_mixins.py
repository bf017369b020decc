"""Admin pieces shared by the news and meetings apps: authorship, history and the
publishing rules of the two roles (csto_press/roles.py)."""

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .publishing import PublicationStatus


class TrackAuthorAdmin(admin.ModelAdmin):
    """Records who created and who last changed an item (fields created_by/updated_by)."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class TranslatedAdmin(TranslationAdmin):
    """Both languages of every translated field one under the other in one form, the rich
    text ones with the editor, and a column and a filter for missing translations."""

    rich_text_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        base_name = getattr(db_field, "translated_field", db_field).name
        if base_name in self.rich_text_fields:
            kwargs["widget"] = CKEditorUploadingWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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


class PublishingAdmin(TrackAuthorAdmin, SimpleHistoryAdmin, TranslatedAdmin):
    """Admin of a publishable item, enforcing on the server what an Editor may not do:
    set or change the publication status, change or delete a published item.

    A user without the model's ``publish_<model>`` permission sees the status read-only,
    has no publish/unpublish/bulk-delete actions, and whatever they post (a crafted form,
    a revert to an old published version) is saved with the status it had before.
    """

    actions = ["publish", "unpublish"]

    def can_publish(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def is_locked_for(self, request, obj):
        return (
            obj is not None
            and obj.status == PublicationStatus.PUBLISHED
            and not self.can_publish(request)
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.can_publish(request):
            readonly.append("status")
        return readonly

    def has_change_permission(self, request, obj=None):
        if self.is_locked_for(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.is_locked_for(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.can_publish(request):
            for name in ("publish", "unpublish", "delete_selected"):
                actions.pop(name, None)
        return actions

    def save_model(self, request, obj, form, change):
        if not self.can_publish(request):
            if change:
                stored = type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True)
                obj.status = stored.first() or PublicationStatus.DRAFT
            else:
                obj.status = PublicationStatus.DRAFT
            if obj.status == PublicationStatus.PUBLISHED:
                raise PermissionDenied
        super().save_model(request, obj, form, change)

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
        return obj.is_public
