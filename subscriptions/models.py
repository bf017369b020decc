"""Email subscribers, and the outbox of what is to be sent to them.

A subscriber is an address, a language, what they follow, two dates and two random keys.
Nothing else: no name, no IP address, no opens or clicks. What a sign-up asks for travels in
its signed confirmation link, so it applies only once the address is confirmed (double
opt-in); until then only the address is kept, and only while the link is valid. Leaving
deletes the row and every delivery with it.

The outbox: a ``Mailing`` is one item sent out once (its ``edition``: 1 at publication, 2…
when a publisher sends a correction again), and a ``Delivery`` is that mailing for one
subscriber, written in the same transaction that publishes the item (``outbox.py``) and
marked sent by a worker (``tasks.py``). ``(mailing, subscriber)`` is unique, so a subscriber
can never be queued twice for the same edition.
"""

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_key():
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    all_news = models.BooleanField(_("all news"), default=False)
    # What a subscriber may follow besides all news: one field per kind (subscriptions/
    # interests.py says how each matches an item).
    sections = models.ManyToManyField(
        "news.Section", blank=True, related_name="+", verbose_name=_("sections")
    )
    bodies = models.ManyToManyField(
        "meetings.Body", blank=True, related_name="+", verbose_name=_("statutory bodies")
    )
    topics = models.ManyToManyField(
        "topics.Topic", blank=True, related_name="+", verbose_name=_("topics")
    )
    # Set once the address is confirmed; an unconfirmed row is deleted when its link expires.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    # In every unsubscribe and "your data" link: a link stays valid exactly as long as this
    # subscriber does (a new sign-up after leaving gets new links).
    key = models.CharField(max_length=40, default=new_key, editable=False)
    # The one confirmation link that may still be used; a new sign-up replaces it, using it
    # clears it (a replayed link changes nothing).
    pending = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Mailing(models.Model):
    """One item sent to its subscribers once (``edition`` 1), or again after a correction."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    edition = models.PositiveSmallIntegerField(_("edition"), default=1)
    title = models.CharField(_("title"), max_length=500)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent again by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "edition"], name="mailing_once_per_edition"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.edition})" if self.edition > 1 else self.title


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    # The item was taken back to draft before its mail went: sent if it is published again.
    HELD = "held", _("Held (item withdrawn)")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxRow(models.Model):
    """What the workers need of anything they send (``outbox.py``): its state, when it is
    due and how the attempts went."""

    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    # Not before: the item's publication time (an embargo), then each retry's time.
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        abstract = True


def due_index(name):
    """What the workers look for, queued and due: a partial index in each outbox table."""
    return models.Index(fields=["due_at"], condition=models.Q(status="queued"), name=name)


class Delivery(OutboxRow):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "subscriber"], name="delivery_once_per_subscriber"
            )
        ]
        indexes = [due_index("delivery_due_idx")]

    def __str__(self):
        return f"{self.mailing} → {self.subscriber}"


class Attempt(models.Model):
    """A sign-up or data request, kept an hour for the rate limits: a keyed hash of the
    address or client, never the address itself."""

    digest = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sign-up attempt")
        verbose_name_plural = _("sign-up attempts")

    def __str__(self):
        return f"{self.digest[:8]}… {self.at:%Y-%m-%d %H:%M}"


def content_type_of(item):
    return ContentType.objects.get_for_model(type(item), for_concrete_model=True)


# --- Webhooks (subscriptions/webhooks.py) ---------------------------------------------------


class Event(models.TextChoices):
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Corrected (saved again while published)")
    WITHDRAWN = "withdrawn", _("Withdrawn (back to draft, or deleted)")
    DOCUMENT_STATUS = "document_status_changed", _("Document status changed")


def new_secret():
    return secrets.token_hex(32)


def validate_events(value):
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or not value or not set(value) <= set(Event.values):
        raise ValidationError(_("Choose at least one event."))


class Endpoint(models.Model):
    """A partner site or a bot the site tells about events, by a signed POST."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_("https only; private, loopback and link-local addresses are refused."),
    )
    events = models.JSONField(_("events"), default=list, validators=[validate_events])
    secret = models.CharField(
        _("signing secret"),
        max_length=64,
        default=new_secret,
        editable=False,
        help_text=_("Give it to the receiver: it checks the X-CSTO-Signature header with it."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        from .webhooks import validate_endpoint_url

        if self.url:
            try:
                validate_endpoint_url(self.url)
            except Exception as error:
                from django.core.exceptions import ValidationError

                raise ValidationError({"url": error}) from error


class WebhookDelivery(OutboxRow):
    """One event for one endpoint: the log staff read in the admin, and the outbox row."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    # The item it is about (kept when the item is deleted: the log stays).
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    payload = models.JSONField(_("body"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    response_status = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [due_index("webhook_due_idx")]

    def __str__(self):
        return f"{self.get_event_display()} → {self.endpoint}"
