from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import (
    AttachmentInline,
    GuardedAdmin,
    GuardedHistoryAdmin,
    GuardedInline,
    MissingTranslationFilter,
    PartsFormSet,
    PublishingAdmin,
)

from . import services
from .forms import RecordStepForm
from .models import Body, Document, DocumentAttachment, DocumentStep, Meeting, MemberState

HISTORY_FIELDSET = (
    _("History"),
    {
        "fields": ["created_at", "created_by", "updated_at", "updated_by"],
        "classes": ["collapse"],
    },
)
HISTORY_FIELDS = ["created_at", "created_by", "updated_at", "updated_by"]


@admin.register(Body)
class BodyAdmin(GuardedAdmin):
    list_display = ["name", "abbreviation", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_ru", "abbreviation_en", "abbreviation_ru"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MemberState)
class MemberStateAdmin(GuardedAdmin):
    list_display = ["name", "code", "mentions"]
    search_fields = ["name_en", "name_ru", "code"]


class MeetingStepForm(forms.ModelForm):
    """A step entered on the meeting's page: its date defaults to the meeting's."""

    class Meta:
        model = DocumentStep
        fields = ["document", "status", "date", "order", "note"]

    def __init__(self, *args, parent_meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_meeting = parent_meeting
        self.fields["date"].required = False
        self.fields["date"].help_text = _("Leave empty for the meeting's date.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("date") and "date" not in self.errors:
            meeting_date = getattr(self.parent_meeting, "date", None)
            if meeting_date:
                cleaned["date"] = meeting_date
            else:
                self.add_error("date", _("Give the date of this step."))
        return cleaned


class MeetingStepFormSet(PartsFormSet):
    def get_form_kwargs(self, index):
        # The meeting as just edited on the same page (unsaved on the add page).
        return {**super().get_form_kwargs(index), "parent_meeting": self.instance}


class MeetingStepInline(GuardedInline):
    """The documents this meeting dealt with: one row per step recorded at it."""

    model = DocumentStep
    fk_name = "meeting"
    form = MeetingStepForm
    formset = MeetingStepFormSet
    fields = ["document", "status", "date", "order", "note"]
    autocomplete_fields = ["document"]
    extra = 3
    verbose_name = _("document step at this meeting")
    verbose_name_plural = _("documents considered at this meeting")


class MeetingAdminForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "body", "title", "slug", "meeting_status", "date", "time", "place",
            "is_videoconference", "chair_state", "chair_name", "chair_title", "summary",
            "topics", "status", "published_at", "withdrawal_reason",
        ]  # fmt: skip


@admin.register(Meeting)
class MeetingAdmin(PublishingAdmin):
    form = MeetingAdminForm
    list_display = ["title", "body", "date", "meeting_status", "status", "is_live", "languages"]
    list_filter = ["status", "meeting_status", "body", MissingTranslationFilter]
    list_select_related = ["body"]
    search_fields = [
        "title_en", "title_ru", "place_en", "place_ru", "chair_name_en", "chair_name_ru",
        "body__name_en", "body__name_ru", "body__abbreviation_en", "body__abbreviation_ru",
    ]  # fmt: skip
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title", "date"]}
    autocomplete_fields = ["body", "chair_state", "topics"]
    readonly_fields = HISTORY_FIELDS
    inlines = [MeetingStepInline]
    fieldsets = [
        (None, {"fields": ["body", "title", "slug", "meeting_status"]}),
        (_("When and where"), {"fields": ["date", "time", "place", "is_videoconference"]}),
        (_("Chair"), {"fields": ["chair_state", "chair_name", "chair_title"]}),
        (None, {"fields": ["summary", "topics"]}),
        (_("Publication"), {"fields": ["status", "published_at", "withdrawal_reason"]}),
        HISTORY_FIELDSET,
    ]


class DocumentStepInline(GuardedInline):
    model = DocumentStep
    fk_name = "document"
    fields = ["date", "order", "status", "meeting", "body", "note"]
    autocomplete_fields = ["meeting", "body"]
    extra = 1
    verbose_name_plural = _("status timeline (oldest first)")


class DocumentAttachmentInline(AttachmentInline):
    model = DocumentAttachment
    verbose_name_plural = _("annexes and language versions")


@admin.register(Document)
class DocumentAdmin(PublishingAdmin):
    list_display = [
        "title", "kind", "body", "current_status", "current_status_date", "status", "is_live",
        "languages",
    ]  # fmt: skip
    list_filter = ["current_status", "kind", "body", "status", MissingTranslationFilter]
    list_select_related = ["body"]
    search_fields = ["title_en", "title_ru", "reference_number", "summary_en", "summary_ru"]
    date_hierarchy = "current_status_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["body", "topics"]
    readonly_fields = ["current_status", "current_status_date", *HISTORY_FIELDS]
    inlines = [DocumentAttachmentInline, DocumentStepInline]
    actions = [*PublishingAdmin.actions, "record_step"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "body", "reference_number", "summary"]}),
        (_("Topics"), {"fields": ["topics"]}),
        (_("Official text"), {"fields": ["file"]}),
        (_("Where it stands"), {"fields": ["current_status", "current_status_date"]}),
        (_("Publication"), {"fields": ["status", "published_at", "withdrawal_reason"]}),
        HISTORY_FIELDSET,
    ]

    @admin.action(description=_("Record a step for the selected documents"), permissions=["change"])
    def record_step(self, request, queryset):
        """Two-stage action: show the step form, then record it for each selected document."""
        if "apply" in request.POST:
            form = RecordStepForm(request.POST)
            if form.is_valid():
                with transaction.atomic():
                    documents = list(queryset)
                    for document in documents:
                        services.record_step(document, **form.cleaned_data)
                count = len(documents)
                self.message_user(
                    request,
                    ngettext(
                        "Step recorded for %d document.", "Step recorded for %d documents.", count
                    )
                    % count,
                    messages.SUCCESS,
                )
                return None
        else:
            form = RecordStepForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record a step for the selected documents"),
            "opts": self.model._meta,
            "documents": queryset.select_related("body"),
            "form": form,
            "media": self.media + form.media,
            "action_name": "record_step",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/document/record_step.html", context)


@admin.register(DocumentStep)
class DocumentStepAdmin(GuardedHistoryAdmin):
    """Every recorded step in one list, with its change history (who, when, what)."""

    list_display = ["document", "date", "status", "meeting", "body"]
    list_filter = ["status", "body"]
    list_select_related = ["document", "meeting", "body"]
    search_fields = ["document__title_en", "document__title_ru", "note_en", "note_ru"]
    date_hierarchy = "date"
    autocomplete_fields = ["document", "meeting", "body"]
    fields = ["document", "date", "order", "status", "meeting", "body", "note"]
