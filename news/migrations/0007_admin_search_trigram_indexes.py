"""Trigram indexes for the article admin's search (PostgreSQL only).

The admin's search is ``icontains`` over ``ArticleAdmin.search_fields``, which Django writes
as ``UPPER("column"::text) LIKE UPPER('%term%')``: without an index that is a sequential scan
of every article, about 0.8 s at 100,000 articles. pg_trgm's GIN indexes on exactly that
expression answer such patterns (three characters or more) from the index. pg_trgm is a trusted
extension (PostgreSQL 13+): the database's owner may create it. SQLite, the local default,
keeps its plain scan; its demo database is small.
"""

from django.db import migrations

# The columns of ArticleAdmin.search_fields (tests/performance/test_explain.py checks the
# admin's search uses them).
COLUMNS = ["title_en", "title_ru", "lead_en", "lead_ru", "signature_en"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "article_{column}_trgm_idx" '
            f'ON "news_article" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "article_{column}_trgm_idx"')


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_list_order_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
