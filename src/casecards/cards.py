"""Notes expand into cards; a card's identity is ``deck-id/note-id/part`` and never its text.

Fixing a typo in a note keeps the learner's progress: only ``content_hash`` changes, and the
store uses it to know that a card changed, never to identify it.

A card's part is a typed value (``Part``): ``Main``, ``ClozePart``, ``RegionPart``,
``ModalityPart`` or ``SignPart``. ``part_key`` writes it and ``parse_part`` reads it, here and
nowhere else; the stored ids are the strings they always were (``main``, ``c2``,
``region-rein``, ``modality-irm``, ``sign-irm-3``). ``face`` resolves a part against its note
once, into what the card shows (a ``Face``), and everything downstream matches on that.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Final

from casecards.deck.model import (
    Basic,
    Cloze,
    Deck,
    Differential,
    Image,
    Modality,
    ModalitySigns,
    Note,
    Region,
    Timeline,
)
from casecards.deck.optional import display
from casecards.text import normalise

# -- parts -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Main:
    """The one card of a basic, differential or timeline note; an image note's whole picture."""


@dataclass(frozen=True, slots=True)
class ClozePart:
    number: int  # the cloze number: c2 is ClozePart(2)


@dataclass(frozen=True, slots=True)
class RegionPart:
    region: str  # the region's id


@dataclass(frozen=True, slots=True)
class ModalityPart:
    modality: str  # the modality's id


@dataclass(frozen=True, slots=True)
class SignPart:
    """A "which modality shows this sign?" card, named after the sign's first occurrence:
    the modality's id and the sign's 1-based position in that modality's list."""

    modality: str
    position: int


Part = Main | ClozePart | RegionPart | ModalityPart | SignPart
MAIN: Final = Main()

# Ids are slugs ([a-z0-9-]), so a modality id may hold "-": a sign's position is the last word.
_PART: Final = re.compile(
    r"(?P<main>main)|c(?P<cloze>[1-9][0-9]*)|region-(?P<region>.+)"
    r"|modality-(?P<modality>.+)|sign-(?P<sign>.+)-(?P<position>[1-9][0-9]*)"
)


def part_key(part: Part) -> str:
    """The part as it is written in card ids and stored: the one encoder."""
    match part:
        case Main():
            return "main"
        case ClozePart(number):
            return f"c{number}"
        case RegionPart(region):
            return f"region-{region}"
        case ModalityPart(modality):
            return f"modality-{modality}"
        case SignPart(modality, position):
            return f"sign-{modality}-{position}"
    raise AssertionError(part)  # pragma: no cover


def parse_part(key: str) -> Part:
    """The part written as ``key``: the one decoder. ValueError if it is not a part."""
    found = _PART.fullmatch(key)
    if found is None:
        raise ValueError(f"not a card part: {key!r}")
    if found["main"]:
        return MAIN
    if found["cloze"]:
        return ClozePart(int(found["cloze"]))
    if found["region"]:
        return RegionPart(found["region"])
    if found["modality"]:
        return ModalityPart(found["modality"])
    return SignPart(found["sign"], int(found["position"]))


def card_id(deck_id: str, note_id: str, part: Part) -> str:
    return f"{deck_id}/{note_id}/{part_key(part)}"


@dataclass(frozen=True, slots=True)
class CardId:
    deck_id: str
    note_id: str
    part: Part


def parse_card_id(value: str) -> CardId:
    """``deck/note/part`` read back; ValueError if it is not a card id."""
    deck_id, _, rest = value.partition("/")
    note_id, _, key = rest.partition("/")
    if not deck_id or not note_id:
        raise ValueError(f"not a card id: {value!r}")
    return CardId(deck_id, note_id, parse_part(key))


def deck_of(value: str) -> str:
    """The deck id a card id starts with (no check of the rest: a fast path for lookups)."""
    return value.partition("/")[0]


# -- cards -------------------------------------------------------------------------------------


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
    part: Part
    kind: CardKind
    position: int
    content_hash: str
    id: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Written once here: ids are looked up and compared far more often than cards made.
        object.__setattr__(self, "id", card_id(self.deck_id, self.note_id, self.part))


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
    #: False when some notes of the file were skipped for their problems (the trainer studies
    #: the rest): a sync then retires nothing of the deck, since a skipped note is not gone.
    complete: bool = True
    #: The tags of the deck's notes that have any, by note id (read, like ``cards``, only for
    #: a deck whose file changed): the store keeps them for retention by tag.
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


# -- faces: what a part of a note shows -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BasicFace:
    kind: ClassVar = CardKind.BASIC
    body: Basic

    @property
    def part(self) -> Main:
        return MAIN


@dataclass(frozen=True, slots=True)
class ClozeFace:
    kind: ClassVar = CardKind.CLOZE
    body: Cloze
    number: int

    @property
    def part(self) -> ClozePart:
        return ClozePart(self.number)


