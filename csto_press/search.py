"""Site search across articles, meetings and documents.

On PostgreSQL: a stored ``tsvector`` per row (kept current on save, GIN-indexed), queried
with websearch syntax and ranked. On SQLite (the ``make run`` default) a plain
``icontains`` fallback with a simple rank, so search still works for a newcomer.
Snippets are cut and highlighted in Python the same way on both.
"""

import html
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection, migrations, models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .publishing import content_language

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_LENGTH = 240


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


class Searchable(models.Model):
    """A stored search vector, refreshed on every save from ``search_fields``.

    ``search_fields`` maps a field name to its weight: "A" (title) ranks above "B", "C", "D".
    """

    search_fields = {}

    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_search_vectors(type(self).objects.filter(pk=self.pk))

    @classmethod
    def search_vector_expression(cls):
        """Every language's text, each with its own configuration, in one vector: a Russian
        query (parsed with "russian") meets the Russian stems, an English one the English."""
        vectors = [
            SearchVector(localized(cls, field, code), weight=weight, config=search_config(code))
            for code, _name in settings.LANGUAGES
            for field, weight in cls.search_fields.items()
        ]
        combined = vectors[0]
        for vector in vectors[1:]:
            combined = combined + vector
        return combined


def refresh_search_vectors(queryset):
    """Recompute the stored vectors of ``queryset`` in one UPDATE (no-op off PostgreSQL)."""
    if uses_postgres():
        queryset.update(search_vector=queryset.model.search_vector_expression())


def gin_index(model_name, index_name):
    """A migration operation adding a GIN index on ``search_vector``, on PostgreSQL only."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = apps.get_model(*model_name.split("."))._meta.db_table
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index_name}" ON "{table}" USING gin ("search_vector")'
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)


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
    """One kind of result: how to find its public rows and how to show them."""

    key: str
    label: str
    model: type
    text_fields: tuple  # fields shown in the snippet, in order
    select_related: tuple = ()
    date_attr: str = "published_at"  # the date shown beside a result

    def public(self):
        return self.model.objects.published()

    def matches(self, text, terms):
        """Public rows matching the query, as (kind, pk, rank, published_at) rows."""
        queryset = self.public()
        if uses_postgres():
            query = SearchQuery(text, search_type="websearch", config=search_config())
            queryset = queryset.filter(search_vector=query).annotate(
                result_rank=SearchRank(F("search_vector"), query)
            )
        else:
            fields = [localized(self.model, field) for field in self.model.search_fields]
            weights = dict(zip(fields, (3, 2, 1, 1), strict=False))
            # Word starts stand in for stems here: "совета" also finds "Совет", "советом".
            terms = [stem(term) for term in terms]
            for term in terms:
                any_field = Q()
                for field in fields:
                    any_field |= Q(**{f"{field}__icontains": term})
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
                result_date=F("published_at"),
            )
            .order_by()
            .values_list("result_kind", "result_pk", "result_rank", "result_date")
        )

    def fetch(self, pks):
        return self.public().select_related(*self.select_related).in_bulk(pks)


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
        plain = " ".join(
            strip_tags(str(getattr(obj, field, "") or "")) for field in target.text_fields
        )
        results.append(
            {
                "kind": kind,
                "label": target.label,
                "object": obj,
                "date": getattr(obj, target.date_attr, None) or obj.published_at,
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
