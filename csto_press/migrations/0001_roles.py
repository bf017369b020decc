from django.db import migrations

from csto_press.roles import create_roles


class Migration(migrations.Migration):
    """The Editor and Publisher groups (see csto_press/roles.py)."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0004_history_and_publish_permission"),
        ("meetings", "0003_history_and_publish_permission"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
