"""The database keeps each document's current status: a trigger on the steps table.

A document's current status and its date are those of its latest step (by date, then order
on the day, then entry order), copied onto the document so the register can filter and sort
on an index. A trigger recomputes the copy whenever a step is inserted, changed, moved to
another document or deleted, whichever way it was written (the admin, a service,
``QuerySet.update()``, ``bulk_create``, ``loaddata``, raw SQL), so no Python code has to
remember to. The same rule is written for PostgreSQL and for SQLite (``make run``).
"""

from django.db import migrations

LATEST = (
    "SELECT s.{column} FROM meetings_documentstep s WHERE s.document_id = {document} "
    'ORDER BY s.date DESC, s."order" DESC, s.id DESC LIMIT 1'
)


def refresh(document):
    """An UPDATE setting one document's copy from its steps (``document``: an SQL value)."""
    status = LATEST.format(column="status", document=document)
    date = LATEST.format(column="date", document=document)
    return (
        f"UPDATE meetings_document SET current_status = COALESCE(({status}), ''), "
        f"current_status_date = ({date}) WHERE id = {document}"
    )


POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION meetings_refresh_current_status(document bigint)
    RETURNS void LANGUAGE sql AS $$ {refresh("document")} $$
    """,
    """
    CREATE OR REPLACE FUNCTION meetings_documentstep_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            PERFORM meetings_refresh_current_status(OLD.document_id);
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.document_id <> OLD.document_id) THEN
            PERFORM meetings_refresh_current_status(NEW.document_id);
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER meetings_documentstep_current_status
    AFTER INSERT OR UPDATE OR DELETE ON meetings_documentstep
    FOR EACH ROW EXECUTE FUNCTION meetings_documentstep_changed()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS meetings_documentstep_current_status ON meetings_documentstep",
    "DROP FUNCTION IF EXISTS meetings_documentstep_changed()",
    "DROP FUNCTION IF EXISTS meetings_refresh_current_status(bigint)",
]

SQLITE = [
    f"""
    CREATE TRIGGER meetings_documentstep_inserted AFTER INSERT ON meetings_documentstep
    BEGIN {refresh("NEW.document_id")}; END
    """,
    f"""
    CREATE TRIGGER meetings_documentstep_updated AFTER UPDATE ON meetings_documentstep
    BEGIN {refresh("OLD.document_id")}; {refresh("NEW.document_id")}; END
    """,
    f"""
    CREATE TRIGGER meetings_documentstep_deleted AFTER DELETE ON meetings_documentstep
    BEGIN {refresh("OLD.document_id")}; END
    """,
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS meetings_documentstep_{event}"
    for event in ("inserted", "updated", "deleted")
]


def run(statements):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, []):
            schema_editor.execute(statement)

    return operation


def refresh_all(apps, schema_editor):
    """Bring every document's copy in line once, as the trigger will from now on."""
    schema_editor.execute(refresh("meetings_document.id"))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_per_language_search"),
    ]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
        migrations.RunPython(refresh_all, migrations.RunPython.noop),
    ]
