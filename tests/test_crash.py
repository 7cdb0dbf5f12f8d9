"""A trainer killed with SIGKILL at random moments loses no acknowledged answer.

A driver process (``drivers/answer_loop.py``) studies a deck through a real ``Session`` and
prints a line once each answer is committed; the test kills it at a random moment, many
times, and after each kill checks the store with plain SQL: SQLite's integrity check passes,
every acknowledged answer is in the log (bar undone ones), nothing is half-written (each
card holds exactly what its last logged answer set), and the next start needs no repair.

The normal suite kills it ``CASECARDS_CRASH_KILLS`` times (default 30, about 15 s); the soak
runs hundreds: ``CASECARDS_CRASH_KILLS=500 .venv/bin/pytest tests/test_crash.py``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from time import sleep

import pytest

from casecards.session import Session
from casecards.store import Store
from drivers.checks import check_store, parse_log

DRIVER = Path(__file__).parent / "drivers" / "answer_loop.py"
KILLS = int(os.environ.get("CASECARDS_CRASH_KILLS", "30"))

pytestmark = pytest.mark.slow  # dozens of trainer processes, killed


def run_and_kill(db: Path, seed: int, rng: random.Random) -> list[str]:
    """Start the driver, kill it at a random moment, return the lines it printed."""
    driver = subprocess.Popen(
        [sys.executable, str(DRIVER), "crash", str(db), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert driver.stdout is not None and driver.stderr is not None
    lines: list[str] = []
    if rng.random() < 0.25:
        # Anywhere from start-up through opening, migrating and syncing into the first answers.
        sleep(rng.uniform(0.05, 0.6))
    else:
        ready = driver.stdout.readline()
        assert ready == "ready\n", (ready, driver.stderr.read())
        lines.append(ready)
        sleep(rng.uniform(0, 0.15))  # mid-answer, mid-undo, mid-commit: anywhere
    driver.send_signal(signal.SIGKILL)
    out, err = driver.communicate()
    assert driver.returncode == -signal.SIGKILL, (driver.returncode, err)
    assert "Traceback" not in err, err
    return lines + out.splitlines()


def test_answers_acknowledged_before_a_kill_are_all_in_the_store(tmp_path: Path) -> None:
    db = tmp_path / "casecards.db"
    rng = random.Random(20240304)
    acknowledged: set[int] = set()
    undone: set[int] = set()
    answered = 0
    for kill in range(KILLS):
        lines = run_and_kill(db, seed=kill, rng=rng)
        if not db.exists():
            continue  # killed before the store was created
        acked, undoing, gone = parse_log(lines)
        answered += len(acked)
        acknowledged |= acked
        undone |= gone
        chains = check_store(db)  # integrity, chains, card = last answer
        logged = {review_id for ids in chains.values() for review_id in ids}
        # Undone answers are gone; one being undone at the kill may be either way.
        assert not logged & undone, (kill, logged & undone)
        missing = acknowledged - undone - undoing - logged
        assert not missing, (kill, sorted(missing))
        undone |= undoing - logged  # undone at the kill: it stays undone
    print(f"{KILLS} kills, {answered} answers acknowledged, {len(undone)} undone")
    assert answered > KILLS, "the driver should answer between kills; is it too slow?"

    # The next start works without any repair: open, sync, study (on a day all cards are due).
    chains = check_store(db)
    with Store.open(db) as store:
        latest = max(card.due or date.min for card in store.cards_by_id(list(chains)).values())
        now = datetime.combine(latest + timedelta(days=1), time(9), UTC)
        session = Session(store, now=now)
        item = session.next_card()
        assert item is not None
        assert session.answer(item.card_id, 4, now=now, duration_ms=1).recorded
    check_store(db)
