"""Trainer latency on the bundled decks: one answer in the engine, and grade key → next card
painted in the headless app. Medians of many answers; run with ./scripts/bench.

The app figure runs the grade action the key is bound to and stops the clock when the next
card has been painted (the study screen's after-refresh callback); images are decoded after
that, on a thread, and do not count.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from casecards import paths
from casecards.library import Library
from casecards.session import Session
from casecards.store import Store


def engine(library: Library, answers: int) -> list[float]:
    """Seconds per answer: grade → stored → next card chosen."""
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "b.db") as store:
        now = datetime.now().astimezone()
        library.sync(store, now)
        session = Session(store, now=now, new_per_day=10_000)
        timings = []
        for _ in range(answers):
            item = session.next_card()
            if item is None:
                break
            started = time.perf_counter()
            session.answer(item.card_id, 4, now=now, duration_ms=1000)
            session.next_card()
            timings.append(time.perf_counter() - started)
        return timings


async def app(library: Library, answers: int) -> list[float]:
    """Seconds from a grade key to the next card painted, in the headless app."""
    from casecards.tui.app import CasecardsApp
    from casecards.tui.screens.study import Phase, StudyScreen

    timings = []
    with tempfile.TemporaryDirectory() as folder:
        now = datetime.now().astimezone()
        application = CasecardsApp(
            library,
            Path(folder) / "b.db",
            deck_ids=[d.id for d in library.decks],
            clock=lambda: now,
        )
        async with application.run_test(size=(120, 40)) as pilot:
            for _ in range(3):
                await application.workers.wait_for_complete()
                await pilot.pause()
            screen = application.screen
            assert isinstance(screen, StudyScreen)
            for _ in range(answers):
                screen.action_reveal()
                await application.workers.wait_for_complete()
                await pilot.pause()
                if screen.phase is not Phase.ANSWER:
                    break
                started = time.perf_counter()
                screen.action_grade(4)  # what the "4" key runs
                while screen.painted_at < started:
                    await asyncio.sleep(0.0005)
                timings.append(screen.painted_at - started)
                await application.workers.wait_for_complete()
    return timings


def report(name: str, timings: list[float]) -> None:
    ms = sorted(t * 1000 for t in timings)
    p90 = ms[int(len(ms) * 0.9) - 1] if ms else float("nan")
    print(f"{name:<44} n={len(ms):>4}  median {statistics.median(ms):7.2f} ms  p90 {p90:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer answers")
    args = parser.parse_args()
    answers = 40 if args.quick else 200
    decks = paths.default_decks_dir()
    library = Library.load(decks, paths.media_beside(decks))
    print(f"bundled decks: {len(library.decks)} decks, {len(library.cards)} cards")
    report("engine: answer -> stored -> next chosen", engine(library, answers))
    report("app: grade key -> next card painted", asyncio.run(app(library, answers // 2)))


if __name__ == "__main__":
    main()
