"""The database keeps each document's current status: a trigger on the steps table.

A document's current status and its date are those of its latest step (by date, then order
on the day, then entry order), copied onto the document so the register can filter and sort
on an index. The trigger recomputes the copy whenever a step is inserted, changed, moved to
another document or deleted, whichever way it was written (the admin, a service,
``QuerySet.update()``, ``bulk_create``, ``loaddata``, raw SQL), so no Python code has to
remember to. The same rule is written for PostgreSQL and for SQLite (``make run``).

Installed after every ``migrate`` (``MeetingsConfig.ready``), so it always matches this
code. On SQLite it is taken away before migrating: SQLite rebuilds a table to change it, and
a trigger naming the table being rebuilt would stop the migration.
"""

LATEST = (
    "SELECT s.{column} FROM meetings_documentstep s WHERE s.document_id = {document} "
    'ORDER BY s.date DESC, s."order" DESC, s.id DESC LIMIT 1'
)


def refresh(document):
    """An UPDATE setting one document's copy from its steps (``document``: an SQL value)."""
    status = LATEST.format(column="status", document=document)
    date = LATEST.format(column="date", document=document)
    return (  # our own SQL fragments: nothing from outside reaches this text
        f"UPDATE meetings_document SET current_status = COALESCE(({status}), ''), "  # noqa: S608
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


def install(connection):
    """Create (or replace) the trigger, and bring every document's copy in line."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_REVERSE + SQLITE:
                cursor.execute(statement)
            cursor.execute(refresh("meetings_document.id"))
        elif connection.vendor == "postgresql":
            for statement in POSTGRESQL_REVERSE + POSTGRESQL:
                cursor.execute(statement)


def remove_before_migrating(connection):
    """SQLite only: the trigger goes while tables may be rebuilt, and comes back after."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in SQLITE_REVERSE:
                cursor.execute(statement)
