"""The translation catalogs, for developers: extract the strings of the code, update the
French catalog, compile it. ``scripts/i18n`` runs it; the tests use it to check the catalog.

Extraction reads the source (AST), as the import test does, and takes:

* the first string of ``_``, ``N_``, ``ngettext`` (singular and plural), ``pgettext`` and
  ``npgettext`` (context first), as any gettext extractor does;
* the description and tooltip of every ``Binding(...)`` and the ``TITLE``/``SUB_TITLE`` of
  every class: Textual reads them from class attributes, set at import, before the language
  is chosen, so they stay English in the code and the screens translate them where they are
  shown (``casecards.tui.screens.base``); written plainly, no marker needed.

Babel (a test dependency) reads and writes the ``.po`` and the ``.mo``.
"""

from __future__ import annotations

import ast
import io
import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "casecards"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("fr",)

_GETTEXT = {"_": (0,), "N_": (0,), "ngettext": (0, 1), "pgettext": (1,), "npgettext": (1, 2)}
_WITH_CONTEXT = {"pgettext", "npgettext"}


@dataclass(frozen=True, slots=True)
class Found:
    """One translatable string in the code: where, the msgid (a pair for plurals), context."""

    path: str
    line: int
    msgid: str | tuple[str, str]
    context: str | None = None


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _binding_texts(call: ast.Call) -> Iterator[str]:
    description = call.args[2] if len(call.args) > 2 else None
    keywords = {k.arg: k.value for k in call.keywords}
    for node in (description, keywords.get("description"), keywords.get("tooltip")):
        text = _text(node)
        if text:
            yield text


def found_in(path: Path) -> Iterator[Found]:
    """The translatable strings of one module."""
    where = path.relative_to(ROOT).as_posix()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in _GETTEXT:
                context = _text(node.args[0]) if name in _WITH_CONTEXT and node.args else None
                texts = [
                    _text(node.args[i]) if i < len(node.args) else None for i in _GETTEXT[name]
                ]
                if all(texts):
                    words = [t for t in texts if t]
                    msgid = words[0] if len(words) == 1 else (words[0], words[1])
                    yield Found(where, node.lineno, msgid, context)
            elif name == "Binding":
                for text in _binding_texts(node):
                    yield Found(where, node.lineno, text)
        elif isinstance(node, ast.ClassDef):
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and any(_name(t) in ("TITLE", "SUB_TITLE") for t in statement.targets)
                    and _text(statement.value)
                ):
                    yield Found(where, statement.lineno, _text(statement.value) or "")


def extract() -> Catalog:
    """Every translatable string of the package, as a template catalog."""
    template = Catalog(project="casecards", charset="utf-8")
    for path in sorted(PACKAGE.rglob("*.py")):
        for found in found_in(path):
            template.add(found.msgid, locations=[(found.path, found.line)], context=found.context)
    return template


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "casecards.po"


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language)


def write(catalog: Catalog, language: str) -> None:
    buffer = io.BytesIO()
    # No line numbers, sorted by file: an edit elsewhere in a module leaves the catalog alone.
    write_po(
        buffer, catalog, width=100, include_lineno=False, sort_by_file=True, ignore_obsolete=True
    )
    po_path(language).write_bytes(buffer.getvalue())


