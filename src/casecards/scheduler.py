"""SM-2 scheduling, as a pure function from (state, grade) to the next state.

This is canonical SM-2 (P. A. Wozniak, 1990; super-memory.com, "sm2"). Where the published text
leaves a choice open, we fix it the way the independent ``sm-2`` package (open-spaced-repetition,
0.3.0) does, so that package can serve as a differential test oracle:

* Grades ``q >= 3`` update the E-Factor first, then the interval (1 day, then 6 days, then
  ``ceil(interval * EF)`` with the *new* EF). ``q == 3`` also asks for an extra review today.
* Grades ``q < 3`` restart the repetitions (``repetitions = 0``, ``interval = 0``) and leave the
  E-Factor unchanged; the card is relearned today as if it were new.
* While an extra review is pending, ``q >= 4`` clears it (the card then leaves for ``interval``
  days) and any other grade changes nothing: the review that set the flag already counted.

One deliberate difference from that package: it multiplies in floats, so ``6 * 3.0000000000000004``
ceils to 19 days where SM-2 means 18 (and even a correctly rounded float is not enough: ``200 *
2.18`` is ``436.00000000000006``, which ceils to 437). The E-Factor moves in steps of 0.02, so we
keep it in integer hundredths and compute the ceiling exactly.

The module knows nothing of clocks, databases or the rest of casecards: callers turn ``interval``
into a due date and persist the state themselves.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, replace
from typing import Final

from casecards.i18n import N_, _

__all__ = ["Grade", "Sm2State", "needs_redrill", "review"]

# The E-Factor is stored on the state as a float (what callers read and persist) but all
# arithmetic uses integer hundredths, where it is exact.
_MIN_EASE_HUNDREDTHS: Final = 130
_DEFAULT_EASE: Final = 2.5

# Grades at or above this are correct responses (SM-2 step 5: "If the quality response was lower
# than 3 then start repetitions for the item from the beginning").
_PASS: Final = 3
# Grades at or above this end the same-day extra review (SM-2 step 6: "repeat again all items
# that scored below four").
_EXTRA_REVIEW_PASS: Final = 4

# One word each, the same in the grade bar, the summary and Help; the meaning says the rest.
# 3 is a pass (Anki's "Hard"): the card moves on, after one more look today.
# English msgids, translated when read (``label``, ``meaning``).
_GRADE_LABELS: Final[dict[int, str]] = {
    0: N_("Blank"),
    1: N_("Wrong"),
    2: N_("Almost"),
    3: N_("Hard"),
    4: N_("Good"),
    5: N_("Easy"),
}
_GRADE_MEANINGS: Final[dict[int, str]] = {
    0: N_("no recall at all"),
    1: N_("wrong; the answer was familiar on seeing it"),
    2: N_("wrong; the answer seemed easy once seen"),
    3: N_("right, with serious difficulty: a pass, seen once more today"),
    4: N_("right, after a hesitation"),
    5: N_("right at once"),
}


class Grade(enum.IntEnum):
    """The six SM-2 response qualities, worst to best.

    Members compare and compute as plain ints, so ``review`` accepts either.
    """

    #: Complete blackout: no recall at all.
    BLACKOUT = 0
    #: Incorrect response, but the correct one was remembered on seeing it.
    WRONG_REMEMBERED = 1
    #: Incorrect response, but the correct one seemed easy to recall.
    WRONG_SEEMED_EASY = 2
    #: Correct response, recalled with serious difficulty.
    CORRECT_HARD = 3
    #: Correct response, after a hesitation.
    CORRECT_HESITANT = 4
    #: Perfect response.
    PERFECT = 5

    @property
    def label(self) -> str:
        """One word for this grade, in the active language: the grade bar, summary and Help."""
        return _(_GRADE_LABELS[self.value])

    @property
    def meaning(self) -> str:
        """What the grade says of the student's recall, in a few words (active language)."""
        return _(_GRADE_MEANINGS[self.value])

    @property
    def passed(self) -> bool:
        """3 and above: the card was recalled (SM-2 keeps its repetitions)."""
        return self.value >= 3


