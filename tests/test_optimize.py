"""``casecards optimize``: a synthetic log from known parameters is fitted back, judged on
held-out cards; too few reviews are refused with nothing changed."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest

from casecards.fsrs_scheduler import DEFAULT_PARAMETERS, Rating, grade_of
from casecards.optimize import MIN_REVIEWS, NotEnoughReviews, fit, training_items

# A learner whose memory is not the default one: first memories last three times longer,
# and forgetting is slower.
TRUE = (
    0.6, 3.9, 6.9, 24.9, *DEFAULT_PARAMETERS[4:8], 2.2, *DEFAULT_PARAMETERS[9:20], 0.3
)  # fmt: skip
START = date(2024, 1, 1)


def synthetic_log(cards: int, seed: int = 18) -> list[tuple[str, date, int]]:
    """Cards studied for a year by a learner who recalls as FSRS with ``TRUE`` predicts;
    reviews fall at FSRS's intervals stretched or shrunk at random, so the recall
    probabilities spread wide. One answer a day at most; the log in answer order."""
    pick = random.Random(seed)
    truth = fsrs.Scheduler(parameters=TRUE, enable_fuzzing=False, learning_steps=())
    events: list[tuple[date, int, str, int]] = []
    for n in range(cards):
        card_id = f"deck/n{n}/main"
        day = START + timedelta(days=pick.randrange(60))
        state = fsrs.Card(card_id=1)
        rating = pick.choices(list(Rating), weights=[2, 1, 6, 1])[0]
        while day < START + timedelta(days=365):
            moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
            if state.last_review is not None:
                recalled = pick.random() < truth.get_card_retrievability(state, moment)
                rating = (
                    pick.choices([Rating.HARD, Rating.GOOD, Rating.EASY], [2, 7, 1])[0]
                    if recalled
                    else Rating.AGAIN
                )
            state, _ = truth.review_card(state, fsrs.Rating(int(rating)), moment)
            events.append((day, n, card_id, grade_of(rating)))
            interval = max(1, (state.due - moment).days)
            day += timedelta(days=max(1, round(interval * pick.uniform(0.3, 3.0))))
    events.sort()
    return [(card_id, day, grade) for day, _, card_id, grade in events]


def test_items_are_the_reviews_on_a_later_day() -> None:
    day = date(2024, 1, 1)
    log = [("a", day, 4), ("a", day, 1), ("a", day + timedelta(days=2), 3), ("b", day, 5)]
    items = training_items(log)
    assert list(items) == ["a"]
    (item,) = items["a"]
    # The package's reviews show only as text.
    assert [repr(r) for r in item.reviews] == [
        "FSRSReview { rating: 3, delta_t: 0 }",
        "FSRSReview { rating: 1, delta_t: 0 }",
        "FSRSReview { rating: 2, delta_t: 2 }",
    ]


def test_a_log_from_known_parameters_is_fitted_back_and_predicts_better() -> None:
    log = synthetic_log(1500)  # about 7,800 reviews
    result = fit(log)
    assert result.reviews >= MIN_REVIEWS
    assert result.held_out > 1000 and result.trained_on > 4 * 1000
    assert result.better
    assert result.fitted.log_loss < result.default.log_loss - 0.01
    assert result.fitted.rmse_bins < result.default.rmse_bins
    # The first stabilities of the grades most first answers get (Again, Hard, Good) come
    # back within a quarter of the true ones, from defaults two to three times off.
    for index in (0, 1, 2):
        assert abs(result.parameters[index] - TRUE[index]) < 0.25 * TRUE[index], index
        assert abs(DEFAULT_PARAMETERS[index] - TRUE[index]) > 0.5 * TRUE[index], index
    # Slower forgetting (decay, the last parameter) is found too, if less closely.
    assert abs(result.parameters[20] - TRUE[20]) < abs(DEFAULT_PARAMETERS[20] - TRUE[20])


def test_too_few_reviews_are_refused() -> None:
    log = synthetic_log(40)
    with pytest.raises(NotEnoughReviews, match=r"^\d+ reviews on a later day.*needs 1000"):
        fit(log)
