"""Navigation helpers shared by the apps' views."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_back_url(request, fallback):
    """The no-JS target of "Go back": a same-site ``?back=`` path, else ``fallback``."""
    candidate = request.GET.get("back", "")
    # Only a path on this site: no scheme or host of its own, whatever the browser makes of it.
    is_local_path = candidate.startswith("/") and not candidate.startswith(("//", "/\\"))
    if is_local_path and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
