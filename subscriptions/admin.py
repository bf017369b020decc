"""Staff see subscribers and, per item, how many messages are queued, sent and failed; a
publisher of the item's type may send a corrected item again (a new edition)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import permissions

from . import outbox
from .interests import AUDIENCE
from .models import (
    Delivery,
    DeliveryStatus,
    Endpoint,
    Event,
    Mailing,
    Subscriber,
    WebhookDelivery,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the site (sign-ups, the outbox), never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    list_display = ["email", "language", "all_news", "confirmed_at", "created_at"]
    list_filter = ["language", "all_news", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    fields = [
        "email",
        "language",
        "all_news",
        "sections",
        "bodies",
        "topics",
        "confirmed_at",
        "created_at",
    ]


def _count(status):
    return Count("deliveries", filter=Q(deliveries__status=status))


@admin.register(Mailing)
class MailingAdmin(ReadOnlyAdmin):
    list_display = ["title", "edition", "created_at", "queued", "sent", "failed", "held"]
    list_filter = ["content_type"]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    fields = ["title", "content_type", "object_id", "edition", "created_at", "created_by"]
    actions = ["send_again"]

    def reads_counts(self, request):
        """Publishers (whoever may publish a mailed type) read the counts too: a mailing
        holds no personal data. Subscribers and deliveries stay superusers'."""
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and any(permissions.may_publish(user, model) for model in AUDIENCE)
        )

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self.reads_counts(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self.reads_counts(request)

    def changelist_view(self, request, extra_context=None):
        """An action the user may not run is refused outright (as in ``core.admin``)."""
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                queued_count=_count(DeliveryStatus.QUEUED),
                sent_count=_count(DeliveryStatus.SENT),
                failed_count=_count(DeliveryStatus.FAILED),
                held_count=_count(DeliveryStatus.HELD),
            )
        )

    @admin.display(description=_("queued"), ordering="queued_count")
    def queued(self, obj):
        return obj.queued_count

    @admin.display(description=_("sent"), ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description=_("failed"), ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count

    @admin.display(description=_("held"), ordering="held_count")
    def held(self, obj):
        return obj.held_count

    @admin.action(description=_("Send the selected items again (after a correction)"))
    def send_again(self, request, queryset):
        total = 0
        for mailing in queryset.select_related("content_type"):
            model = mailing.content_type.model_class()
            if not permissions.may_publish(request.user, model):
                raise PermissionDenied
            total += outbox.send_again(mailing, request.user)
        self.message_user(
            request,
            ngettext("%d message queued.", "%d messages queued.", total) % total,
            messages.SUCCESS,
        )


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["mailing", "subscriber", "status", "attempts", "due_at", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["mailing", "subscriber"]
    search_fields = ["subscriber__email", "mailing__title"]
    fields = ["mailing", "subscriber", "status", "attempts", "due_at", "sent_at", "last_error"]


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "events", "active"]


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    """Staff register the partner sites and bots to tell; the secret is made by the site and
    shown here to hand to the receiver."""

    form = EndpointForm
    list_display = ["name", "url", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    readonly_fields = ["secret", "created_at"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    """The delivery log: each event, each attempt's outcome."""

    list_display = [
        "created_at", "endpoint", "event", "status", "attempts", "response_status", "sent_at"
    ]  # fmt: skip
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    date_hierarchy = "created_at"
    fields = [
        "uuid", "endpoint", "event", "status", "attempts", "response_status", "last_error",
        "due_at", "sent_at", "created_at", "payload",
    ]  # fmt: skip
