"""The Russian interface catalogue is complete, and covers what the code asks for."""

from pathlib import Path

import django
import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from core.management.commands.compile_translations import catalogue_problems
from tests.i18n.catalogue import RU_CATALOGUE, code_msgids, load_catalogue, msgids

DJANGO_RU = Path(django.__file__).parent / "conf/locale/ru/LC_MESSAGES/django.po"


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = load_catalogue()
    assert not catalogue.fuzzy
    messages = [message for message in catalogue if message.id]
    untranslated = [m.id for m in messages if not all(m.string if m.pluralizable else [m.string])]
    assert untranslated == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert list(catalogue.obsolete) == []
    assert len(messages) > 200


def test_catalogue_passes_the_checks_the_compiler_makes():
    assert catalogue_problems(load_catalogue(), RU_CATALOGUE.read_bytes()) == []


def test_plural_forms_are_those_of_djangos_own_russian_catalogue():
    """Django merges its catalogue with ours: the same formula keeps plurals consistent."""
    ours = load_catalogue().plural_forms
    assert ours == load_catalogue(DJANGO_RU).plural_forms
    assert "nplurals=4" in ours


def test_every_plural_entry_has_all_four_russian_forms():
    plurals = [message for message in load_catalogue() if message.pluralizable]
    assert plurals
    for message in plurals:
        assert len(message.string) == 4 and all(message.string), message.id


def test_every_string_the_code_asks_for_is_in_the_catalogue():
    """A string added to a template or to Python without `make messages` fails here,
    instead of showing up in English on the Russian site."""
    catalogue = set(msgids(load_catalogue()))
    asked = code_msgids()
    assert "Go back" in asked and "%(counter)s document" in asked  # the reader works
    missing = {msgid: where for msgid, where in asked.items() if msgid not in catalogue}
    assert missing == {}, f"run `make messages` and translate: {missing}"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 документ"),
        (2, "2 документа"),
        (4, "4 документа"),
        (5, "5 документов"),
        (11, "11 документов"),
        (14, "14 документов"),
        (21, "21 документ"),
        (22, "22 документа"),
        (111, "111 документов"),
    ],
)
def test_russian_counts_take_the_right_plural_form(count, expected):
    with translation.override("ru"):
        text = ngettext("%(counter)s document", "%(counter)s documents", count)
    assert text % {"counter": count} == expected


def test_key_phrases_read_as_the_csto_site_writes_them():
    with translation.override("ru"):
        assert gettext("Go back") == "Вернуться назад"
        assert gettext("Back to the section") == "Вернуться в раздел"
        assert gettext("Back to the all news") == "Вернуться ко всем новостям"
        assert gettext("CSTO") == "ОДКБ"
        assert gettext("CSTO Secretariat press service") == "Пресс-служба Секретариата ОДКБ"
        assert gettext("Sent for domestic approval") == (
            "Направлен на внутригосударственное согласование"
        )


def test_catalogue_file_is_the_one_the_settings_point_to():
    from django.conf import settings

    assert RU_CATALOGUE.parent.parent.parent in [Path(p) for p in settings.LOCALE_PATHS]
