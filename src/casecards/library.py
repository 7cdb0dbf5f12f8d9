"""The decks a student studies, loaded once: cards by id, with their notes.

The trainer and the CLI share this: load every deck file (refusing invalid ones with all
their problems), expand notes into cards, and sync them into the store.

Decks are expanded when first used, not at load: a start with unchanged decks (served by the
deck cache, see ``casecards.deck.cache``) syncs and shows its first card after decoding only
the decks it shows, whatever the size of the collection. ``warm`` expands the rest (the
trainer does it in the background, for statistics and browsing). Lookups are thread-safe.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import overload

from casecards.cards import Card, DeckCards, Face, deck_of, expand
from casecards.cards import face as face_of
from casecards.deck import Deck, DeckCache, DeckEntry, Note, load_entries
from casecards.errors import CasecardsError, DeckError, Problem
from casecards.i18n import _
from casecards.store import Store, SyncReport


@dataclass(frozen=True, slots=True)
class _Expanded:
    deck: Deck
    cards: tuple[Card, ...]
    by_id: dict[str, Card]
    notes: dict[str, Note]
    tags: Mapping[str, tuple[str, ...]]  # of the notes that have any


class Library:
    """Use ``Library.load``."""

    def __init__(
        self, entries: Sequence[DeckEntry], media_dir: Path, skipped: Sequence[Problem] = ()
    ) -> None:
        self.media_dir = media_dir
        self._entries = {entry.id: entry for entry in entries}
        self._expanded: dict[str, _Expanded] = {}
        self._lock = threading.Lock()
        #: With ``skip_broken``: the problems of the files and notes left out.
        self.skipped = tuple(skipped)
        self.deck_cards = tuple(
            DeckCards(
                e.id,
                e.name,
                e.path,
                e.file_hash,
                _LazyCards(self, e.id),
                e.complete,
                _LazyTags(self, e.id),
            )
            for e in entries
        )

    @classmethod
    def load(
        cls,
        decks_dir: Path | Sequence[Path],
        media_dir: Path,
        *,
        cache: DeckCache | None = None,
        skip_broken: bool = False,
    ) -> Library:
        """Load every deck; DeckError (with every problem) if any is invalid. With ``cache``,
        decks whose file and images are unchanged are served from it (see ``DeckCache``).

        ``skip_broken`` (the trainer's way, new-user D8): a file with problems is left out,
        and a note with problems alone is left out of its deck, their problems kept in
        ``skipped``; DeckError only when no deck at all can be studied.
        """
        targets = [decks_dir] if isinstance(decks_dir, Path) else list(decks_dir)
        entries, problems = load_entries(targets, media_dir, cache, partial=skip_broken)
        if problems and (not skip_broken or not entries):
            raise DeckError(list(problems))
        return cls(entries, media_dir, problems)

    def reload(self, deck_id: str) -> tuple[Problem, ...]:
        """Read ``deck_id``'s file again (its author edited it): in place, so that every
        holder of this library sees the new notes. Strict, as ``check``: a file with any
        problem, or that now says another deck id, changes nothing, and its problems are
        returned (the previous version stays in use until the file is fixed). Sync the store
        afterwards, as at a start."""
        old = self._entries[deck_id]
        entries, problems = load_entries([Path(old.path)], self.media_dir)
        if not problems and (len(entries) != 1 or entries[0].id != deck_id):
            found = entries[0].id if entries else _("none")
            problems = (
                Problem(
                    old.path,
                    entries[0].id_line if entries else 0,
                    3,
                    _("the deck id is now '{found}', not '{id}'").format(found=found, id=deck_id),
                    _("put the id back, or restart casecards to study the renamed deck"),
                ),
            )
        if problems:
            return problems
        entry = entries[0]
        with self._lock:
            self._entries[deck_id] = entry
            self._expanded.pop(deck_id, None)
            self.deck_cards = tuple(
                DeckCards(
                    e.id,
                    e.name,
                    e.path,
                    e.file_hash,
                    _LazyCards(self, e.id),
                    e.complete,
                    _LazyTags(self, e.id),
                )
                for e in self._entries.values()
            )
            self.skipped = tuple(p for p in self.skipped if p.path != old.path)
        return ()

    def sync(self, store: Store, now: datetime) -> SyncReport:
        return store.sync(self.deck_cards, now)

    def card(self, card_id: str) -> Card:
        """KeyError if no loaded deck has this card."""
        return self._deck_of(deck_of(card_id)).by_id[card_id]

    def has_card(self, card_id: str) -> bool:
        """Whether a loaded deck has this card (a note skipped for its problems has none)."""
        try:
            self.card(card_id)
        except KeyError:
            return False
        return True

    def note(self, card: Card) -> Note:
        return self._deck_of(card.deck_id).notes[card.note_id]

    def face(self, card: Card) -> Face:
        """What the card shows (see ``casecards.cards.face``)."""
        return face_of(self.note(card), card.part)

    def deck(self, deck_id: str) -> Deck:
        return self._deck_of(deck_id).deck

    def find_note(self, deck_id: str, note_id: str) -> Note | None:
        """The note, or None if no loaded deck has it (a retired note in the store)."""
        if deck_id not in self._entries:
            return None
        return self._deck_of(deck_id).notes.get(note_id)

    def deck_notes(self, deck_id: str) -> Mapping[str, Note]:
        """The notes of a loaded deck by id; empty for a deck not loaded (a retired one)."""
        if deck_id not in self._entries:
            return {}
        return MappingProxyType(self._deck_of(deck_id).notes)

    @property
    def deck_ids(self) -> tuple[str, ...]:
        return tuple(self._entries)

    @property
    def decks(self) -> tuple[Deck, ...]:
        return tuple(self._deck_of(deck_id).deck for deck_id in self._entries)

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(card for deck_id in self._entries for card in self._deck_of(deck_id).cards)

    def warm(self) -> None:
        """Expand every deck now, so that later lookups never wait."""
        for deck_id in self._entries:
            self._deck_of(deck_id)

    def check_deck_ids(self, deck_ids: Sequence[str]) -> None:
        """CasecardsError naming the unknown ids and the known ones."""
        unknown = [d for d in deck_ids if d not in self._entries]
        if unknown:
            known = ", ".join(sorted(self._entries)) or "none"
            raise CasecardsError(
                _("no deck with id {join} (decks: {known})").format(
                    join=", ".join(unknown), known=known
                )
            )

    def _deck_of(self, deck_id: str) -> _Expanded:
        expanded = self._expanded.get(deck_id)
        if expanded is not None:
            return expanded
        entry = self._entries[deck_id]  # KeyError: not a deck of this library
        deck = entry.deck()
        expanded_cards = expand(deck)
        cards = expanded_cards.cards
        with self._lock:
            expanded = self._expanded.get(deck_id)
            if expanded is None:
                by_id = {card.id: card for card in cards}
                notes = {note.id: note for note in deck.notes}
                expanded = self._expanded[deck_id] = _Expanded(
                    deck, tuple(cards), by_id, notes, expanded_cards.tags
                )
        return expanded


class _LazyCards(Sequence[Card]):
    """A deck's cards, expanded on first read: the store reads them only to sync a deck whose
    file changed."""

    __slots__ = ("_deck_id", "_library")

    def __init__(self, library: Library, deck_id: str) -> None:
        self._library, self._deck_id = library, deck_id

    def _cards(self) -> tuple[Card, ...]:
        return self._library._deck_of(self._deck_id).cards

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | Sequence[Card]:
        return self._cards()[index]

    def __len__(self) -> int:
        return len(self._cards())

    def __iter__(self) -> Iterator[Card]:
        return iter(self._cards())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _LazyCards | tuple):
            return self._cards() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._cards())


class _LazyTags(Mapping[str, tuple[str, ...]]):
    """A deck's notes' tags by note id (those with any), read from the deck on first use, as
    its cards are."""

    __slots__ = ("_deck_id", "_library")

    def __init__(self, library: Library, deck_id: str) -> None:
        self._library, self._deck_id = library, deck_id

    def _tags(self) -> Mapping[str, tuple[str, ...]]:
        return self._library._deck_of(self._deck_id).tags

    def __getitem__(self, note_id: str) -> tuple[str, ...]:
        return self._tags()[note_id]

    def __len__(self) -> int:
        return len(self._tags())

    def __iter__(self) -> Iterator[str]:
        return iter(self._tags())
