"""What the store hands out: small frozen values, and their conversion from and to rows.

Rows never leave the store package: every query converts them here, at the boundary.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any, Final

from casecards.cards import CardKind, Part, parse_part
from casecards.errors import CasecardsError
from casecards.fsrs_scheduler import FsrsState, Phase
from casecards.i18n import ngettext
from casecards.scheduler import Sm2State


class StoreError(CasecardsError):
    """The study database cannot be opened or written; the message names the file."""


class CardChangedError(StoreError):
    """A card's schedule is not the one an answer (or undo) was computed from: another
    casecards window answered or undid it in the meantime. Nothing was written."""


class CardStatus(enum.StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"  # its note or part left the deck: hidden, history kept


class Unchecked(enum.Enum):
    """The type of ``UNCHECKED``: a write that compares nothing before it sets."""

    UNCHECKED = "unchecked"


#: For a compare-and-set whose expected value may be None: compare nothing, set.
UNCHECKED: Final = Unchecked.UNCHECKED


@dataclass(frozen=True, slots=True)
class Schedule:
    """A card's stored schedule: what an answer is computed from, and what it replaces.

    Every answer changes ``last_review`` and undo restores all four exactly, so two equal
    schedules of one card mean "no answer happened in between".
    """

    state: Sm2State
    due: date | None
    introduced_day: date | None
    last_review: datetime | None
    fsrs: FsrsState | None = None  # read under FSRS only (``store.memory``)


@dataclass(frozen=True, slots=True)
class StoredCard:
    """A card as the store knows it. ``due`` and ``introduced_day`` are None while it is new."""

    id: str
    deck_id: str
    note_id: str
    part: Part
    kind: CardKind
    position: int
    content_hash: str
    status: CardStatus
    suspended: bool
    buried_until: date | None  # hidden through this study day, inclusive
    state: Sm2State
    due: date | None
    introduced_day: date | None
    last_review: datetime | None
    fsrs: FsrsState | None = None  # its FSRS state, kept while the store follows FSRS
    fsrs_due: date | None = None  # the study day FSRS has it due

    @property
    def is_new(self) -> bool:
        return self.introduced_day is None

    @property
    def schedule(self) -> Schedule:
        return Schedule(self.state, self.due, self.introduced_day, self.last_review, self.fsrs)


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One answer in the review log, with the card's schedule before and after it."""

    id: int
    card_id: str
    reviewed_at: datetime
    day: date
    grade: int
    duration_ms: int
    before: Sm2State
    after: Sm2State
    due_before: date | None
    due_after: date
    introduced_day_before: date | None
    last_review_before: datetime | None


@dataclass(frozen=True, slots=True)
class Rename:
    """A note that looks renamed: ``old`` (whose cards hold ``answers`` answers) left its
    deck and ``new``, never answered, now sits where it sat. Progress stays with ``old``
    until ``casecards rename`` carries it over."""

    deck_id: str
    old: str
    new: str
    answers: int

    @property
    def message(self) -> str:
        """What to tell the student, and how to keep the progress."""
        told = ngettext(
            "note id changed? '{old}' left deck {deck} and '{new}' took its place: its "
            "{answers} answer stays with '{old}'; "
            "casecards rename {deck}/{old} {deck}/{new} carries it over",
            "note id changed? '{old}' left deck {deck} and '{new}' took its place: its "
            "{answers} answers stay with '{old}'; "
            "casecards rename {deck}/{old} {deck}/{new} carries them over",
            self.answers,
        )
        return told.format(deck=self.deck_id, old=self.old, new=self.new, answers=self.answers)


@dataclass(frozen=True, slots=True)
class SyncReport:
    """Card counts of one sync; ``updated`` means the content hash changed."""

    added: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0
    skipped_decks: int = 0  # decks whose file hash had not changed: their cards were not read
    renames: tuple[Rename, ...] = ()  # notes this sync retired that look renamed


@dataclass(frozen=True, slots=True)
class Moved:
    """What ``Store.move_history`` did: cards whose schedule and answers moved to the new
    note's card of the same part, and the parts it left where they were, with why."""

    cards: int
    answers: int
    left: tuple[tuple[str, str], ...]  # (old card id, reason)


@dataclass(frozen=True, slots=True)
class DeckStats:
    id: str
    name: str
    new: int  # new cards still available today under the daily limit
    due: int  # reviews due today
    redrill: int  # cards that must come back the same day


