"""Notes expand into cards; a card's identity is ``deck-id/note-id/part`` and never its text.

Fixing a typo in a note keeps the learner's progress: only ``content_hash`` changes, and the
store uses it to know that a card changed, never to identify it.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from casecards.deck.model import (
    Basic,
    Cloze,
    Deck,
    Differential,
    Image,
    ModalitySigns,
    Note,
    Timeline,
)
from casecards.text import normalise


class CardKind(enum.StrEnum):
    BASIC = "basic"
    CLOZE = "cloze"
    IMAGE = "image"
    IMAGE_REGION = "image_region"
    DIFFERENTIAL = "differential"
    TIMELINE = "timeline"
    MODALITY_SIGNS = "modality_signs"
    WHICH_MODALITY = "which_modality"


@dataclass(frozen=True, slots=True)
class Card:
    """One reviewable card. ``position`` orders new cards within their deck."""

    deck_id: str
    note_id: str
    part: str
    kind: CardKind
    position: int
    content_hash: str

    @property
    def id(self) -> str:
        return f"{self.deck_id}/{self.note_id}/{self.part}"


@dataclass(frozen=True, slots=True)
class DeckCards:
    """What the store needs to sync one deck file: the deck, its file's hash, its cards.

    ``cards`` may be a sequence that expands its deck only when first read (``Library`` does
    this for decks served from the deck cache): the store reads it only for a deck whose file
    hash changed, so an unchanged collection starts without expanding anything.
    """

    deck_id: str
    name: str
    path: str
    file_hash: str
    cards: Sequence[Card]


def expand(deck: Deck) -> DeckCards:
    """All cards of ``deck``, in study order (note order, then part order)."""
    cards: list[Card] = []
    for note in deck.notes:
        digest = note_hash(note)
        for part, kind in parts(note):
            cards.append(Card(deck.id, note.id, part, kind, len(cards), digest))
    return DeckCards(deck.id, deck.name, deck.path, deck.file_hash, tuple(cards))


def parts(note: Note) -> list[tuple[str, CardKind]]:
    """The card parts a note makes. Parts come from ids and numbers, never from text."""
    body = note.body
    match body:
        case Basic():
            return [("main", CardKind.BASIC)]
        case Cloze():
            return [(f"c{n}", CardKind.CLOZE) for n in body.numbers]
        case Image():
            regions = [(f"region-{r.id}", CardKind.IMAGE_REGION) for r in body.regions]
            return [("main", CardKind.IMAGE), *regions]
        case Differential():
            return [("main", CardKind.DIFFERENTIAL)]
        case Timeline():
            return [("main", CardKind.TIMELINE)]
        case ModalitySigns():
            per_modality = [(f"modality-{m.id}", CardKind.MODALITY_SIGNS) for m in body.modalities]
            per_sign = [(part, CardKind.WHICH_MODALITY) for part, _ in sign_questions(body)]
            return per_modality + per_sign
    raise AssertionError(body)  # pragma: no cover


def sign_questions(body: ModalitySigns) -> list[tuple[str, SignQuestion]]:
    """One "which modality shows this sign?" question per distinct sign of the note.

    A sign listed under several modalities makes one question whose answer is all of them;
    it is named after its first occurrence (modality id and 1-based position).
    """
    questions: dict[str, tuple[str, SignQuestion]] = {}
    for modality in body.modalities:
        for position, sign in enumerate(modality.signs, start=1):
            key = normalise(sign)
            if key in questions:
                part, question = questions[key]
                answers = (*question.modality_ids, modality.id)
                questions[key] = (part, SignQuestion(question.sign, answers))
            else:
                questions[key] = (
                    f"sign-{modality.id}-{position}",
                    SignQuestion(sign, (modality.id,)),
                )
    return list(questions.values())


@dataclass(frozen=True, slots=True)
class SignQuestion:
    sign: str
    modality_ids: tuple[str, ...]


def note_hash(note: Note) -> str:
    """Hash of what a note says (not where it sits in the file): changes when its text does.

    The hashed text is the JSON of ``dataclasses.asdict(note)`` without ``line``, keys sorted;
    ``_plain`` builds the same structure several times faster than ``asdict`` (which deep-copies
    every value), and the stored hashes of existing collections stay valid.
    """
    content = _plain(note)
    del content["line"]
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()[:16]


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """``asdict``'s structure: dataclasses as dicts, tuples kept (JSON writes them as lists)."""
    kind = type(value)
    if kind is tuple:
        return tuple(_plain(item) for item in value)
    names = _FIELDS.get(kind)
    if names is None:
        if not hasattr(kind, "__dataclass_fields__"):
            return value
        names = _FIELDS[kind] = tuple(f.name for f in fields(kind))
    return {name: _plain(getattr(value, name)) for name in names}
