"""The public lists' exact order as PostgreSQL indexes, one per language.

- the register (latest status first, undated last, then id), with and without a status
  filter;
- the meetings of a body (newest first).

Partial, one per language: published() asks for items written in the reader's language
(``title_<language> > ''``), so the total and the page come from these indexes alone.
PostgreSQL only (like the search indexes): SQLite, the local default, cannot index
NULLS LAST, and its small demo database does not need it.
"""

from django.conf import settings
from django.db import migrations

INDEXES = {
    ("meetings_document", "document_register_{code}_idx"): (
        '"status", "current_status", "current_status_date" DESC NULLS LAST, "id" DESC'
    ),
    ("meetings_document", "document_register_all_{code}_idx"): (
        '"status", "current_status_date" DESC NULLS LAST, "id" DESC'
    ),
    ("meetings_meeting", "meeting_body_{code}_idx"): (
        '"body_id", "status", "date" DESC, "time" DESC, "id" DESC'
    ),
}


def names():
    for (table, name), columns in INDEXES.items():
        for code in settings.MODELTRANSLATION_LANGUAGES:
            yield table, name.format(code=code), columns, code


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, columns, code in names():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns}) '
            f"WHERE \"title_{code}\" > ''"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _table, name, _columns, _code in names():
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_translations"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
