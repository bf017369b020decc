"""The workers' tasks (``celery -A csto_press worker``): send what the outbox holds."""

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from . import outbox


@shared_task(ignore_result=True)
def send_due():
    """Send every due delivery, then come back when the next one (a retry, an embargo) is
    due. Any number may run at once: each delivery is taken by one of them."""
    outbox.send_due()
    upcoming = outbox.next_due()
    if upcoming is not None and upcoming > timezone.now():
        send_due.apply_async(eta=upcoming)


@worker_ready.connect
def sweep_on_start(**kwargs):
    """A starting worker looks at the outbox at once: whatever a dead worker or a lost
    wake-up left behind is sent without waiting for the next publication."""
    send_due.delay()
