"""The Russian catalogue, and the interface strings the code asks for, read without GNU
gettext (the tests must run where only Python is installed)."""

import ast
import io
import re
import tokenize
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
RU_CATALOGUE = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"
# What `make messages` leaves out (--ignore), plus what holds no interface strings.
SKIPPED_DIRS = {".venv", "node_modules", "bench", "tests", "locale", "static", "staticfiles",
                "media", "backups", "var", "build", "deploy"}  # fmt: skip
GETTEXT_FUNCTIONS = {
    "_": (0,), "gettext": (0,), "gettext_lazy": (0,), "gettext_noop": (0,),
    "ngettext": (0, 1), "ngettext_lazy": (0, 1),
    "pgettext": (1,), "pgettext_lazy": (1,), "npgettext": (1, 2), "npgettext_lazy": (1, 2),
}  # fmt: skip
_TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(")


def load_catalogue(path=RU_CATALOGUE):
    """The catalogue as Babel reads it (the header is not among its messages)."""
    with open(path, "rb") as handle:
        return read_po(handle)


def msgids(catalogue):
    """Every msgid of the catalogue, singular and plural alike."""
    for message in catalogue:
        if message.id:
            yield from message.id if message.pluralizable else (message.id,)


def source_files():
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in relative.parts[:-1]):
            continue
        if path.suffix in {".py", ".html", ".txt"} and path.is_file():
            yield path


def _python_msgids(source):
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        for index in GETTEXT_FUNCTIONS.get(name, ()):
            if index < len(node.args):
                argument = node.args[index]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    yield argument.value


def _template_msgids(source):
    """Django turns a template into gettext() calls for xgettext; read their literals."""
    converted = templatize(source)
    for match in _TEMPLATE_CALL.finditer(converted):
        tokens = tokenize.generate_tokens(io.StringIO(converted[match.end() :]).readline)
        strings = []
        for token in tokens:
            if token.type == tokenize.STRING:
                strings.append(ast.literal_eval(token.string))
            elif token.string == ")":
                break
        # pgettext's first string is the context, not a msgid.
        yield from strings[1:] if match[1].startswith(("pgettext", "npgettext")) else strings


def code_msgids():
    """Every msgid the templates and Python code ask for, with where it was found."""
    found = {}
    for path in source_files():
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            if "gettext" not in source:
                continue
            msgids = _python_msgids(source)
        else:
            if "{%" not in source:
                continue
            msgids = _template_msgids(source)
        for msgid in msgids:
            found.setdefault(msgid, str(path.relative_to(ROOT)))
    return found
