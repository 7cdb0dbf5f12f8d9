"""Two trainers on one store, in two real processes, answering the same cards at the same time.

Both open a new store at once (so both try to create and migrate it), build their queues
and, on a common signal, answer as fast as they can: the same cards (a race for each card),
different decks (a race for the write lock only), or overlapping ones. Neither may crash
("database is locked" or anything else), every answer either reports as recorded is in the
log, and the log of each card is one chain: no card was ever scheduled twice from the same
state.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drivers.answer_loop import CARDS
from drivers.checks import check_store, parse_log

DRIVER = Path(__file__).parent / "drivers" / "answer_loop.py"

pytestmark = pytest.mark.slow  # real processes racing


def start(db: Path, seed: int, decks: str | None, mode: str = "race") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(DRIVER), mode, str(db), str(seed), *([decks] if decks else [])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(
    "decks", [(None, None), ("alpha", "beta"), ("alpha,beta", "beta")], ids=str
)
def test_two_trainers_answering_at_once_lose_nothing_and_never_double_schedule(
    tmp_path: Path, decks: tuple[str | None, str | None]
) -> None:
    db = tmp_path / "casecards.db"
    windows = [start(db, seed, chosen) for seed, chosen in enumerate(decks)]
    for window in windows:
        assert window.stdout is not None and window.stdin is not None
        ready = window.stdout.readline()
        assert ready == "ready\n", (ready, window.communicate()[1])
    for window in windows:
        assert window.stdin is not None
        window.stdin.write("go\n")
        window.stdin.flush()
    logs = []
    for window in windows:
        out, err = window.communicate(timeout=60)
        assert window.returncode == 0 and err == "", err
        logs.append(out.splitlines())

    chains = check_store(db)  # one chain per card: no two answers from the same state
    logged = {review_id for ids in chains.values() for review_id in ids}
    recorded = [parse_log(lines)[0] for lines in logs]
    assert not recorded[0] & recorded[1]
    assert recorded[0] | recorded[1] == logged  # every recorded answer, and nothing else
    assert len(chains) == CARDS  # every card was answered, its first answer once (from NEW)
    lost = sum(line.startswith("lost ") for lines in logs for line in lines)
    print(f"answers: {[len(r) for r in recorded]}, races lost: {lost}")


def tell(window: subprocess.Popen[str], line: str) -> str:
    assert window.stdin is not None and window.stdout is not None
    window.stdin.write(line + "\n")
    window.stdin.flush()
    return window.stdout.readline().strip()


def test_two_windows_answering_the_same_card_at_the_same_moment(tmp_path: Path) -> None:
    """In lock step: both windows show their next card, then both answer at once. When it is
    the same card, exactly one answer is recorded and the other window moves on."""
    db = tmp_path / "casecards.db"
    windows = [start(db, seed, None, mode="step") for seed in (1, 2)]
    for window in windows:
        assert window.stdout is not None
        assert window.stdout.readline() == "ready\n", window.communicate()[1]
    same = steps = 0
    active = list(windows)
    while active:
        steps += 1
        assert steps < 1000, "the sessions should end"
        shown = {window: tell(window, "show") for window in active}
        active = [window for window in active if shown[window] != "done"]
        results = [tell(window, "answer") for window in active]
        if len(active) == 2 and shown[active[0]] == shown[active[1]]:  # the same card
            same += 1
            assert sorted(r.split()[0] for r in results) == ["answer", "lost"], results
        else:
            assert all(r.startswith("answer ") for r in results), (shown, results)
    for window in windows:
        window.communicate(timeout=10)
        assert window.returncode == 0
    print(f"{steps} steps, the same card in both windows {same} times")
    assert same >= 10  # the same cards came up in both windows, often
    check_store(db)
