"""``manage.py import_archive SOURCE… [--mapping FILE] [--files DIR] [--workers N]``: see
archive/importer.py."""

import csv
import json
import multiprocessing
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from lxml import etree
from tqdm import tqdm

from archive.importer import Importer, Report
from archive.sources import SourceError, records

SOURCE_ERRORS = (SourceError, etree.XMLSyntaxError, OSError, UnicodeError, csv.Error)


def import_share(sources, mapping, options, share):
    """One worker's part of the run (all of it with one worker): its report's counts and
    skipped records."""
    importer = Importer(
        files_root=options["files"],
        mapping=mapping,
        batch_size=options["batch_size"],
        share=share,
    )
    progress = tqdm(
        unit=" records",
        file=sys.stderr,
        disable=options["no_progress"],
        mininterval=1,
        position=share[0],
        desc=f"worker {share[0] + 1}" if share[1] > 1 else None,
    )
    try:
        for source in sources:
            try:
                importer.run(records(source, mapping), progress)
            except SOURCE_ERRORS as error:
                # What was read before stays imported; the rest of this source is reported.
                if share[0] == 0:
                    importer.report.skipped.append((str(source), f"cannot read on: {error}"))
                    importer.report.counts["skipped"] += 1
    finally:
        progress.close()
        if share[1] > 1:
            connections.close_all()
    return dict(importer.report.counts), importer.report.skipped


def _worker(arguments):
    return import_share(*arguments)


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
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes importing side by side (each takes its share of the releases).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        mapping = {}
        if options["mapping"]:
            try:
                with open(options["mapping"], encoding="utf-8") as handle:
                    mapping = json.load(handle)
            except (OSError, json.JSONDecodeError) as error:
                raise CommandError(f"Cannot read the mapping: {error}") from None
        workers = max(1, options["workers"])
        sources = options["sources"]
        started = time.monotonic()
        if workers == 1:
            results = [import_share(sources, mapping, options, (0, 1))]
        else:
            connections.close_all()  # each worker opens its own
            context = multiprocessing.get_context("fork")
            with context.Pool(workers) as pool:
                results = pool.map(
                    _worker, [(sources, mapping, options, (n, workers)) for n in range(workers)]
                )
        report = Report()
        for counts, skipped in results:
            report.counts.update(counts)
            report.skipped.extend(skipped)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"in {time.monotonic() - started:.1f} s")
