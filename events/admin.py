from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import GuardedAdmin, MissingTranslationFilter, PublishingAdmin

from .models import Event, EventKind


@admin.register(EventKind)
class EventKindAdmin(GuardedAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_ru"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(PublishingAdmin):
    list_display = ["title", "kind", "date", "event_status", "status", "is_live", "languages"]
    list_filter = ["status", "event_status", "kind", "body", MissingTranslationFilter]
    list_select_related = ["kind"]
    search_fields = ["title_en", "title_ru", "place_en", "place_ru"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["meeting", "topics"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "description"]}),
        (
            _("When and where"),
            {"fields": ["date", "time", "end_date", "end_time", "place", "event_status"]},
        ),
        (_("Body and meeting"), {"fields": ["body", "meeting"]}),
        (_("Topics"), {"fields": ["topics"]}),
        (_("Publication"), {"fields": ["status", "published_at", "withdrawal_reason"]}),
        (
            _("History"),
            {
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]
