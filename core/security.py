"""Security pieces that Django and its apps don't give as settings alone."""

import ipaddress

from csp.middleware import CSPMiddleware
from django.conf import settings


def client_ip(request):
    """The reader's address: REMOTE_ADDR, or behind N trusted proxies the Nth-from-last
    X-Forwarded-For entry (the one our own nginx appended); never a client-chosen value."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    address = request.META.get("REMOTE_ADDR", "")
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


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
