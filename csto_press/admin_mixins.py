"""Admin pieces shared by the news and meetings apps."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class TrackAuthorAdmin(admin.ModelAdmin):
    """Records who created and who last changed an item (fields created_by/updated_by)."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class PublishActionsMixin:
    """Publish/unpublish actions, calling the same queryset methods as the rest of the code."""

    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish selected items"))
    def publish(self, request, queryset):
        count = queryset.publish()
        self.message_user(
            request,
            ngettext("%d item published.", "%d items published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected items (back to draft)"))
    def unpublish(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request,
            ngettext("%d item unpublished.", "%d items unpublished.", count) % count,
            messages.SUCCESS,
        )

    @admin.display(boolean=True, description=_("visible to readers"))
    def is_live(self, obj):
        return obj.is_public
