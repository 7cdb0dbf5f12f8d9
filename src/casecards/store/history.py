"""Read-only queries over the review log and the schedule, for statistics and browsing.

Each one is a single query that aggregates inside SQLite and reads the log through an index
alone (never the table): a range of days, or the small slice of lapses. The statistics screen
runs them all over years of history, so they are written for a million answers (see
``docs/benchmarks.md``). Ranges of days are inclusive.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from casecards.store.failures import store_error
from casecards.store.memory import FSRS_COLUMNS, settings_of
from casecards.store.schema import (
    AFTER_BURIAL,
    CARD_COLUMNS,
    FORECAST,
    IN_DECKS,
    REDRILL,
    Queries,
    fetch,
)
from casecards.store.values import (
    CardLapses,
    CardLeech,
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

    def _tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """All rows of ``sql`` as plain tuples: for the queries returning thousands of rows."""
        try:
            return self._conn.execute(sql, params).fetchall()
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
            "SELECT day, answers FROM daily_summary WHERE day BETWEEN ? AND ?",
            (since.isoformat(), until.isoformat()),
        )
        return {date.fromisoformat(r["day"]): r["answers"] for r in rows}

    def answer_totals(self) -> tuple[int, date | None]:
        """Every answer ever logged, and the study day of the first one (None: no answer)."""
        row = self._rows("SELECT SUM(answers) AS n, MIN(day) AS first FROM daily_summary")[0]
        first = row["first"]
        return int(row["n"] or 0), None if first is None else date.fromisoformat(first)

    def streak_ending(self, day: date) -> int:
        """Consecutive study days with at least one answer, ending on ``day`` (0 if none on it).

        Walks back one day at a time, each step one lookup in ``daily_summary``.
        """
        rows = self._rows(
            "WITH RECURSIVE streak (d) AS ("
            " SELECT :day WHERE EXISTS (SELECT 1 FROM daily_summary WHERE day = :day)"
            " UNION ALL SELECT date(s.d, '-1 day') FROM streak s"
            " WHERE EXISTS (SELECT 1 FROM daily_summary WHERE day = date(s.d, '-1 day'))"
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
        params = {
            "today": today.isoformat(),
            "until": until.isoformat(),
            "decks": json_ids(self.decks_in_use),
        }
        q = self._queries()
        if q.due_day != "c.due":
            # Under FSRS, its due days (``Store`` keeps each card's, ``store.memory``). A
            # review card comes up on its due day at the earliest, so those due after
            # ``until`` are dropped before grouping.
            rows = self._rows(
                f"SELECT MAX(CASE WHEN {q.redrill} THEN :today ELSE {q.due_day} END, :today,"
                f" {AFTER_BURIAL}) AS day, COUNT(*) AS n"
                f" FROM cards c WHERE c.status = 'active' AND c.suspended = 0 AND {IN_DECKS}"
                f" AND c.introduced_day IS NOT NULL AND ({q.redrill} OR {q.due_day} <= :until)"
                " GROUP BY 1 HAVING day <= :until",
                params,
            )
            return {date.fromisoformat(r["day"]): r["n"] for r in rows}
        # SM-2: two partial indexes: the re-drill cards, a handful (read in the order of
        # cards_redrill, which makes SQLite take it), and the review cards due through
        # ``until``, read from cards_forecast alone: cards due later are never read.
        rows = self._rows(
            "SELECT day, SUM(n) AS n FROM ("
            " SELECT day, COUNT(*) AS n FROM ("
            f"  SELECT MAX(:today, {AFTER_BURIAL}) AS day FROM cards c WHERE {REDRILL}"
            f"  AND c.status = 'active' AND c.suspended = 0 AND {IN_DECKS}"
            "  ORDER BY c.last_review, c.id) AS redrill GROUP BY day"
            " UNION ALL"
            f" SELECT MAX(c.due, :today, {AFTER_BURIAL}) AS day, COUNT(*) AS n FROM cards c"
            f" WHERE {FORECAST} AND c.due <= :until AND {IN_DECKS} GROUP BY 1"
            ") AS queues GROUP BY day HAVING day <= :until",
            params,
        )
        return {date.fromisoformat(r["day"]): r["n"] for r in rows}

    def answers_by_note(self, since: date, until: date) -> dict[tuple[str, str], tuple[int, int]]:
        """Per note, by (deck id, note id): the answers given from ``since`` to ``until`` on
        its cards while they were review cards (``repetitions_before > 0``), and how many
        passed (grade >= 3). Notes without any are left out."""
        # The window of reviews_day_answers (days lead it), counted per card in SQLite; a card
        # id names its deck and note (``cards.card_id``), so no card is looked up. The cost
        # follows the answers in the window, never the years of log nor the cards; plain
        # tuples and dicts, as a month of a large collection is ten thousand notes.
        per_card = self._tuples(
            "SELECT card_id, COUNT(*), COUNT(CASE WHEN grade >= 3 THEN 1 END) FROM reviews"
            " WHERE repetitions_before > 0 AND day BETWEEN ? AND ? GROUP BY card_id",
            (since.isoformat(), until.isoformat()),
        )
        notes: dict[tuple[str, str], tuple[int, int]] = {}
        for card_id, answered, passed in per_card:
            deck_id, _, rest = card_id.partition("/")
            key = (deck_id, rest.rpartition("/")[0])
            counts = notes.get(key)
            notes[key] = (
                (answered, passed) if counts is None else (counts[0] + answered, counts[1] + passed)
            )
        return notes

    def retention_sums(
        self, since: date, until: date, decks: Mapping[str, str]
    ) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]] | None:
        """The answers on review cards from ``since`` to ``until`` and how many passed, as
        ``answers_by_note`` counts them, summed by deck id and by tag (tags as the notes have
        them now), from the log's sums per day (migration 0008): a row per day and deck or
        tag, whatever the size of the history. Decks and tags without any are left out.

        ``decks``: the decks loaded now, id -> file hash. The tags are those the store read
        at sync; None when they may not be the loaded decks' (a deck loaded but not synced
        since its file changed, tags kept of a deck not loaded now) or the store has no sums
        (an older schema opened read-only): then count ``answers_by_note`` with the decks'
        own notes.
        """
        if not self._has_retention_sums():
            return None
        loaded = json_ids(list(decks))
        synced = dict(
            self._tuples(
                "SELECT id, tags_hash FROM decks WHERE id IN (SELECT value FROM json_each(?))",
                (loaded,),
            )
        )
        others = self._tuples(
            "SELECT 1 FROM decks d WHERE d.id NOT IN (SELECT value FROM json_each(?))"
            " AND EXISTS (SELECT 1 FROM note_tags t WHERE t.deck_id = d.id) LIMIT 1",
            (loaded,),
        )
        if others or synced != dict(decks):
            return None
        window = (since.isoformat(), until.isoformat())
        by_deck = self._tuples(
            "SELECT deck_id, SUM(answers), SUM(passed) FROM daily_deck"
            " WHERE day BETWEEN ? AND ? GROUP BY deck_id",
            window,
        )
        by_tag = self._tuples(
            "SELECT tag, SUM(answers), SUM(passed) FROM daily_tag"
            " WHERE day BETWEEN ? AND ? GROUP BY tag",
            window,
        )
        return (
            {deck_id: (answered, passed) for deck_id, answered, passed in by_deck},
            {tag: (answered, passed) for tag, answered, passed in by_tag},
        )

    def _has_retention_sums(self) -> bool:
        found = getattr(self, "_retention_sums_found", None)
        if found is None:
            found = bool(
                self._tuples("SELECT 1 FROM sqlite_master WHERE name = 'daily_tag' LIMIT 1")
            )
            self._retention_sums_found = found
        return found

    def deck_names(self) -> dict[str, str]:
        """The name of every deck the store knows, retired or not, by id."""
        return dict(self._tuples("SELECT id, name FROM decks"))

    def most_lapsed(self, limit: int) -> tuple[CardLapses, ...]:
        """Active cards of the decks in use with the most lapses (failed, grade < 3, while a
        review card), most first, then by card id; cards never lapsed are left out."""
        # card_lapses_most in its order, each card looked up (a correlated EXISTS: a join
        # would have SQLite filter every card first) until ``limit`` are found: the cost
        # follows the cards passed over (retired, or of a deck not in use), neither the log
        # nor the cards ever lapsed.
        rows = self._rows(
            "SELECT l.card_id, l.lapses FROM card_lapses l WHERE EXISTS (SELECT 1 FROM cards c"
            f" WHERE c.id = l.card_id AND c.status = 'active' AND {IN_DECKS})"
            " ORDER BY l.lapses DESC, l.card_id LIMIT :limit",
            {"limit": limit, "decks": json_ids(self.decks_in_use)},
        )
        return tuple(CardLapses(r["card_id"], r["lapses"]) for r in rows)

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
