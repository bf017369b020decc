from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """Moving in from the old site: its releases imported, its addresses kept working, and
    the links in what is published checked."""

    name = "archive"
    verbose_name = _("Archive and old addresses")

    def ready(self):
        from . import signals  # noqa: F401 - connects the slug-change and removal records
