from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        pre_migrate.connect(_remove_triggers, sender=self, dispatch_uid="meetings-triggers-off")
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="meetings-triggers")


def _remove_triggers(sender, using, **kwargs):
    from . import triggers

    triggers.remove_before_migrating(connections[using])


def _install_triggers(sender, using, **kwargs):
    from . import triggers

    triggers.install(connections[using])
