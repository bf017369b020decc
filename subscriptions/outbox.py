"""The outbox: deliveries are written in the transaction that publishes an item, and sent by
the workers (``tasks.send_due``), each exactly once as far as the database can tell.

- **Publication** (``core.publishing.publication_saved``, sent inside the item's save): an
  item becoming published gets its mailing, one delivery per confirmed subscriber it
  concerns who reads a language it is written in, due at its publication time (an embargo
  waits). A later save (a correction) sends nothing; a publisher may send it again
  (``send_again``). Taken back to draft, its unsent deliveries are held until it is
  published again. The workers are woken once the transaction commits, at the publication
  time; if that wake-up is lost, the next one (any publication, a worker's start) finds the
  rows anyway: the broker only wakes, the database decides.
- **Sending**: a worker takes one due delivery at a time, locked (``SELECT … FOR UPDATE SKIP
  LOCKED``) in a transaction that stays open while the SMTP server takes the message and
  commits it marked sent. Other workers skip the locked row; a worker that dies (even
  ``kill -9``) loses its connection, PostgreSQL rolls its transaction back and the row is
  free for the next worker. An SMTP error counts an attempt and moves the row's due time on
  (30 s, doubled each time, at most an hour); after ``CSTO_DELIVERY_ATTEMPTS`` it is marked
  failed. The item is checked against the publication gate again at sending time.
"""

import datetime
import http.client
import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Max, Min
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from core import content
from core.publishing import PublicationStatus, publication_saved

from . import mail, webhooks
from .interests import audience, is_mailed
from .models import (
    Delivery,
    DeliveryStatus,
    Endpoint,
    Event,
    Mailing,
    Subscriber,
    WebhookDelivery,
    content_type_of,
)

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = datetime.timedelta(hours=1)


@receiver(publication_saved)
def on_publication_saved(sender, item, previous_status, was_released=False, **kwargs):
    published = item.status == PublicationStatus.PUBLISHED
    was_published = previous_status == PublicationStatus.PUBLISHED
    if published:
        event = Event.CORRECTED if was_published else Event.PUBLISHED
    else:
        # Only what readers have seen is withdrawn: an embargoed item taken back says nothing.
        event = Event.WITHDRAWN if was_released else None
    if event:
        queue_webhooks(event, item)
    if not is_mailed(sender):
        return
    mine = Delivery.objects.filter(
        mailing__content_type=content_type_of(item), mailing__object_id=item.pk
    )
    if published:
        if not was_published:
            queue(item, edition=1)
            # Its topics may be saved just after it (the admin saves many-to-many fields
            # after the item): their followers are added then, in the same transaction.
            item._just_published = True
            transaction.on_commit(lambda: item.__dict__.pop("_just_published", None))
            mine.filter(status=DeliveryStatus.HELD).update(status=DeliveryStatus.QUEUED)
        # The publication time may have moved: the first attempt follows it.
        mine.filter(status=DeliveryStatus.QUEUED, attempts=0).update(due_at=item.published_at)
        wake(item.published_at)
    elif was_published:
        mine.filter(status=DeliveryStatus.QUEUED).update(status=DeliveryStatus.HELD)


@receiver(m2m_changed)
def on_topics_added(sender, instance, action, **kwargs):
    """Topics given to an item in the transaction that publishes it: their followers get
    its first edition too (``queue`` adds only those not queued yet). Topics added later
    are a correction and send nothing."""
    if action != "post_add" or not getattr(instance, "_just_published", False):
        return
    if is_mailed(type(instance)) and sender is type(instance).topics.through:
        queue(instance, edition=1)


def queue_webhooks(event, item):
    """One delivery per active endpoint registered for ``event``; about a release, due when
    readers may see it (an embargo holds webhooks too)."""
    endpoints = [e for e in Endpoint.objects.filter(active=True) if event in e.events]
    if not endpoints:
        return
    due = timezone.now()
    if event != Event.WITHDRAWN:
        due = max(due, item.published_at)
    body = webhooks.payload(event, item)
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event=event,
            content_type=content_type_of(item),
            object_id=item.pk,
            payload=body,
            due_at=due,
        )
        for endpoint in endpoints
    )
    wake(due)


@receiver(post_delete)
def on_delete(sender, instance, **kwargs):
    """A published item deleted is withdrawn, for the webhooks."""
    entry = content.entry_for(sender)
    if entry and entry.kind == content.CONTENT and instance.is_released:
        queue_webhooks(Event.WITHDRAWN, instance)


def _document_of(step):
    """The item a part with a current status belongs to (a document's step), else None."""
    entry = content.entry_for(type(step))
    if entry is None or entry.kind != content.PART:
        return None
    model = content.item_model(entry)
    if model is None or not any(field.name == "current_status" for field in model._meta.fields):
        return None
    return model.objects.filter(pk=getattr(step, f"{entry.of}_id")).first()


@receiver([pre_save, pre_delete])
def before_step(sender, instance, **kwargs):
    document = _document_of(instance)
    if document is not None:
        instance._status_before = document.current_status


@receiver([post_save, post_delete])
def after_step(sender, instance, **kwargs):
    """A step recorded, changed or removed that changed a published document's current
    status (the database trigger has recomputed it by now)."""
    if not hasattr(instance, "_status_before"):
        return
    document = _document_of(instance)
    if document is None or document.status != PublicationStatus.PUBLISHED:
        return
    if document.current_status != instance._status_before:
        queue_webhooks(Event.DOCUMENT_STATUS, document)


