"""Checking the links in what readers can see (``manage.py check_links``).

Every published item of a registered content type is read: the links and pictures in its
rich text (each language), and its attached files. A link to this site is asked of the site
itself (its page through Django's test client, an upload in the media storage, an old
address through the redirects); a link elsewhere is asked of that server, with a timeout and
at most one request per host every ``interval`` seconds, redirects not followed. A host that
resolves to a private, loopback, link-local or reserved address is never requested (no SSRF
through a body's links), unless it is named in ``ARCHIVE_LINKCHECK_PRIVATE_HOSTS`` (the tests'
local server); the host is resolved once and the request goes to the address checked
(``core.outbound``), so a DNS answer that changes in between cannot turn it inward.

What is found replaces that item's earlier findings (``BrokenLink``), shown in the admin.
"""

import http.client
import time
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.test import Client
from django.utils import timezone, translation
from lxml import etree, html

from core import content, outbound

from .addresses import en_host_prefix, old_hosts
from .models import BrokenLink
from .redirects import destination, find

USER_AGENT = "csto-press-linkcheck/1.0 (+the press office's link check)"


def links_in(fragment):
    """The href and src addresses of an HTML fragment."""
    if not fragment or not fragment.strip():
        return []
    try:
        tree = html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    found = []
    for element in tree.iter("a", "img"):
        value = (element.get("href") or element.get("src") or "").strip()
        if value and not value.startswith(("#", "mailto:", "tel:", "data:")):
            found.append(value)
    return list(dict.fromkeys(found))


class LinkChecker:
    def __init__(self, *, timeout=10.0, interval=1.0, external=True):
        self.timeout = timeout
        self.interval = interval
        self.external = external
        self.answers = {}  # url -> problem or None, once per run
        self.last_request = {}  # host -> monotonic time of the last request to it
        self.counts = {"items": 0, "links": 0, "broken": 0, "skipped": 0}
        self.site_hosts = {
            host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")
        }
        self.old_hosts = old_hosts()
        self.private_allowed = set(getattr(settings, "ARCHIVE_LINKCHECK_PRIVATE_HOSTS", ()))
        host = next(iter(sorted(self.site_hosts)), "localhost")
        self.client = Client(SERVER_NAME=host, raise_request_exception=False)

    # --- what to check ----------------------------------------------------------------

    def run(self, batch_size=200):
        for entry in content.entries():
            if entry.kind != content.CONTENT:
                continue
            self.check_model(entry, batch_size)
        return self.counts

    def check_model(self, entry, batch_size):
        model = entry.model
        kind = ContentType.objects.get_for_model(model)
        rich = [f"{name}_{code}" for name in entry.rich_text for code, _n in settings.LANGUAGES]
        files = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        titles = [f"title_{code}" for code, _n in settings.LANGUAGES]
        queryset = (
            model.objects.published_in_any_language()
            .only("pk", *titles, *rich, *files)
            .order_by("pk")
        )
        batch = []
        for item in queryset.iterator(chunk_size=batch_size):
            batch.append(item)
            if len(batch) >= batch_size:
                self.record(kind, batch, rich, files)
                batch = []
        if batch:
            self.record(kind, batch, rich, files)
        # Items no longer published keep no findings.
        published = model.objects.published_in_any_language().values("pk")
        BrokenLink.objects.filter(content_type=kind).exclude(object_id__in=published).delete()

    def record(self, kind, items, rich, files):
        now = timezone.now()
        found = []
        for item in items:
            self.counts["items"] += 1
            title = item.title or next(
                (getattr(item, f"title_{c}") for c, _n in settings.LANGUAGES), ""
            )
            for name in rich:
                for url in links_in(getattr(item, name, "")):
                    problem = self.check(url)
                    if problem:
                        found.append(self._finding(kind, item, title, name, url, problem, now))
            for name in files:
                stored = getattr(item, name)
                if stored and not default_storage.exists(stored.name):
                    problem = "the file is missing from the media storage"
                    found.append(self._finding(kind, item, title, name, stored.name, problem, now))
        self.counts["broken"] += len(found)
        with transaction.atomic():
            BrokenLink.objects.filter(
                content_type=kind, object_id__in=[item.pk for item in items]
            ).delete()
            BrokenLink.objects.bulk_create(found)

    @staticmethod
    def _finding(kind, item, title, field, url, problem, now):
        return BrokenLink(
            content_type=kind,
            object_id=item.pk,
            item_title=(title or str(item.pk))[:300],
            field=field,
            url=url[:2000],
            problem=problem[:300],
            checked_at=now,
        )

    # --- one link ---------------------------------------------------------------------

    def check(self, url):
        if url not in self.answers:
            self.counts["links"] += 1
            self.answers[url] = self._check(url)
        return self.answers[url]

    def _check(self, url):
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        host = (parts.hostname or "").lower()
        if not host or host in self.site_hosts:
            return self.check_internal(parts)
        if host in self.old_hosts:
            return self.check_old_address(host, parts)
        if not self.external:
            return None
        return self.check_external(parts)

    def check_internal(self, parts):
        path = parts.path or "/"
        if path.startswith(settings.MEDIA_URL):
            name = unquote(path[len(settings.MEDIA_URL) :])
            return None if default_storage.exists(name) else "the file is missing (404)"
        with translation.override(None):
            response = self.client.get(path, QUERY_STRING=parts.query)
        if response.status_code >= 400:
            return f"this site answers {response.status_code}"
        return None

    def check_old_address(self, host, parts):
        """A link to the old site: working when it is one of the old addresses kept."""
        kind = "en" if host.startswith(en_host_prefix()) else "ru"
        address = find(kind, parts.path or "/", parts.query)
        if address is None:
            return "an old-site address this site does not know"
        answer, _target = destination(address)
        return None if answer == "redirect" else "an old-site address of a removed item (410)"

    def check_external(self, parts):
        """HEAD (GET when HEAD is refused) on the address checked; a redirect is an answer
        (the link works), never followed, so it cannot lead the checker inside."""
        scheme, host = parts.scheme or "https", parts.hostname
        try:
            connection = outbound.connection(
                scheme,
                host,
                parts.port or (443 if scheme == "https" else 80),
                timeout=self.timeout,
                allow_private=host in self.private_allowed,
            )
        except (outbound.NoSuchHost, ValueError):
            return "the host name does not resolve"
        except outbound.Refused:
            self.counts["skipped"] += 1
            return None
        # As a browser sends it: a Cyrillic path or query percent-encoded (UTF-8), what is
        # already encoded left as it is.
        path = quote(parts.path or "/", safe="/%;:@&=+$,!~*'()") + (
            f"?{quote(parts.query, safe='/%;:@&=+$,!~*()?')}" if parts.query else ""
        )
        try:
            for method in ("HEAD", "GET"):
                self._wait_for(host)
                connection.request(method, path, headers={"User-Agent": USER_AGENT})
                status = connection.getresponse().status
                connection.close()  # a GET after a refused HEAD reconnects, to the same address
                if status not in (405, 501):
                    break
        except (OSError, http.client.HTTPException, ValueError) as error:
            return f"no answer ({error})"[:300]
        finally:
            connection.close()
        return f"the server answers {status}" if status >= 400 else None

    def _wait_for(self, host):
        """At most one request per host every ``interval`` seconds."""
        last = self.last_request.get(host)
        if last is not None:
            pause = self.interval - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self.last_request[host] = time.monotonic()
