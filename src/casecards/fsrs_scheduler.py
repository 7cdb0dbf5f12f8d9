"""FSRS scheduling, beside SM-2: a thin typed adapter over the pinned ``fsrs`` package.

The package (py-fsrs, open-spaced-repetition) does all the arithmetic: this module only turns
our values into its ``Card`` and back, so that a card's FSRS state here is, field for field,
the one the package computes for the same answers at the same instants (a test replays logs
through both).

Decisions:

* A card's FSRS memory state is a function of its review log: ``replay`` feeds every answer,
  oldest first, to ``fsrs.Scheduler.review_card``. So switching to FSRS computes each card's
  state from its own history, whichever scheduler chose the days it was answered on, and no
  answer is ever rewritten. Fuzzing is off: a random fuzz could not be replayed, and the
  doctor could not check a state against its log.
* The log keeps SM-2 grades (0 to 5). Anki's four grades map onto them one to one: Again 1,
  Hard 3, Good 4, Easy 5 (``grade_of``); and back, every SM-2 grade onto one of the four
  (``rating_of``: 0 to 2 are Again, a failure). So an FSRS answer reads back as itself, and a
  typed card's suggested 0-5 quality becomes the grade it suggests under FSRS.
* Short-term steps are the package's (learning 1 min and 10 min, relearning 10 min): a card in
  Learning or Relearning is due minutes from now, which the session serves as a re-drill.
* Like the rest of the core, no clock: every instant is an argument (timezone-aware; the
  package works in UTC, so instants are converted on the way in).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Final

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS as _PACKAGE_DEFAULTS

from casecards.i18n import N_, _

__all__ = [
    "DEFAULT_PARAMETERS",
    "DEFAULT_RETENTION",
    "FsrsConfig",
    "FsrsState",
    "Phase",
    "Rating",
    "due_day",
    "format_parameters",
    "grade_of",
    "needs_redrill",
    "next_states",
    "parse_parameters",
    "rating_of",
    "replay",
    "retrievability",
    "review",
]

#: The package's default parameters: what FSRS uses until the student fits their own.
DEFAULT_PARAMETERS: Final[tuple[float, ...]] = tuple(_PACKAGE_DEFAULTS)
DEFAULT_RETENTION: Final = 0.9
#: Intervals are capped at a century, as SM-2's due days are (``session.MAX_DUE_DAYS``).
MAX_INTERVAL: Final = 36_500


class Rating(enum.IntEnum):
    """Anki's four grades, as FSRS takes them."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        """Anki's word for the grade, in the active language (Again, Hard, Good, Easy)."""
        return _(_RATING_LABELS[self])

    @property
    def passed(self) -> bool:
        return self is not Rating.AGAIN


#: English msgids (Anki's French: À revoir, Difficile, Correct, Facile).
_RATING_LABELS: Final = {
    Rating.AGAIN: N_("Again"),
    Rating.HARD: N_("Hard"),
    Rating.GOOD: N_("Good"),
    Rating.EASY: N_("Easy"),
}


class Phase(enum.IntEnum):
    """The package's ``State``: short-term steps (Learning, Relearning) or long-term Review."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


_GRADE_OF: Final = {Rating.AGAIN: 1, Rating.HARD: 3, Rating.GOOD: 4, Rating.EASY: 5}


def grade_of(rating: Rating) -> int:
    """The SM-2 grade the log keeps for an FSRS answer (Again 1, Hard 3, Good 4, Easy 5)."""
    return _GRADE_OF[Rating(rating)]


def rating_of(grade: int) -> Rating:
    """The FSRS grade of an SM-2 grade: 0-2 Again (a failure), 3 Hard, 4 Good, 5 Easy."""
    if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 5:
        raise ValueError(f"grade must be an int from 0 to 5, got {grade!r}")
    return Rating.AGAIN if grade < 3 else Rating(grade - 1)


