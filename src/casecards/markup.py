"""The small text markup of deck fields: **bold**, *italic*, line breaks and "- " bullet lists.

Nothing else is interpreted: HTML, Rich markup and terminal escapes are shown as the
characters they are. ``to_html`` escapes for Anki; ``to_rich`` builds Rich ``Text`` from
plain strings (never from markup), with visible stand-ins for control characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from rich.text import Text


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


Line = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Line, ...]


Block = Paragraph | Bullets

# Emphasis opens before a non-space and closes after one, as in CommonMark, so "2 * 3 * 4"
# and a lone "*" stay literal. A backslash keeps a star literal: "\*".
_BOLD = re.compile(r"(?<!\\)\*\*(?=\S)(.+?)(?<=[^\s\\])\*\*")
_ITALIC = re.compile(r"(?<![\\*])\*(?=[^\s*])(.+?)(?<=[^\s\\*])\*(?!\*)")
_BULLET = re.compile(r"^\s*[-•]\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Around a run of text that ``to_rich(..., marked=STYLE)`` styles (a cloze's own gap). Control
#: characters, which deck text can never hold: the loader refuses them.
MARK_START: Final = "\x02"
MARK_END: Final = "\x03"


def parse(text: str) -> tuple[Block, ...]:
    """Blocks of ``text``: paragraphs split on blank lines, runs of "- " lines as lists."""
    blocks: list[Block] = []
    lines: list[Line] = []
    items: list[Line] = []

    def flush() -> None:
        if lines:
            blocks.append(Paragraph(tuple(lines)))
            lines.clear()
        if items:
            blocks.append(Bullets(tuple(items)))
            items.clear()

    for raw in text.strip("\n").split("\n"):
        raw = raw.rstrip()
        bullet = _BULLET.match(raw)
        if not raw.strip():
            flush()
        elif bullet:
            if lines:
                flush()
            items.append(inline(raw[bullet.end() :]))
        else:
            if items:
                flush()
            lines.append(inline(raw))
    flush()
    return tuple(blocks)


def inline(text: str) -> Line:
    spans: list[Span] = []
    position = 0
    for match in _BOLD.finditer(text):
        spans.extend(_italics(text[position : match.start()], bold=False))
        spans.extend(_italics(match.group(1), bold=True))
        position = match.end()
    spans.extend(_italics(text[position:], bold=False))
    return tuple(s for s in spans if s.text)


def _italics(text: str, *, bold: bool) -> list[Span]:
    spans: list[Span] = []
    position = 0
    for match in _ITALIC.finditer(text):
        spans.append(Span(_unescape(text[position : match.start()]), bold=bold))
        spans.append(Span(_unescape(match.group(1)), bold=bold, italic=True))
        position = match.end()
    spans.append(Span(_unescape(text[position:]), bold=bold))
    return spans


def _unescape(text: str) -> str:
    return text.replace("\\*", "*")


def to_plain(text: str) -> str:
    """The text without markup, bullets as "• " lines: for matching, search and hashing."""
    out: list[str] = []
    for block in parse(text):
        if isinstance(block, Paragraph):
            out.extend("".join(s.text for s in line) for line in block.lines)
        else:
            out.extend("• " + "".join(s.text for s in item) for item in block.items)
    return "\n".join(out)


def _is_plain(text: str) -> bool:
    """No markup at all: most fields. Checked first because parsing costs ~10x escaping."""
    return "*" not in text and "\n" not in text and not _BULLET.match(text)


def to_html(text: str) -> str:
    """Escaped HTML for Anki: <b>, <i>, <br> and <ul><li>, and nothing from the text itself."""
    if _is_plain(text):
        return html.escape(text.rstrip(), quote=True)
    parts: list[str] = []
    for block in parse(text):
        if isinstance(block, Paragraph):
            parts.append("<br>".join(_html_line(line) for line in block.lines))
        else:
            items = "".join(f"<li>{_html_line(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
    return "<br><br>".join(p for p in parts)


def _html_line(line: Line) -> str:
    out = []
    for span in line:
        piece = html.escape(span.text, quote=True)
        if span.italic:
            piece = f"<i>{piece}</i>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        out.append(piece)
    return "".join(out)


def visible(text: str) -> str:
    """Control characters replaced by their visible Unicode pictures (ESC -> ␛)."""
    return _CONTROL.sub(
        lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else "�", text
    )


def to_rich(text: str, *, marked: str | None = None) -> Text:
    """Rich ``Text`` built span by span from plain strings, so '[bold]' stays literal. With
    ``marked``, the runs between ``MARK_START`` and ``MARK_END`` take that Rich style too, and
    the marks themselves are dropped."""
    from rich.text import Text

    result = Text()
    inside = False
    for index, block in enumerate(parse(text)):
        if index:
            result.append("\n\n")
        lines = block.lines if isinstance(block, Paragraph) else block.items
        for number, line in enumerate(lines):
            if number:
                result.append("\n")
            if isinstance(block, Bullets):
                result.append("• ")
            for span in line:
                style = " ".join(
                    s for s, on in (("bold", span.bold), ("italic", span.italic)) if on
                )
                if marked is None:
                    result.append(visible(span.text), style=style or None)
                    continue
                for piece in re.split(f"({MARK_START}|{MARK_END})", span.text):
                    if piece in (MARK_START, MARK_END):
                        inside = piece == MARK_START
                    elif piece:
                        both = " ".join(s for s in (style, marked if inside else "") if s)
                        result.append(visible(piece), style=both or None)
    return result