@dataclass(frozen=True, slots=True)
class Sm2State:
    """The SM-2 scheduling state of one card; immutable, so reviews return new states.

    Attributes:
        ease: The E-Factor, at least 1.3 and a whole number of hundredths (2.5 for a new card).
        repetitions: Correct reviews in a row since the card was new or last failed (SM-2 ``n``).
        interval: Days until the next review once any extra review is done; 0 means "today".
        extra_review: True when a grade-3 review still has to be followed, the same day, by one
            graded 4 or 5.

    Raises:
        ValueError: On construction, if a field has the wrong type or is out of range. ``ease``
            must be exactly representable as hundredths (``2.36`` is fine, ``2.3600000000000003``
            is not): round it first if it came out of float arithmetic.
    """

    ease: float = _DEFAULT_EASE
    repetitions: int = 0
    interval: int = 0
    extra_review: bool = False

    def __post_init__(self) -> None:
        ease: object = self.ease
        # bool is an int subclass; True as an ease (or count) is always a bug, never a value.
        if isinstance(ease, bool) or not isinstance(ease, int | float):
            raise ValueError(f"ease must be a float, got {ease!r}")
        if not math.isfinite(ease) or ease < _MIN_EASE_HUNDREDTHS / 100:
            raise ValueError(f"ease must be at least 1.3, got {ease!r}")
        if round(ease, 2) != ease:
            raise ValueError(f"ease must be a whole number of hundredths, got {ease!r}")
        # Normalise an int ease (e.g. 2) to float so equal states compare and print alike.
        object.__setattr__(self, "ease", float(ease))
        for name in ("repetitions", "interval"):
            value: object = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be an int, got {value!r}")
            if value < 0:
                raise ValueError(f"{name} must be >= 0, got {value!r}")
        if not isinstance(self.extra_review, bool):
            raise ValueError(f"extra_review must be a bool, got {self.extra_review!r}")

    @property
    def ease_hundredths(self) -> int:
        """The E-Factor as an exact integer number of hundredths (250 for 2.5)."""
        # Exact: __post_init__ guarantees ease is the float nearest to some k / 100, and
        # k / 100 * 100 lies within half a unit of k.
        return round(self.ease * 100)


def _check_grade(grade: int) -> int:
    # Reject bools and floats explicitly: review(s, True) or review(s, 4.0) would otherwise pass
    # as 1 and 4, and both are almost certainly a caller passing the wrong variable.
    if isinstance(grade, bool) or not isinstance(grade, int):
        raise ValueError(f"grade must be an int from 0 to 5, got {grade!r}")
    if not 0 <= grade <= 5:
        raise ValueError(f"grade must be from 0 to 5, got {grade!r}")
    return int(grade)


def review(state: Sm2State, grade: Grade | int) -> Sm2State:
    """Return the state after one review of a card in ``state`` graded ``grade``.

    ``grade`` is a ``Grade`` or an ``int`` from 0 to 5. The input state is never modified; the
    result is always a new ``Sm2State`` (equal to the input when the review changes nothing).
    After the review the card is due again today if ``needs_redrill(result)``, otherwise in
    ``result.interval`` days.

    Raises:
        ValueError: If ``grade`` is not an int from 0 to 5 (bools and floats are rejected).
    """
    q = _check_grade(grade)

    if state.extra_review:
        # The review that set the flag already updated EF, repetitions and interval; this one
        # only decides whether the card may leave today (as the `sm-2` package reads SM-2).
        if q >= _EXTRA_REVIEW_PASS:
            return replace(state, extra_review=False)
        return replace(state)

    if q < _PASS:
        # SM-2 step 5: restart repetitions "without changing the E-Factor".
        return Sm2State(ease=state.ease, repetitions=0, interval=0, extra_review=False)

    # EF is updated before the interval, as SM-2 step 3 reads ("after each repetition modify the
    # E-Factor"), and the new interval uses the new EF. In hundredths:
    # EF' = EF + 0.1 - (5-q)(0.08 + (5-q)0.02) becomes EF' = EF + 10 - (5-q)(8 + 2(5-q)).
    miss = 5 - q
    ease = max(_MIN_EASE_HUNDREDTHS, state.ease_hundredths + 10 - miss * (8 + 2 * miss))

    if state.repetitions == 0:
        interval = 1
    elif state.repetitions == 1:
        interval = 6
    else:
        # ceil(interval * ease / 100) in integers: exact, unlike the float product.
        interval = -(-state.interval * ease // 100)

    return Sm2State(
        ease=ease / 100,  # int / int is correctly rounded, so this is the float nearest ease/100.
        repetitions=state.repetitions + 1,
        interval=interval,
        # SM-2 step 6: a grade below 4 means the card is seen again today.
        extra_review=q < _EXTRA_REVIEW_PASS,
    )


def needs_redrill(state: Sm2State) -> bool:
    """Whether a card in ``state`` must be shown again today, before it can leave the session.

    True in two cases: the card was just failed (``repetitions == 0`` and ``interval == 0``), or a
    grade-3 review still awaits its same-day extra review (``extra_review``). A brand-new
    ``Sm2State()`` also answers True: SM-2 relearns a failed card "as if new", so the two states
    are the same.

    Otherwise the card is next due ``state.interval`` days after this review.
    """
    # In any state reached through review(), repetitions == 0 exactly when interval == 0. States
    # built by hand need not keep that, so either one counts: a card not yet passed since its last
    # failure, or one due in 0 days, is never let go for the day.
    return state.repetitions == 0 or state.interval == 0 or state.extra_review
