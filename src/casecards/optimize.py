"""``casecards optimize``: fit FSRS's parameters to the student's own review log.

The fit is the open-spaced-repetition project's Rust optimizer (``fsrs-rs-python``, pinned;
no PyTorch), the one Anki runs. This module turns the log into its training items, keeps
some cards aside, and judges the fit on them.

Decisions:

* Items: FSRS learns from long-term reviews, answers given on a later study day than the
  card's previous one; each is an item holding the card's answers up to it (same-day
  re-drills included in the history: the optimizer's short-term model reads them). Days are
  study days (``reviews.day``), as Anki counts them.
* Held out: one card in five (by a hash of its id, so the split is stable) is never shown to
  the fit. Log loss and RMSE (bins) of the predicted recall on those cards' reviews, the
  default parameters against the fitted ones, are the honest measure of the fit; the fitted
  ones are kept only if their log loss is lower. The parameters kept are the ones evaluated
  (fitted on four cards in five, rounded to four decimals as the setting keeps them).
* Enough reviews: ``MIN_REVIEWS`` long-term reviews. Below about 300 to 400 items the
  optimizer returns its defaults unchanged (measured on synthetic logs: the threshold
  varies with the data), and the held-out fifth must hold enough reviews for a difference
  in log loss to mean something: 1,000 gives the optimizer 800, twice its own floor, and
  the evaluation about 200.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from casecards.errors import CasecardsError
from casecards.fsrs_scheduler import (
    DEFAULT_PARAMETERS,
    FsrsConfig,
    format_parameters,
    parse_parameters,
    rating_of,
)
from casecards.i18n import _

__all__ = ["MIN_REVIEWS", "Evaluation", "Fit", "NotEnoughReviews", "fit", "training_items"]

#: Long-term reviews needed before a fit is tried (see the module's decisions).
MIN_REVIEWS: Final = 1000
#: One card in this many is held out of the fit, to evaluate it.
_HELD_OUT_EVERY: Final = 5


class NotEnoughReviews(CasecardsError):
    """Too few reviews to fit and evaluate; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well parameters predict recall on the held-out reviews (lower is better)."""

    log_loss: float
    rmse_bins: float


@dataclass(frozen=True, slots=True)
class Fit:
    reviews: int  # long-term reviews in the log
    trained_on: int
    held_out: int
    default: Evaluation
    fitted: Evaluation
    parameters: tuple[float, ...]  # fitted, rounded as the setting keeps them

    @property
    def better(self) -> bool:
        """The fitted parameters predict the held-out reviews better than the defaults."""
        return self.fitted.log_loss < self.default.log_loss


def training_items(log: Iterable[tuple[str, date, int]]) -> dict[str, list[FSRSItem]]:
    """Per card, its items: ``log`` is (card id, study day, SM-2 grade) in the order given."""
    answers: dict[str, list[tuple[date, int]]] = {}
    for card_id, day, grade in log:
        answers.setdefault(card_id, []).append((day, grade))
    items: dict[str, list[FSRSItem]] = {}
    for card_id, card_answers in answers.items():
        reviews: list[FSRSReview] = []
        previous: date | None = None
        for day, grade in card_answers:
            delta = 0 if previous is None else (day - previous).days
            reviews.append(FSRSReview(int(rating_of(grade)), delta))
            previous = day
            if delta > 0:
                items.setdefault(card_id, []).append(FSRSItem(list(reviews)))
    return items


def _held_out(card_id: str) -> bool:
    return zlib.crc32(card_id.encode()) % _HELD_OUT_EVERY == 0


def _evaluate(parameters: Sequence[float], items: Sequence[FSRSItem]) -> Evaluation:
    result = FSRS(list(parameters)).evaluate(list(items))
    return Evaluation(float(result.log_loss), float(result.rmse_bins))


def fit(log: Sequence[tuple[str, date, int]]) -> Fit:
    """Fit parameters to ``log`` (card id, study day, SM-2 grade; oldest first) and evaluate
    them against the defaults on the held-out cards.

    Raises:
        NotEnoughReviews: If the log has fewer than ``MIN_REVIEWS`` long-term reviews, or
            no held-out card among them.
    """
    items = training_items(log)
    total = sum(map(len, items.values()))
    train = [item for card, its in items.items() if not _held_out(card) for item in its]
    held = [item for card, its in items.items() if _held_out(card) for item in its]
    if total < MIN_REVIEWS or not held or not train:
        raise NotEnoughReviews(
            _(
                "{total} reviews on a later day than the card's previous answer; FSRS needs"
                " {least} to fit its parameters and check them on reviews it did not see (one"
                " card in five is held out). Nothing was changed: keep studying, and run"
                " casecards optimize again later."
            ).format(total=total, least=MIN_REVIEWS)
        )
    fitted = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(train)
    try:
        parameters = parse_parameters(format_parameters(fitted))
    except ValueError:  # outside what the fsrs package accepts: treated as no fit
        parameters = DEFAULT_PARAMETERS
    FsrsConfig(parameters)
    return Fit(
        total,
        len(train),
        len(held),
        _evaluate(DEFAULT_PARAMETERS, held),
        _evaluate(parameters, held),
        parameters,
    )
