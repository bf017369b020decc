"""The main list queries use indexes at 100,000 articles (PostgreSQL's EXPLAIN, no Seq Scan).

PostgreSQL only: that is where the site runs and where CI runs the suite; SQLite plans say
nothing about production. The rows are made by the database itself (INSERT … SELECT over
generate_series, from a few rows made by the ORM), then VACUUM ANALYZE, so the planner
sees what it would see in production: the test takes a few seconds.
"""

import datetime
import json

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.pagination import CachedCountPaginator
from meetings.models import Document, DocumentStep, Meeting, StepStatus
from meetings.views import DocumentListView, MeetingListView
from news.admin import ArticleAdmin
from news.models import Article
from news.views import ArticleListView
from tests.factories import (
    ArticleFactory,
    BodyFactory,
    DocumentFactory,
    MeetingFactory,
    SectionFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),  # VACUUM cannot run inside a transaction
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are PostgreSQL's; CI runs this on PostgreSQL",
    ),
]

ARTICLES, MEETINGS, DOCUMENTS, STEPS_PER_DOCUMENT = 100_000, 3_000, 20_000, 3
BIG_TABLES = {"news_article", "meetings_meeting", "meetings_document", "meetings_documentstep"}


def clone(model, seeds, total, changes):
    """Copy the seed rows until the table holds ``total``; ``changes`` maps a column to the
    SQL that varies it with the copy number ``g``."""
    table = model._meta.db_table
    columns = [
        field.column
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.generated)
    ]
    values = [changes.get(column, f'"{column}"') for column in columns]
    quoted = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ({quoted}) '  # noqa: S608 - our own column names
            f'SELECT {", ".join(values)} FROM "{table}", '
            f'generate_series(1, {total // seeds}) AS g WHERE "{table}".id IN '
            f'(SELECT id FROM "{table}" ORDER BY id LIMIT {seeds})'
        )


def add_steps(per_document):
    """``per_document`` steps for every document, the middle one at a meeting."""
    values = {
        "document_id": "d.id",
        "status": "'under_consideration'",
        "date": "COALESCE(d.current_status_date, DATE '2020-01-01') - k",
        "order": "k",
        "meeting_id": "CASE WHEN k = 1 THEN m.lo + d.id % m.n END",
    }
    columns, expressions = [], []
    for field in DocumentStep._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(f'"{field.column}"')
        if field.column in values:
            expressions.append(values[field.column])
        else:
            expressions.append("NULL" if field.null else "''")
    # Our own column names and expressions, no outside input.
    sql = (
        "WITH m AS (SELECT min(id) AS lo, count(*) AS n FROM meetings_meeting) "  # noqa: S608
        f"INSERT INTO meetings_documentstep ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM meetings_document AS d, m, "
        f"generate_series(0, {per_document - 1}) AS k"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.fixture
def big_site():
    sections = [SectionFactory(slug=f"section-{i}") for i in range(6)]
    bodies = [BodyFactory(slug=f"body-{i}") for i in range(6)]
    start = datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC)
    for i in range(10):
        ArticleFactory(section=sections[i % 6], slug=f"seed-{i}", published_at=start)
        MeetingFactory(body=bodies[i % 6], slug=f"seed-meeting-{i}")
        document = DocumentFactory(body=bodies[i % 6], slug=f"seed-document-{i}")
        DocumentStep.objects.create(
            document=document, status=StepStatus.DRAFTED, date=datetime.date(2020, 1, 1)
        )
        DocumentStep.objects.create(
            document=document,
            status=[StepStatus.DOMESTIC_APPROVAL, StepStatus.ADOPTED][i % 2],
            date=datetime.date(2020, 2, 1),
        )
    clone(
        Article,
        10,
        ARTICLES,
        {
            "slug": "slug || '-' || g",
            # Rows as wide as real releases (a lead, a body of a few paragraphs).
            "lead": "repeat(lead || ' ', 8)",
            "body": "repeat(body, 40)",
            "published_at": "published_at + g * interval '47 minutes'",
            "status": "CASE WHEN g % 500 = 0 THEN 'draft' ELSE status END",
        },
    )
    clone(
        Meeting,
        10,
        MEETINGS,
        {"slug": "slug || '-' || g", "date": "date - g"},
    )
    clone(
        Document,
        10,
        DOCUMENTS,
        {
            "slug": "slug || '-' || g",
            "reference_number": "NULL",
            "current_status_date": "current_status_date - g",
        },
    )
    add_steps(STEPS_PER_DOCUMENT)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"section": sections[2], "body": bodies[1]}


