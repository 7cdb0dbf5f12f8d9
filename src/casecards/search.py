"""Card search for browsing: every card with its searchable text, a query language of words
and ``#tags``, and where each card stands today. Headless, no clock (``today`` comes in).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from casecards.cards import CardKind, faces
from casecards.cardtext import label, note_fields
from casecards.library import Library
from casecards.markup import to_plain
from casecards.scheduler import needs_redrill
from casecards.store import CardStatus, Store, StoredCard
from casecards.text import normalise

__all__ = [
    "LEECH_TAG",
    "CardIndex",
    "CardRow",
    "CardState",
    "Found",
    "card_state",
    "parse_query",
]


#: The tag that finds the leeches (``#leech``): the store marks them, not the decks.
LEECH_TAG: Final = "leech"


class CardState(enum.StrEnum):
    """Where a card stands today, for a browser's status column."""

    NEW = "new"
    REDRILL = "re-drill"
    DUE = "due"
    REVIEW = "review"
    SUSPENDED = "suspended"
    BURIED = "buried"
    RETIRED = "retired"


def card_state(card: StoredCard, today: date) -> CardState:
    if card.status is CardStatus.RETIRED:
        return CardState.RETIRED
    if card.suspended:
        return CardState.SUSPENDED
    if card.buried_until is not None and card.buried_until >= today:
        return CardState.BURIED
    if card.is_new:
        return CardState.NEW
    if needs_redrill(card.state):
        return CardState.REDRILL
    return CardState.DUE if card.due is not None and card.due <= today else CardState.REVIEW


@dataclass(frozen=True, slots=True)
class CardRow:
    """One card found by a search, with its schedule as stored now."""

    card_id: str
    deck: str  # the deck's name
    kind: CardKind
    text: str  # the card's label (``cardtext.label``), plain
    tags: tuple[str, ...]
    stored: StoredCard


@dataclass(frozen=True, slots=True)
class _Entry:
    card_id: str
    deck: str
    kind: CardKind
    text: str
    tags: tuple[str, ...]
    haystack: str  # normalised note text, label and card id


@dataclass(frozen=True, slots=True)
class Found:
    """The first rows of a search, and how many cards matched in all."""

    rows: tuple[CardRow, ...]
    total: int


@dataclass(frozen=True, slots=True)
class CardIndex:
    """The library's cards with their searchable text. Building it normalises every note's
    text: whoever holds the library keeps the index it built (the trainer's app does)."""

    entries: tuple[_Entry, ...]

    @classmethod
    def build(cls, library: Library) -> CardIndex:
        # ``library.cards`` is every deck expanded in order, and expanding a note makes one
        # card per face, in face order: walking both side by side resolves each card once.
        shown = (
            (deck.name, note, text, face)
            for deck in library.decks
            for note in deck.notes
            for text in [normalise(" ".join(to_plain(t) for _, t in note_fields(note)))]
            for face in faces(note)
        )
        entries = []
        for card, (deck, note, text, face) in zip(library.cards, shown, strict=True):
            assert card.part == face.part, card.id
            line = label(face)
            haystack = f"{text} {normalise(line)} {card.id.casefold()}"
            entries.append(_Entry(card.id, deck, card.kind, line, note.tags, haystack))
        return cls(tuple(entries))

    def search(
        self, store: Store, query: str, tag: str | None = None, *, limit: int | None = None
    ) -> Found:
        """Cards whose text or id holds every word of ``query`` and whose note carries every
        ``#tag`` of it (and ``tag``), in deck order; the schedules of the first ``limit`` (all
        if None) read in one query.

        A tag matches itself, its parents (``#modalite`` finds ``modalite::irm``) and any of
        its parts (``#irm`` finds it too). ``#leech`` also finds the cards the store marked
        leeches (failed ``leech-threshold`` times), whatever their notes' tags.
        """
        words, tags = parse_query(query)
        if tag:
            tags = (*tags, tag)
        leeches = store.leech_ids() if LEECH_TAG in tags else frozenset()
        found = [
            e
            for e in self.entries
            if all(w in e.haystack for w in words)
            and all(_has_tag(e.tags, t) or (t == LEECH_TAG and e.card_id in leeches) for t in tags)
        ]
        shown = found[:limit]
        stored = store.cards_by_id([e.card_id for e in shown])
        rows = tuple(
            CardRow(e.card_id, e.deck, e.kind, e.text, e.tags, stored[e.card_id])
            for e in shown
            if e.card_id in stored
        )
        return Found(rows, len(found))

    def has_tag(self, tag: str) -> bool:
        """Whether a note of the library carries ``tag`` as ``search`` matches it (the
        leeches, which the store marks, are not asked here)."""
        return any(_has_tag(e.tags, tag) for e in self.entries)

    def tags(self) -> tuple[str, ...]:
        """Every tag of the library's notes, and each of its parts, sorted."""
        return tuple(
            sorted({part for e in self.entries for t in e.tags for part in (t, *t.split("::"))})
        )


def parse_query(query: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Normalised words and ``#tags`` of a search: ``"signe #irm"`` -> (("signe",), ("irm",))."""
    words, tags = [], []
    for token in query.split():
        if token.startswith("#"):
            if len(token) > 1:
                tags.append(token[1:].casefold())
        elif word := normalise(token):
            words.append(word)
    return tuple(words), tuple(tags)


def _has_tag(tags: Sequence[str], wanted: str) -> bool:
    return any(t == wanted or t.startswith(f"{wanted}::") or wanted in t.split("::") for t in tags)
