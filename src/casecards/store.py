"""The study database: schema and migrations, deck sync, the review log, and the queries above it.

Everything above this module sees frozen values (``StoredCard``, ``ReviewRecord``, ``Stats``),
never rows or SQL. Time comes in as arguments: the store never reads the clock.

Decisions:

* SQLite through sqlite-utils: ``sqlite_utils.Migrations`` versions the schema (applied in order
  on open, recorded in ``_sqlite_migrations``). Queries go straight to the ``sqlite3`` connection
  underneath, because ``Database.query`` wraps every read in a savepoint (three statements).
* The connection runs in autocommit (``isolation_level=None``) and every write is one explicit
  ``BEGIN IMMEDIATE`` transaction, so a writer takes the lock up front and waits for
  ``busy_timeout`` instead of failing half-way when another process writes.
* The E-Factor is stored in integer hundredths (``Sm2State.ease_hundredths``), so a state read
  back equals the state written, bit for bit.
* Days are ISO dates and instants ISO-8601 with their UTC offset, as TEXT: they sort as text.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from sqlite_utils import Database, Migrations

from casecards.cards import CardKind, DeckCards
from casecards.errors import CasecardsError
from casecards.scheduler import Sm2State

__all__ = [
    "CardStatus",
    "DeckStats",
    "ReviewRecord",
    "Stats",
    "Store",
    "StoreError",
    "StoredCard",
    "SyncReport",
]

_BUSY_TIMEOUT_MS: Final = 5000
_RETENTION_DAYS: Final = 30


class StoreError(CasecardsError):
    """The study database cannot be opened or written; the message names the file."""


class CardStatus(enum.StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"  # its note or part left the deck: hidden, history kept


@dataclass(frozen=True, slots=True)
class StoredCard:
    """A card as the store knows it. ``due`` and ``introduced_day`` are None while it is new."""

    id: str
    deck_id: str
    note_id: str
    part: str
    kind: CardKind
    position: int
    content_hash: str
    status: CardStatus
    suspended: bool
    buried_until: date | None  # hidden through this study day, inclusive
    state: Sm2State
    due: date | None
    introduced_day: date | None
    last_review: datetime | None

    @property
    def is_new(self) -> bool:
        return self.introduced_day is None


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One answer in the review log, with the card's schedule before and after it."""

    id: int
    card_id: str
    reviewed_at: datetime
    day: date
    grade: int
    duration_ms: int
    before: Sm2State
    after: Sm2State
    due_before: date | None
    due_after: date
    introduced_day_before: date | None
    last_review_before: datetime | None


@dataclass(frozen=True, slots=True)
class SyncReport:
    """Card counts of one sync; ``updated`` means the content hash changed."""

    added: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0
    skipped_decks: int = 0  # decks whose file hash had not changed: their cards were not read


@dataclass(frozen=True, slots=True)
class DeckStats:
    id: str
    name: str
    new: int  # new cards still available today under the daily limit
    due: int  # reviews due today
    redrill: int  # cards that must come back the same day


