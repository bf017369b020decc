from django.contrib import admin

from core.admin import GuardedAdmin

from .models import Topic


@admin.register(Topic)
class TopicAdmin(GuardedAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_ru"]
    prepopulated_fields = {"slug": ["name"]}
