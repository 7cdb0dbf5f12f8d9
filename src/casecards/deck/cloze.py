"""Cloze deletions: ``{{c1::answer}}`` or ``{{c1::answer::hint}}``, as Anki writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from casecards.deck.model import ClozeDeletion
from casecards.i18n import _

_DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class ClozeError:
    """A malformed deletion: ``offset`` is the index in the text of what is at fault."""

    offset: int
    message: str


@dataclass(frozen=True, slots=True)
class ClozeParse:
    segments: tuple[str | ClozeDeletion, ...]
    errors: tuple[ClozeError, ...]

    @property
    def deletions(self) -> tuple[ClozeDeletion, ...]:
        return tuple(s for s in self.segments if isinstance(s, ClozeDeletion))


def parse(text: str) -> ClozeParse:
    """Split ``text`` into plain segments and deletions, and say what is malformed: every
    mistake, each where it is, not only the first."""
    segments: list[str | ClozeDeletion] = []
    errors: list[ClozeError] = []
    position = 0
    for match in _DELETION.finditer(text):
        _malformed(text, position, match.start(), errors)
        segments.append(text[position : match.start()])
        number, answer, hint = int(match.group(1)), match.group(2), match.group(3) or ""
        if number < 1:
            errors.append(
                ClozeError(
                    match.start(),
                    _("cloze number c{number} must be 1 or more").format(number=number),
                )
            )
        if not answer.strip():
            errors.append(
                ClozeError(
                    match.start(), _("cloze deletion c{number} is empty").format(number=number)
                )
            )
        segments.append(ClozeDeletion(number, answer, hint))
        position = match.end()
    _malformed(text, position, len(text), errors)
    segments.append(text[position:])
    return ClozeParse(tuple(s for s in segments if s != ""), tuple(errors))


def _malformed(text: str, start: int, end: int, errors: list[ClozeError]) -> None:
    """Each "{{" in ``text[start:end]`` (text between deletions) starts a malformed
    deletion, which runs to its "}}" if it has one before the next "{{"; a "}}" outside
    them closes nothing."""
    at = start
    while True:
        opened, closed = text.find("{{", at, end), text.find("}}", at, end)
        if opened < 0 and closed < 0:
            return
        if opened >= 0 and (closed < 0 or opened < closed):
            following = text.find("{{", opened + 2, end)
            closing = text.find("}}", opened + 2, end)
            ends_here = closing >= 0 and (following < 0 or closing < following)
            at = closing + 2 if ends_here else following if following >= 0 else end
            fragment = text[opened:at][:30].strip()
            errors.append(
                ClozeError(
                    opened,
                    _("malformed cloze deletion near '{fragment}'").format(fragment=fragment),
                )
            )
        else:
            fragment = text[max(start, closed - 28) : closed + 2].strip()
            errors.append(
                ClozeError(
                    closed,
                    _("'}}}}' closes no cloze deletion near '{fragment}'").format(
                        fragment=fragment
                    ),
                )
            )
            at = closed + 2


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
