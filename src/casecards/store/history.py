"""Read-only queries over the review log and the schedule, for statistics and browsing.

Each one is a single query that aggregates inside SQLite and reads the log through an index
alone (never the table): a range of days, or the small slice of lapses. The statistics screen
runs them all over years of history, so they are written for a million answers (see
``docs/benchmarks.md``). Ranges of days are inclusive.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from casecards.store.failures import store_error
from casecards.store.memory import FSRS_COLUMNS, settings_of
from casecards.store.schema import CARD_COLUMNS, IN_DECKS, LAPSE, Queries, fetch
from casecards.store.values import (
    CardLapses,
    CardLeech,
    NoteAnswers,
    StoredCard,
    card_value,
    json_ids,
)


class HistoryQueries:
    """Mixed into ``Store``: the queries behind ``casecards.statistics`` and card browsing.

    The log is the learner's whole history and is counted whole; the cards coming up and
    the most-failed cards are those of the decks in use (``Store.decks_in_use``).
    """

    _conn: sqlite3.Connection
    path: Path
    decks_in_use: tuple[str, ...] | None

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        try:
            return fetch(self._conn, sql, params)
        except sqlite3.Error as exc:
            error = store_error(exc, self.path)
            if error is None:
                raise
            raise error from exc

    def _queries(self) -> Queries:
        """The queue predicates of the scheduler this store follows (its ``scheduler``)."""
        return Queries.of(settings_of(self._conn).scheduler)

    @property
    def _card_columns(self) -> str:
        """``CARD_COLUMNS``; on a store from before FSRS opened read-only (so not migrated),
        with NULL for its FSRS columns."""
        found = getattr(self, "_columns_found", None)
        if found is None:
            names = {r[1] for r in self._conn.execute("PRAGMA table_info(cards)")}
            found = CARD_COLUMNS
            if "fsrs_phase" not in names:
                for column in FSRS_COLUMNS.split(", "):
                    found = found.replace(f"c.{column}", f"NULL AS {column}")
            self._columns_found = found
        return found

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
        # A review card comes up on its due day at the earliest, so those due after ``until``
        # are dropped before grouping (the HAVING alone would group every answered card).
        # Under FSRS, its due days (``Store`` keeps each card's, ``store.memory``).
        q = self._queries()
        rows = self._rows(
            f"SELECT MAX(CASE WHEN {q.redrill} THEN :today ELSE {q.due_day} END, :today,"
            " COALESCE(date(c.buried_until, '+1 day'), :today)) AS day, COUNT(*) AS n"
            f" FROM cards c WHERE c.status = 'active' AND c.suspended = 0 AND {IN_DECKS}"
            f" AND c.introduced_day IS NOT NULL AND ({q.redrill} OR {q.due_day} <= :until)"
            " GROUP BY 1 HAVING day <= :until",
            {
                "today": today.isoformat(),
                "until": until.isoformat(),
                "decks": json_ids(self.decks_in_use),
            },
        )
        return {date.fromisoformat(r["day"]): r["n"] for r in rows}

    def answers_by_note(self, since: date, until: date) -> tuple[NoteAnswers, ...]:
        """Per note, answers given from ``since`` to ``until`` on its cards while they were
        review cards (``repetitions_before > 0``), and how many passed (grade >= 3); by deck
        id and note id. Notes without any are left out."""
        # The window first: a range of reviews_day_answers (days lead it), counted per card;
        # then only the cards answered in it are looked up for their note (CROSS JOIN keeps
        # that order). The cost follows the answers in the window, not the collection's cards
        # (each of which used to seek its own range) nor the years of log.
        rows = self._rows(
            "SELECT c.deck_id, d.name AS deck_name, c.note_id, SUM(w.answered) AS answered,"
            " SUM(w.passed) AS passed FROM (SELECT card_id, COUNT(*) AS answered,"
            "  COUNT(CASE WHEN grade >= 3 THEN 1 END) AS passed FROM reviews"
            "  WHERE repetitions_before > 0 AND day BETWEEN ? AND ? GROUP BY card_id) w"
            " CROSS JOIN cards c ON c.id = w.card_id JOIN decks d ON d.id = c.deck_id"
            " GROUP BY c.deck_id, c.note_id ORDER BY c.deck_id, c.note_id",
            (since.isoformat(), until.isoformat()),
        )
        return tuple(NoteAnswers(*r) for r in rows)

    def most_lapsed(self, limit: int) -> tuple[CardLapses, ...]:
        """Active cards of the decks in use with the most lapses (failed, grade < 3, while a
        review card), most first, then by card id; cards never lapsed are left out."""
        # Retired cards are few: their ids are set aside once, rather than looking up the
        # status of each of the tens of thousands of cards ever lapsed. A card id starts with
        # its deck id, so the deck is read from the id, without a lookup either.
        rows = self._rows(
            f"SELECT card_id, COUNT(*) AS n FROM reviews WHERE {LAPSE} GROUP BY card_id"
            " HAVING card_id NOT IN (SELECT id FROM cards WHERE status <> 'active')"
            " AND (:decks IS NULL OR substr(card_id, 1, instr(card_id, '/') - 1)"
            " IN (SELECT value FROM json_each(:decks)))"
            " ORDER BY n DESC, card_id LIMIT :limit",
            {"limit": limit, "decks": json_ids(self.decks_in_use)},
        )
        return tuple(CardLapses(r["card_id"], r["n"]) for r in rows)

    def leech_ids(self) -> frozenset[str]:
        """Every card that is a leech (one of its answers marked it), retired or not; read
        from the small ``reviews_leeches`` index."""
        rows = self._rows("SELECT DISTINCT card_id FROM reviews WHERE leech > 0")
        return frozenset(r["card_id"] for r in rows)

    def leeches(self, limit: int | None = None) -> tuple[CardLeech, ...]:
        """The active leeches of the decks in use, most lapses first, then by card id."""
        rows = self._rows(
            "SELECT m.card_id, m.since, c.suspended, (SELECT COUNT(*) FROM reviews r"
            " WHERE r.card_id = m.card_id AND r.grade < 3 AND r.repetitions_before > 0)"
            " AS lapses"
            " FROM (SELECT card_id, MIN(day) AS since FROM reviews WHERE leech > 0"
            "  GROUP BY card_id) m CROSS JOIN cards c ON c.id = m.card_id"
            f" WHERE c.status = 'active' AND {IN_DECKS}"
            " ORDER BY lapses DESC, m.card_id LIMIT :limit",
            {"limit": -1 if limit is None else limit, "decks": json_ids(self.decks_in_use)},
        )
        return tuple(
            CardLeech(
                r["card_id"], r["lapses"], bool(r["suspended"]), date.fromisoformat(r["since"])
            )
            for r in rows
        )

    def cards_by_id(self, card_ids: Sequence[str]) -> dict[str, StoredCard]:
        """The stored cards among ``card_ids``, in one query; unknown ids are left out."""
        rows = self._rows(
            f"SELECT {self._card_columns} FROM cards c"
            " WHERE c.id IN (SELECT value FROM json_each(?))",
            (json_ids(card_ids, "card_ids"),),
        )
        return {r["id"]: card_value(r) for r in rows}
