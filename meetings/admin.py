from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from csto_press.admin_mixins import MissingTranslationFilter, PublishingAdmin, TranslatedAdmin
from csto_press.publishing import PublicationStatus

from . import services
from .forms import RecordStepForm
from .models import Body, Document, DocumentStep, Meeting, MemberState

HISTORY_FIELDSET = (
    _("History"),
    {
        "fields": ["created_at", "created_by", "updated_at", "updated_by"],
        "classes": ["collapse"],
    },
)
HISTORY_FIELDS = ["created_at", "created_by", "updated_at", "updated_by"]


@admin.register(Body)
class BodyAdmin(TranslatedAdmin):
    list_display = ["name", "abbreviation", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_ru", "abbreviation_en", "abbreviation_ru"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MemberState)
class MemberStateAdmin(TranslatedAdmin):
    list_display = ["name", "code"]
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


def may_rewrite_steps_of_published_documents(user):
    """Editors record new steps; changing or deleting a recorded step of a published
    document rewrites its public timeline, which only a publisher may do."""
    return user.has_perm("meetings.publish_document")


class MeetingStepFormSet(BaseInlineFormSet):
    may_rewrite_published = True  # set per request by MeetingStepInline.get_formset

    def get_form_kwargs(self, index):
        # The meeting as just edited on the same page (unsaved on the add page).
        return {**super().get_form_kwargs(index), "parent_meeting": self.instance}

    def clean(self):
        super().clean()
        if self.may_rewrite_published:
            return
        touched = [
            form.initial["document"]
            for form in self.initial_forms
            if form.has_changed() or self._should_delete_form(form)
        ]
        published = Document.objects.filter(pk__in=touched, status=PublicationStatus.PUBLISHED)
        if published.exists():
            raise forms.ValidationError(
                _(
                    "Only a publisher may change or delete a recorded step of a published "
                    "document. Add a new step instead."
                )
            )


class MeetingStepInline(TranslationTabularInline):
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

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.may_rewrite_published = may_rewrite_steps_of_published_documents(request.user)
        return formset


class MeetingAdminForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "body", "title", "slug", "meeting_status", "date", "time", "place",
            "is_videoconference", "chair_state", "chair_name", "chair_title", "summary",
            "status", "published_at",
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
    rich_text_fields = ("summary",)
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title", "date"]}
    autocomplete_fields = ["body", "chair_state"]
    readonly_fields = HISTORY_FIELDS
    inlines = [MeetingStepInline]
    fieldsets = [
        (None, {"fields": ["body", "title", "slug", "meeting_status"]}),
        (_("When and where"), {"fields": ["date", "time", "place", "is_videoconference"]}),
        (_("Chair"), {"fields": ["chair_state", "chair_name", "chair_title"]}),
        (None, {"fields": ["summary"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        HISTORY_FIELDSET,
    ]


class DocumentStepInline(TranslationTabularInline):
    model = DocumentStep
    fk_name = "document"
    fields = ["date", "order", "status", "meeting", "body", "note"]
    autocomplete_fields = ["meeting", "body"]
    extra = 1
    verbose_name_plural = _("status timeline (oldest first)")


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
    autocomplete_fields = ["body"]
    readonly_fields = ["current_status", "current_status_date", *HISTORY_FIELDS]
    inlines = [DocumentStepInline]
    actions = [*PublishingAdmin.actions, "record_step"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "body", "reference_number", "summary"]}),
        (_("Official text"), {"fields": ["file"]}),
        (_("Where it stands"), {"fields": ["current_status", "current_status_date"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
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
class DocumentStepAdmin(SimpleHistoryAdmin, TranslatedAdmin):
    """Every recorded step in one list, with its change history (who, when, what)."""

    list_display = ["document", "date", "status", "meeting", "body"]
    list_filter = ["status", "body"]
    list_select_related = ["document", "meeting", "body"]
    search_fields = ["document__title_en", "document__title_ru", "note_en", "note_ru"]
    date_hierarchy = "date"
    autocomplete_fields = ["document", "meeting", "body"]
    fields = ["document", "date", "order", "status", "meeting", "body", "note"]

    def _locked(self, request, step):
        return (
            step is not None
            and step.document.status == PublicationStatus.PUBLISHED
            and not may_rewrite_steps_of_published_documents(request.user)
        )

    def has_change_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)
