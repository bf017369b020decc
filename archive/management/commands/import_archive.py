"""``manage.py import_archive SOURCE… [--mapping FILE] [--files DIR]``: see
archive/importer.py."""

import csv
import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.importer import Importer
from archive.sources import UNREADABLE, records


class Command(BaseCommand):
    help = (
        "Import releases of the old site from saved RSS/Atom feeds, folders of saved pages "
        "(read as --mapping says), JSON Lines, JSON or CSV exports. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", help="Feed files, export files, page folders.")
        parser.add_argument(
            "--mapping",
            help="A JSON file: CSS selectors for saved pages, section codes, the key pattern.",
        )
        parser.add_argument(
            "--files",
            help="The folder the exports' images and documents are read from "
            "(default: each source's own folder).",
        )
        parser.add_argument(
            "--pairs",
            help="A CSV of two old addresses (or keys) per line naming one release in its two "
            "languages, for sites whose languages share no id. Give it from the first import on.",
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        mapping = {}
        if options["mapping"]:
            try:
                with open(options["mapping"], encoding="utf-8") as handle:
                    mapping = json.load(handle)
            except (OSError, json.JSONDecodeError) as error:
                raise CommandError(f"Cannot read the mapping: {error}") from None
        pairs = []
        if options["pairs"]:
            try:
                with open(options["pairs"], encoding="utf-8-sig", newline="") as handle:
                    pairs = [row[:2] for row in csv.reader(handle) if len(row) >= 2 and row[0]]
            except (OSError, UnicodeError, csv.Error) as error:
                raise CommandError(f"Cannot read the pairs: {error}") from None
        importer = Importer(
            files_root=options["files"],
            mapping=mapping,
            batch_size=options["batch_size"],
            pairs=pairs,
        )
        started = time.monotonic()
        progress = tqdm(
            unit=" records", file=sys.stderr, disable=options["no_progress"], mininterval=1
        )
        try:
            for source in options["sources"]:
                try:
                    importer.run(records(source, mapping), progress)
                except UNREADABLE as error:
                    # What was read before stays imported; the rest of this source is reported.
                    importer.report.skipped.append((str(source), f"cannot read on: {error}"))
                    importer.report.counts["skipped"] += 1
        finally:
            progress.close()
        for line in importer.report.lines():
            self.stdout.write(line)
        self.stdout.write(f"in {time.monotonic() - started:.1f} s")
