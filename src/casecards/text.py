"""Text comparison helpers shared by validation, card expansion and grading."""

from __future__ import annotations

import unicodedata


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
