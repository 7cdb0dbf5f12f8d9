"""Read-only queries over the review log and the schedule, for statistics and browsing.

Each one is a single indexed query that aggregates inside SQLite, so its cost follows the
size of its answer (days, cards), not the length of the history. Ranges of days are inclusive.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from casecards.store.failures import store_error
from casecards.store.schema import CARD_COLUMNS, LAPSE, REDRILL, fetch
from casecards.store.values import (
    CardLapses,
    NoteAnswers,
    StoredCard,
    card_value,
    json_ids,
)


class HistoryQueries:
    """Mixed into ``Store``: the queries behind ``casecards.statistics`` and card browsing."""

    _conn: sqlite3.Connection
    path: Path

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        try:
            return fetch(self._conn, sql, params)
        except sqlite3.Error as exc:
            error = store_error(exc, self.path)
            if error is None:
                raise
            raise error from exc

    def reviews_per_day(self, since: date, until: date) -> dict[date, int]:
        """Answers logged on each study day from ``since`` to ``until``; days without any are
        left out."""
        rows = self._rows(
            "SELECT day, COUNT(*) AS n FROM reviews WHERE day BETWEEN ? AND ? GROUP BY day",
            (since.isoformat(), until.isoformat()),
        )
        return {date.fromisoformat(r["day"]): r["n"] for r in rows}

    def streak_ending(self, day: date) -> int:
        """Consecutive study days with at least one answer, ending on ``day`` (0 if none on it).

        Walks back one day at a time, each step one lookup in the ``reviews_day`` index.
        """
        rows = self._rows(
            "WITH RECURSIVE streak (d) AS ("
            " SELECT :day WHERE EXISTS (SELECT 1 FROM reviews WHERE day = :day)"
            " UNION ALL SELECT date(s.d, '-1 day') FROM streak s"
            " WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.day = date(s.d, '-1 day'))"
            ") SELECT COUNT(*) AS n FROM streak",
            {"day": day.isoformat()},
        )
        return int(rows[0]["n"])

    def due_counts(self, today: date, until: date) -> dict[date, int]:
        """Answered cards (the review and re-drill queues) by the study day they come up on,
        through ``until``; days with none are left out.

        Overdue and re-drill cards come up ``today``; a buried card the day after its burial
        ends. New, suspended and retired cards are not counted.
        """
        rows = self._rows(
            f"SELECT MAX(CASE WHEN {REDRILL} THEN :today ELSE c.due END, :today,"
            " COALESCE(date(c.buried_until, '+1 day'), :today)) AS day, COUNT(*) AS n"
            " FROM cards c WHERE c.status = 'active' AND c.suspended = 0"
            " AND c.introduced_day IS NOT NULL GROUP BY 1 HAVING day <= :until",
            {"today": today.isoformat(), "until": until.isoformat()},
        )
        return {date.fromisoformat(r["day"]): r["n"] for r in rows}

    def answers_by_note(self, since: date, until: date) -> tuple[NoteAnswers, ...]:
        """Per note, answers given from ``since`` to ``until`` on its cards while they were
        review cards (``repetitions_before > 0``), and how many passed (grade >= 3); by deck
        id and note id. Notes without any are left out."""
        # CROSS JOIN keeps cards as the outer loop (SQLite never reorders it): each card
        # seeks its range in reviews_card_answers, so the window is never sorted, only the
        # per-card counts (one row per card) are grouped by note.
        rows = self._rows(
            "SELECT a.deck_id, d.name AS deck_name, a.note_id, SUM(a.answered) AS answered,"
            " SUM(a.passed) AS passed FROM (SELECT c.deck_id, c.note_id, COUNT(*) AS answered,"
            "  COUNT(CASE WHEN r.grade >= 3 THEN 1 END) AS passed"
            "  FROM cards c CROSS JOIN reviews r ON r.card_id = c.id"
            "  AND r.repetitions_before > 0 AND r.day BETWEEN ? AND ? GROUP BY c.id) a"
            " JOIN decks d ON d.id = a.deck_id"
            " GROUP BY a.deck_id, a.note_id ORDER BY a.deck_id, a.note_id",
            (since.isoformat(), until.isoformat()),
        )
        return tuple(NoteAnswers(*r) for r in rows)

    def most_lapsed(self, limit: int) -> tuple[CardLapses, ...]:
        """Active cards with the most lapses (failed, grade < 3, while a review card), most
        first, then by card id; cards never lapsed are left out."""
        rows = self._rows(
            "SELECT l.card_id, l.n FROM"
            f" (SELECT card_id, COUNT(*) AS n FROM reviews WHERE {LAPSE} GROUP BY card_id) l"
            " JOIN cards c ON c.id = l.card_id WHERE c.status = 'active'"
            " ORDER BY l.n DESC, l.card_id LIMIT ?",
            (limit,),
        )
        return tuple(CardLapses(r["card_id"], r["n"]) for r in rows)

    def cards_by_id(self, card_ids: Sequence[str]) -> dict[str, StoredCard]:
        """The stored cards among ``card_ids``, in one query; unknown ids are left out."""
        rows = self._rows(
            f"SELECT {CARD_COLUMNS} FROM cards c WHERE c.id IN (SELECT value FROM json_each(?))",
            (json_ids(card_ids, "card_ids"),),
        )
        return {r["id"]: card_value(r) for r in rows}
