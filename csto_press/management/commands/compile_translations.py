"""Compile the gettext catalogues (.po -> .mo) in pure Python, refusing incomplete ones.

Django's own ``compilemessages`` shells out to GNU gettext's ``msgfmt``, which a
developer's machine or the slim Docker image may not have; ``make run``, ``make test``, the
image build and prodcheck only need Python and this command. The ``.mo`` files are build
products (ignored by git): the ``.po`` files are the source.

A catalogue with a fuzzy or untranslated entry, a missing plural form or a placeholder that
differs from its msgid is refused, so an English string cannot slip into the Russian
interface unnoticed and a broken ``%(name)s`` cannot crash a page at render time.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Python-format placeholders as gettext's msgfmt --check-format sees them: %(name)s or %d.
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]+)\))?[-#0 +]*\d*(?:\.\d+)?(?P<kind>[diouxXeEfFgGcrsa%])"
)
NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def placeholders(text: str) -> tuple[set[str], int]:
    """Named placeholders, and the number of positional ones, in a python-format string."""
    names, positional = set(), 0
    for match in PLACEHOLDER.finditer(text):
        if match["kind"] == "%":
            continue
        if match["name"]:
            names.add(match["name"])
        else:
            positional += 1
    return names, positional


def catalogue_problems(catalogue: polib.POFile) -> list[str]:
    """Every reason not to ship this catalogue, one line each (empty when it is complete)."""
    problems = []
    if catalogue.metadata_is_fuzzy:
        problems.append("the header is marked fuzzy")
    match = NPLURALS.search(catalogue.metadata.get("Plural-Forms", ""))
    nplurals = int(match[1]) if match else None
    for entry in catalogue:
        if entry.obsolete:
            continue
        where = f"msgid {entry.msgid!r}"
        if entry.occurrences:
            where += f" ({entry.occurrences[0][0]}:{entry.occurrences[0][1]})"
        if entry.fuzzy:
            problems.append(f"fuzzy: {where}")
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(len(entry.msgstr_plural))]
            if nplurals is None:
                problems.append(f"plural entry but no Plural-Forms header: {where}")
            elif len(forms) != nplurals or not all(forms):
                problems.append(f"needs {nplurals} non-empty plural forms: {where}")
                continue
            translations = forms
        else:
            if not entry.msgstr:
                problems.append(f"untranslated: {where}")
                continue
            translations = [entry.msgstr]
        if "python-format" in entry.flags:
            expected, expected_positional = placeholders(entry.msgid)
            if entry.msgid_plural:
                plural_names, _ = placeholders(entry.msgid_plural)
                expected |= plural_names
            for translation in translations:
                names, positional = placeholders(translation)
                plural_ok = entry.msgid_plural and names <= expected
                if not (names == expected or plural_ok) or positional != expected_positional:
                    problems.append(f"placeholders differ from the msgid: {where}")
                    break
    return problems


class Command(BaseCommand):
    help = (
        "Compile every locale/<lang>/LC_MESSAGES/*.po into the .mo file beside it (pure Python, "
        "no GNU gettext); fails on fuzzy, untranslated or malformed entries."
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
            try:
                catalogue = polib.pofile(str(source), check_for_duplicates=True)
            except (OSError, ValueError) as error:
                problems.append(f"{source}: {error}")
                continue
            problems += [f"{source}: {problem}" for problem in catalogue_problems(catalogue)]
            catalogues.append((source, catalogue))
        if problems:
            # Nothing is written: a half-updated set of catalogues is worse than the old one.
            raise CommandError(
                f"{len(problems)} problem(s) in the translation catalogues:\n  "
                + "\n  ".join(problems)
            )

        for source, catalogue in catalogues:
            target = source.with_suffix(".mo")
            # Written beside the target and renamed over it, so a running server never
            # reads half a file.
            handle, temporary = tempfile.mkstemp(dir=source.parent, suffix=".mo.tmp")
            os.close(handle)
            try:
                catalogue.save_as_mofile(temporary)
                # mkstemp creates the file 0600 and the rename keeps that: the app's own
                # user (not the one who compiled) must be able to read it, whatever the umask.
                os.chmod(temporary, 0o644)
                os.replace(temporary, target)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
            count = len([entry for entry in catalogue if not entry.obsolete])
            self.stdout.write(f"Compiled {source} -> {target.name} ({count} messages)")
