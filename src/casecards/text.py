"""Text helpers shared by validation, card expansion and grading."""

from __future__ import annotations

import re
import unicodedata

# -- characters a deck may not hold, besides control characters ----------------------------------

# Bidirectional controls reorder how the terminal draws a line ("Trojan Source" spoofing:
# "rtl:\u202eexe.live" shows as "rtl:evil.exe"); French and English text never needs them.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# YAML and PyYAML read these as line breaks, editors mostly do not, so lines would be
# counted two ways; a deck writes a line break as a line break.
SEPARATORS = "\u2028\u2029"
# The 66 code points Unicode promises never to assign: not text.
NONCHARACTERS = frozenset(
    [
        *range(0xFDD0, 0xFDF0),
        *(plane << 16 | low for plane in range(17) for low in (0xFFFE, 0xFFFF)),
    ]
)


def _printable_class() -> str:
    """A regular-expression class body (no brackets) of what a deck may hold besides tabs
    and line breaks: what YAML 1.1 calls printable, less NEL (a line break to YAML, not to
    editors) and the characters above. A class of ranges, not a class with exceptions:
    ``re`` checks it as fast as YAML's own (a few milliseconds a megabyte)."""
    refused = sorted({ord(c) for c in BIDI_CONTROLS + SEPARATORS} | NONCHARACTERS)
    ranges = []
    for low, high in ((0x20, 0x7E), (0xA0, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF)):
        for code in (c for c in refused if low <= c <= high):
            if code > low:
                ranges.append((low, code - 1))
            low = code + 1
        if low <= high:
            ranges.append((low, high))
    return "".join(re.escape(chr(a)) + "-" + re.escape(chr(b)) for a, b in ranges)


#: See ``_printable_class``; ``deck.source`` and ``deck.shapes`` refuse what is outside it.
PRINTABLE_CLASS = _printable_class()


def is_noncharacter(char: str) -> bool:
    return ord(char) in NONCHARACTERS


def refused_kind(char: str) -> str:
    """What a refused character is, for a message: "bidirectional control" and so on."""
    if char in BIDI_CONTROLS:
        return "bidirectional control"
    if char == "\u2028":
        return "line separator"
    if char == "\u2029":
        return "paragraph separator"
    if is_noncharacter(char):
        return "non-character"
    return "control character"


# -- comparing -----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case-, accent- and spacing-insensitive form used to compare answers and signs."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def slugify(text: str) -> str:
    """ASCII slug of ``text`` ('TEP au 18F-NaF' -> 'tep-au-18f-naf')."""
    plain = normalise(text)
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in plain)
    return "-".join(part for part in slug.split("-") if part) or "x"
