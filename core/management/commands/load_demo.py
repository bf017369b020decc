"""Load the demo content (idempotent) and, on request, a local demo admin account."""

import secrets
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction


def demo_loaders():
    """Every installed app's ``demo.load``, in INSTALLED_APPS order (news after meetings:
    its loader links the seed press release to its meeting)."""
    modules = [f"{config.name}.demo" for config in apps.get_app_configs()]
    found = [import_module(name) for name in modules if find_spec(name) is not None]
    return [module.load for module in found if hasattr(module, "load")]


class Command(BaseCommand):
    help = "Load the demo sections, press releases and meetings; running it twice adds nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin",
            action="store_true",
            help="Create (or reset) the local 'admin' superuser and print its new password.",
        )

    @transaction.atomic
    def handle(self, *args, admin=False, **options):
        created = sum(load() for load in demo_loaders())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {created} new records."))
        if admin:
            self._demo_admin()

    def _demo_admin(self):
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"email": "admin@example.com"}
        )
        password = secrets.token_urlsafe(12)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.WARNING(
                f"Demo admin account (local use only) at /admin/  user: admin  password: {password}"
            )
        )
