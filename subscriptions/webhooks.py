"""Webhooks: partner sites and bots are told when an item is published, corrected or
withdrawn, or a document's status changes, by a signed JSON POST.

Each event is written to the outbox (``WebhookDelivery``) in the transaction that caused it,
one row per endpoint registered for it, and sent by the same workers and with the same
retries as subscribers' mail (``outbox.send_due``).

**Signature.** ``X-CSTO-Signature: t=<unix time>,v1=<hex>``, where ``<hex>`` is
HMAC-SHA256, keyed with the endpoint's secret, of ``"<t>.<body>"`` (the raw body bytes);
README "Webhooks" shows how to check it. Each attempt is signed afresh with its own time,
and carries the same ``X-CSTO-Delivery`` id, so a receiver can drop a repeat.

**No SSRF.** The endpoint's host is resolved, every address it resolves to must be public
(not private, loopback, link-local, multicast, reserved or unspecified, IPv4-mapped ones
included), and the connection goes to that checked address (TLS still verified against the
host name), so a DNS answer that changes between the check and the connection cannot send
the request inside. Redirects are never followed (a 3xx is a failed attempt). Only https,
unless ``CSTO_WEBHOOK_ALLOW_HTTP`` (tests; production refuses to start with it, as with
``CSTO_WEBHOOK_ALLOW_PRIVATE``).
"""

import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

TIMEOUT_SECONDS = 10


class Refused(Exception):
    """An address the site will not send to."""


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


def public_address(host, port):
    """The first address ``host`` resolves to, if every one of them is public."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(_("The host name does not resolve.")) from error
    addresses = [answer[4][0] for answer in answers]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        public = ip.is_global and not ip.is_multicast
        if not public and not settings.CSTO_WEBHOOK_ALLOW_PRIVATE:
            raise Refused(_("The address is private, loopback or reserved: refused."))
    return addresses[0]


def validate_endpoint_url(url):
    """For the admin form: the same checks as at sending time."""
    try:
        _scheme, host, port = check_url(url)
        public_address(host, port)
    except Refused as error:
        raise ValidationError(str(error)) from error


def signature(secret, timestamp, body):
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address):
        super().__init__(host, port, timeout=TIMEOUT_SECONDS)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address):
        super().__init__(host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(delivery):
    """POST ``delivery`` to its endpoint; returns the HTTP status (raises ``Refused`` or an
    ``OSError``/``http.client.HTTPException`` when it cannot be sent)."""
    endpoint = delivery.endpoint
    scheme, host, port = check_url(endpoint.url)
    address = public_address(host, port)
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
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, address)
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
