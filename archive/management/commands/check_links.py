"""``manage.py check_links``: see archive/linkcheck.py. Run daily by the stack's
``linkcheck`` service."""

from django.core.management.base import BaseCommand

from archive.linkcheck import LinkChecker


class Command(BaseCommand):
    help = (
        "Check the links and files of every published item; staff see the broken ones in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between requests to one host."
        )
        parser.add_argument("--internal-only", action="store_true", help="Do not ask other sites.")

    def handle(self, *args, **options):
        checker = LinkChecker(
            timeout=options["timeout"],
            interval=options["interval"],
            external=not options["internal_only"],
        )
        counts = checker.run()
        self.stdout.write(
            "checked {items} items, {links} links: {broken} broken, "
            "{skipped} on private addresses not asked".format(**counts)
        )
