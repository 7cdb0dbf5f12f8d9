"""Each card's FSRS state, kept on the card and computed from its review log.

Under FSRS the session answers a card from the state on its row (``cards.fsrs_*``) and
writes the next one with the answer. That row is a copy of what the log implies: whenever
what FSRS computes changes (the scheduler switched to FSRS, another desired retention or
parameters, an undo, a doctor's repair), ``refresh`` replays the log of the cards concerned
through ``fsrs_scheduler.replay``. Switching to SM-2 drops the copy; switching back to
FSRS computes it afresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime

from casecards.fsrs_scheduler import FsrsState, due_day, replay
from casecards.settings import SchedulerKind, StudySettings

#: The FSRS columns of ``cards``, in the order ``state_values`` gives them.
FSRS_COLUMNS = "fsrs_phase, fsrs_step, fsrs_stability, fsrs_difficulty, fsrs_due, fsrs_due_day"


def state_values(state: FsrsState | None, day: date | None) -> tuple[object, ...]:
    """The FSRS columns of a card in ``state``, answered last on study day ``day``."""
    if state is None or day is None:
        return (None,) * 6
    return (
        int(state.phase),
        state.step,
        state.stability,
        state.difficulty,
        state.due.isoformat(),
        due_day(state, day).isoformat(),
    )


def settings_of(conn: sqlite3.Connection) -> StudySettings:
    try:
        rows = conn.execute("SELECT key, value FROM settings").fetchall()
    except sqlite3.OperationalError:  # a store older than its settings table
        rows = []
    return StudySettings.from_stored(dict(rows))


def refresh(conn: sqlite3.Connection, card_ids: Sequence[str] | None = None) -> int:
    """Inside a write transaction: set the FSRS columns of ``card_ids`` (None: every card)
    to what their logs imply, if the store's scheduler is FSRS; return the cards set."""
    settings = settings_of(conn)
    if settings.scheduler is not SchedulerKind.FSRS:
        if card_ids is None:  # switched to SM-2: the copy is dropped, not left to go stale
            nulls = ", ".join("NULL" for _ in range(6))
            conn.execute(f"UPDATE cards SET ({FSRS_COLUMNS}) = ({nulls})")
        return 0
    if card_ids is None:
        ids = [r[0] for r in conn.execute("SELECT id FROM cards")]
        rows = conn.execute(
            "SELECT card_id, grade, reviewed_at, day FROM reviews ORDER BY card_id, id"
        ).fetchall()
    else:
        ids = list(card_ids)
        rows = [
            row
            for card_id in ids
            for row in conn.execute(
                "SELECT card_id, grade, reviewed_at, day FROM reviews WHERE card_id = ?"
                " ORDER BY id",
                (card_id,),
            )
        ]
    logs: dict[str, list[tuple[int, datetime]]] = {card_id: [] for card_id in ids}
    last_day: dict[str, date] = {}
    for card_id, grade, reviewed_at, day in rows:
        logs.setdefault(card_id, []).append((grade, datetime.fromisoformat(reviewed_at)))
        last_day[card_id] = date.fromisoformat(day)
    conn.executemany(
        f"UPDATE cards SET ({FSRS_COLUMNS}) = (?, ?, ?, ?, ?, ?) WHERE id = ?",
        [
            (*state_values(replay(log, settings.fsrs), last_day.get(card_id)), card_id)
            for card_id, log in logs.items()
        ],
    )
    return len(logs)
