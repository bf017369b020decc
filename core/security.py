"""Security pieces that Django and its apps don't give as settings alone."""

import functools
import ipaddress

from csp.middleware import CSPMiddleware
from django.conf import settings


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


@functools.cache
def _trusted_networks(proxies):
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _is_trusted(address):
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    return any(address in network for network in networks)


def client_ip(request):
    """The reader's address, for the login lockout (django-axes' AXES_CLIENT_IP_CALLABLE).

    The socket's address (REMOTE_ADDR), unless it is one of our proxies (TRUSTED_PROXIES):
    then the X-Forwarded-For entry that proxy appended, and so on leftwards while the
    entries are proxies too. Trust comes from where the request came from, never from its
    position in a header a client can write: a client that reaches gunicorn directly is
    judged by its own address, whatever it sends.
    """
    address = _address(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while _is_trusted(address) and forwarded:
        previous = _address(forwarded.pop())
        if previous is None:
            break  # a malformed hop: stay with the last address we could vouch for
        address = previous
    return str(address)


def admin_paths():
    return ("/" + settings.ADMIN_URL.lstrip("/"), "/ckeditor/")


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere; the admin and its editor get the few relaxations
    CKEditor 4 needs (inline styles and handlers in its own UI), and only there."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            parts.config is None
            and parts.replace is None
            and request.path.startswith(admin_paths())
        ):
            parts.replace = settings.ADMIN_CONTENT_SECURITY_POLICY_REPLACE
        return parts


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
