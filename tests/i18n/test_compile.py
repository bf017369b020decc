"""manage.py compile_translations: .po -> .mo in pure Python, refusing incomplete catalogues."""

import os
import re
import shutil
import stat

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from tests.i18n.catalogue import RU_CATALOGUE

EXTRA_ENTRY = """
msgid "Only in the test catalogue"
msgstr "Только в тестовом каталоге"
"""


@pytest.fixture
def locale_dir(tmp_path):
    """A copy of the Russian catalogue in a locale directory of its own."""
    messages = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    shutil.copy(RU_CATALOGUE, messages / "django.po")
    return tmp_path / "locale"


def test_compiled_catalogue_is_what_django_serves_in_russian(locale_dir, settings, capsys):
    po = locale_dir / "ru" / "LC_MESSAGES" / "django.po"
    po.write_text(po.read_text(encoding="utf-8") + EXTRA_ENTRY, encoding="utf-8")

    call_command("compile_translations", locale_dir=[str(locale_dir)])

    assert (po.parent / "django.mo").is_file()
    assert "django.mo" in capsys.readouterr().out
    settings.LOCALE_PATHS = [locale_dir]  # resets Django's loaded catalogues
    with translation.override("ru"):
        assert gettext("Only in the test catalogue") == "Только в тестовом каталоге"
        assert gettext("Go back") == "Вернуться назад"
    with translation.override("en"):
        assert gettext("Go back") == "Go back"


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ('#, fuzzy\nmsgid "A guessed string"\nmsgstr "Догадка"\n', "fuzzy"),
        ('msgid "A string nobody translated"\nmsgstr ""\n', "untranslated"),
        (
            '#, python-format\nmsgid "Since %(date)s"\nmsgstr "С %(data)s"\n',
            "placeholders differ",
        ),
        (
            '#, python-format\nmsgid "%(n)s file"\nmsgid_plural "%(n)s files"\n'
            'msgstr[0] "%(n)s файл"\nmsgstr[1] "%(n)s файла"\n',
            "plural forms",
        ),
        ("this line is not gettext\n", "Syntax error"),
        ('msgid "Go back"\nmsgstr "Назад"\n', "already exists"),
    ],
    ids=["fuzzy", "untranslated", "placeholder", "missing-plural-form", "syntax", "duplicate"],
)
def test_incomplete_or_broken_catalogue_is_refused_and_nothing_is_written(
    locale_dir, entry, complaint
):
    po = locale_dir / "ru" / "LC_MESSAGES" / "django.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")

    with pytest.raises(CommandError, match=complaint):
        call_command("compile_translations", locale_dir=[str(locale_dir)])

    assert not (po.parent / "django.mo").exists()


def test_a_directory_without_catalogues_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No .po files"):
        call_command("compile_translations", locale_dir=[str(tmp_path)])


def test_recompiling_replaces_the_old_file(locale_dir):
    mo = locale_dir / "ru" / "LC_MESSAGES" / "django.mo"
    mo.write_bytes(b"stale")
    call_command("compile_translations", locale_dir=[str(locale_dir)])
    assert mo.read_bytes()[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
    # Written beside it and renamed over it: no temporary file is left behind.
    assert {path.name for path in mo.parent.iterdir()} == {"django.po", "django.mo"}


def test_every_way_of_running_the_site_compiles_the_catalogues_first():
    """The .mo files are not in git: make run, make test (so CI), the image and prodcheck
    each compile them, and git ignores them."""
    root = settings.BASE_DIR
    makefile = (root / "Makefile").read_text()
    assert re.search(
        r"^translations:.*\n\t\$\(PY\) manage.py compile_translations$", makefile, re.M
    )
    assert re.search(r"^run: .*\btranslations\b", makefile, re.M)
    assert re.search(r"^test: .*\btranslations\b", makefile, re.M)
    dockerfile = (root / "Dockerfile").read_text()
    assert "compile_translations && python manage.py collectstatic" in dockerfile
    assert 'self.manage("compile_translations")' in (root / "deploy/prodcheck.py").read_text()
    assert "*.mo" in (root / ".gitignore").read_text().splitlines()


def test_compiled_catalogue_is_readable_by_the_app_user_whatever_the_umask(locale_dir):
    """The image compiles as root and runs as another user: a 0600 .mo (mkstemp's mode,
    kept by the rename) stopped the `migrate` container with a PermissionError."""
    previous = os.umask(0o077)
    try:
        call_command("compile_translations", locale_dir=[str(locale_dir)])
    finally:
        os.umask(previous)

    mode = stat.S_IMODE((locale_dir / "ru" / "LC_MESSAGES" / "django.mo").stat().st_mode)
    assert mode == 0o644, f"django.mo is {oct(mode)}: other users cannot read it"
