"""Migration helper: when fields become translatable, their existing text is the English."""

from django.db import migrations
from django.db.models import F


def copy_to_default_language(app_label, fields_by_model, language="en"):
    """A RunPython operation copying each ``field`` into ``field_<language>`` where empty."""

    def forwards(apps, schema_editor):
        for model_name, fields in fields_by_model.items():
            model = apps.get_model(app_label, model_name)
            for field in fields:
                target = f"{field}_{language}"
                model.objects.filter(**{f"{target}__isnull": True}).update(**{target: F(field)})

    return migrations.RunPython(forwards, migrations.RunPython.noop)
