"""Site search across every registered content type (``core.content``).

On PostgreSQL: a ``tsvector`` per row and language, stored in a column the database computes
from that language's text (a generated column, GIN-indexed), queried with websearch syntax
in the reader's language and ranked. On SQLite (the ``make run`` default) a plain
``icontains`` fallback with a simple rank, so search still works for a newcomer.
Snippets are cut and highlighted in Python the same way on both.
"""

import functools
import html
import operator
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .publishing import content_language

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_LENGTH = 240
# Ranking reads each match's vector: for a word in a third of 100,000 releases that is
# 600 ms. So the newest CANDIDATES matches of each kind are ranked (found through the GIN
# index, sorted by date without reading a vector): 40 ms, and a reader asking for a common
# word gets the most relevant of the recent ones.
CANDIDATES = 1000


def uses_postgres():
    return connection.vendor == "postgresql"


# PostgreSQL text-search configuration per language: stemming and stop words.
SEARCH_CONFIGS = {"en": "english", "ru": "russian"}


def search_config(language=None):
    return SEARCH_CONFIGS.get(content_language(language), "simple")


def localized(model, field, language=None):
    """The column holding ``field`` in ``language``: ``title_ru`` for a translated field."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        translated = field in translator.get_options_for_model(model).fields
    except NotRegistered:
        translated = False
    return f"{field}_{content_language(language)}" if translated else field


def vector_field(language):
    """The column holding an item's stored full-text vector in ``language``."""
    return f"search_vector_{language}"


def vector_fields(model, relation=""):
    """The stored vector columns ``model`` has (none when it is not searched), as seen
    through ``relation`` ("meeting" gives "meeting__search_vector_en"…): for ``defer()``,
    as no page shows them."""
    names = {field.name for field in model._meta.concrete_fields}
    prefix = f"{relation}__" if relation else ""
    return [
        f"{prefix}{vector_field(code)}"
        for code, _name in settings.LANGUAGES
        if vector_field(code) in names
    ]


class PostgresOnly(Func):
    """``expression`` on PostgreSQL; NULL elsewhere. SQLite (``make run``) has no text
    search: the column stays empty there and search falls back to ``icontains``."""

    template = "%(expressions)s"

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra_context)


def language_vector(model, weights, language):
    """The weighted vector of ``model``'s text in ``language`` only, parsed with that
    language's configuration (stemming, stop words). A model whose rows are each written in
    one language (an attached file: ``text_language_field = "language"``) gives its
    untranslated fields to that language's vector only."""
    config = search_config(language)
    own_language = getattr(model, "text_language_field", None)
    parts = []
    for name, weight in weights.items():
        column = localized(model, name, language)
        source = column
        if own_language and column == name:
            source = Case(
                When(**{own_language: language}, then=F(name)),
                default=Value(""),
                output_field=models.TextField(),
            )
        parts.append(SearchVector(source, weight=weight, config=config))
    return functools.reduce(operator.add, parts)


def add_search_vectors(model, weights):
    """Give ``model`` one stored vector per language, computed by the database from the
    text in that language (``weights``: {"title": "A", "lead": "B", …}), so every way of
    writing a row (save, ``update()``, ``bulk_create``, ``loaddata``, raw SQL) keeps it
    current, and a search in one language never matches text written only in the other.
    Returns the new field names (history leaves them out)."""
    names = []
    for language, _name in settings.LANGUAGES:
        name = vector_field(language)
        field = models.GeneratedField(
            expression=PostgresOnly(language_vector(model, weights, language)),
            output_field=SearchVectorField(),
            db_persist=True,
        )
        model.add_to_class(name, field)
        names.append(name)
    return names


def clean_query(raw):
    """The query as searched: whitespace folded, cut to MAX_QUERY_LENGTH characters."""
    text = " ".join((raw or "").split())
    text = "".join(ch for ch in text if ch.isprintable())
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


