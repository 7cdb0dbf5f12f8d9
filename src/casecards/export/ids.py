"""Anki identity, derived from the stable ids of the YAML and never from text or chance.

Anki recognises a note type and a deck by a 64-bit id and a note by its GUID. casecards
derives all three from the ids the deck file gives (deck id, note id, region and modality
ids, cloze numbers), so a re-export of an edited deck lands on the same notes and the
student keeps their progress. A fixed typo changes a field, never an identity.
"""

from __future__ import annotations

import hashlib

# Ids land in [2**50, 2**51): above Anki's own millisecond-timestamp ids for the next few
# thousand years, and below 2**53, so JavaScript (Anki's web views, AnkiDroid's JSON) keeps
# them exact.
_ID_BASE = 1 << 50

# Anki writes GUIDs in this base-91 alphabet (rslib `notes::base91`); casecards GUIDs look
# like Anki's own.
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def _digest(namespace: str, key: str) -> bytes:
    return hashlib.sha256(f"casecards:{namespace}:{key}".encode()).digest()


def _stable_id(namespace: str, key: str) -> int:
    return _ID_BASE + int.from_bytes(_digest(namespace, key)[:8], "big") % _ID_BASE


def note_type_id(key: str) -> int:
    """The id of the note type named by ``key`` (``basic``, ``cloze``, …): fixed forever."""
    return _stable_id("notetype", key)


def deck_id(deck: str) -> int:
    """The Anki deck id of the casecards deck ``deck`` (its YAML ``deck.id``)."""
    return _stable_id("deck", deck)


def guid(key: str) -> str:
    """The GUID of the Anki note for ``key``: ``deck/note`` or a card id ``deck/note/part``."""
    value = int.from_bytes(_digest("note", key)[:8], "big")
    out = []
    while value:
        value, digit = divmod(value, 91)
        out.append(_BASE91[digit])
    return "".join(reversed(out)) or _BASE91[0]
