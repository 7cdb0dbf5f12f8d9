"""Read a deck file into a YAML node tree, refusing anything unsafe or ambiguous.

PyYAML is used only to *compose* nodes (never to construct Python objects), so no tag can
build an object, every node keeps its line and column, and duplicate keys (which plain
``yaml.safe_load`` silently drops) stay visible to the validator.

What a file may cost is bounded before anything grows with it: its size in bytes, the number
of values it holds (counted from the parser's events, before composing, when the file is
large enough to hold too many), and aliases are refused (an alias repeats a value without
repeating its bytes: a 4 MiB file of aliases to one long text is gigabytes of cards).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from casecards.errors import Problem
from casecards.i18n import N_, _, integer
from casecards.text import not_printable, refused_kind

# The C composer is several times faster and reports the same marks; fall back if absent.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 4 * 1024 * 1024
# Values (texts, numbers, lists, mappings, keys included) in one file. A composed value costs
# about 350 bytes, so this bounds a file's tree to about 70 MB. The bundled decks hold 19 to
# 39 values a note: 5,000 to 10,000 of their notes, about what 4 MiB of them holds.
MAX_VALUES = 200_000
# Aliases listed one by one; beyond, one line says how many more.
MAX_ALIASES_LISTED = 20

_CORE = "tag:yaml.org,2002:"
_MERGE = _CORE + "merge"
# Where an anchor ("&name") can start a node: any file without one has no alias either (an
# alias names an anchor), so it is not scanned for them. Looser than YAML: text such as
# "R &D" only costs a scan.
_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:?-])&[^\s\[\]{},]")
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A deck file that parsed as one YAML document: its root node and content hash."""

    path: str
    root: yaml.Node
    sha256: str


def read_source(path: Path, display: str) -> tuple[SourceFile | None, list[Problem]]:
    """Read and compose ``path``; ``display`` is how problems name the file.

    Returns the composed document, or None and the problems that prevent reading it (see
    ``parse_source``).
    """
    data, problems = read_bytes(path, display)
    if data is None:
        return None, problems
    return parse_source(data, display)


def read_bytes(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a deck file, or None and why they cannot be read (missing, too large)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    display,
                    0,
                    0,
                    _("file is {size} bytes, over the limit of {most}").format(
                        size=integer(size), most=integer(MAX_FILE_BYTES)
                    ),
                    _("split the deck into several files"),
                )
            ]
        return path.read_bytes(), []
    except OSError as error:
        why = error.strerror or error
        return None, [Problem(display, 0, 0, _("cannot read the file: {why}").format(why=why))]


