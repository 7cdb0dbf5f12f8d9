"""The schema, its migrations, and the SQL fragments the queries share.

Migrations are applied in order on open and recorded in ``_sqlite_migrations``; a migration,
once released, is never edited: a change to the schema is a new migration.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlite_utils import Database, Migrations

from casecards.settings import SchedulerKind

MIGRATIONS: Final = Migrations("casecards")


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    # Cards are never deleted (retired instead), so reviews can always point at their card.
    # reviews.id is AUTOINCREMENT: undo deletes the newest row, and its id must not be reused.
    db.executescript(
        """
        CREATE TABLE decks (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL,
            file_hash TEXT NOT NULL, synced_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired'))
        );
        CREATE TABLE cards (
            id TEXT PRIMARY KEY,  -- deck_id/note_id/part
            deck_id TEXT NOT NULL REFERENCES decks (id), note_id TEXT NOT NULL,
            part TEXT NOT NULL, kind TEXT NOT NULL, position INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
            suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
            buried_until TEXT,  -- study day through which the card stays hidden
            ease_hundredths INTEGER NOT NULL DEFAULT 250, repetitions INTEGER NOT NULL DEFAULT 0,
            interval INTEGER NOT NULL DEFAULT 0,
            extra_review INTEGER NOT NULL DEFAULT 0 CHECK (extra_review IN (0, 1)),
            due TEXT, introduced_day TEXT,  -- study days; NULL while new
            last_review TEXT
        );
        CREATE INDEX cards_deck_due ON cards (deck_id, due);
        CREATE INDEX cards_deck_position ON cards (deck_id, position);
        CREATE INDEX cards_introduced_day ON cards (introduced_day);
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL REFERENCES cards (id),
            reviewed_at TEXT NOT NULL, day TEXT NOT NULL,
            grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
            duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
            ease_before INTEGER NOT NULL, repetitions_before INTEGER NOT NULL,
            interval_before INTEGER NOT NULL, extra_review_before INTEGER NOT NULL,
            due_before TEXT, introduced_day_before TEXT, last_review_before TEXT,
            ease_after INTEGER NOT NULL, repetitions_after INTEGER NOT NULL,
            interval_after INTEGER NOT NULL, extra_review_after INTEGER NOT NULL,
            due_after TEXT NOT NULL
        );
        CREATE INDEX reviews_day ON reviews (day);
        CREATE INDEX reviews_card ON reviews (card_id);
        """
    )


@MIGRATIONS(name="0002_history_indexes")
def _history_indexes(db: Database) -> None:
    # The statistics read the log of years of study (a million answers must stay fast), so
    # each of their queries reads one index and never the table:
    # - retention walks the cards and, per card, the range of days of its review-card answers
    #   (grouping by card this way needs no sort of the window, however many answers it has);
    # - the most-failed cards count lapses, a small slice of the log, kept in a partial index
    #   (its columns repeat its condition: SQLite only reads an index alone if it covers them).
    db.executescript(
        """
        CREATE INDEX reviews_card_answers ON reviews (card_id, day, grade, repetitions_before)
            WHERE repetitions_before > 0;
        CREATE INDEX reviews_lapses ON reviews (card_id, grade, repetitions_before)
            WHERE grade < 3 AND repetitions_before > 0;
        """
    )


@MIGRATIONS(name="0003_session_indexes")
def _session_indexes(db: Database) -> None:
    # A session starts by choosing each deck's first new cards and the cards left to re-drill;
    # a collection studied for years has thousands of new cards and tens of thousands of
    # answered ones, so each choice reads a small partial index instead of the cards:
    # - new cards in deck order, with the columns that decide visibility (the index alone
    #   answers "the next N visible new cards of this deck");
    # - re-drill cards, a handful at any time (the condition is REDRILL's, word for word);
    # - due reviews, a day's worth among all answered cards, by due day (cards_deck_due
    #   serves one deck; a session over every deck needs the day first).
    db.executescript(
        """
        CREATE INDEX cards_due ON cards (due);
        CREATE INDEX cards_new ON cards (deck_id, position, status, suspended, buried_until)
            WHERE introduced_day IS NULL;
        CREATE INDEX cards_redrill ON cards (last_review, id)
            WHERE introduced_day IS NOT NULL
                AND (repetitions = 0 OR interval = 0 OR extra_review = 1);
        """
    )


@MIGRATIONS(name="0004_retention_by_day")
def _retention_by_day(db: Database) -> None:
    # Retention reads the window of days first (a month of a log of years), counting per
    # card, and only then looks up the cards answered in it; days lead the index it reads.
    # It replaces reviews_card_answers (card first), which nothing else reads. The condition
    # column is repeated so that SQLite reads the index alone.
    db.executescript(
        """
        DROP INDEX reviews_card_answers;
        CREATE INDEX reviews_day_answers ON reviews (day, card_id, grade, repetitions_before)
            WHERE repetitions_before > 0;
        """
    )


@MIGRATIONS(name="0005_daily_summary")
def _daily_summary(db: Database) -> None:
    # Statistics read years of history on every open; these tables hold the log's sums, so
    # that the calendar, the streak, the day's and the window's answers and the most-failed
    # cards read a row per day or per card instead of every answer:
    # - daily_summary: per study day, the answers logged, and those on review cards
    #   (repetitions_before > 0) with how many passed (grade >= 3);
    # - card_lapses: per card, its lapses (grade < 3 on a review card), most first in an index.
    # And the forecast reads the review cards due in its 30 days from cards_forecast alone
    # (its condition is FORECAST's, word for word; its columns repeat it, for the same reason
    # as reviews_lapses): the cards due later, new or hidden are never read.
    # Triggers on the log keep both exact whoever writes it (answers, undo, the repairs of
    # doctor, a history moved to a renamed note): a row added counts once, a row removed is
    # taken back, a row changed is both; a row of counts falling to zero goes. Both tables
    # are built here from the log as it is. No CHECK on the counts: a statistic gone wrong
    # must never stop an answer from being written.

    def add(row: str) -> str:
        return f"""
            INSERT INTO daily_summary (day, answers, review_answers, review_passed)
                VALUES ({row}.day, 1, {row}.repetitions_before > 0,
                    {row}.repetitions_before > 0 AND {row}.grade >= 3)
                ON CONFLICT (day) DO UPDATE SET answers = answers + 1,
                    review_answers = review_answers + excluded.review_answers,
                    review_passed = review_passed + excluded.review_passed;
            INSERT INTO card_lapses (card_id, lapses) SELECT {row}.card_id, 1
                WHERE {row}.grade < 3 AND {row}.repetitions_before > 0
                ON CONFLICT (card_id) DO UPDATE SET lapses = lapses + 1;"""

    def take_back(row: str) -> str:
        lapse = f"{row}.grade < 3 AND {row}.repetitions_before > 0"
        return f"""
            DELETE FROM daily_summary WHERE day = {row}.day AND answers = 1;
            UPDATE daily_summary SET answers = answers - 1,
                review_answers = review_answers - ({row}.repetitions_before > 0),
                review_passed = review_passed
                    - ({row}.repetitions_before > 0 AND {row}.grade >= 3)
                WHERE day = {row}.day;
            DELETE FROM card_lapses WHERE card_id = {row}.card_id AND lapses = 1 AND {lapse};
            UPDATE card_lapses SET lapses = lapses - 1 WHERE card_id = {row}.card_id AND {lapse};"""

    db.executescript(
        f"""
        CREATE TABLE daily_summary (
            day TEXT PRIMARY KEY, answers INTEGER NOT NULL,
            review_answers INTEGER NOT NULL, review_passed INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE card_lapses (
            card_id TEXT PRIMARY KEY, lapses INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX card_lapses_most ON card_lapses (lapses DESC, card_id);
        CREATE INDEX cards_forecast ON cards (due, deck_id, buried_until, status, suspended,
                introduced_day, repetitions, interval, extra_review)
            WHERE status = 'active' AND suspended = 0 AND introduced_day IS NOT NULL
                AND NOT (repetitions = 0 OR interval = 0 OR extra_review = 1);
        INSERT INTO daily_summary (day, answers, review_answers, review_passed)
            SELECT day, COUNT(*), COUNT(CASE WHEN repetitions_before > 0 THEN 1 END),
                COUNT(CASE WHEN repetitions_before > 0 AND grade >= 3 THEN 1 END)
            FROM reviews GROUP BY day;
        INSERT INTO card_lapses (card_id, lapses)
            SELECT card_id, COUNT(*) FROM reviews
            WHERE grade < 3 AND repetitions_before > 0 GROUP BY card_id;
        CREATE TRIGGER reviews_summary_insert AFTER INSERT ON reviews BEGIN
            {add("NEW")}
        END;
        CREATE TRIGGER reviews_summary_delete AFTER DELETE ON reviews BEGIN
            {take_back("OLD")}
        END;
        CREATE TRIGGER reviews_summary_update
            AFTER UPDATE OF card_id, day, grade, repetitions_before ON reviews BEGIN
            {take_back("OLD")}
            {add("NEW")}
        END;
        """
    )


@MIGRATIONS(name="0006_settings_leeches_practice")
def _settings_leeches_practice(db: Database) -> None:
    # Issue 15. Three small things that travel with the progress:
    # - settings: what changes scheduling (new cards per day, leeches), as text keyed by the
    #   setting's name (``casecards.settings`` validates; display preferences are elsewhere);
    # - reviews.leech: what an answer did when it made its card a leech (1: marked; 2: marked
    #   and suspended), so undoing that answer takes exactly that back; a card is a leech
    #   while one of its answers says so. A handful of rows: a partial index holds them (its
    #   columns repeat its condition, so that SQLite reads it alone);
    # - practice: answers given without changing any schedule (custom study's drill). A log
    #   of its own, so that nothing reading the review log (statistics, retention, streaks,
    #   the doctor's schedule chains) has to tell practice apart; AUTOINCREMENT as reviews.
    db.executescript(
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        ALTER TABLE reviews ADD COLUMN leech INTEGER NOT NULL DEFAULT 0
            CHECK (leech IN (0, 1, 2));
        CREATE INDEX reviews_leeches ON reviews (card_id, day, leech) WHERE leech > 0;
        CREATE TABLE practice (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL REFERENCES cards (id),
            reviewed_at TEXT NOT NULL, day TEXT NOT NULL,
            grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
            duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0)
        );
        CREATE INDEX practice_card ON practice (card_id);
        """
    )


@MIGRATIONS(name="0007_fsrs")
def _fsrs(db: Database) -> None:
    # Issue 18. FSRS beside SM-2: each card's FSRS state, a copy of what its review log
    # implies (``store.memory``), read only while the ``scheduler`` setting is fsrs. The SM-2
    # columns go on following every answer under FSRS too (its grade as SM-2 reads it), so
    # switching back finds them as the log implies, and the doctor's check stands as it is.
    # fsrs_phase is the package's State (1 Learning, 2 Review, 3 Relearning); fsrs_due the
    # instant it gives, fsrs_due_day that as a study day (what the queues compare). The
    # indexes mirror SM-2's for the FSRS queues: re-drill (short-term steps) and due days.
    db.executescript(
        """
        ALTER TABLE cards ADD COLUMN fsrs_phase INTEGER CHECK (fsrs_phase IN (1, 2, 3));
        ALTER TABLE cards ADD COLUMN fsrs_step INTEGER;
        ALTER TABLE cards ADD COLUMN fsrs_stability REAL;
        ALTER TABLE cards ADD COLUMN fsrs_difficulty REAL;
        ALTER TABLE cards ADD COLUMN fsrs_due TEXT;
        ALTER TABLE cards ADD COLUMN fsrs_due_day TEXT;
        CREATE INDEX cards_fsrs_due ON cards (fsrs_due_day);
        CREATE INDEX cards_fsrs_redrill ON cards (last_review, id)
            WHERE introduced_day IS NOT NULL AND fsrs_phase IN (1, 3);
        """
    )


def deck_of_card(card_id: str) -> str:
    """SQL for the deck id a card id names (``deck/note/part``: ids hold no ``/``)."""
    return f"substr({card_id}, 1, instr({card_id}, '/') - 1)"


def note_of_card(card_id: str) -> str:
    """SQL for the note id a card id names (between its first and second ``/``)."""
    rest = f"substr({card_id}, instr({card_id}, '/') + 1)"
    return f"substr({rest}, 1, instr({rest}, '/') - 1)"


@MIGRATIONS(name="0008_retention_sums")
def _retention_sums(db: Database) -> None:
    # Issue 15. Retention by deck and by tag read a row per day and deck or tag, not the
    # window's answers (a month of a large collection is 25,000 answers on 13,000 cards):
    # - daily_deck: per study day and deck (the deck its card id names), the answers on
    #   review cards (repetitions_before > 0) and those passed (grade >= 3), retention's
    #   definition; kept by triggers on the log exactly as 0005's sums are;
    # - note_tags: each note's tags, which live in the deck files: written at sync (with
    #   decks.tags_hash, the file hash they were read from; NULL: never read, so the next
    #   sync reads the deck again, which every store migrated here needs);
    # - daily_tag: per study day and tag, the same counts over the answers of the notes
    #   holding that tag now. Triggers on the log add an answer to its note's tags; triggers
    #   on note_tags add (or take back) the whole history of the note to (from) the tag, so
    #   a tag changed moves the note's history, as retention always read current tags. The
    #   note's answers are found by its card ids' range (a card id starts with deck/note/)
    #   in reviews_card_answers, back (0004 dropped it), which covers them: INDEXED BY, as
    #   with the statistics of ANALYZE SQLite prefers a skip-scan of reviews_day_answers,
    #   a seek per study day (at a million answers: 9 s for the first sync after this
    #   migration, which reads every deck's tags, against 9 minutes).
    # Rows of zero go; no CHECK on the counts (a statistic gone wrong never stops an answer).
    deck = deck_of_card
    note = note_of_card

    def add(row: str) -> str:
        return f"""
            INSERT INTO daily_deck (day, deck_id, answers, passed)
                SELECT {row}.day, {deck(f"{row}.card_id")}, 1, {row}.grade >= 3
                WHERE {row}.repetitions_before > 0
                ON CONFLICT (day, deck_id) DO UPDATE SET answers = answers + 1,
                    passed = passed + excluded.passed;
            INSERT INTO daily_tag (day, tag, answers, passed)
                SELECT {row}.day, t.tag, 1, {row}.grade >= 3 FROM note_tags t
                WHERE {row}.repetitions_before > 0
                    AND t.deck_id = {deck(f"{row}.card_id")}
                    AND t.note_id = {note(f"{row}.card_id")}
                ON CONFLICT (day, tag) DO UPDATE SET answers = answers + 1,
                    passed = passed + excluded.passed;"""

    def take_back(row: str) -> str:
        review = f"{row}.repetitions_before > 0"
        tags = (
            f"SELECT t.tag FROM note_tags t WHERE t.deck_id = {deck(f'{row}.card_id')}"
            f" AND t.note_id = {note(f'{row}.card_id')}"
        )
        return f"""
            DELETE FROM daily_deck WHERE {review} AND day = {row}.day
                AND deck_id = {deck(f"{row}.card_id")} AND answers = 1;
            UPDATE daily_deck SET answers = answers - 1, passed = passed - ({row}.grade >= 3)
                WHERE {review} AND day = {row}.day AND deck_id = {deck(f"{row}.card_id")};
            DELETE FROM daily_tag WHERE {review} AND day = {row}.day AND answers = 1
                AND tag IN ({tags});
            UPDATE daily_tag SET answers = answers - 1, passed = passed - ({row}.grade >= 3)
                WHERE {review} AND day = {row}.day AND tag IN ({tags});"""

    def note_history(row: str, sign: str) -> str:
        # The note's answers on review cards per day, added (sign "") or taken back ("-").
        first = f"{row}.deck_id || '/' || {row}.note_id || '/'"
        after = f"{row}.deck_id || '/' || {row}.note_id || '0'"  # '0' follows '/'
        return f"""
            INSERT INTO daily_tag (day, tag, answers, passed)
                SELECT r.day, {row}.tag, {sign}COUNT(*), {sign}COUNT(CASE WHEN r.grade >= 3
                    THEN 1 END)
                FROM reviews r INDEXED BY reviews_card_answers
                WHERE r.repetitions_before > 0
                    AND r.card_id > {first} AND r.card_id < {after}
                GROUP BY r.day
                ON CONFLICT (day, tag) DO UPDATE SET answers = answers + excluded.answers,
                    passed = passed + excluded.passed;
            DELETE FROM daily_tag WHERE tag = {row}.tag AND answers = 0 AND day IN (
                SELECT r.day FROM reviews r INDEXED BY reviews_card_answers
                WHERE r.repetitions_before > 0
                    AND r.card_id > {first} AND r.card_id < {after});"""

    db.executescript(
        f"""
        CREATE TABLE daily_deck (
            day TEXT NOT NULL, deck_id TEXT NOT NULL,
            answers INTEGER NOT NULL, passed INTEGER NOT NULL,
            PRIMARY KEY (day, deck_id)
        ) WITHOUT ROWID;
        CREATE TABLE daily_tag (
            day TEXT NOT NULL, tag TEXT NOT NULL,
            answers INTEGER NOT NULL, passed INTEGER NOT NULL,
            PRIMARY KEY (day, tag)
        ) WITHOUT ROWID;
        CREATE TABLE note_tags (
            deck_id TEXT NOT NULL REFERENCES decks (id), note_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            PRIMARY KEY (deck_id, note_id, tag)
        ) WITHOUT ROWID;
        ALTER TABLE decks ADD COLUMN tags_hash TEXT;
        CREATE INDEX reviews_card_answers ON reviews (card_id, day, grade, repetitions_before)
            WHERE repetitions_before > 0;
        INSERT INTO daily_deck (day, deck_id, answers, passed)
            SELECT day, {deck("card_id")}, COUNT(*), COUNT(CASE WHEN grade >= 3 THEN 1 END)
            FROM reviews WHERE repetitions_before > 0 GROUP BY 1, 2;
        CREATE TRIGGER reviews_retention_insert AFTER INSERT ON reviews BEGIN
            {add("NEW")}
        END;
        CREATE TRIGGER reviews_retention_delete AFTER DELETE ON reviews BEGIN
            {take_back("OLD")}
        END;
        CREATE TRIGGER reviews_retention_update
            AFTER UPDATE OF card_id, day, grade, repetitions_before ON reviews BEGIN
            {take_back("OLD")}
            {add("NEW")}
        END;
        CREATE TRIGGER note_tags_insert AFTER INSERT ON note_tags BEGIN
            {note_history("NEW", "")}
        END;
        CREATE TRIGGER note_tags_delete AFTER DELETE ON note_tags BEGIN
            {note_history("OLD", "-")}
        END;
        CREATE TRIGGER note_tags_update AFTER UPDATE ON note_tags BEGIN
            {note_history("OLD", "-")}
            {note_history("NEW", "")}
        END;
        """
    )


# Shared predicates over `cards c`, with :today bound to an ISO study day.
UNHIDDEN: Final = "c.suspended = 0 AND (c.buried_until IS NULL OR c.buried_until < :today)"
VISIBLE: Final = f"c.status = 'active' AND {UNHIDDEN}"
# Mirrors scheduler.needs_redrill (which cannot run inside SQL): failed and not passed since,
# due in 0 days, or awaiting its grade-3 extra review. Only answered cards qualify. The
# partial index cards_redrill repeats it: change both or neither.
REDRILL: Final = (
    "c.introduced_day IS NOT NULL AND (c.repetitions = 0 OR c.interval = 0 OR c.extra_review = 1)"
)
DUE: Final = f"c.introduced_day IS NOT NULL AND NOT ({REDRILL}) AND c.due <= :today"
# Review cards the forecast counts (shown, answered, not re-drills): the partial index
# cards_forecast repeats it word for word. The day after a burial ends, or :today.
FORECAST: Final = (
    "c.status = 'active' AND c.suspended = 0 AND c.introduced_day IS NOT NULL"
    " AND NOT (c.repetitions = 0 OR c.interval = 0 OR c.extra_review = 1)"
)
AFTER_BURIAL: Final = "COALESCE(date(c.buried_until, '+1 day'), :today)"
# The same under FSRS: a card in a short-term step (Learning, Relearning) is due within
# minutes, so it is a re-drill card; the others fall due on their FSRS due day.
FSRS_REDRILL: Final = "c.introduced_day IS NOT NULL AND c.fsrs_phase IN (1, 3)"
FSRS_DUE: Final = (
    f"c.introduced_day IS NOT NULL AND NOT ({FSRS_REDRILL}) AND c.fsrs_due_day <= :today"
)
IN_DECKS: Final = "(:decks IS NULL OR c.deck_id IN (SELECT value FROM json_each(:decks)))"
# A lapse: a review card (answered right before) failed. Matches the partial index
# reviews_lapses word for word, which is what lets SQLite use it; card_lapses counts them.
LAPSE: Final = "grade < 3 AND repetitions_before > 0"
SCHEDULE_COLUMNS: Final = (
    "ease_hundredths, repetitions, interval, extra_review, due, introduced_day, last_review"
)
LOG_COLUMNS: Final = "card_id, reviewed_at, day, grade, duration_ms"
BEFORE_COLUMNS: Final = (
    "ease_before, repetitions_before, interval_before, extra_review_before, due_before,"
    " introduced_day_before, last_review_before"
)
AFTER_COLUMNS: Final = (
    "ease_after, repetitions_after, interval_after, extra_review_after, due_after"
)
CARD_COLUMNS: Final = (
    "c.id, c.deck_id, c.note_id, c.part, c.kind, c.position, c.content_hash, c.status,"
    " c.suspended, c.buried_until, c.ease_hundredths, c.repetitions, c.interval,"
    " c.extra_review, c.due, c.introduced_day, c.last_review, c.fsrs_phase, c.fsrs_step,"
    " c.fsrs_stability, c.fsrs_difficulty, c.fsrs_due, c.fsrs_due_day"
)


#: The log's sums (migration 0005) as views over the log, for a store of an older schema
#: opened read-only (it cannot be migrated): the same figures, read the slow way.
SUMS_AS_VIEWS: Final = (
    "CREATE TEMP VIEW daily_summary AS SELECT day, COUNT(*) AS answers,"
    " COUNT(CASE WHEN repetitions_before > 0 THEN 1 END) AS review_answers,"
    " COUNT(CASE WHEN repetitions_before > 0 AND grade >= 3 THEN 1 END) AS review_passed"
    " FROM reviews GROUP BY day",
    f"CREATE TEMP VIEW card_lapses AS SELECT card_id, COUNT(*) AS lapses FROM reviews"
    f" WHERE {LAPSE} GROUP BY card_id",
)


@dataclass(frozen=True, slots=True)
class Queries:
    """The predicates and due column of the scheduler a store follows."""

    redrill: str
    due: str
    due_day: str  # the column holding the due study day

    @classmethod
    def of(cls, kind: SchedulerKind) -> Queries:
        if kind is SchedulerKind.FSRS:
            return cls(FSRS_REDRILL, FSRS_DUE, "c.fsrs_due_day")
        return cls(REDRILL, DUE, "c.due")


def migration_names() -> tuple[str, ...]:
    """Every released migration, oldest first: the schema versions this casecards knows."""
    return tuple(m.name for m in MIGRATIONS._migrations)


def unknown_migrations(db: Database) -> list[str]:
    """Migrations applied to ``db`` that this casecards does not know (a newer one wrote it)."""
    known = set(migration_names())
    return [m.name for m in MIGRATIONS.applied(db) if m.name not in known]


def fetch(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any] | dict[str, Any] = ()
) -> list[sqlite3.Row]:
    """All rows of ``sql``, as ``sqlite3.Row`` (the connection's own factory is left alone)."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()