@dataclass(frozen=True, slots=True)
class Stats:
    decks: tuple[DeckStats, ...]
    reviews_total: int
    reviews_today: int
    retention_30d: float | None  # None when there was no review-card answer in the window

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"decks": [{"id", "name", "new", "due", "redrill"}], ...}``."""
        return {**asdict(self), "decks": [asdict(deck) for deck in self.decks]}


@dataclass(frozen=True, slots=True)
class LeechMark:
    """An answer that made its card a leech: the card's lapses then, and whether the answer
    suspended it (``leech-action`` suspend, and the card was not suspended already)."""

    card_id: str
    lapses: int
    suspended: bool


@dataclass(frozen=True, slots=True)
class CardLeech:
    """A leech of the decks in use: its lapses, whether it is suspended now, and the study
    day it first became a leech."""

    card_id: str
    lapses: int
    suspended: bool
    since: date


@dataclass(frozen=True, slots=True)
class PracticeRecord:
    """One practice answer: graded, logged, and no schedule changed."""

    id: int
    card_id: str
    reviewed_at: datetime
    day: date
    grade: int
    duration_ms: int


@dataclass(frozen=True, slots=True)
class CardLapses:
    """How often a card was failed (grade < 3) while it was a review card."""

    card_id: str
    lapses: int


def new_allowance(new_per_day: int, introduced_today: int) -> int:
    """How many more new cards a deck may introduce today."""
    return max(0, new_per_day - introduced_today)


# -- rows <-> values ----------------------------------------------------------------------------


def instant(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got {moment!r}")
    return moment.isoformat()


def day_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def parse_day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def parse_instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def json_ids(ids: Sequence[str] | None, name: str = "deck_ids") -> str | None:
    """``ids`` as a JSON array for ``json_each``; ``name`` is the argument, for the error."""
    if isinstance(ids, str):  # a lone "deck" would otherwise read as ["d", "e", ...]
        raise TypeError(f"{name} must be a sequence of {name.replace('_', ' ')}, not a string")
    return None if ids is None else json.dumps(list(ids))


def state_values(state: Sm2State) -> tuple[int, int, int, int]:
    return (state.ease_hundredths, state.repetitions, state.interval, int(state.extra_review))


def _state(ease: int, repetitions: int, interval: int, extra_review: int) -> Sm2State:
    return Sm2State(ease / 100, repetitions, interval, bool(extra_review))


def card_value(r: sqlite3.Row) -> StoredCard:
    return StoredCard(
        id=r["id"],
        deck_id=r["deck_id"],
        note_id=r["note_id"],
        part=parse_part(r["part"]),
        kind=CardKind(r["kind"]),
        position=r["position"],
        content_hash=r["content_hash"],
        status=CardStatus(r["status"]),
        suspended=bool(r["suspended"]),
        buried_until=parse_day(r["buried_until"]),
        state=_state(r["ease_hundredths"], r["repetitions"], r["interval"], r["extra_review"]),
        due=parse_day(r["due"]),
        introduced_day=parse_day(r["introduced_day"]),
        last_review=parse_instant(r["last_review"]),
        fsrs=fsrs_value(r),
        fsrs_due=parse_day(r["fsrs_due_day"]),
    )


def fsrs_value(r: sqlite3.Row) -> FsrsState | None:
    if r["fsrs_phase"] is None or r["last_review"] is None:
        return None
    return FsrsState(
        Phase(r["fsrs_phase"]),
        r["fsrs_step"],
        r["fsrs_stability"],
        r["fsrs_difficulty"],
        datetime.fromisoformat(r["fsrs_due"]),
        datetime.fromisoformat(r["last_review"]).astimezone(UTC),
    )


def review_value(r: sqlite3.Row) -> ReviewRecord:
    return ReviewRecord(
        id=r["id"],
        card_id=r["card_id"],
        reviewed_at=datetime.fromisoformat(r["reviewed_at"]),
        day=date.fromisoformat(r["day"]),
        grade=r["grade"],
        duration_ms=r["duration_ms"],
        before=_state(
            r["ease_before"],
            r["repetitions_before"],
            r["interval_before"],
            r["extra_review_before"],
        ),
        after=_state(
            r["ease_after"], r["repetitions_after"], r["interval_after"], r["extra_review_after"]
        ),
        due_before=parse_day(r["due_before"]),
        due_after=date.fromisoformat(r["due_after"]),
        introduced_day_before=parse_day(r["introduced_day_before"]),
        last_review_before=parse_instant(r["last_review_before"]),
    )
