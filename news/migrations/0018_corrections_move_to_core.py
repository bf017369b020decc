"""Articles' correction notes move to core.Correction, which any content type may carry:
each note and its history keep their ids, dates and texts."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = ["id", "date", "note", "note_en", "note_ru"]
HISTORY = [*FIELDS, "history_id", "history_date", "history_change_reason", "history_type",
           "history_user_id"]  # fmt: skip
MODELS = [("Correction", FIELDS), ("HistoricalCorrection", HISTORY)]


def copy_rows(schema_editor, model, rows):
    """Insert rows keeping their ids, then move the id sequence past them (PostgreSQL)."""
    model.objects.bulk_create(rows)
    connection = schema_editor.connection
    for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(statement)


def to_core(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    article = None
    for name, fields in MODELS:
        old, new = apps.get_model("news", name), apps.get_model("core", name)
        rows = list(old.objects.values(*fields, "article_id"))
        if rows and article is None:
            article, _created = content_type.objects.get_or_create(
                app_label="news", model="article"
            )
        copy_rows(
            schema_editor,
            new,
            [new(content_type_id=article.pk, object_id=row.pop("article_id"), **row) for row in rows],
        )


def to_news(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    article = content_type.objects.filter(app_label="news", model="article").first()
    if article is None:
        return
    for name, fields in MODELS:
        old, new = apps.get_model("news", name), apps.get_model("core", name)
        moved = new.objects.filter(content_type_id=article.pk)
        rows = moved.values(*fields, "object_id")
        copy_rows(schema_editor, old, [old(article_id=row.pop("object_id"), **row) for row in rows])
        moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("news", "0017_corrections_withdrawal"),
    ]

    operations = [
        migrations.RunPython(to_core, to_news),
        migrations.DeleteModel(name="HistoricalCorrection"),
        migrations.DeleteModel(name="Correction"),
    ]
