"""Read a deck file into a YAML node tree, refusing anything unsafe or ambiguous.

PyYAML is used only to *compose* nodes (never to construct Python objects), so no tag can
build an object, every node keeps its line and column, and duplicate keys (which plain
``yaml.safe_load`` silently drops) stay visible to the validator.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from casecards.errors import Problem
from casecards.text import PRINTABLE_CLASS, refused_kind

# The C composer is several times faster and reports the same marks; fall back if absent.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 4 * 1024 * 1024
# A deck of 50,000 notes stays far below this; a "billion laughs" file far above it.
MAX_EXPANDED_NODES = 2_000_000

_CORE = "tag:yaml.org,2002:"
_MERGE = _CORE + "merge"
# What a deck may hold (``casecards.text.PRINTABLE_CLASS``: YAML's printable characters
# less NEL, bidi controls, line and paragraph separators and non-characters); the rest
# (terminal escapes among them) is refused here, with an exact position, before PyYAML
# would refuse it less clearly.
_NOT_PRINTABLE = re.compile(f"[^\t\n\r{PRINTABLE_CLASS}]")
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

    Returns the composed document, or None and the problems that prevent reading it.
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
                    f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                    "split the deck into several files",
                )
            ]
        return path.read_bytes(), []
    except OSError as error:
        return None, [Problem(display, 0, 0, f"cannot read the file: {error.strerror or error}")]


def parse_source(data: bytes, display: str) -> tuple[SourceFile | None, list[Problem]]:
    """Compose the bytes of a deck file (see ``read_source``)."""

    def fail(
        message: str, line: int = 0, col: int = 0, hint: str = ""
    ) -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, col, message, hint)]

    digest = hashlib.sha256(data).hexdigest()
    if b"\x00" in data:
        line, col = _position(data, data.index(b"\x00"))
        return fail("binary file (NUL byte), not a YAML deck", line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _position(data, error.start)
        return fail(
            f"invalid UTF-8 byte 0x{data[error.start]:02x}",
            line,
            col,
            hint="save the file as UTF-8",
        )
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return fail("file is empty", hint="a deck needs a 'deck:' mapping and a 'notes:' list")

    tabs = _indentation_tabs(text, display)
    if tabs:
        return None, tabs
    refused = _NOT_PRINTABLE.search(text)
    if refused:
        line, col = _text_position(text, refused.start())
        char = refused.group()
        return fail(
            f"{refused_kind(char)} U+{ord(char):04X} is not allowed in a deck",
            line,
            col,
            hint=_REFUSED_HINTS.get(refused_kind(char), "decks hold printable text only"),
        )

    try:
        documents = yaml.compose_all(text, Loader=_Loader)
        root = next(documents, None)
        extra = next(documents, None)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return fail(f"YAML syntax error: {message}", line, col)
    except yaml.YAMLError as error:  # ReaderError: a character YAML does not allow
        position = getattr(error, "position", None)
        line, col = _text_position(text, position) if position is not None else (0, 0)
        character = getattr(error, "character", None)
        what = f" U+{ord(character):04X}" if isinstance(character, str) else ""
        return fail(f"character{what} is not allowed in YAML", line, col)
    if root is None:
        return fail("file holds no YAML document", hint="it contains only comments")
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
            "several YAML documents in one file",
            line + 1,
            1,
            hint="one deck per file: remove the '---' separator or split the file",
        )

    problems = _check_tree(root, display)
    if problems:
        return None, problems
    return SourceFile(display, root, digest), []


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
                    "tab character in indentation",
                    hint="YAML indents with spaces only",
                )
            )
    return problems


_REFUSED_HINTS = {
    "bidirectional control": "it reorders how text is displayed; decks hold printable text only",
    "line separator": "write a line break instead",
    "paragraph separator": "write a blank line instead",
    "non-character": "it is not text; decks hold printable text only",
}


def _check_tree(root: yaml.Node, display: str) -> list[Problem]:
    """Refuse foreign tags, merge keys, duplicate keys, cyclic or explosive aliases.

    Aliases make the composed graph a DAG whose *expanded* size can be exponential in the
    file size ("billion laughs"); the size is computed with memoisation, so the check itself
    stays linear in the number of distinct nodes.
    """
    check = _TreeCheck(display)
    try:
        check.size(root)
    except _Abort:
        pass
    except RecursionError:
        check.at(root, "YAML nesting is too deep")
    return check.problems


class _TreeCheck:
    """The walk of ``_check_tree``. A class, not closures: nested functions that call
    themselves form reference cycles, which would keep every file's memo alive until the
    garbage collector runs (and loading pauses the collector, see ``load_decks``)."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.sizes: dict[int, int] = {}
        self.in_progress: set[int] = set()

    def at(self, node: yaml.Node, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.display, mark.line + 1, mark.column + 1, message, hint))

    def size(self, node: yaml.Node) -> int:
        if type(node) is yaml.ScalarNode and node.tag in ALLOWED_TAGS:
            return 1  # most nodes: no children, nothing to report, nothing worth memoising
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if key in self.in_progress:
            self.at(node, "recursive YAML alias", "an anchor cannot contain an alias to itself")
            raise _Abort
        self.in_progress.add(key)
        if node.tag not in ALLOWED_TAGS and node.tag != _MERGE:
            self.at(
                node,
                f"YAML tag '{node.tag}' is not allowed",
                hint="decks hold plain text, lists and mappings",
            )
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += self.size(child)
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.at(key_node, "mapping keys must be plain names")
                elif key_node.tag == _MERGE:
                    self.at(key_node, "merge keys '<<' are not supported", "write the fields out")
                elif key_node.value in seen:
                    first = seen[key_node.value].start_mark.line + 1
                    self.at(
                        key_node,
                        f"duplicate key '{key_node.value}' (first on line {first})",
                        hint="YAML would silently keep only the last one",
                    )
                else:
                    seen[key_node.value] = key_node
                total += self.size(key_node) + self.size(value_node)
        self.in_progress.discard(key)
        self.sizes[key] = total
        if total > MAX_EXPANDED_NODES:
            self.at(
                node,
                f"aliases expand to more than {MAX_EXPANDED_NODES:,} values",
                hint="billion-laughs guard",
            )
            raise _Abort
        return total


class _Abort(Exception):
    pass