def compiled(language: str) -> bytes:
    """The ``.mo`` the ``.po`` of ``language`` compiles to (fuzzy entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, read(language), use_fuzzy=False)
    return buffer.getvalue()


def update() -> None:
    """New strings of the code added to each catalog (untranslated), strings gone marked
    obsolete; a new string close to a gone one is proposed as fuzzy, for a translator."""
    template = extract()
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalog = read(language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, project="casecards", charset="utf-8")
        catalog.update(template, update_header_comment=False)
        catalog.fuzzy = False  # the header: a fuzzy one would leave out Plural-Forms
        write(catalog, language)


def compile_all() -> None:
    for language in LANGUAGES:
        po_path(language).with_suffix(".mo").write_bytes(compiled(language))


def problems(language: str) -> list[str]:
    """What keeps the catalog of ``language`` from covering the code: a string of the code
    missing, untranslated or fuzzy, and a ``.mo`` that is not the ``.po`` compiled."""
    catalog = read(language)
    found: list[str] = []
    for message in extract():
        if not message.id:
            continue  # the header
        key = message.id
        entry = catalog.get(key, context=message.context)
        label = f"{message.locations[0][0]}:{message.locations[0][1]}: {key!r}"
        strings = (
            entry.string
            if entry is not None and isinstance(entry.string, tuple)
            else (entry.string if entry is not None else "",)
        )
        if entry is None:
            found.append(f"{label}: not in the catalog (scripts/i18n update)")
        elif entry.fuzzy:
            found.append(f"{label}: fuzzy")
        elif not all(strings):
            found.append(f"{label}: not translated")
    mo = po_path(language).with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compiled(language):
        found.append(f"{mo.relative_to(ROOT)}: stale, not the .po compiled (scripts/i18n compile)")
    return found


def main(argv: list[str]) -> int:
    commands = {
        "extract": lambda: write_po(sys.stdout.buffer, extract(), width=100, include_lineno=False),
        "update": update,
        "compile": compile_all,
        "check": None,
    }
    if len(argv) != 1 or argv[0] not in commands:
        print("usage: scripts/i18n extract | update | compile | check", file=sys.stderr)
        return 2
    if argv[0] == "check":
        found = [p for language in LANGUAGES for p in problems(language)]
        print("\n".join(found) or "ok: every string of the code is translated")
        return 1 if found else 0
    command = commands[argv[0]]
    assert command is not None
    command()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# The lint: text shown to a person but not passed through the catalog. "Shown" is read
# narrowly, so that the lint is never wrong about what it flags: the text of print, of a
# toast (notify) and its title, of a Static or Label, the help and descriptions of the
# command line, argparse's errors, the message of a CasecardsError (or a subclass) raised,
# a border title, a system command's title and help. "Text" is a literal (or an f-string, or
# a sum of them) with a word in it: two letters in a row, the program's name aside.

_SHOWN_KEYWORDS = {"help", "description", "epilog", "title"}
_SHOWN_FIRST = {"print", "notify", "Static", "Label", "error", "add_argument_group"}
_SHOWN_ATTRIBUTES = {"border_title", "border_subtitle"}
#: A deck's problems, which ``check`` prints: the arguments that hold a message or a hint.
_PROBLEMS = {"Problem": (3, 4), "MediaError": (0, 1), "BracketProblem": (1, 2), "ClozeError": (1,)}


def _error_classes() -> set[str]:
    """CasecardsError and the package's classes that derive from it, by name."""
    bases: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {_name(b) for b in node.bases}
    found = {"CasecardsError"}
    while True:
        more = {name for name, of in bases.items() if of & found} - found
        if not more:
            return found
        found |= more


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.JoinedStr):
        words = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        words = node.value
    else:
        return False
    words = words.replace("casecards", "")
    return any(a.isalpha() and b.isalpha() for a, b in itertools.pairwise(words))


#: In the trainer (``casecards/tui``) text is also built as Rich ``Text``: the first
#: argument of ``Text(...)`` and of ``.append(...)``, every argument of ``Text.assemble``.
_TUI_FIRST = {"Text", "append"}


def unwrapped(path: Path, errors: set[str] | None = None, *, tui: bool | None = None) -> list[str]:
    """``path:line: text`` for each text of ``path`` shown to a person but not translated.
    ``tui``: also Rich ``Text`` built by hand (default: for modules under ``casecards/tui``)."""
    errors = _error_classes() if errors is None else errors
    where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    if tui is None:
        tui = "/tui/" in path.as_posix()
    shown: list[ast.expr] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if (name in _SHOWN_FIRST or name in errors) and node.args:
                shown.append(node.args[0])
            if tui and name in _TUI_FIRST and node.args:
                shown.append(node.args[0])
            if tui and name == "assemble":
                for arg in node.args:
                    shown.append(arg.elts[0] if isinstance(arg, ast.Tuple) and arg.elts else arg)
            if name == "SystemCommand":
                shown.extend(node.args[:2])
            if name in _PROBLEMS:
                shown.extend(node.args[i] for i in _PROBLEMS[name] if i < len(node.args))
                shown.extend(k.value for k in node.keywords if k.arg in ("message", "hint"))
            if name != "Binding":
                shown.extend(k.value for k in node.keywords if k.arg in _SHOWN_KEYWORDS)
        elif isinstance(node, ast.Assign) and any(
            _name(t) in _SHOWN_ATTRIBUTES for t in node.targets
        ):
            shown.append(node.value)
    return [
        f"{where}:{node.lineno}: {ast.get_source_segment(path.read_text(encoding='utf-8'), node)}"
        for node in shown
        if _is_text(node)
    ]