def query_terms(text):
    """Words of the query, for the SQLite fallback and for highlighting."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return [w for w in words if len(w) > 1 or w.isdigit()][:MAX_TERMS]


@dataclass(frozen=True)
class SearchTarget:
    """One kind of result (a registered content type): how to find its public rows in the
    reader's language and how to show them."""

    key: str  # ?type=… on the search page
    label: str
    model: type
    weights: dict  # {"title": "A", …}: what is searched
    select_related: tuple = ()
    date_attr: str = "published_at"  # the date shown beside a result
    of: str = ""  # a part (an attached file): the field naming its item

    @classmethod
    def from_entry(cls, entry):
        from .content import entry_for

        item = entry.model._meta.get_field(entry.of).related_model if entry.of else None
        return cls(
            key=entry.name,
            label=entry.label,
            model=entry.model,
            weights=entry.search,
            select_related=entry.list_related,
            date_attr=entry_for(item).date_field if item else entry.date_field,
            of=entry.of or "",
        )

    @property
    def published_at(self):
        """The publication time ordering results: the item's, for a part."""
        return f"{self.of}__published_at" if self.of else "published_at"

    def item(self, obj):
        """The content item a result belongs to (itself, or a part's item)."""
        return getattr(obj, self.of) if self.of else obj

    @property
    def text_fields(self):
        """The fields a result's snippet is cut from, in order of weight (not the title)."""
        return [name for name in sorted(self.weights, key=self.weights.get) if name != "title"]

    def public(self):
        """Rows a reader may see: published items, or the parts of published items."""
        if self.of:
            item = self.model._meta.get_field(self.of).related_model
            return self.model.objects.filter(**{f"{self.of}__in": item.objects.published()})
        return self.model.objects.published()

    def matches(self, text, terms):
        """Public rows matching the query in the reader's language, as (kind, pk, rank,
        published_at) rows. Only that language's text is searched: an item is found by
        the words a reader of this language can see on its page, never by another
        language's text."""
        language = content_language()
        queryset = self.public()
        if uses_postgres():
            query = SearchQuery(text, search_type="websearch", config=search_config(language))
            vector = vector_field(language)
            newest = (
                queryset.filter(**{vector: query})
                .order_by(f"-{self.published_at}")
                .values("pk")[:CANDIDATES]
            )
            queryset = queryset.filter(pk__in=newest).annotate(
                result_rank=SearchRank(F(vector), query)
            )
        else:
            fields = [localized(self.model, field, language) for field in self.weights]
            weights = dict(zip(fields, (3, 2, 1, 1), strict=False))
            # Word starts stand in for stems here: "совета" also finds "Совет", "советом".
            terms = [stem(term) for term in terms]
            own_language = getattr(self.model, "text_language_field", None)
            for term in terms:
                any_field = Q()
                for field, name in zip(fields, self.weights, strict=True):
                    match = Q(**{f"{field}__icontains": term})
                    if own_language and field == name:  # as language_vector() does
                        match &= Q(**{own_language: language})
                    any_field |= match
                queryset = queryset.filter(any_field)
            rank = Value(0)
            for field, weight in weights.items():
                for term in terms:
                    rank = rank + Case(
                        When(**{f"{field}__icontains": term}, then=Value(weight)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
            queryset = queryset.annotate(result_rank=rank)
        # A plain QuerySet for the row values: modeltranslation's queryset reorders
        # values_list() columns, and a UNION needs every kind's columns in the same order.
        plain = models.QuerySet(model=queryset.model, query=queryset.query.chain())
        return (
            plain.annotate(
                result_kind=Value(self.key, output_field=models.CharField()),
                result_pk=F("pk"),
                result_date=F(self.published_at),
            )
            .order_by()
            .values_list("result_kind", "result_pk", "result_rank", "result_date")
        )

    def fetch(self, pks):
        rows = self.public().select_related(*self.select_related)
        deferred = vector_fields(self.model)
        if self.of:
            item = self.model._meta.get_field(self.of).related_model
            deferred += vector_fields(item, self.of)
        return rows.defer(*deferred).in_bulk(pks)


def matching(queryset, text):
    """The rows of ``queryset`` (a searched type) whose text in the reader's language
    matches ``text`` (search syntax: "Kyrgyzstan or Bishkek"), through the stored vector on
    PostgreSQL, by word starts in its searched fields on SQLite. Used where a page lists what
    mentions something (a member state's news)."""
    from .content import entry_for

    language = content_language()
    if uses_postgres():
        query = SearchQuery(text, search_type="websearch", config=search_config(language))
        return queryset.filter(**{vector_field(language): query})
    weights = entry_for(queryset.model).search
    fields = [localized(queryset.model, field, language) for field in weights]
    any_term = Q()
    for term in query_terms(text.replace(" or ", " ")):
        for field in fields:
            any_term |= Q(**{f"{field}__icontains": stem(term)})
    return queryset.filter(any_term) if any_term else queryset.none()


def targets():
    """A target for every registered content type, then every part (attached files), that
    declares what is searched."""
    from .content import PART, content_entries, entries

    searched = [*content_entries(), *entries(PART)]
    return [SearchTarget.from_entry(entry) for entry in searched if entry.search]


def search(targets, text):
    """A lazily evaluated, paginatable union of rows, best match first."""
    terms = query_terms(text)
    if not terms and not uses_postgres():
        return None
    parts = [target.matches(text, terms) for target in targets]
    first, rest = parts[0], parts[1:]
    union = first.union(*rest, all=True) if rest else first
    return union.order_by("-result_rank", "-result_date")


def attach_results(targets, rows, text):
    """Turn a page of (kind, pk, …) rows into result objects, one query per kind present."""
    by_key = {target.key: target for target in targets}
    wanted = {}
    for kind, pk, *_ in rows:
        wanted.setdefault(kind, []).append(pk)
    fetched = {kind: by_key[kind].fetch(pks) for kind, pks in wanted.items()}
    terms = query_terms(text)
    results = []
    for kind, pk, *_ in rows:
        obj = fetched[kind].get(pk)
        if obj is None:  # unpublished between the two queries
            continue
        target = by_key[kind]
        item = target.item(obj)
        plain = " ".join(
            strip_tags(str(getattr(obj, field, "") or "")) for field in target.text_fields
        )
        results.append(
            {
                "kind": kind,
                "label": target.label,
                "object": obj,
                "date": getattr(item, target.date_attr, None) or item.published_at,
                "item": item if target.of else None,
                "title": highlight(str(obj), terms),
                "snippet": highlight(snippet(html.unescape(plain), terms), terms),
            }
        )
    return results


def stem(term):
    """A crude stem: long words lose their last two letters (endings in both languages)."""
    return term[: max(4, len(term) - 2)] if len(term) > 5 else term


def _term_pattern(terms):
    """Word starts that match the terms, loose enough to catch stemmed forms."""
    stems = sorted({stem(t) for t in terms}, key=len)
    if not stems:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(s) for s in reversed(stems)) + r")\w*", re.I)


def snippet(text, terms):
    """About SNIPPET_LENGTH characters of ``text`` around the first match."""
    text = " ".join(text.split())
    pattern = _term_pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - SNIPPET_LENGTH // 3) if match else 0
    if start:
        start = text.find(" ", start) + 1 or start
    piece = text[start : start + SNIPPET_LENGTH]
    if start + SNIPPET_LENGTH < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return ("… " if start else "") + piece


def highlight(text, terms):
    """``text`` escaped, with matched words wrapped in ``<mark>``."""
    pattern = _term_pattern(terms)
    if not pattern:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped
