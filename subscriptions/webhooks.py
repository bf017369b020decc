"""Webhooks: partner sites and bots are told when an item is published, corrected or
withdrawn, or a document's status changes, by a signed JSON POST.

Each event is written to the outbox (``WebhookDelivery``) in the transaction that caused it,
one row per endpoint registered for it, and sent by the same workers and with the same
retries as subscribers' mail (``outbox.send_due``).

**Signature.** ``X-CSTO-Signature: t=<unix time>,v1=<hex>``, where ``<hex>`` is
HMAC-SHA256, keyed with the endpoint's secret, of ``"<t>.<body>"`` (the raw body bytes);
README "Webhooks" shows how to check it. Each attempt is signed afresh with its own time,
and carries the same ``X-CSTO-Delivery`` id, so a receiver can drop a repeat.

**No SSRF.** The endpoint's host is resolved once, every address must be public, and the
connection goes to that checked address (``core.outbound``, shared with the link check), so
DNS rebinding cannot send the request inside. Redirects are never followed (a 3xx is a failed
attempt). Only https, unless ``CSTO_WEBHOOK_ALLOW_HTTP``; private addresses only with
``CSTO_WEBHOOK_ALLOW_PRIVATE`` (both for the tests' receiver; production refuses to start
with either).
"""

import hashlib
import hmac
import json
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import outbound
from core.outbound import Refused

TIMEOUT_SECONDS = 10


def check_url(url):
    """The URL's scheme, host and port, if the site may send to it (else ``Refused``)."""
    parts = urlsplit(url)
    allowed = {"https", "http"} if settings.CSTO_WEBHOOK_ALLOW_HTTP else {"https"}
    if parts.scheme not in allowed:
        raise Refused(_("Only https addresses are allowed."))
    if not parts.hostname or parts.username or parts.password:
        raise Refused(_("Give an address with a host name and no user or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Refused(_("The port is not valid.")) from error
    return parts.scheme, parts.hostname, port


def validate_endpoint_url(url):
    """For the admin form: the same checks as at sending time."""
    try:
        _scheme, host, port = check_url(url)
        outbound.public_address(host, port, allow_private=settings.CSTO_WEBHOOK_ALLOW_PRIVATE)
    except Refused as error:
        raise ValidationError(str(error)) from error


def signature(secret, timestamp, body):
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def post(delivery):
    """POST ``delivery`` to its endpoint; returns the HTTP status (raises ``Refused`` or an
    ``OSError``/``http.client.HTTPException`` when it cannot be sent)."""
    endpoint = delivery.endpoint
    scheme, host, port = check_url(endpoint.url)
    connection = outbound.connection(
        scheme,
        host,
        port,
        timeout=TIMEOUT_SECONDS,
        allow_private=settings.CSTO_WEBHOOK_ALLOW_PRIVATE,
    )
    parts = urlsplit(endpoint.url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "csto-press-webhooks/1",
        "X-CSTO-Event": delivery.event,
        "X-CSTO-Delivery": str(delivery.uuid),
        "X-CSTO-Signature": signature(endpoint.secret, int(time.time()), body),
    }
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(65536)
        return response.status
    finally:
        connection.close()


def describe(item):
    """What a webhook says of an item: stable id, type, titles and addresses per language."""
    model = type(item)
    data = {
        "type": model._meta.model_name,
        "id": item.pk,
        "status": item.status,
        "published_at": item.published_at.isoformat(),
        "languages": item.languages_written(),
        "title": {},
        "url": {},
    }
    for code in item.languages_written():
        with override(code):
            data["title"][code] = item.title
            data["url"][code] = settings.CSTO_SITE_URL + item.get_absolute_url()
    if hasattr(item, "current_status"):
        data["current_status"] = item.current_status
    return data


def payload(event, item):
    return {"event": event, "occurred_at": timezone.now().isoformat(), "item": describe(item)}
