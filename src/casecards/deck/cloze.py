"""Cloze deletions: ``{{c1::answer}}`` or ``{{c1::answer::hint}}``, as Anki writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from casecards.deck.model import ClozeDeletion

_DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class ClozeParse:
    segments: tuple[str | ClozeDeletion, ...]
    errors: tuple[str, ...]

    @property
    def deletions(self) -> tuple[ClozeDeletion, ...]:
        return tuple(s for s in self.segments if isinstance(s, ClozeDeletion))


def parse(text: str) -> ClozeParse:
    """Split ``text`` into plain segments and deletions, and say what is malformed."""
    segments: list[str | ClozeDeletion] = []
    errors: list[str] = []
    position = 0
    for match in _DELETION.finditer(text):
        segments.append(text[position : match.start()])
        number, answer, hint = int(match.group(1)), match.group(2), match.group(3) or ""
        if number < 1:
            errors.append(f"cloze number c{number} must be 1 or more")
        if not answer.strip():
            errors.append(f"cloze deletion c{number} is empty")
        segments.append(ClozeDeletion(number, answer, hint))
        position = match.end()
    segments.append(text[position:])
    for plain in segments:
        if isinstance(plain, str) and ("{{" in plain or "}}" in plain):
            fragment = plain[plain.find("{{") :][:30] if "{{" in plain else plain
            errors.append(f"malformed cloze deletion near '{fragment.strip()}'")
    return ClozeParse(tuple(s for s in segments if s != ""), tuple(errors))


def render(
    parse_result: ClozeParse,
    number: int,
    *,
    reveal: bool,
    gap: str = "[…]",
    around: tuple[str, str] = ("", ""),
) -> str:
    """Plain text of card ``number``: its deletions hidden (or revealed), the others shown;
    each of its own deletions, hidden or revealed, between the two strings of ``around``."""
    out = []
    start, end = around
    for segment in parse_result.segments:
        if isinstance(segment, str):
            out.append(segment)
        elif segment.number != number:
            out.append(segment.answer)
        else:
            shown = segment.answer if reveal else f"[{segment.hint}]" if segment.hint else gap
            out.append(f"{start}{shown}{end}")
    return "".join(out)
