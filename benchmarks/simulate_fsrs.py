"""SM-2 against FSRS: one simulated learner studies the bundled decks for 365 days, once
with each scheduler, through the real session and store (an SQLite file in a temporary
folder). Prints reviews per day and measured retention; docs/benchmarks.md records a run.

    .venv/bin/python benchmarks/simulate_fsrs.py [--days 365] [--retention 0.90] [--seed 18]

The learner: its memory follows an FSRS-shaped forgetting curve with parameters of its own
(``LEARNER``, not the defaults FSRS schedules with: first memories last about three times
longer, and forgetting is slower), so FSRS starts with a wrong model of it, as with a real
student before ``casecards optimize``. That the learner's memory has FSRS's shape at all
favours FSRS; read the figures with that in mind. A first sight is recalled with
probability 0.6; a recalled card is graded Hard, Good or Easy (15, 75, 10 %), a forgotten
one Again (SM-2: 3, 4, 5 and 1). Every scheduler sees the same learner and the same random
draws per card and day.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import fsrs

from casecards.fsrs_scheduler import DEFAULT_PARAMETERS, Rating, format_parameters, grade_of
from casecards.library import Library
from casecards.optimize import NotEnoughReviews, fit
from casecards.session import Session
from casecards.store import Store

ROOT = Path(__file__).resolve().parent.parent
ZONE = timezone(timedelta(hours=1))
LEARNER = (
    0.6, 3.9, 6.9, 24.9, *DEFAULT_PARAMETERS[4:8], 2.2, *DEFAULT_PARAMETERS[9:20], 0.3
)  # fmt: skip
FIRST_RECALL = 0.6


@dataclass
class Run:
    scheduler: str
    answers_per_day: list[int] = field(default_factory=list)
    long_term: int = 0  # reviews on a later day than the card's previous answer
    recalled: int = 0
    last_half: list[bool] = field(default_factory=list)
    true_retention: float = 0.0  # the learner's mean recall probability on the last day

    def row(self) -> str:
        per_day = self.answers_per_day
        half = len(per_day) // 2
        return (
            f"| {self.scheduler} | {sum(per_day):,} | {statistics.mean(per_day):.1f} | "
            f"{statistics.mean(per_day[half:]):.1f} | {self.recalled / self.long_term:.1%} | "
            f"{sum(self.last_half) / len(self.last_half):.1%} | {self.true_retention:.1%} |"
        )


def simulate(
    scheduler: str, days: int, retention: float, seed: int, fit_on: int | None = None
) -> Run:
    """``fit_on``: on that day, ``casecards optimize``'s fit, kept if it predicts better."""
    truth = fsrs.Scheduler(parameters=LEARNER, enable_fuzzing=False)
    memory: dict[str, fsrs.Card] = {}
    last_day: dict[str, int] = {}
    name = f"{scheduler}" + (f" at {retention:.2f}" if scheduler == "fsrs" else "")
    run = Run(name + ("" if fit_on is None else f", optimized on day {fit_on}"))
    library = Library.load(ROOT / "decks", ROOT / "media")
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "s.db") as store:
        start = datetime(2025, 1, 6, 9, tzinfo=ZONE)
        library.sync(store, start)
        store.set_setting("scheduler", scheduler)
        store.set_setting("desired-retention", f"{retention:.2f}")
        for day in range(days):
            now = start + timedelta(days=day)
            if day == fit_on:
                try:
                    result = fit([(r.card_id, r.day, r.grade) for r in store.reviews()])
                except NotEnoughReviews as error:
                    print(f"day {day}: {error}")
                else:
                    print(f"day {day}: {result}")
                    if result.better:
                        store.set_setting("fsrs-parameters", format_parameters(result.parameters))
            session = Session(store, now=now)
            answers = 0
            while (item := session.next_card()) is not None:
                now += timedelta(seconds=20)
                # The same draw for a card on a day, whichever scheduler shows it.
                draw = random.Random(f"{seed}/{item.card_id}/{day}/{answers}")
                state = memory.get(item.card_id)
                at = now.astimezone(UTC)
                recall = FIRST_RECALL
                if state is not None:
                    recall = truth.get_card_retrievability(state, at)
                recalled = draw.random() < recall
                rating = (
                    draw.choices([Rating.HARD, Rating.GOOD, Rating.EASY], [15, 75, 10])[0]
                    if recalled
                    else Rating.AGAIN
                )
                if state is not None and last_day[item.card_id] < day:
                    run.long_term += 1
                    run.recalled += recalled
                    if day >= days // 2:
                        run.last_half.append(recalled)
                memory[item.card_id], _ = truth.review_card(
                    state or fsrs.Card(card_id=1), fsrs.Rating(int(rating)), at
                )
                last_day[item.card_id] = day
                grade = int(rating) if session.fsrs_on else grade_of(rating)
                session.answer(item.card_id, grade, now=now, duration_ms=20_000)
                answers += 1
            run.answers_per_day.append(answers)
        end = (start + timedelta(days=days)).astimezone(UTC)
        recall = [truth.get_card_retrievability(c, end) for c in memory.values()]
        run.true_retention = statistics.mean(recall)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--retention", type=float, default=0.90)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    print(
        "| scheduler | answers | per day | per day, 2nd half | retention measured | "
        "same, 2nd half | learner's recall on the last day |"
    )
    print("|---|---|---|---|---|---|---|")
    for scheduler in ("sm2", "fsrs"):
        print(simulate(scheduler, args.days, args.retention, args.seed).row(), flush=True)
    fitted = simulate("fsrs", args.days, args.retention, args.seed, fit_on=args.days // 2)
    print(fitted.row())


if __name__ == "__main__":
    main()
