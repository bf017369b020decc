"""Old addresses answered (README "Moving in"): only when a request found no page, so a
normal page view makes no query for them; and every request to the ``en.`` host, which
the new site serves under /en/ on the main host."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.http.request import validate_host

from .addresses import en_host_prefix
from .redirects import find, respond


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        main_host = self.main_host_of(request)
        if main_host is not None:
            return self.from_en_host(request, main_host)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            address = find("ru", request.path, request.META.get("QUERY_STRING", ""))
            if address is not None:
                return respond(request, address) or response
        return response

    @staticmethod
    def main_host_of(request):
        """For a request to ``en.<host>``, ``<host>`` (when this site serves it too)."""
        host = request.get_host()
        prefix = en_host_prefix()
        if not prefix or not host.startswith(prefix):
            return None
        main = host[len(prefix) :]
        allowed = getattr(settings, "ALLOWED_HOSTS", [])
        return main if main and validate_host(main.split(":")[0], allowed) else None

    def from_en_host(self, request, main_host):
        base = f"{request.scheme}://{main_host}"
        address = find("en", request.path, request.META.get("QUERY_STRING", ""))
        if address is not None:
            response = respond(request, address, base_url=base)
            if response is not None:
                return response
        # Not an address we know: the same path in English on the main host.
        path = request.path
        if not path.startswith(("/en/", "/ru/")):
            path = "/en" + path
        return HttpResponsePermanentRedirect(base + path)
