"""Sign-up limits, counted in PostgreSQL (they hold while Redis is away): per address and per
client, over the last hour. Only a keyed hash of each is stored, for an hour."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from .models import Attempt

WINDOW = datetime.timedelta(hours=1)


def _digest(kind, value):
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def allow(kind, value, limit):
    """Count one attempt for ``value`` and say whether it is within ``limit`` an hour."""
    since = timezone.now() - WINDOW
    Attempt.objects.filter(at__lt=since).delete()
    digest = _digest(kind, value)
    if Attempt.objects.filter(digest=digest, at__gte=since).count() >= limit:
        return False
    Attempt.objects.create(digest=digest)
    return True
