"""Where an old address leads now, decided in one step: a permanent redirect straight to
the final page (never to another old address), 410 for a removed item, or nothing."""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from core.publishing import PublicationStatus

from .addresses import ANY_PATH, normalise_path, query_forms
from .models import OldAddress

# How many staff redirects pointing at each other are followed to their end.
MAX_HOPS = 5


def find(host, path, query_string=""):
    """The stored old address matching a request, in one query. Most specific first: the
    path with the item's query, the item's query on any path, then the path alone."""
    forms = query_forms(query_string)
    path = normalise_path(path)
    if any("\x00" in text for text in [path, *forms]):
        return None  # no address holds one (and PostgreSQL refuses it in a query)
    rows = list(
        OldAddress.objects.filter(host=host, path__in=[path, ANY_PATH], query__in=forms)
        .select_related("article__section")
        .order_by()
    )

    def rank(row):
        return (row.query == "", row.path == ANY_PATH, forms.index(row.query))

    rows.sort(key=rank)
    return rows[0] if rows else None


def article_url(article, language):
    """The article's page in ``language``, else in the other language it is written in;
    None while readers may not see it (a draft, an embargo)."""
    if article.status != PublicationStatus.PUBLISHED or article.published_at > timezone.now():
        return None
    for code in [language, *[c for c in article.languages_written() if c != language]]:
        if article.is_translated(code):
            with translation.override(code):
                return article.get_absolute_url()
    return None


def destination(address):
    """("redirect", path), ("gone", None) or (None, None) for an old address."""
    seen = set()
    for _hop in range(MAX_HOPS):
        seen.add(address.pk)
        if address.article_id:
            url = article_url(address.article, address.page_language())
            return ("redirect", url) if url else (None, None)
        if not address.new_path:
            return ("gone", None)
        # A staff redirect whose target was later made an old address itself: go to the end.
        following = find("ru", address.new_path.split("?")[0])
        if following is None:
            return ("redirect", address.new_path)
        if following.pk in seen:
            return (None, None)  # a loop: better a 404 than a redirect that never ends
        address = following
    return (None, None)


def respond(request, address, base_url=""):
    """The answer for ``address``: a 301 (to ``base_url`` + path, for another host), a 410
    page, or None."""
    kind, target = destination(address)
    if kind == "redirect":
        location = base_url + target
        if not url_has_allowed_host_and_scheme(
            location, allowed_hosts={request.get_host(), base_url.split("://")[-1]} - {""}
        ):
            return None
        return HttpResponsePermanentRedirect(location)
    if kind == "gone":
        words = address.path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
        with translation.override(address.page_language()):
            return render(request, "archive/gone.html", {"words": words[:100]}, status=410)
    return None
