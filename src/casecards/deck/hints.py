"""Hints for YAML syntax errors: PyYAML says what its grammar expected ("did not find
expected key"); the author needs the usual cause in the line at fault. Three causes cover
nearly every error in hand-written decks:

* text containing ": " (``front: Question : combien ?``), which YAML reads as a mapping;
* a value starting with a character YAML reserves (``text: {{c1::…}}``, ``front: *grave*``),
  or text that goes on after its closing quote (``front: "a" b``);
* a line not aligned with the keys or items it belongs with.

Each hint names the key and the line to look at. A hint is a guess, so the message keeps
PyYAML's own words; no hint is better than a wrong one.
"""

from __future__ import annotations

import re

from casecards.i18n import N_, _, ngettext

# A line as decks write them: indentation, an optional "- ", a key and what follows it.
_LINE = re.compile(r"(?P<indent> *)(?P<dash>- +)?(?:(?P<key>[^\s:#'\"{}\[\],][^:#]*?):(?=\s|$))?")
# What YAML reads as syntax at the start of a plain value.
_RESERVED = {
    "{": N_("a value starting with '{first}' is read as a mapping"),
    "[": N_("a value starting with '{first}' is read as a list"),
    "*": N_("a value starting with '{first}' is read as an alias"),
    "&": N_("a value starting with '{first}' is read as an anchor"),
    "!": N_("a value starting with '{first}' is read as a tag"),
    "%": N_("a value starting with '{first}' is read as a directive"),
    "@": N_("a value starting with '{first}' is reserved by YAML"),
    "`": N_("a value starting with '{first}' is reserved by YAML"),
    "|": N_("a value starting with '{first}' starts a block of lines"),
    ">": N_("a value starting with '{first}' starts a folded block"),
}
# Lines to look back for a line to align with.
_LOOK_BACK = 200


def syntax_hint(text: str, line: int, col: int, problem: str) -> str:
    """A hint for the syntax error ``problem`` at ``line``:``col`` (1-based) of ``text``."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    number = line - 1
    current = lines[number]
    found = _LINE.match(current)
    assert found is not None  # every part of the pattern is optional
    key = found["key"]
    value_at = found.end()
    value = current[value_at:].lstrip() if key else ""
    value_col = len(current) - len(value) + 1  # 1-based column of the value
    if key and value and "mapping values are not allowed" in problem and col > value_col:
        return _("text containing ': ' must be in quotes: {key}: \"…\"").format(key=key.strip())
    if key and value and value[0] in _RESERVED and col >= value_col:
        first = value[0]
        return _('{reserved}: put the text in quotes: {key}: "{first}…"').format(
            reserved=_(_RESERVED[first]).format(first=first), key=key.strip(), first=first
        )
    if key and value and value[0] in "\"'" and col > value_col and _after_quote(value):
        return _(
            "the text of '{key}' goes on after its closing quote: quote all of it; "
            'a " inside double quotes is written \\"'
        ).format(key=key.strip())
    return _alignment(lines, number)


def _after_quote(value: str) -> bool:
    """Does ``value`` (starting with a quote) go on after its closing quote?"""
    quote = value[0]
    position = 1
    while position < len(value):
        char = value[position]
        if quote == '"' and char == "\\":
            position += 2
            continue
        if char == quote:
            if quote == "'" and value[position + 1 : position + 2] == "'":
                position += 2  # '' is a quote inside single quotes
                continue
            rest = value[position + 1 :].strip()
            return bool(rest) and not rest.startswith("#")
        position += 1
    return False


def _alignment(lines: list[str], number: int) -> str:
    """The nearest line above of the same kind (a key, or a "- " item) that is indented by a
    space or two more or less: the likely line to align with."""
    found = _LINE.match(lines[number])
    assert found is not None
    indent = len(found["indent"])
    dash = found["dash"] is not None
    key = found["key"]
    if not dash and not key:
        return ""
    for above in range(number - 1, max(-1, number - _LOOK_BACK), -1):
        line = lines[above]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        other = _LINE.match(line)
        assert other is not None
        if (other["dash"] is not None) != dash or (not dash and not other["key"]):
            continue
        other_indent = len(other["indent"])
        if other_indent == indent:
            return ""  # aligned with something: the cause is elsewhere
        if abs(other_indent - indent) <= 2:
            this = _shown(found, lines[number])
            that = _shown(other, line)
            if dash:
                told = _(
                    "{this} is indented {spaces} but {that} on line {line} is indented "
                    "{other}: the items of one list line up"
                )
            else:
                told = _(
                    "{this} is indented {spaces} but {that} on line {line} is indented "
                    "{other}: the keys of one mapping line up"
                )
            return told.format(
                this=this,
                spaces=_spaces(indent),
                that=that,
                line=above + 1,
                other=_spaces(other_indent),
            )
    return ""


def _shown(found: re.Match[str], line: str) -> str:
    if found["key"]:
        prefix = "- " if found["dash"] else ""
        return f"'{prefix}{found['key'].strip()}:'"
    return f"'{_clip(line.strip(), 20)}'"


def _spaces(count: int) -> str:
    return ngettext("{count} space", "{count} spaces", count).format(count=count)


def _clip(text: str, width: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"