@dataclass(frozen=True, slots=True)
class Stats:
    decks: tuple[DeckStats, ...]
    reviews_total: int
    reviews_today: int
    retention_30d: float | None  # None when there was no review-card answer in the window

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"decks": [{"id", "name", "new", "due", "redrill"}], ...}``."""
        return {**asdict(self), "decks": [asdict(deck) for deck in self.decks]}


def new_allowance(new_per_day: int, introduced_today: int) -> int:
    """How many more new cards a deck may introduce today."""
    return max(0, new_per_day - introduced_today)


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


# Shared predicates over `cards c`, with :today bound to an ISO study day.
_VISIBLE: Final = (
    "c.status = 'active' AND c.suspended = 0"
    " AND (c.buried_until IS NULL OR c.buried_until < :today)"
)
# Mirrors scheduler.needs_redrill (which cannot run inside SQL): failed and not passed since,
# due in 0 days, or awaiting its grade-3 extra review. Only answered cards qualify.
_REDRILL: Final = (
    "c.introduced_day IS NOT NULL AND (c.repetitions = 0 OR c.interval = 0 OR c.extra_review = 1)"
)
_DUE: Final = f"c.introduced_day IS NOT NULL AND NOT ({_REDRILL}) AND c.due <= :today"
_IN_DECKS: Final = "(:decks IS NULL OR c.deck_id IN (SELECT value FROM json_each(:decks)))"
_SCHEDULE_COLUMNS: Final = (
    "ease_hundredths, repetitions, interval, extra_review, due, introduced_day, last_review"
)
_LOG_COLUMNS: Final = "card_id, reviewed_at, day, grade, duration_ms"
_BEFORE_COLUMNS: Final = (
    "ease_before, repetitions_before, interval_before, extra_review_before, due_before,"
    " introduced_day_before, last_review_before"
)
_AFTER_COLUMNS: Final = (
    "ease_after, repetitions_after, interval_after, extra_review_after, due_after"
)
_CARD_COLUMNS: Final = (
    "c.id, c.deck_id, c.note_id, c.part, c.kind, c.position, c.content_hash, c.status,"
    " c.suspended, c.buried_until, c.ease_hundredths, c.repetitions, c.interval,"
    " c.extra_review, c.due, c.introduced_day, c.last_review"
)


class Store:
    """One open study database. Use ``Store.open``; close it, or use it as a context manager."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        """Wrap an open connection; ``Store.open`` is the way in."""
        self.path = path
        self._conn = conn
        self._db = Database(conn, execute_plugins=False)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating it and its folders if needed) and migrate the database at ``path``.

        Raises:
            StoreError: If the file cannot be created, opened or written, or is not a database.
        """
        path = Path(path)
        conn: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")  # also the first read of the file
            store = cls(path, conn)
            if MIGRATIONS.pending(store._db):
                with store._write():
                    MIGRATIONS.apply(store._db)  # nested: runs in savepoints, re-checks pending
            return store
        except (OSError, sqlite3.Error) as exc:
            if conn is not None:
                conn.close()
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise StoreError(
                f"Cannot open the study database {path}: {reason}. "
                "Check that this path is a writable file (not a folder), or choose another one."
            ) from exc
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction that holds the write lock from its first statement."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"The study database {self.path} is busy or read-only ({exc}); "
                "close other casecards windows and try again."
            ) from exc
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        cursor = self._conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params).fetchall()

    # -- sync -----------------------------------------------------------------------------------

    def sync(self, decks: Sequence[DeckCards], now: datetime) -> SyncReport:
        """Make the cards match ``decks`` (the complete set of decks), in one transaction.

        New cards are added as new; a changed content hash or position is updated in place,
        keeping the card's schedule and history; cards no longer listed, and all cards of decks
        not in ``decks``, are retired (never deleted) and restored if they come back. A deck
        whose ``file_hash`` equals the stored one is skipped without reading its cards.
        """
        ids = [d.deck_id for d in decks]
        if len(set(ids)) != len(ids):
            raise ValueError(f"each deck may be synced once, got {ids}")
        synced_at = _instant(now)
        totals = [0, 0, 0, 0]  # added, updated, retired, restored
        skipped = 0
        with self._write() as conn:
            stored = {r["id"]: r for r in self._rows("SELECT id, file_hash, status FROM decks")}
            for deck in decks:
                old = stored.get(deck.deck_id)
                if old and (old["file_hash"], old["status"]) == (deck.file_hash, "active"):
                    skipped += 1
                    continue
                conn.execute(
                    "INSERT INTO decks (id, name, path, file_hash, synced_at)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                    " path = excluded.path, file_hash = excluded.file_hash,"
                    " synced_at = excluded.synced_at, status = 'active'",
                    (deck.deck_id, deck.name, deck.path, deck.file_hash, synced_at),
                )
                for i, n in enumerate(self._sync_cards(conn, deck)):
                    totals[i] += n
            for deck_id in stored.keys() - set(ids):
                if stored[deck_id]["status"] == "active":
                    totals[2] += conn.execute(
                        "UPDATE cards SET status = 'retired'"
                        " WHERE deck_id = ? AND status = 'active'",
                        (deck_id,),
                    ).rowcount
                    conn.execute(
                        "UPDATE decks SET status = 'retired', synced_at = ? WHERE id = ?",
                        (synced_at, deck_id),
                    )
        added, updated, retired, restored = totals
        return SyncReport(added, updated, retired, restored, skipped)

    def _sync_cards(self, conn: sqlite3.Connection, deck: DeckCards) -> tuple[int, int, int, int]:
        existing = {
            r["id"]: r
            for r in self._rows(
                "SELECT id, kind, position, content_hash, status FROM cards WHERE deck_id = ?",
                (deck.deck_id,),
            )
        }
        inserts: list[tuple[Any, ...]] = []
        changes: list[tuple[Any, ...]] = []
        seen: set[str] = set()
        updated = restored = 0
        for card in deck.cards:
            if card.deck_id != deck.deck_id or card.id in seen:
                raise ValueError(f"card {card.id} is duplicated or outside deck {deck.deck_id}")
            seen.add(card.id)
            old = existing.get(card.id)
            if old is None:
                inserts.append((card.id, card.deck_id, card.note_id, card.part, str(card.kind)))
                inserts[-1] += (card.position, card.content_hash)
                continue
            if old["status"] == CardStatus.RETIRED:
                restored += 1
            elif old["content_hash"] != card.content_hash:
                updated += 1
            elif (old["kind"], old["position"]) == (card.kind, card.position):
                continue
            changes.append((str(card.kind), card.position, card.content_hash, card.id))
        conn.executemany(
            "INSERT INTO cards (id, deck_id, note_id, part, kind, position, content_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
        conn.executemany(
            "UPDATE cards SET kind = ?, position = ?, content_hash = ?, status = 'active'"
            " WHERE id = ?",
            changes,
        )
        gone = [(i,) for i, r in existing.items() if r["status"] == "active" and i not in seen]
        conn.executemany("UPDATE cards SET status = 'retired' WHERE id = ?", gone)
        return len(inserts), updated, len(gone), restored

    # -- answers and undo -----------------------------------------------------------------------

    def record_answer(
        self,
        card_id: str,
        *,
        grade: int,
        after: Sm2State,
        due: date,
        day: date,
        reviewed_at: datetime,
        duration_ms: int,
    ) -> int:
        """Set the card's state to ``after``, due on ``due``, and log the answer; return its id.

        One transaction. The log's "before" columns are copied inside SQLite from the card as
        stored, so undo can put back exactly those values; ``introduced_day`` becomes ``day`` on
        the card's first answer.

        Raises:
            StoreError: If there is no such card.
        """
        if isinstance(grade, bool) or not 0 <= grade <= 5:
            raise ValueError(f"grade must be from 0 to 5, got {grade!r}")
        if duration_ms < 0:
            raise ValueError(f"duration_ms must be >= 0, got {duration_ms}")
        params = dict(
            zip(("ease", "repetitions", "interval", "extra"), _state_values(after), strict=True),
            card=card_id,
            at=_instant(reviewed_at),
            day=day.isoformat(),
            grade=int(grade),
            ms=duration_ms,
            due=due.isoformat(),
        )
        with self._write() as conn:
            cursor = conn.execute(
                f"INSERT INTO reviews ({_LOG_COLUMNS}, {_BEFORE_COLUMNS}, {_AFTER_COLUMNS})"
                f" SELECT id, :at, :day, :grade, :ms, {_SCHEDULE_COLUMNS},"
                " :ease, :repetitions, :interval, :extra, :due FROM cards WHERE id = :card",
                params,
            )
            if not cursor.rowcount:
                raise StoreError(f"No card {card_id!r} in {self.path}; sync the decks first.")
            conn.execute(
                "UPDATE cards SET ease_hundredths = :ease, repetitions = :repetitions,"
                " interval = :interval, extra_review = :extra, due = :due,"
                " introduced_day = COALESCE(introduced_day, :day), last_review = :at"
                " WHERE id = :card",
                params,
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def undo_review(self, review_id: int) -> str:
        """Put the card back exactly as it was before review ``review_id`` (state, due,
        introduced_day, last_review), delete that log row, and return the card id; one
        transaction.

        Raises:
            StoreError: If there is no such review, or a later review of the same card exists
                (undo that one first).
        """
        with self._write() as conn:
            row = conn.execute(
                "SELECT card_id, (SELECT MAX(id) FROM reviews l WHERE l.card_id = r.card_id)"
                " FROM reviews r WHERE id = ?",
                (review_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"No review {review_id} in {self.path}: nothing to undo.")
            card_id, latest = row
            if latest != review_id:
                raise StoreError(f"Review {review_id} of {card_id} is not its last; undo {latest}.")
            conn.execute(
                f"UPDATE cards SET ({_SCHEDULE_COLUMNS}) = (SELECT {_BEFORE_COLUMNS}"
                " FROM reviews WHERE id = :review) WHERE id = :card",
                {"review": review_id, "card": card_id},
            )
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            return str(card_id)

    # -- cards and the log ----------------------------------------------------------------------

    def card(self, card_id: str) -> StoredCard:
        """The card ``card_id``, retired or not.

        Raises:
            StoreError: If the database has no such card.
        """
        rows = self._rows(f"SELECT {_CARD_COLUMNS} FROM cards c WHERE c.id = ?", (card_id,))
        if not rows:
            raise StoreError(f"No card {card_id!r} in {self.path}; sync the decks first.")
        return _card(rows[0])

    def reviews(
        self, *, card_id: str | None = None, review_id: int | None = None
    ) -> tuple[ReviewRecord, ...]:
        """The review log, oldest first, optionally for one card or one review id."""
        rows = self._rows(
            "SELECT * FROM reviews WHERE (:card IS NULL OR card_id = :card)"
            " AND (:review IS NULL OR id = :review) ORDER BY id",
            {"card": card_id, "review": review_id},
        )
        return tuple(_review(r) for r in rows)

    def set_suspended(self, card_id: str, suspended: bool) -> None:
        """Suspend a card (never shown until unsuspended) or unsuspend it."""
        self._update_card(card_id, "suspended = ?", int(suspended))

    def bury(self, card_id: str, through: date | None) -> None:
        """Hide a card through the study day ``through`` (inclusive); None unburies it."""
        self._update_card(card_id, "buried_until = ?", _day(through))

    def _update_card(self, card_id: str, assignment: str, value: object) -> None:
        with self._write() as conn:
            if not conn.execute(
                f"UPDATE cards SET {assignment} WHERE id = ?", (value, card_id)
            ).rowcount:
                raise StoreError(f"No card {card_id!r} in {self.path}; sync the decks first.")

    # -- queries for sessions and stats ---------------------------------------------------------

    def due_reviews(
        self, today: date, deck_ids: Sequence[str] | None = None
    ) -> tuple[StoredCard, ...]:
        """Answered cards due on or before ``today``, most overdue first.

        Only active, unsuspended, unburied cards; re-drill cards are left to ``redrill_cards``.
        """
        return self._cards(f"{_DUE} ORDER BY c.due, c.deck_id, c.position", today, deck_ids)

    def new_cards(
        self, today: date, deck_ids: Sequence[str] | None = None
    ) -> tuple[StoredCard, ...]:
        """Never-answered active cards, unsuspended and unburied, in deck order."""
        return self._cards(
            "c.introduced_day IS NULL ORDER BY c.deck_id, c.position", today, deck_ids
        )

    def redrill_cards(
        self, today: date, deck_ids: Sequence[str] | None = None
    ) -> tuple[StoredCard, ...]:
        """Answered cards that still need a same-day pass (``scheduler.needs_redrill``), whatever
        day they were answered on, least recently answered first."""
        return self._cards(f"{_REDRILL} ORDER BY c.last_review, c.id", today, deck_ids)

    def _cards(
        self, where: str, today: date, deck_ids: Sequence[str] | None
    ) -> tuple[StoredCard, ...]:
        rows = self._rows(
            f"SELECT {_CARD_COLUMNS} FROM cards c WHERE {_VISIBLE} AND {_IN_DECKS} AND {where}",
            {"today": today.isoformat(), "decks": _json_ids(deck_ids)},
        )
        return tuple(_card(r) for r in rows)

    def introduced_counts(self, day: date) -> dict[str, int]:
        """How many new cards each deck introduced (answered for the first time) on ``day``."""
        rows = self._rows(
            "SELECT deck_id, COUNT(*) AS n FROM cards WHERE introduced_day = ? GROUP BY deck_id",
            (day.isoformat(),),
        )
        return {r["deck_id"]: r["n"] for r in rows}

    def stats(self, today: date, new_per_day: int) -> Stats:
        """Per active deck: new cards left today under ``new_per_day``, reviews due, re-drills;
        the review totals; and the 30-study-day retention on review cards."""
        params = {"today": today.isoformat()}
        decks = tuple(
            DeckStats(
                r["id"],
                r["name"],
                min(r["new"], new_allowance(new_per_day, r["introduced"])),
                r["due"],
                r["redrill"],
            )
            for r in self._rows(
                "SELECT d.id, d.name,"
                f" COUNT(CASE WHEN {_VISIBLE} AND c.introduced_day IS NULL THEN 1 END) AS new,"
                f" COUNT(CASE WHEN {_VISIBLE} AND {_DUE} THEN 1 END) AS due,"
                f" COUNT(CASE WHEN {_VISIBLE} AND {_REDRILL} THEN 1 END) AS redrill,"
                " COUNT(CASE WHEN c.introduced_day = :today THEN 1 END) AS introduced"
                " FROM decks d LEFT JOIN cards c ON c.deck_id = d.id"
                " WHERE d.status = 'active' GROUP BY d.id ORDER BY d.id",
                params,
            )
        )
        # The last 30 study days, today included; answers on new or relearning cards don't count.
        window = "repetitions_before > 0 AND day > :start AND day <= :today"
        totals = self._rows(
            "SELECT COUNT(*) AS total, COUNT(CASE WHEN day = :today THEN 1 END) AS today,"
            f" COUNT(CASE WHEN {window} THEN 1 END) AS answered,"
            f" COUNT(CASE WHEN {window} AND grade >= 3 THEN 1 END) AS passed FROM reviews",
            params | {"start": (today - timedelta(days=_RETENTION_DAYS)).isoformat()},
        )[0]
        retention = totals["passed"] / totals["answered"] if totals["answered"] else None
        return Stats(decks, totals["total"], totals["today"], retention)


# -- rows <-> values ----------------------------------------------------------------------------


def _instant(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got {moment!r}")
    return moment.isoformat()


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _parse_instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _json_ids(deck_ids: Sequence[str] | None) -> str | None:
    if isinstance(deck_ids, str):  # a lone "deck" would otherwise read as ["d", "e", ...]
        raise TypeError("deck_ids must be a sequence of deck ids, not a string")
    return None if deck_ids is None else json.dumps(list(deck_ids))


def _state_values(state: Sm2State) -> tuple[int, int, int, int]:
    return (state.ease_hundredths, state.repetitions, state.interval, int(state.extra_review))


def _state(ease: int, repetitions: int, interval: int, extra_review: int) -> Sm2State:
    return Sm2State(ease / 100, repetitions, interval, bool(extra_review))


def _card(r: sqlite3.Row) -> StoredCard:
    return StoredCard(
        id=r["id"],
        deck_id=r["deck_id"],
        note_id=r["note_id"],
        part=r["part"],
        kind=CardKind(r["kind"]),
        position=r["position"],
        content_hash=r["content_hash"],
        status=CardStatus(r["status"]),
        suspended=bool(r["suspended"]),
        buried_until=_parse_day(r["buried_until"]),
        state=_state(r["ease_hundredths"], r["repetitions"], r["interval"], r["extra_review"]),
        due=_parse_day(r["due"]),
        introduced_day=_parse_day(r["introduced_day"]),
        last_review=_parse_instant(r["last_review"]),
    )


def _review(r: sqlite3.Row) -> ReviewRecord:
    return ReviewRecord(
        id=r["id"],
        card_id=r["card_id"],
        reviewed_at=datetime.fromisoformat(r["reviewed_at"]),
        day=date.fromisoformat(r["day"]),
        grade=r["grade"],
        duration_ms=r["duration_ms"],
        before=_state(
            r["ease_before"],
            r["repetitions_before"],
            r["interval_before"],
            r["extra_review_before"],
        ),
        after=_state(
            r["ease_after"], r["repetitions_after"], r["interval_after"], r["extra_review_after"]
        ),
        due_before=_parse_day(r["due_before"]),
        due_after=date.fromisoformat(r["due_after"]),
        introduced_day_before=_parse_day(r["introduced_day_before"]),
        last_review_before=_parse_instant(r["last_review_before"]),
    )
