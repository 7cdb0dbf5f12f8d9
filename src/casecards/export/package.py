"""What an export holds, as plain values: the typed interface between building and writing.

``build`` makes a ``Package`` from validated decks; ``anki`` (the only module that touches
genanki) writes it. Everything here is already Anki's: ids, GUIDs, field HTML, media names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from casecards.errors import CasecardsError
from casecards.export.notetypes import NoteTypeSpec

# ``progress(stage, done, total)``: stage is "building" or "writing"; done counts to total.
Progress = Callable[[str, int, int], None]


class ExportError(CasecardsError):
    """The export cannot be written; the message names the path and what to do."""


@dataclass(frozen=True, slots=True)
class AnkiNote:
    """One Anki note. ``fields`` follow ``note_type.fields``; ``clozes`` are the cloze
    numbers of a cloze or occlusion note (Anki makes a card per number), empty for the others
    (one card)."""

    note_type: NoteTypeSpec
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    clozes: tuple[int, ...] = ()

    @property
    def cards(self) -> int:
        return len(self.clozes) or 1

    @property
    def key(self) -> str:
        """The casecards id of the note or card: its ``Id`` field, the last of every type."""
        return self.fields[-1]


@dataclass(frozen=True, slots=True)
class AnkiDeck:
    """One casecards deck: ``key`` is its casecards id, ``id`` Anki's; ``name`` may hold
    ``::`` (Anki makes the sub-decks)."""

    key: str
    id: int
    name: str
    description: str
    notes: tuple[AnkiNote, ...]


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A file for Anki's media folder: a flat name, unique by content (a hash of ``data``)."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Package:
    decks: tuple[AnkiDeck, ...]
    media: tuple[MediaFile, ...]

    @property
    def note_types(self) -> tuple[NoteTypeSpec, ...]:
        """The note types the notes use, in order of first use."""
        seen: dict[str, NoteTypeSpec] = {}
        for deck in self.decks:
            for note in deck.notes:
                seen.setdefault(note.note_type.key, note.note_type)
        return tuple(seen.values())

    @property
    def note_count(self) -> int:
        return sum(len(deck.notes) for deck in self.decks)

    @property
    def card_count(self) -> int:
        return sum(note.cards for deck in self.decks for note in deck.notes)
