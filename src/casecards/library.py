"""The decks a student studies, loaded and expanded once: cards by id, with their notes.

The trainer and the CLI share this: load every deck file (refusing invalid ones with all
their problems), expand notes into cards, and sync them into the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from casecards.cards import Card, DeckCards, expand
from casecards.deck import Deck, Note, load_decks
from casecards.errors import CasecardsError, DeckError
from casecards.store import Store, SyncReport


@dataclass(frozen=True)
class Library:
    decks: tuple[Deck, ...]
    media_dir: Path
    deck_cards: tuple[DeckCards, ...]
    _cards: dict[str, Card] = field(repr=False)
    _notes: dict[tuple[str, str], Note] = field(repr=False)
    _decks: dict[str, Deck] = field(repr=False)

    @classmethod
    def load(cls, decks_dir: Path | Sequence[Path], media_dir: Path) -> Library:
        """Load and expand every deck; DeckError (with every problem) if any is invalid."""
        targets = [decks_dir] if isinstance(decks_dir, Path) else list(decks_dir)
        result = load_decks(targets, media_dir)
        if result.problems:
            raise DeckError(list(result.problems))
        deck_cards = tuple(expand(deck) for deck in result.decks)
        return cls(
            decks=result.decks,
            media_dir=media_dir,
            deck_cards=deck_cards,
            _cards={card.id: card for dc in deck_cards for card in dc.cards},
            _notes={(d.id, n.id): n for d in result.decks for n in d.notes},
            _decks={d.id: d for d in result.decks},
        )

    def sync(self, store: Store, now: datetime) -> SyncReport:
        return store.sync(self.deck_cards, now)

    def card(self, card_id: str) -> Card:
        return self._cards[card_id]

    def note(self, card: Card) -> Note:
        return self._notes[(card.deck_id, card.note_id)]

    def deck(self, deck_id: str) -> Deck:
        return self._decks[deck_id]

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(self._cards.values())

    def check_deck_ids(self, deck_ids: Sequence[str]) -> None:
        """CasecardsError naming the unknown ids and the known ones."""
        unknown = [d for d in deck_ids if d not in self._decks]
        if unknown:
            known = ", ".join(sorted(self._decks)) or "none"
            raise CasecardsError(f"no deck with id {', '.join(unknown)} (decks: {known})")
