from django.apps import AppConfig


class CstoPressConfig(AppConfig):
    """The project package as an app: shared template tags and site-wide commands."""

    name = "csto_press"
    verbose_name = "CSTO press"
