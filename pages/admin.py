from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import MissingTranslationFilter, PublishingAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(PublishingAdmin):
    list_display = ["title", "parent", "position", "show_in_menu", "status", "is_live", "languages"]
    list_filter = ["status", "show_in_menu", MissingTranslationFilter]
    list_select_related = ["parent"]
    search_fields = ["title_en", "title_ru"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        (
            _("Place in the site"),
            {"fields": ["parent", "position", "show_in_menu", "menu_place"]},
        ),
        (_("Publication"), {"fields": ["status", "published_at", "withdrawal_reason"]}),
        (
            _("History"),
            {
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]
