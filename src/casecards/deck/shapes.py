"""Small combinators that describe the deck format once and derive two things from it:
the validator (YAML node -> plain value, with every problem located) and the JSON Schema.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from casecards.deck import optional
from casecards.errors import Problem
from casecards.i18n import N_, _, integer, ngettext
from casecards.text import not_printable, refused_kind

_CORE = "tag:yaml.org,2002:"
_TEXT_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "timestamp"))


class Invalid:
    """Marker for a value that failed validation (its problem is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = Invalid()


@dataclass(slots=True)
class Context:
    """Collects problems for one file; ``subject`` prefixes messages (e.g. "note 'x'"): text,
    or what makes it, called only when there is a problem to tell (the loader sets it for
    every note, and most notes have none)."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    subject: str | Callable[[], str] = ""
    # Characters of valid text read since the loader last set it to 0 (a note's text).
    text_chars: int = 0

    def error(
        self, node: yaml.Node, message: str, hint: str = "", offset: int | None = None
    ) -> Any:
        """Record a problem at ``node``, or at character ``offset`` of its text if known."""
        line, col = _position(node, offset)
        subject = self.subject() if callable(self.subject) else self.subject
        text = _("{subject}: {message}").format(subject=subject, message=message)
        if not subject:
            text = message
        self.problems.append(Problem(self.path, line, col, text, hint))
        return INVALID


def _position(node: yaml.Node, offset: int | None) -> tuple[int, int]:
    """The 1-based line and column of ``node``'s start, or of character ``offset`` of its text.

    The column of a character is counted only where the source shows the text one character
    for one: a scalar on one line, plain, single-quoted ('' for a quote) or double-quoted
    without escapes. Elsewhere (block scalars, folded lines, escapes) the node's start is the
    best place to point at.
    """
    mark = node.start_mark
    line, col = mark.line + 1, mark.column + 1
    if offset is None or not isinstance(node, yaml.ScalarNode) or node.end_mark.line != mark.line:
        return line, col
    value: str = node.value
    written = node.end_mark.index - mark.index
    style = node.style or ""
    if style == "" and written == len(value):
        return line, col + offset
    if style == "'" and written == len(value) + 2 + value.count("'"):
        return line, col + 1 + offset + value[:offset].count("'")
    if style == '"' and written == len(value) + 2:
        return line, col + 1 + offset
    return line, col


def _escaped(node: yaml.ScalarNode) -> bool:
    """Whether escapes may have put in the text what the file may not hold. Only a
    double-quoted scalar has escapes ("\\e", "\\u202e"); the file itself was searched for such
    characters (``source``), and a double-quoted scalar on one line that is exactly its quotes
    and its text has none. Most texts are, and the search is skipped."""
    if node.style != '"':
        return False
    return bool(node.end_mark.index - node.start_mark.index != len(node.value) + 2)


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return _("a mapping")
    if isinstance(node, yaml.SequenceNode):
        return _("a list")
    if node.tag == _CORE + "null":
        return _("nothing (null)")
    if node.tag == _CORE + "bool":
        return _("'{value}', which YAML reads as a boolean").format(value=node.value)
    return _("'{value}'").format(value=node.value)


class Shape:
    description = ""

    def check(self, node: yaml.Node, ctx: Context) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _doc(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            schema = {"description": self.description, **schema}
        return schema


@dataclass
class Text(Shape):
    """Non-empty text. YAML numbers and dates count as text (``when: 1947``), booleans not.

    With ``optional_parts``, square brackets mark what a typed answer may leave out (see
    ``casecards.deck.optional``), and misused brackets are refused where they stand.
    """

    description: str = ""
    pattern: str | None = None
    pattern_hint: str = ""
    what: str = N_("value")
    max_length: int = 20_000
    optional_parts: bool = False

    def check(self, node: yaml.Node, ctx: Context) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _TEXT_TAGS:
            hint = _("put it in quotes") if isinstance(node, yaml.ScalarNode) else ""
            found = describe(node)
            return ctx.error(node, _("expected text, found {found}").format(found=found), hint)
        value: str = node.value
        if not value.strip():
            return ctx.error(node, _("text is empty"))
        # Escapes in double-quoted YAML ("\e", "\x1b", "\u202e") can still produce what the
        # file may not hold as such (``source``): text keeps line breaks and tabs only.
        control = not_printable().search(value) if _escaped(node) else None
        if control:
            char = control.group()
            return ctx.error(
                node,
                _("text holds {kind} U+{code:04X}").format(
                    kind=_(refused_kind(char)), code=ord(char)
                ),
                _("decks hold printable text only"),
            )
        if len(value) > self.max_length:
            return ctx.error(
                node,
                _("text is {length} characters, over {most}").format(
                    length=integer(len(value)), most=integer(self.max_length)
                ),
            )
        if self.pattern and not re.fullmatch(self.pattern, value):
            return ctx.error(
                node,
                _("'{value}' is not a valid {what}").format(value=value, what=_(self.what)),
                _(self.pattern_hint) if self.pattern_hint else "",
            )
        if self.optional_parts:
            misused = optional.problems(value)
            for problem in misused:
                ctx.error(node, problem.message, problem.hint, offset=problem.offset)
            if misused:
                return INVALID
        ctx.text_chars += len(value)
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": ["string", "number"], "minLength": 1}
        if self.pattern:
            schema = {"type": "string", "pattern": f"^(?:{self.pattern})$"}
        elif self.optional_parts:
            schema["pattern"] = f"^(?:{optional.PATTERN})$"
        return self._doc(schema)


@dataclass
class Integer(Shape):
    description: str = ""
    minimum: int = 0

    def check(self, node: yaml.Node, ctx: Context) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _CORE + "int":
            found = describe(node)
            return ctx.error(node, _("expected a whole number, found {found}").format(found=found))
        value = int(SafeConstructor().construct_yaml_int(node))
        if value < self.minimum:
            return ctx.error(
                node,
                _("expected a number >= {minimum}, found {value}").format(
                    minimum=self.minimum, value=value
                ),
            )
        return value

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"type": "integer", "minimum": self.minimum})


@dataclass
class ListOf(Shape):
    item: Shape
    description: str = ""
    min_items: int = 0
    exact: int | None = None
    what: str = N_("item")

    def check(self, node: yaml.Node, ctx: Context) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return ctx.error(node, _("expected a list, found {found}").format(found=describe(node)))
        if self.exact is not None and len(node.value) != self.exact:
            return ctx.error(
                node,
                _("expected exactly {exact} {what}s, found {found}").format(
                    exact=self.exact, what=_(self.what), found=len(node.value)
                ),
            )
        if len(node.value) < self.min_items:
            needs = ngettext(
                "needs at least {count} {what}, found {found}",
                "needs at least {count} {what}s, found {found}",
                self.min_items,
            )
            found = len(node.value)
            return ctx.error(
                node, needs.format(count=self.min_items, what=_(self.what), found=found)
            )
        values = [self.item.check(child, ctx) for child in node.value]
        return INVALID if any(v is INVALID for v in values) else values

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.exact is not None:
            schema["minItems"] = schema["maxItems"] = self.exact
        return self._doc(schema)


@dataclass(frozen=True)
class Field:
    shape: Shape
    required: bool = False


@dataclass
class Obj(Shape):
    """A mapping with known fields. Unknown fields are errors, with a did-you-mean hint."""

    fields: dict[str, Field]
    description: str = ""
    what: str = N_("mapping")
    # Optional: say where an unknown field does belong (e.g. "a field of image notes").
    elsewhere: Callable[[str], str] | None = None

    def check(self, node: yaml.Node, ctx: Context) -> Any:
        values, ok = self.check_fields(node, ctx)
        return values if ok else INVALID

    def check_fields(self, node: yaml.Node, ctx: Context) -> tuple[dict[str, Any], bool]:
        """The fields that are valid, and whether the whole mapping is: checks that need
        only some fields can run on a mapping that has problems elsewhere."""
        if not isinstance(node, yaml.MappingNode):
            found = describe(node)
            ctx.error(
                node, _("expected a {what}, found {found}").format(what=self.shown(), found=found)
            )
            return {}, False
        values: dict[str, Any] = {}
        present: set[str] = set()
        ok = True
        for key_node, value_node in node.value:
            name = key_node.value
            spec = self.fields.get(name)
            if spec is None:
                unknown = _("unknown field '{name}' in {what}")
                ctx.error(
                    key_node, unknown.format(name=name, what=self.shown()), self.hint_for(name)
                )
                ok = False
                continue
            present.add(name)
            value = spec.shape.check(value_node, ctx)
            if value is INVALID:
                ok = False
            else:
                values[name] = value
        for name, spec in self.fields.items():
            if spec.required and name not in present and not self._reported_as_typo(node, name):
                missing = _("missing required field '{name}' in {what}")
                ctx.error(node, missing.format(name=name, what=self.shown()))
                ok = False
        return values, ok

    def hint_for(self, name: str) -> str:
        close = difflib.get_close_matches(name, list(self.fields), n=1, cutoff=0.6)
        if close:
            return _("did you mean '{name}'?").format(name=close[0])
        if self.elsewhere:
            where = self.elsewhere(name)
            if where:
                return where
        return _("known fields: {names}").format(names=", ".join(self.fields))

    def shown(self) -> str:
        """``what``, in the reader's language: "{type} note" names a note type."""
        kind, _space, note = self.what.rpartition(" ")
        if note == "note" and kind:
            return _("{type} note").format(type=kind)
        return _(self.what)

    def _reported_as_typo(self, node: yaml.MappingNode, name: str) -> bool:
        # A misspelt required field was already reported with "did you mean"; don't
        # report it missing as well.
        return any(
            key.value not in self.fields
            and difflib.get_close_matches(key.value, list(self.fields), n=1, cutoff=0.6) == [name]
            for key, _ in node.value
        )

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: spec.shape.json_schema() for name, spec in self.fields.items()},
            "additionalProperties": False,
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        return self._doc(schema)


@dataclass
class TextOrObj(Shape):
    """Either plain text or a mapping (e.g. a differential answer with aliases)."""

    text: Text
    obj: Obj
    description: str = ""

    def check(self, node: yaml.Node, ctx: Context) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.obj.check(node, ctx)
        return self.text.check(node, ctx)

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"anyOf": [self.text.json_schema(), self.obj.json_schema()]})