def parse_source(data: bytes, display: str) -> tuple[SourceFile | None, list[Problem]]:
    """Compose the bytes of a deck file (see ``read_source``). The problems that come with
    a composed file (duplicate keys) do not prevent validating it, but make it invalid."""

    def fail(
        message: str, line: int = 0, col: int = 0, hint: str = ""
    ) -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, col, message, hint)]

    digest = hashlib.sha256(data).hexdigest()
    if b"\x00" in data:
        line, col = _position(data, data.index(b"\x00"))
        return fail(_("binary file (NUL byte), not a YAML deck"), line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _position(data, error.start)
        return fail(
            _("invalid UTF-8 byte 0x{byte:02x}").format(byte=data[error.start]),
            line,
            col,
            hint=_("save the file as UTF-8"),
        )
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return fail(
            _("file is empty"), hint=_("a deck needs a 'deck:' mapping and a 'notes:' list")
        )

    tabs = _indentation_tabs(text, display)
    if tabs:
        return None, tabs
    # What a deck may hold (``casecards.text``: YAML's printable characters less NEL, bidi
    # controls, line and paragraph separators and non-characters); the rest (terminal
    # escapes among them) is refused here, with an exact position, before PyYAML would
    # refuse it less clearly.
    refused = not_printable("\t\n\r").search(text)
    if refused:
        line, col = _text_position(text, refused.start())
        char = refused.group()
        return fail(
            _("{kind} U+{code:04X} is not allowed in a deck").format(
                kind=_(refused_kind(char)), code=ord(char)
            ),
            line,
            col,
            hint=_(_REFUSED_HINTS.get(refused_kind(char), N_("decks hold printable text only"))),
        )
    # "&" first: the search for an anchor costs 40 times the search for the character.
    if len(text) > MAX_VALUES or ("&" in text and _ANCHOR.search(text)):
        events = _scan_events(text, display)
        if events:
            return None, events

    try:
        documents = yaml.compose_all(text, Loader=_Loader)
        root = next(documents, None)
        extra = next(documents, None)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        from casecards.deck.hints import syntax_hint  # only for files that fail to parse

        hint = syntax_hint(text, line, col, message)
        return fail(_("YAML syntax error: {message}").format(message=message), line, col, hint)
    except yaml.YAMLError as error:  # ReaderError: a character YAML does not allow
        position = getattr(error, "position", None)
        line, col = _text_position(text, position) if position is not None else (0, 0)
        character = getattr(error, "character", None)
        if isinstance(character, str):
            text = _("character U+{code:04X} is not allowed in YAML").format(code=ord(character))
        else:
            text = _("character is not allowed in YAML")
        return fail(text, line, col)
    if root is None:
        return fail(_("file holds no YAML document"), hint=_("it contains only comments"))
    if extra is not None:
        # Point at the '---' that starts the second document, not at its first value.
        lines = text.splitlines()
        # An empty second document starts past the last line: search from the last one.
        last = min(extra.start_mark.line, len(lines) - 1)
        line = next(
            (n for n in range(last, -1, -1) if lines[n].startswith("---")),
            extra.start_mark.line,
        )
        return fail(
            _("several YAML documents in one file"),
            line + 1,
            1,
            hint=_("one deck per file: remove the '---' separator or split the file"),
        )

    fatal, located = _check_tree(root, display)
    if fatal:
        return None, fatal + located
    # Duplicate keys do not stop the validation: the file's other problems are told too.
    return SourceFile(display, root, digest), located


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _text_position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _indentation_tabs(text: str, display: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            problems.append(
                Problem(
                    display,
                    number,
                    indent.index("\t") + 1,
                    _("tab character in indentation"),
                    hint=_("YAML indents with spaces only"),
                )
            )
    return problems


_REFUSED_HINTS = {
    "bidirectional control": N_(
        "it reorders how text is displayed; decks hold printable text only"
    ),
    "line separator": N_("write a line break instead"),
    "paragraph separator": N_("write a blank line instead"),
    "non-character": N_("it is not text; decks hold printable text only"),
}


def _scan_events(text: str, display: str) -> list[Problem]:
    """Aliases, each located, and more than ``MAX_VALUES`` values, from the parser's events:
    nothing is composed, so neither costs memory. A syntax error ends the scan quietly (the
    composer reports it, with its position)."""
    problems: list[Problem] = []
    values = aliases = 0
    beyond = (0, 0)  # where the first alias not listed is
    complete = True
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                line, col = _start(event)
                if aliases <= MAX_ALIASES_LISTED:
                    problems.append(
                        Problem(
                            display,
                            line,
                            col,
                            _("YAML alias '*{anchor}' is not allowed in a deck").format(
                                anchor=event.anchor
                            ),
                            _(
                                "write the value out where it is used; "
                                "quote text that starts with '*'"
                            ),
                        )
                    )
                elif aliases == MAX_ALIASES_LISTED + 1:
                    beyond = (line, col)
            elif isinstance(event, _NODE_EVENTS):
                values += 1
                if values > MAX_VALUES:
                    problems.insert(0, _too_many(display))  # the whole file, first
                    complete = False
                    break
    except yaml.YAMLError:
        complete = False
    if aliases > MAX_ALIASES_LISTED:
        if complete:
            more = _("{count} more YAML aliases from here on (not listed)").format(
                count=integer(aliases - MAX_ALIASES_LISTED)
            )
        else:
            more = _("more YAML aliases from here on (not listed)")
        problems.append(Problem(display, *beyond, more))
    return problems


def _start(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (0, 0)


def _too_many(display: str) -> Problem:
    return Problem(
        display,
        0,
        0,
        _("file holds more than {most} values (texts, keys, lists)").format(
            most=integer(MAX_VALUES)
        ),
        _("split the deck into several files"),
    )


def _check_tree(root: yaml.Node, display: str) -> tuple[list[Problem], list[Problem]]:
    """Foreign tags, merge keys, keys that are not names and too many values (fatal), and
    duplicate keys (located, not fatal: the rest of the file can still be validated).

    Aliases were refused already (``_scan_events``), so the nodes form a tree: walked once,
    with a stack rather than recursion, scalars checked where they stand.
    """
    fatal: list[Problem] = []
    located: list[Problem] = []

    def at(node: yaml.Node, message: str, hint: str = "", into: list[Problem] = fatal) -> None:
        mark = node.start_mark
        into.append(Problem(display, mark.line + 1, mark.column + 1, message, hint))

    def foreign(node: yaml.Node) -> None:
        at(
            node,
            _("YAML tag '{tag}' is not allowed").format(tag=node.tag),
            hint=_("decks hold plain text, lists and mappings; quote text starting with '!'"),
        )

    allowed = ALLOWED_TAGS
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        count += 1
        if node.tag not in allowed:
            foreign(node)
        if type(node) is mapping:
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not scalar:
                    at(key_node, _("mapping keys must be plain names"))
                    stack.append(key_node)
                elif key_node.tag == _MERGE:
                    at(
                        key_node,
                        _("merge keys '<<' are not supported"),
                        _("write the fields out"),
                    )
                else:
                    count += 1
                    if key_node.tag not in allowed:
                        foreign(key_node)
                    if key_node.value in seen:
                        first = seen[key_node.value].start_mark.line + 1
                        at(
                            key_node,
                            _("duplicate key '{key}' (first on line {first})").format(
                                key=key_node.value, first=first
                            ),
                            _("YAML would silently keep only the last one"),
                            located,
                        )
                    else:
                        seen[key_node.value] = key_node
                if type(value_node) is scalar:
                    count += 1
                    if value_node.tag not in allowed:
                        foreign(value_node)
                else:
                    stack.append(value_node)
        elif type(node) is not scalar:
            for child in node.value:
                if type(child) is scalar:
                    count += 1
                    if child.tag not in allowed:
                        foreign(child)
                else:
                    stack.append(child)
        if count > MAX_VALUES:
            return [_too_many(display)], []
    return fatal, located
