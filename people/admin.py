from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import MissingTranslationFilter, PublishingAdmin

from .models import Person


@admin.register(Person)
class PersonAdmin(PublishingAdmin):
    list_display = [
        "title", "role", "position", "in_office_until", "status", "is_live", "languages",
    ]  # fmt: skip
    list_filter = ["status", MissingTranslationFilter]
    search_fields = ["title_en", "title_ru", "role_en", "role_ru"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "role", "position"]}),
        (_("Term of office"), {"fields": ["in_office_from", "in_office_until"]}),
        (None, {"fields": ["photo", "biography"]}),
        (_("Publication"), {"fields": ["status", "published_at", "withdrawal_reason"]}),
        (
            _("History"),
            {
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]