def queue(item, edition, user=None):
    """The mailing of ``item`` for ``edition`` and its deliveries; returns how many were
    queued now (none for subscribers already queued for it). No subscriber, no mailing."""
    subscribers = list(
        Subscriber.objects.filter(confirmed_at__isnull=False, language__in=item.languages_written())
        .filter(audience(item))
        .values_list("pk", flat=True)
        .distinct()
    )
    if not subscribers:
        return 0
    mailing, _created = Mailing.objects.get_or_create(
        content_type=content_type_of(item),
        object_id=item.pk,
        edition=edition,
        defaults={"title": str(item)[:500], "created_by": user},
    )
    created = Delivery.objects.bulk_create(
        [
            Delivery(mailing=mailing, subscriber_id=pk, due_at=item.published_at)
            for pk in subscribers
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return len(created)


def send_again(mailing, user):
    """Send a corrected item again to those it concerns now, as a new edition; returns how
    many were queued (none when the item is not published)."""
    item = mailing.item
    if item is None or item.status != PublicationStatus.PUBLISHED:
        return 0
    editions = Mailing.objects.filter(
        content_type=mailing.content_type, object_id=mailing.object_id
    )
    with transaction.atomic():
        last = editions.select_for_update().aggregate(last=Max("edition"))["last"]
        count = queue(item, edition=last + 1, user=user)
        wake(item.published_at)
    return count


def wake(when):
    """After the commit, ask a worker to send what is due at ``when`` (a lost wake-up delays
    mail until the next one, it loses none: see the module docstring)."""

    def enqueue():
        from .tasks import send_due

        try:
            eta = when if when > timezone.now() else None
            send_due.apply_async(eta=eta)
        except Exception:  # the broker is away: the rows wait in the outbox
            logger.exception("could not wake the mail workers")

    transaction.on_commit(enqueue)


def _released(model, pk, language=None):
    """The item, if readers (of ``language``, or of any) may see it now; else None."""
    items = model.objects.filter(pk=pk)
    items = items.published(language) if language else items.published_in_any_language()
    return items.first()


def _postpone(delivery, model, pk):
    """A due delivery whose item is not released: wait for its new time, or hold it."""
    item = model.objects.filter(pk=pk).first()
    if (
        item is not None
        and item.status == PublicationStatus.PUBLISHED
        and item.published_at > timezone.now()
    ):
        delivery.due_at = item.published_at
    else:
        delivery.status = DeliveryStatus.HELD
    delivery.save(update_fields=["due_at", "status"])


def retry_delay(attempts):
    first = datetime.timedelta(seconds=settings.CSTO_DELIVERY_RETRY_SECONDS)
    return min(first * 2 ** (attempts - 1), MAX_RETRY_DELAY)


def _failed(delivery, error):
    """Count a failed attempt: try again later, or give up after the last one."""
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    if delivery.attempts >= settings.CSTO_DELIVERY_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        logger.error("%s %s failed for good: %s", type(delivery).__name__, delivery.pk, error)
    else:
        delivery.due_at = timezone.now() + retry_delay(delivery.attempts)


def _next(model, *related):
    """The next due row of ``model``, locked for this transaction; others skip it."""
    return (
        model.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related(*related)
        .filter(status=DeliveryStatus.QUEUED, due_at__lte=timezone.now())
        .order_by("due_at", "pk")
        .first()
    )


def send_due(limit=None):
    """Send every due delivery, mail then webhooks (or ``limit`` of each); returns how many
    were sent."""
    return _send_mail(limit) + _send_webhooks(limit)


def _send_mail(limit):
    connection = get_connection()
    sent = 0
    try:
        while limit is None or sent < limit:
            with transaction.atomic():
                delivery = _next(Delivery, "mailing__content_type", "subscriber")
                if delivery is None:
                    break
                mailing = delivery.mailing
                model = mailing.content_type.model_class()
                item = _released(model, mailing.object_id, delivery.subscriber.language)
                if item is None:
                    _postpone(delivery, model, mailing.object_id)
                    continue
                delivery.attempts += 1
                try:
                    mail.item_message(delivery, item, connection).send()
                except (smtplib.SMTPException, OSError) as error:
                    connection.close()
                    _failed(delivery, error)
                else:
                    delivery.status, delivery.sent_at = DeliveryStatus.SENT, timezone.now()
                    sent += 1
                delivery.save()
    finally:
        connection.close()
    return sent


def _send_webhooks(limit):
    sent = 0
    while limit is None or sent < limit:
        with transaction.atomic():
            delivery = _next(WebhookDelivery, "endpoint", "content_type")
            if delivery is None:
                break
            model = delivery.content_type.model_class()
            if delivery.event != Event.WITHDRAWN and (_released(model, delivery.object_id) is None):
                _postpone(delivery, model, delivery.object_id)
                continue
            delivery.attempts += 1
            try:
                delivery.response_status = webhooks.post(delivery)
            except (webhooks.Refused, OSError, http.client.HTTPException) as error:
                _failed(delivery, error)
            else:
                if 200 <= delivery.response_status < 300:
                    delivery.status, delivery.sent_at = DeliveryStatus.SENT, timezone.now()
                    delivery.last_error = ""
                    sent += 1
                else:  # redirects are not followed: a 3xx fails like a 5xx
                    _failed(delivery, Exception(f"HTTP {delivery.response_status}"))
            delivery.save()
    return sent


def next_due():
    """When the next queued delivery (mail or webhook) is due (None: nothing queued)."""
    times = [
        model.objects.filter(status=DeliveryStatus.QUEUED).aggregate(at=Min("due_at"))["at"]
        for model in (Delivery, WebhookDelivery)
    ]
    return min((t for t in times if t is not None), default=None)
