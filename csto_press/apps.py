from django.apps import AppConfig


class CstoPressConfig(AppConfig):
    """The project package as an app: shared template tags and site-wide commands."""

    name = "csto_press"
    verbose_name = "CSTO press"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
