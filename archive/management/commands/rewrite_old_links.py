"""``manage.py rewrite_old_links``: see archive/rewrite.py. Run after the last import."""

from django.core.management.base import BaseCommand

from archive.rewrite import rewrite_imported_articles


class Command(BaseCommand):
    help = "Point the links of imported articles that lead to the old site at the new pages."

    def handle(self, *args, **options):
        links, articles = rewrite_imported_articles()
        self.stdout.write(f"{links} links in {articles} articles now lead to their new pages")
