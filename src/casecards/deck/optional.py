"""Optional parts of an expected item: text in square brackets may be left out when typing.

In differential answers (their text and aliases) and in modality signs, an author marks what a
typed answer need not say::

    Ostéopénie sévère de la tête fémorale et du col[, parfois du cotyle]

A student, Browse and Anki read ``display(text)``, the brackets removed and their content
kept ("… et du col, parfois du cotyle"); matching accepts the item with or without each part in
brackets (``variants``). A backslash keeps a bracket literal: ``\\[18F\\]NaF`` reads "[18F]NaF"
(in a double-quoted YAML string the backslash itself is written twice).

Brackets close what they open, do not nest, hold a letter or digit, and leave one outside;
``problems`` says where they do not, by offset in the text, and the deck loader reports it with
the file, line and column. The model keeps the text as written: its JSON feeds note hashes, and
a text with problems never reaches a card.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

from casecards.i18n import N_, _

__all__ = [
    "MAX_ALL_COMBINATIONS",
    "PATTERN",
    "BracketProblem",
    "Part",
    "display",
    "parts",
    "problems",
    "required",
    "variants",
]

_OPEN: Final = "["
_CLOSE: Final = "]"
_ESCAPE: Final = "\\"
_LITERAL: Final = N_("write a literal bracket as \\[ or \\]")

# The same rules as a regular expression (ECMA 262 and Python), for the JSON Schema: a plain
# character, an escaped bracket, or a lone backslash; a part in brackets holds a non-space
# character; one non-space character stands outside them. Written so that no character can be
# read two ways (linear time, even on a 20,000-character text). Looser than ``problems`` in
# one way: JSON Schema regexes have no Unicode letter class, so "[,]" passes the schema only.
_PLAIN = r"(?:[^\[\]\\]|\\[\[\]]|\\(?![\[\]]))"
_SOLID = r"(?:[^\[\]\\\s]|\\[\[\]]|\\(?![\[\]]))"
_GROUP = rf"\[\s*{_SOLID}{_PLAIN}*\]"
PATTERN: Final = rf"(?:\s|{_GROUP})*{_SOLID}(?:{_PLAIN}|{_GROUP})*"

# Up to this many optional parts in one item, ``variants`` lists every combination (16);
# beyond, each part alone is left out or put in, which keeps matching to a few milliseconds.
MAX_ALL_COMBINATIONS: Final = 4


@dataclass(frozen=True, slots=True)
class Part:
    """A run of an item's text as read (escapes resolved), and whether it may be left out."""

    text: str
    optional: bool


@dataclass(frozen=True, slots=True)
class BracketProblem:
    """A misuse of brackets: ``offset`` is the index in the text of the character at fault."""

    offset: int
    message: str
    hint: str


def _scan(text: str) -> tuple[tuple[Part, ...], tuple[BracketProblem, ...]]:
    if _OPEN not in text and _CLOSE not in text:
        # Most items: no brackets, so one required part as written (a backslash escapes
        # brackets only), read without walking the text character by character.
        whole = (Part(text, False),) if text else ()
        if any(c.isalnum() for c in text):
            return whole, ()
        return whole, (_all_optional(),)
    found: list[BracketProblem] = []
    runs: list[Part] = []
    current: list[str] = []
    depth = 0
    opened = 0  # offset of the '[' of the part being read

    def flush(optional: bool) -> None:
        if current:
            runs.append(Part("".join(current), optional))
            current.clear()

    i = 0
    while i < len(text):
        char = text[i]
        if char == _ESCAPE and text[i + 1 : i + 2] in (_OPEN, _CLOSE):
            current.append(text[i + 1])
            i += 2
            continue
        if char == _OPEN:
            if depth == 0:
                flush(False)
                opened = i
            else:
                found.append(
                    BracketProblem(
                        i,
                        _("'[' inside an optional part: optional parts do not nest"),
                        _("close the first part with ']' before opening another; {literal}").format(
                            literal=_(_LITERAL)
                        ),
                    )
                )
            depth += 1
        elif char == _CLOSE:
            if depth == 0:
                found.append(
                    BracketProblem(
                        i,
                        _("']' closes no optional part"),
                        _("open it with '['; {literal}").format(literal=_(_LITERAL)),
                    )
                )
            else:
                depth -= 1
                if depth == 0:
                    if not any(c.isalnum() for c in current):
                        found.append(
                            BracketProblem(
                                opened,
                                _("optional part '[{part}]' holds no word").format(
                                    part="".join(current)
                                ),
                                _(
                                    "put the words that may be left out inside the brackets, "
                                    "or remove them"
                                ),
                            )
                        )
                    flush(True)
        else:
            current.append(char)
        i += 1
    if depth:
        found.append(
            BracketProblem(
                opened,
                _("'[' opens an optional part that is never closed"),
                _("close it with ']'; {literal}").format(literal=_(_LITERAL)),
            )
        )
    flush(depth > 0)
    if not found and not any(c.isalnum() for p in runs if not p.optional for c in p.text):
        found.append(_all_optional())
    return tuple(runs), tuple(found)


def _all_optional() -> BracketProblem:
    return BracketProblem(
        0,
        _("the whole item is optional"),
        _("leave outside the brackets the words a typed answer must say"),
    )


def problems(text: str) -> tuple[BracketProblem, ...]:
    """Every misuse of brackets in ``text``, in order; empty when ``text`` is well formed."""
    return _scan(text)[1]


def parts(text: str) -> tuple[Part, ...]:
    """The runs of ``text``, required and optional, in order.

    A text with ``problems`` (which ``casecards check`` refuses) is one required part, exactly
    as written.
    """
    runs, found = _scan(text)
    return (Part(text, False),) if found else runs


def display(text: str) -> str:
    """``text`` as a person reads it: brackets removed, their content kept, escapes resolved.

    >>> display("Ostéopénie du col[, parfois du cotyle]")
    'Ostéopénie du col, parfois du cotyle'
    >>> display("Captation du \\\\[18F\\\\]NaF")
    'Captation du [18F]NaF'
    """
    return "".join(part.text for part in parts(text))


def required(text: str) -> str:
    """``text`` with every optional part left out: what a typed answer must at least say.

    Spaces are not tidied ("col[ et cotyle] droit" gives "col droit"); matching ignores them.
    """
    return "".join(part.text for part in parts(text) if not part.optional)


def variants(text: str) -> tuple[str, ...]:
    """The ways ``text`` may be typed: ``required(text)`` first, ``display(text)`` last.

    Every combination of optional parts left out or put in, up to ``MAX_ALL_COMBINATIONS``
    parts; beyond, none, each one alone, all but each one, and all. Without optional parts,
    the one variant is ``display(text)``. No duplicates.
    """
    runs = parts(text)
    optional = [i for i, part in enumerate(runs) if part.optional]
    k = len(optional)
    if k <= MAX_ALL_COMBINATIONS:
        chosen = [
            set(combination)
            for size in range(k + 1)
            for combination in itertools.combinations(optional, size)
        ]
    else:
        every = set(optional)
        chosen = [set(), *({i} for i in optional), *(every - {i} for i in optional), every]
    texts = (
        "".join(part.text for i, part in enumerate(runs) if not part.optional or i in keep)
        for keep in chosen
    )
    return tuple(dict.fromkeys(texts))
