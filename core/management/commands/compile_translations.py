"""Compile the gettext catalogues (.po -> .mo) with Babel, refusing incomplete ones.

Django's own ``compilemessages`` shells out to GNU gettext's ``msgfmt``, which a developer's
machine or the slim Docker image may not have; Babel reads and writes catalogues in pure
Python, so ``make run``, ``make test``, the image build and the checks need nothing else.
The ``.mo`` files are build products (ignored by git): the ``.po`` files are the source.

A catalogue with a fuzzy or untranslated entry, a wrong number of plural forms, a
placeholder that differs from its msgid (Babel's own checks) or an entry written twice is
refused and nothing is written, so an English string cannot slip into the Russian
interface and a broken ``%(name)s`` cannot crash a page at render time.
"""

import os
import re
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

ENTRY_START = re.compile(rb"^msgid ", re.M)


def catalogue_problems(catalogue, source_bytes):
    """Every reason not to ship this catalogue, one line each (empty when it is complete)."""
    problems = []
    # Babel keeps the last of two entries with one msgid; gettext refuses the file.
    if len(ENTRY_START.findall(source_bytes)) != len(catalogue) + 1:  # + the header
        problems.append("an entry's msgid already exists earlier in the file")
    for message in catalogue:
        if not message.id:
            continue  # the header
        where = f"msgid {message.id!r}"
        if message.locations:
            where += f" ({message.locations[0][0]}:{message.locations[0][1]})"
        if message.fuzzy:
            problems.append(f"fuzzy: {where}")
            continue
        if message.pluralizable and not all(message.string):
            problems.append(f"needs {catalogue.num_plurals} non-empty plural forms: {where}")
        elif not message.string:
            problems.append(f"untranslated: {where}")
    for message, errors in catalogue.check():
        kind = "plural forms" if message.pluralizable else "placeholders differ from the msgid"
        problems += [f"{kind} ({error}): msgid {message.id!r}" for error in errors]
    return problems


def write_atomically(catalogue, target):
    """Write the .mo beside ``target`` and rename it over it (a running server never reads
    half a file), readable by every user: the app runs as a user of its own."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as output:
            write_mo(output, catalogue)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would survive the rename
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


class Command(BaseCommand):
    help = (
        "Compile every locale/<lang>/LC_MESSAGES/*.po into the .mo file beside it (Babel, no "
        "GNU gettext); fails on fuzzy, untranslated or malformed entries."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--locale-dir",
            action="append",
            dest="locale_dirs",
            metavar="DIR",
            help="A locale directory to compile (repeatable); default: settings.LOCALE_PATHS.",
        )

    def handle(self, *args, locale_dirs=None, **options):
        roots = [Path(path) for path in (locale_dirs or settings.LOCALE_PATHS)]
        sources = sorted(po for root in roots for po in root.glob("*/LC_MESSAGES/*.po"))
        if not sources:
            raise CommandError(f"No .po files under {', '.join(map(str, roots))}.")

        catalogues, problems = [], []
        for source in sources:
            data = source.read_bytes()
            try:
                with source.open("rb") as handle:
                    catalogue = read_po(handle, abort_invalid=True)
            except (PoFileError, ValueError) as error:
                problems.append(f"{source}: Syntax error: {error}")
                continue
            problems += [f"{source}: {problem}" for problem in catalogue_problems(catalogue, data)]
            catalogues.append((source, catalogue))
        if problems:
            # Nothing is written: a half-updated set of catalogues is worse than the old one.
            raise CommandError(
                f"{len(problems)} problem(s) in the translation catalogues:\n  "
                + "\n  ".join(problems)
            )

        for source, catalogue in catalogues:
            target = source.with_suffix(".mo")
            write_atomically(catalogue, target)
            count = len([message for message in catalogue if message.id])
            self.stdout.write(f"Compiled {source} -> {target.name} ({count} messages)")
