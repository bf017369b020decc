"""``manage.py outbox_status``: what ops watch: deliveries waiting, overdue and failed."""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Count, Min, Q
from django.utils import timezone

from subscriptions.models import Delivery, DeliveryStatus, WebhookDelivery


class Command(BaseCommand):
    help = (
        "Print the outbox: mail and webhook deliveries queued, overdue, failed (exit 1 if overdue)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overdue-minutes",
            type=int,
            default=15,
            help="A queued delivery due longer ago than this counts as overdue (default 15).",
        )

    def handle(self, *args, overdue_minutes, **options):
        now = timezone.now()
        late = now - datetime.timedelta(minutes=overdue_minutes)
        overdue_total = 0
        for name, model in (("mail", Delivery), ("webhooks", WebhookDelivery)):
            counts = model.objects.aggregate(
                queued=Count("pk", filter=Q(status=DeliveryStatus.QUEUED)),
                overdue=Count("pk", filter=Q(status=DeliveryStatus.QUEUED, due_at__lt=late)),
                failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
                held=Count("pk", filter=Q(status=DeliveryStatus.HELD)),
                oldest=Min("due_at", filter=Q(status=DeliveryStatus.QUEUED, due_at__lte=now)),
            )
            overdue_total += counts["overdue"]
            oldest = counts.pop("oldest")
            wait = f" oldest_due_s={int((now - oldest).total_seconds())}" if oldest else ""
            fields = " ".join(f"{key}={value}" for key, value in counts.items())
            self.stdout.write(f"{name} {fields}{wait}")
        if overdue_total:
            raise SystemExit(1)