@dataclass(frozen=True, slots=True)
class ImageFace:
    kind: ClassVar = CardKind.IMAGE
    body: Image

    @property
    def part(self) -> Main:
        return MAIN


@dataclass(frozen=True, slots=True)
class RegionFace:
    kind: ClassVar = CardKind.IMAGE_REGION
    body: Image
    region: Region

    @property
    def part(self) -> RegionPart:
        return RegionPart(self.region.id)


@dataclass(frozen=True, slots=True)
class DifferentialFace:
    kind: ClassVar = CardKind.DIFFERENTIAL
    body: Differential

    @property
    def part(self) -> Main:
        return MAIN


@dataclass(frozen=True, slots=True)
class TimelineFace:
    kind: ClassVar = CardKind.TIMELINE
    body: Timeline

    @property
    def part(self) -> Main:
        return MAIN


@dataclass(frozen=True, slots=True)
class ModalityFace:
    """ "Which signs does this modality show?" """

    kind: ClassVar = CardKind.MODALITY_SIGNS
    body: ModalitySigns
    modality: Modality

    @property
    def part(self) -> ModalityPart:
        return ModalityPart(self.modality.id)


@dataclass(frozen=True, slots=True)
class SignFace:
    """ "Which modality shows this sign?": every modality listing it is an answer."""

    kind: ClassVar = CardKind.WHICH_MODALITY
    body: ModalitySigns
    part: SignPart
    sign: str
    modality_ids: tuple[str, ...]

    @property
    def modalities(self) -> tuple[Modality, ...]:
        by_id = {m.id: m for m in self.body.modalities}
        return tuple(by_id[i] for i in self.modality_ids)


Face = (
    BasicFace
    | ClozeFace
    | ImageFace
    | RegionFace
    | DifferentialFace
    | TimelineFace
    | ModalityFace
    | SignFace
)


def faces(note: Note) -> tuple[Face, ...]:
    """The cards a note makes, in part order. Parts come from ids and numbers, never text."""
    body = note.body
    match body:
        case Basic():
            return (BasicFace(body),)
        case Cloze():
            return tuple(ClozeFace(body, n) for n in body.numbers)
        case Image():
            return (ImageFace(body), *(RegionFace(body, r) for r in body.regions))
        case Differential():
            return (DifferentialFace(body),)
        case Timeline():
            return (TimelineFace(body),)
        case ModalitySigns():
            per_modality = tuple(ModalityFace(body, m) for m in body.modalities)
            return per_modality + sign_faces(body)
    raise AssertionError(body)  # pragma: no cover


def face(note: Note, part: Part) -> Face:
    """What ``part`` of ``note`` shows; KeyError if the note makes no such card."""
    body = note.body
    match part, body:
        case Main(), Basic():
            return BasicFace(body)
        case Main(), Image():
            return ImageFace(body)
        case Main(), Differential():
            return DifferentialFace(body)
        case Main(), Timeline():
            return TimelineFace(body)
        case ClozePart(number), Cloze() if number in body.numbers:
            return ClozeFace(body, number)
        case RegionPart(wanted), Image():
            for region in body.regions:
                if region.id == wanted:
                    return RegionFace(body, region)
        case ModalityPart(wanted), ModalitySigns():
            for modality in body.modalities:
                if modality.id == wanted:
                    return ModalityFace(body, modality)
        case SignPart(), ModalitySigns():
            for sign in sign_faces(body):
                if sign.part == part:
                    return sign
    raise KeyError(f"note {note.id!r} has no card {part_key(part)!r}")


def sign_faces(body: ModalitySigns) -> tuple[SignFace, ...]:
    """One "which modality shows this sign?" card per distinct sign of the note.

    A sign listed under several modalities makes one card whose answer is all of them; it is
    named after its first occurrence (modality id and 1-based position).
    """
    found: dict[str, SignFace] = {}
    for modality in body.modalities:
        for position, sign in enumerate(modality.signs, start=1):
            key = normalise(display(sign))  # "x[ y]" and "x y" are one sign
            first = found.get(key)
            if first is None:
                found[key] = SignFace(body, SignPart(modality.id, position), sign, (modality.id,))
            else:
                answers = (*first.modality_ids, modality.id)
                found[key] = SignFace(body, first.part, first.sign, answers)
    return tuple(found.values())


def expand(deck: Deck) -> DeckCards:
    """All cards of ``deck``, in study order (note order, then part order)."""
    cards: list[Card] = []
    for note in deck.notes:
        digest = note_hash(note)
        for shown in faces(note):
            cards.append(Card(deck.id, note.id, shown.part, shown.kind, len(cards), digest))
    tags = {note.id: note.tags for note in deck.notes if note.tags}
    return DeckCards(deck.id, deck.name, deck.path, deck.file_hash, tuple(cards), tags=tags)


# -- change detection --------------------------------------------------------------------------


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
