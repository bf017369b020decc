"""Links in imported bodies that still point at the old site (``https://odkb-csto.org/news/…``
or a bare old path) are pointed at the new pages, once everything is imported
(``manage.py rewrite_old_links``): readers skip the redirect, and nothing depends on the old
host names any more. A link whose old address is unknown, or whose item is gone or not
published, is left as it is (the redirects and the link check deal with it)."""

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from lxml import etree, html

from news.models import Article

from .addresses import en_host_prefix, old_hosts
from .redirects import destination, find

# Paths of this site: never an old address.
NEW_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES) + ("/media/", "/static/")


def new_target(href, hosts):
    """The new page an old-site link leads to, or None."""
    parts = urlsplit(href.strip())
    host = (parts.hostname or "").lower()
    if host in hosts:
        kind = "en" if host.startswith(en_host_prefix()) else "ru"
    elif not host and not parts.scheme and parts.path.startswith("/"):
        if parts.path.startswith(NEW_PREFIXES) or parts.path.startswith("//"):
            return None
        kind = "ru"
    else:
        return None
    address = find(kind, parts.path or "/", parts.query)
    if address is None:
        return None
    verdict, target = destination(address)
    return target if verdict == "redirect" else None


def rewrite_body(body, hosts, target_of=new_target):
    """``body`` with its old-site links pointed at the new pages, and how many changed."""
    if not body or "href" not in body:
        return body, 0
    try:
        tree = html.fragment_fromstring(body, create_parent="div")
    except (etree.ParserError, ValueError):
        return body, 0
    changed = 0
    for link in tree.iter("a"):
        target = target_of(link.get("href", ""), hosts)
        if target:
            link.set("href", target)
            changed += 1
    if not changed:
        return body, 0
    return (tree.text or "") + "".join(html.tostring(c, encoding="unicode") for c in tree), changed


def rewrite_imported_articles():
    """(links changed, articles changed) over every imported article, read in chunks; a
    link met again (a section's old list, say) is looked up once."""
    hosts = frozenset(old_hosts())
    target_of = lru_cache(maxsize=20_000)(new_target)
    bodies = [f"body_{code}" for code, _name in settings.LANGUAGES]
    links = articles = 0
    imported = (
        Article.objects.filter(archive_item__isnull=False).select_related("section").order_by("pk")
    )
    for article in imported.iterator(chunk_size=500):
        count = 0
        for name in bodies:
            body, changed = rewrite_body(getattr(article, name), hosts, target_of)
            if changed:
                setattr(article, name, body)
                count += changed
        if count:
            article._keeps_its_address = True
            article._change_reason = "Links to the old site pointed at the new pages"
            article.save()
            links, articles = links + count, articles + 1
    return links, articles
