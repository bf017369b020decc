from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    AttachmentInline,
    GuardedAdmin,
    MissingTranslationFilter,
    PublishingAdmin,
)

from .models import Article, ArticleAttachment, Section


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "section", "kind", "title", "slug", "lead", "body", "signature",
            "image", "image_alt", "video_url", "video_file", "video_poster", "meeting", "people",
            "topics", "status", "published_at", "withdrawal_reason",
        ]  # fmt: skip
        widgets = {"lead": forms.Textarea(attrs={"rows": 3})}


class ArticleAttachmentInline(AttachmentInline):
    model = ArticleAttachment


@admin.register(Section)
class SectionAdmin(GuardedAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(PublishingAdmin):
    form = ArticleAdminForm
    list_display = ["title", "section", "kind", "published_at", "status", "is_live", "languages"]
    list_filter = ["status", "section", "kind", MissingTranslationFilter]
    list_select_related = ["section"]
    search_fields = ["title_en", "title_ru", "lead_en", "lead_ru", "signature_en"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["meeting", "people", "topics"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    inlines = [ArticleAttachmentInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "video_file":
            field.widget.attrs["accept"] = "video/mp4,.mp4"
        return field

    fieldsets = [
        (None, {"fields": ["section", "kind", "title", "slug", "lead", "body", "signature"]}),
        (_("Lead image"), {"fields": ["image", "image_alt"]}),
        (_("Video"), {"fields": ["video_url", "video_file", "video_poster"]}),
        (_("Meeting reported on"), {"fields": ["meeting"]}),
        (_("People quoted or reported on"), {"fields": ["people"]}),
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
