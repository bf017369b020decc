"""Old addresses as the lookup stores them, and the one rule for where a redirect may lead."""

from urllib.parse import parse_qsl, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Query parameters that name an item on the old site (Bitrix): kept in the lookup. Others
# (PAGEN_1=2, utm_…) are ignored: the address without them is looked up.
DEFAULT_QUERY_KEYS = ("ELEMENT_ID", "ID", "SECTION_ID", "CODE")


# The path of an entry matching its query on any path: an old item id names one item
# whatever script or section the link went through (/news/detail.php?ELEMENT_ID=5).
ANY_PATH = "*"


# The old site's host names (ARCHIVE_OLD_HOSTS): links to them are old addresses.
DEFAULT_OLD_HOSTS = ("odkb-csto.org", "www.odkb-csto.org", "en.odkb-csto.org")


def old_hosts():
    return set(getattr(settings, "ARCHIVE_OLD_HOSTS", DEFAULT_OLD_HOSTS))


def query_keys():
    return tuple(getattr(settings, "ARCHIVE_QUERY_KEYS", DEFAULT_QUERY_KEYS))


def en_host_prefix():
    return getattr(settings, "ARCHIVE_EN_HOST_PREFIX", "en.")


def normalise_path(path):
    """``/News/news_odkb/x/index.php`` and ``/news/news_odkb/x`` are one address:
    lower case, no ``index.php``, no trailing slash (but ``/``), no doubled slashes."""
    path = unquote(path or "").strip().lower()
    while "//" in path:
        path = path.replace("//", "/")
    if path.endswith("/index.php"):
        path = path[: -len("index.php")]
    if not path.startswith("/"):
        path = "/" + path
    return path.rstrip("/") or "/"


def query_forms(query_string):
    """The stored forms a request's query string may match, most specific first:
    ``["ELEMENT_ID=23867", ""]``."""
    found = []
    pairs = parse_qsl(query_string or "", keep_blank_values=False)
    for wanted in query_keys():
        for name, value in pairs:
            if name.upper() == wanted and value:
                found.append(f"{wanted}={value.strip()[:150]}")
                break
    return [*found, ""]


def split_old_url(url, default_host="ru"):
    """An old address as written in an export ("https://en.odkb-csto.org/news/x/?ELEMENT_ID=5",
    "/news/x/") as (host, path, query form)."""
    parts = urlsplit(url.strip())
    host = default_host
    if parts.hostname:
        host = "en" if parts.hostname.startswith(en_host_prefix()) else "ru"
    return host, normalise_path(parts.path), query_forms(parts.query)[0]


def validate_site_path(value):
    """A redirect target is a path on this site, never another host: no scheme, no
    ``//host``, no backslash tricks (the no-open-redirect rule)."""
    text = (value or "").strip()
    parts = urlsplit(text)
    if (
        not text.startswith("/")
        or text.startswith("//")
        or "\\" in text
        or parts.scheme
        or parts.netloc
        or any(ord(char) < 32 for char in text)
    ):
        raise ValidationError(
            _("Give a path on this site, starting with one slash, such as /ru/news/."),
            code="not_a_site_path",
        )
