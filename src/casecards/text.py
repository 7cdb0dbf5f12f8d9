"""Text helpers shared by validation, card expansion, grading and every message printed."""

from __future__ import annotations

import functools
import re
import unicodedata

from rich.cells import cell_len

from casecards.i18n import N_

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


@functools.cache
def not_printable(allowed: str = "\t\n") -> re.Pattern[str]:
    """What a deck may not hold, besides ``allowed`` (tabs and line feeds; a deck file,
    carriage returns too), compiled when first asked for: a class of many ranges takes 7 ms
    to compile, which a start that reads no deck file (the deck cache) need not pay."""
    return re.compile(f"[^{allowed}{PRINTABLE_CLASS}]")


def is_noncharacter(char: str) -> bool:
    return ord(char) in NONCHARACTERS


def refused_kind(char: str) -> str:
    """What a refused character is, for a message: "bidirectional control" and so on
    (English: translate it where it is shown)."""
    if char in BIDI_CONTROLS:
        return N_("bidirectional control")
    if char == "\u2028":
        return N_("line separator")
    if char == "\u2029":
        return N_("paragraph separator")
    if is_noncharacter(char):
        return N_("non-character")
    return N_("control character")


# -- printing ------------------------------------------------------------------------------------

_NOT_PLAIN_ASCII = re.compile(r"[^\x20-\x7e]")
# Controls (C0, DEL, C1), format characters (bidi controls, zero-width ones), lone
# surrogates (a file name that is not UTF-8) and line or paragraph separators: none draws a
# character, several drive the terminal.
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` safe to write to a terminal: every character that does not draw itself is
    written as its Python escape (ESC as ``\\x1b``, U+202E as ``\\u202e``), so a deck's
    note id, key, tag or file name can neither drive the terminal nor hide. Letters of any
    script, no-break spaces and emoji are kept; with ``newlines``, line breaks are too."""
    return _NOT_PLAIN_ASCII.sub(functools.partial(_shown, newlines), text)


def _shown(newlines: bool, match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n" and newlines:
        return char
    if unicodedata.category(char) not in _UNSEEN and not is_noncharacter(char):
        return char
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


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


# -- text in columns ------------------------------------------------------------------------------

ELLIPSIS = "…"
_BREAKABLE_RUN = re.compile(r"[ \t\n\r\f\v]+")


def leaf(deck_name: str) -> str:
    """A deck's own name, without its parents: ``A::B::01 · Le cas`` -> ``01 · Le cas``."""
    return deck_name.rpartition("::")[2]


def cut(text: str, width: int) -> str:
    """``text`` on one line (runs of spaces, tabs and line breaks made one space; the
    no-break spaces of French typography kept), cut to ``width`` terminal cells (a wide
    character counts two), ending with "…" when it was cut."""
    line = _BREAKABLE_RUN.sub(" ", text).strip(" ")
    if cell_len(line) <= width:
        return line
    room = max(0, width - 1)
    kept: list[str] = []
    for char in line:
        room -= cell_len(char)
        if room < 0:
            break
        kept.append(char)
    return "".join(kept).rstrip() + ELLIPSIS
