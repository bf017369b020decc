from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    """The shared core: publication gate, registry of content types, sanitizer, uploads,
    roles. It imports no app; the apps import it."""

    name = "core"
    verbose_name = "CSTO press core"

    def ready(self):
        from . import checks, roles  # noqa: F401 - checks register themselves

        # Every app's content.py registers its content types (core/content.py). This runs
        # before the admin's ready(), which needs the translated fields they add.
        autodiscover_modules("content")
        self.register_corrections()
        post_migrate.connect(roles.sync_roles, dispatch_uid="core-sync-roles")

    @staticmethod
    def register_corrections():
        """The core's own part: correction notes, which any content item may carry."""
        from . import content
        from .models import Correction

        content.register_part(
            Correction,
            of="item",
            translated=("note",),
            publishers_only=True,
            admin_inline="core.admin.CorrectionInline",
        )
