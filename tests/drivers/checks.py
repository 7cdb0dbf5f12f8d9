"""What must hold in a store, whatever happened to the processes writing it: checked with
plain SQL, not with the code under test."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from casecards.scheduler import Sm2State, review
from casecards.session import MAX_DUE_DAYS

# A card's schedule, in the order of the cards table and of the log's before/after columns.
NEW = (250, 0, 0, 0, None, None, None)


def check_store(path: Path) -> dict[str, list[int]]:
    """Assert the store at ``path`` is sound and return each card's review ids, oldest first.

    Sound: SQLite's integrity and foreign-key checks pass; each card's reviews form one
    chain, every answer starting from the schedule the one before it left (so no two answers
    were computed from the same state); each answer's new state is SM-2's for its state
    before and its grade (not one computed from a stale state); and the card holds what its
    last answer set.
    """
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        cards = {
            row[0]: tuple(row[1:])
            for row in conn.execute(
                "SELECT id, ease_hundredths, repetitions, interval, extra_review, due,"
                " introduced_day, last_review FROM cards"
            )
        }
        reviews = conn.execute(
            "SELECT id, card_id, ease_before, repetitions_before, interval_before,"
            " extra_review_before, due_before, introduced_day_before, last_review_before,"
            " ease_after, repetitions_after, interval_after, extra_review_after, due_after,"
            " day, reviewed_at, grade FROM reviews ORDER BY card_id, id"
        ).fetchall()
    finally:
        conn.close()
    chains: dict[str, list[int]] = defaultdict(list)
    expected: dict[str, tuple[Any, ...]] = {}
    for review_id, card_id, *columns in reviews:
        before, after, (day, reviewed_at, grade) = columns[:7], columns[7:12], columns[12:]
        state = expected.get(card_id, NEW)
        assert tuple(before) == state, (card_id, review_id, before, state)
        sm2 = review(_state(before), grade)
        due = date.fromisoformat(day) + timedelta(days=min(sm2.interval, MAX_DUE_DAYS))
        assert (_state(after), after[4]) == (sm2, due.isoformat()), (card_id, review_id)
        introduced = state[5] or day
        expected[card_id] = (*after, introduced, reviewed_at)
        chains[card_id].append(review_id)
    for card_id, schedule in cards.items():
        assert schedule == expected.get(card_id, NEW), (card_id, schedule, expected.get(card_id))
    return dict(chains)


def parse_log(lines: list[str]) -> tuple[set[int], set[int], set[int]]:
    """Answer ids a driver acknowledged, those it was undoing, and those it undid."""
    acknowledged: set[int] = set()
    undoing: set[int] = set()
    undone: set[int] = set()
    for line in lines:
        word, *rest = line.split()
        if word == "answer":
            acknowledged.add(int(rest[0]))
        elif word == "undoing":
            undoing.add(int(rest[0]))
        elif word == "undone":
            undone.add(int(rest[0]))
    return acknowledged, undoing, undone


def _state(columns: list[Any]) -> Sm2State:
    ease, repetitions, interval, extra_review = columns[:4]
    return Sm2State(ease / 100, repetitions, interval, bool(extra_review))
