"""The press office's two roles, as Django groups whose permissions follow the registry.

Editor: writes and changes drafts of every content type and their parts (a document's
steps), and sees the reference data. Publisher (the press secretary): everything an editor
may do, plus publishing, unpublishing and deleting, and adding and changing reference data
(sections, bodies, member states). What either may do to a *published* item is decided in
``core.permissions``; these sets only say what each may attempt.

The groups are brought up to date after every ``migrate`` (``post_migrate``), from the
registry: a new content type gets its rights without a data migration of its own.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from . import content

EDITOR = "Editor"
PUBLISHER = "Publisher"

_ALL = ("view", "add", "change", "delete")


def role_permissions():
    """{role: [(app_label, codename), …]} for every registered model."""
    editor, publisher = [], []
    for entry in content.entries():
        opts = entry.model._meta
        codes = [(opts.app_label, f"{action}_{opts.model_name}") for action in _ALL]
        if entry.kind == content.REFERENCE:
            editor += codes[:1]
            publisher += codes[:3]
        elif entry.publishers_only:
            editor += codes[:1]
            publisher += codes
        else:
            editor += codes
            publisher += codes
        if entry.kind == content.CONTENT:
            publisher.append((opts.app_label, f"publish_{opts.model_name}"))
    return {EDITOR: editor, PUBLISHER: publisher}


def ensure_permissions():
    """Django's permissions of every model, and "publish" of every content type."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for entry in content.content_entries():
        opts = entry.model._meta
        Permission.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(entry.model),
            codename=f"publish_{opts.model_name}",
            defaults={"name": f"Can publish and unpublish {opts.verbose_name_plural}"},
        )


def sync_roles(sender=None, **kwargs):
    """Create the permissions and the groups, and set the groups' permissions: once per
    ``migrate``, after the last app's ``post_migrate`` (idempotent)."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not None and sender is not with_models[-1]:
        return
    ensure_permissions()
    wanted = role_permissions()
    codenames = {codename for pairs in wanted.values() for _app, codename in pairs}
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.filter(codename__in=codenames).select_related(
            "content_type"
        )
    }
    for name, pairs in wanted.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([found[pair] for pair in pairs if pair in found])