def plan_nodes(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes, stack = [], [plan[0]["Plan"]]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.get("Plans", []))
    return nodes


def assert_indexed(nodes, table):
    scans = [(n["Node Type"], n.get("Relation Name"), n.get("Index Name")) for n in nodes]
    seq = [scan for scan in scans if scan[0] == "Seq Scan" and scan[1] in BIG_TABLES]
    assert not seq, scans
    # An index scan of the table, or a bitmap heap scan driven by a bitmap index scan.
    indexed = ("Index Scan", "Index Only Scan", "Bitmap Heap Scan")
    assert any(kind in indexed and relation == table for kind, relation, _ in scans), scans


def view_queryset(view_class, path="/", **params):
    view = view_class()
    view.setup(RequestFactory().get(path, params))
    return view.get_queryset()


def queries_of_page(queryset, number, per_page):
    """The SQL a list view's paginator runs for page ``number``: total, (keys,) rows; not
    the next scheduled publication (remembered values end there), asked for on the way."""
    with CaptureQueriesContext(connection) as captured:
        list(CachedCountPaginator(queryset, per_page).page(number).object_list)
    sql = [query["sql"] for query in captured.captured_queries]
    return [query for query in sql if "UNION" not in query]


def test_main_list_queries_use_indexes_at_100k_articles(big_site):
    """One test, one fill: the rows are made once (a transactional test is flushed after)."""
    assert Article.objects.count() >= ARTICLES
    assert Document.objects.published().count() >= DOCUMENTS

    # All news: page 1 (total, rows) and page 2,000 (total, keys, rows by key).
    articles = view_queryset(ArticleListView)
    for sql in queries_of_page(articles, 1, 12) + queries_of_page(articles, 2000, 12):
        assert_indexed(plan_nodes(sql), "news_article")
    count, keys, _rows = queries_of_page(articles, 2000, 12)
    assert "COUNT(*)" in count and "OFFSET 23988" in keys
    assert any(n["Node Type"] == "Index Only Scan" for n in plan_nodes(keys))

    # A section page.
    in_section = articles.filter(section=big_site["section"])
    for sql in queries_of_page(in_section, 1, 12):
        assert_indexed(plan_nodes(sql), "news_article")

    # The register filtered by status.
    documents = view_queryset(DocumentListView, status=StepStatus.DOMESTIC_APPROVAL)
    assert '"current_status" =' in str(documents.query)
    for sql in queries_of_page(documents, 1, 20):
        assert_indexed(plan_nodes(sql), "meetings_document")

    # The article admin's search (the press office looking for a release): trigram indexes,
    # for the total and for the page.
    request = RequestFactory().get("/", {"q": "Dushanbe"})
    model_admin = ArticleAdmin(Article, admin.site)
    assert model_admin.search_fields == [
        "title_en",
        "title_ru",
        "lead_en",
        "lead_ru",
        "signature_en",
    ]  # the columns that migration news/0007 indexes
    found, _duplicates = model_admin.get_search_results(request, Article.objects.all(), "Dushanbe")
    with CaptureQueriesContext(connection) as captured:
        found.count()
        list(found.order_by("-published_at", "-pk")[:100])
    for query in captured.captured_queries:
        nodes = plan_nodes(query["sql"])
        assert_indexed(nodes, "news_article")
        assert any("trgm" in (n.get("Index Name") or "") for n in nodes), query["sql"]

    # Meetings of one body.
    meetings = view_queryset(MeetingListView, body=big_site["body"].slug)
    assert '"slug" =' in str(meetings.query)
    for sql in queries_of_page(meetings, 1, 20):
        assert_indexed(plan_nodes(sql), "meetings_meeting")
