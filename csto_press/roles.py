"""The press office's two roles, as permission sets for Django groups.

Editor: writes and changes drafts of articles, meetings and documents, records document
steps; cannot publish, unpublish or delete published items. Publisher (the press
secretary): everything an editor may do, plus publishing, unpublishing and deleting.
The rule "editors cannot touch published items" is enforced in the admin
(``csto_press.admin_mixins.PublishingAdmin``); these sets only say what each may attempt.
"""

EDITOR = "Editor"
PUBLISHER = "Publisher"

_CONTENT = {
    "news": ["article"],
    "meetings": ["meeting", "document"],
}
_REFERENCE = {"news": ["section"], "meetings": ["body", "memberstate"]}


def _codenames(app_models, actions):
    return [(app, f"{action}_{model}") for app, models in app_models.items()
            for model in models for action in actions]  # fmt: skip


EDITOR_PERMISSIONS = (
    _codenames(_CONTENT, ["view", "add", "change", "delete"])
    + _codenames({"meetings": ["documentstep"]}, ["view", "add", "change", "delete"])
    + _codenames(_REFERENCE, ["view"])
)
PUBLISHER_PERMISSIONS = (
    EDITOR_PERMISSIONS
    + [("news", "publish_article"), ("meetings", "publish_meeting")]
    + [("meetings", "publish_document")]
    + _codenames(_REFERENCE, ["add", "change"])
)

ROLES = {EDITOR: EDITOR_PERMISSIONS, PUBLISHER: PUBLISHER_PERMISSIONS}


def create_roles(apps, schema_editor=None):
    """Create or update the role groups; used by the data migration."""
    from django.contrib.auth.management import create_permissions

    for app_label in ("news", "meetings"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(permissions)