@dataclass(frozen=True, slots=True)
class FsrsConfig:
    """The parameters (21 numbers; the package's defaults unless fitted) and the desired
    retention (0.70 to 0.99) FSRS schedules with."""

    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    desired_retention: float = DEFAULT_RETENTION

    def __post_init__(self) -> None:
        if not 0.7 <= self.desired_retention <= 0.99:
            raise ValueError(
                f"desired retention must be from 0.70 to 0.99, got {self.desired_retention}"
            )
        _scheduler(self)  # the package validates the parameters (count and bounds)

    @property
    def fitted(self) -> bool:
        return self.parameters != DEFAULT_PARAMETERS


@lru_cache(maxsize=8)
def _scheduler(config: FsrsConfig) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        parameters=config.parameters,
        desired_retention=config.desired_retention,
        maximum_interval=MAX_INTERVAL,
        enable_fuzzing=False,
    )


@dataclass(frozen=True, slots=True)
class FsrsState:
    """One card's FSRS state after at least one answer: the package's ``Card`` minus its id.

    ``due`` and ``last_review`` are UTC instants; ``step`` is None in Review.
    """

    phase: Phase
    step: int | None
    stability: float
    difficulty: float
    due: datetime
    last_review: datetime

    def to_card(self) -> fsrs.Card:
        return fsrs.Card(
            card_id=0,
            state=fsrs.State(int(self.phase)),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    @classmethod
    def from_card(cls, card: fsrs.Card) -> FsrsState:
        assert card.stability is not None and card.difficulty is not None
        assert card.last_review is not None
        return cls(
            Phase(int(card.state)),
            card.step,
            float(card.stability),
            float(card.difficulty),
            card.due,
            card.last_review,
        )


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got {moment!r}")
    return moment.astimezone(UTC)


def review(
    state: FsrsState | None, rating: Rating | int, at: datetime, config: FsrsConfig
) -> FsrsState:
    """The state after answering ``rating`` at ``at`` a card in ``state`` (None: new)."""
    card = fsrs.Card(card_id=0, due=_utc(at)) if state is None else state.to_card()
    after, _ = _scheduler(config).review_card(card, fsrs.Rating(int(Rating(rating))), _utc(at))
    return FsrsState.from_card(after)


def replay(answers: Iterable[tuple[int, datetime]], config: FsrsConfig) -> FsrsState | None:
    """A card's state from its log: ``(SM-2 grade, instant)`` pairs, oldest first; None when
    there are none."""
    state: FsrsState | None = None
    for grade, at in answers:
        state = review(state, rating_of(grade), at, config)
    return state


def needs_redrill(state: FsrsState) -> bool:
    """In a short-term step (Learning or Relearning): due within minutes, so the session shows
    the card again today, as SM-2's re-drill does."""
    return state.phase is not Phase.REVIEW


def due_day(state: FsrsState, day: date) -> date:
    """The study day a card answered on study day ``day`` falls due: ``day`` itself while in
    a short-term step, else ``day`` plus the whole days of its interval."""
    if needs_redrill(state):
        return day
    return day + timedelta(days=(state.due - state.last_review).days)


def next_states(
    state: FsrsState | None, at: datetime, config: FsrsConfig
) -> dict[Rating, FsrsState]:
    """What each of the four grades would make of the card at ``at`` (the grade bar)."""
    return {rating: review(state, rating, at, config) for rating in Rating}


def retrievability(state: FsrsState, at: datetime, config: FsrsConfig) -> float:
    """The predicted probability of recall at ``at`` (the package's, whole days elapsed)."""
    value = _scheduler(config).get_card_retrievability(state.to_card(), _utc(at))
    return float(value) if math.isfinite(value) else 0.0


def parse_parameters(text: str) -> tuple[float, ...]:
    """Parameters as a setting keeps them (numbers separated by commas); ValueError if they
    are not numbers the package accepts."""
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise ValueError(f"not numbers separated by commas: {text!r}") from None
    FsrsConfig(values)
    return values


def format_parameters(values: Sequence[float]) -> str:
    """Parameters as a setting keeps them: four decimals, as Anki shows them."""
    return ",".join(f"{v:.4f}".rstrip("0").rstrip(".") or "0" for v in values)
