"""The signed links in subscribers' mail (``django.core.signing``, keyed by SECRET_KEY).

- **Confirm** (expires after ``CSTO_SUBSCRIBE_CONFIRM_HOURS``): carries what the sign-up
  asked for and the subscriber's ``pending`` key, which using it clears: a forged link fails
  the signature, an old one its age, a replayed one the key.
- **Leave / your data** (never expire, as RFC 8058 expects of an unsubscribe link): carry
  the subscriber's ``key``, so they end with the subscriber they were made for.
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "subscriptions.confirm"
SUBSCRIBER_SALT = "subscriptions.subscriber"


class BadLink(Exception):
    """A link that was never ours (forged, cut) or no longer works (``expired``)."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def confirm_token(subscriber, choices):
    return signing.dumps(
        {"s": subscriber.pk, "p": subscriber.pending, **choices}, salt=CONFIRM_SALT, compress=True
    )


def read_confirm_token(token):
    try:
        return signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.CSTO_SUBSCRIBE_CONFIRM_HOURS * 3600
        )
    except signing.SignatureExpired as error:
        raise BadLink(expired=True) from error
    except signing.BadSignature as error:
        raise BadLink() from error


def subscriber_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt=SUBSCRIBER_SALT)


def read_subscriber_token(token):
    try:
        data = signing.loads(token, salt=SUBSCRIBER_SALT)
    except signing.BadSignature as error:
        raise BadLink() from error
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise BadLink()
    return data
