"""The validated deck: small frozen values. A note's ``body`` holds what its type needs."""

from __future__ import annotations

from dataclasses import dataclass

from casecards.deck.format import NoteType


@dataclass(frozen=True, slots=True)
class Basic:
    front: str
    back: str


@dataclass(frozen=True, slots=True)
class ClozeDeletion:
    number: int
    answer: str
    hint: str


@dataclass(frozen=True, slots=True)
class Cloze:
    """``text`` keeps the ``{{cN::…}}`` syntax; ``numbers`` are the distinct deletions, sorted."""

    text: str
    deletions: tuple[ClozeDeletion, ...]

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(sorted({d.number for d in self.deletions}))


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    box: tuple[int, int, int, int]
    answer: str
    prompt: str | None


@dataclass(frozen=True, slots=True)
class Image:
    """``image`` is the path relative to the media folder, with '/' separators."""

    image: str
    prompt: str
    answer: str
    regions: tuple[Region, ...]


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Differential:
    prompt: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)
class Event:
    when: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Timeline:
    prompt: str
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Modality:
    id: str
    modality: str
    timing: str | None
    signs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ModalitySigns:
    subject: str
    modalities: tuple[Modality, ...]


Body = Basic | Cloze | Image | Differential | Timeline | ModalitySigns


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    type: NoteType
    source: str
    body: Body
    tags: tuple[str, ...] = ()
    explanation: str | None = None
    facts: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class Deck:
    """One validated deck file. ``path`` is as the user named it; ``file_hash`` its SHA-256."""

    id: str
    name: str
    lang: str
    notes: tuple[Note, ...]
    path: str
    file_hash: str
    description: str | None = None

    def note(self, note_id: str) -> Note:
        for note in self.notes:
            if note.id == note_id:
                return note
        raise KeyError(note_id)
