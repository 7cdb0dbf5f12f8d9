"""The ``Store``: opening and migrating the database, writes (sync, answers, undo, flags), and
the queries a study session needs. The history queries live in ``history``.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from sqlite_utils import Database

from casecards import paths
from casecards.cards import DeckCards
from casecards.fsrs_scheduler import FsrsState
from casecards.i18n import _
from casecards.scheduler import Sm2State
from casecards.settings import FSRS_KEYS, LeechAction, NewPerDay, StudySettings
from casecards.store import memory
from casecards.store.failures import (
    BUSY_TIMEOUT_S,
    cannot_open,
    is_busy,
    is_damage,
    store_error,
)
from casecards.store.files import connect_read_only, fault, no_store
from casecards.store.history import HistoryQueries
from casecards.store.maintenance import MaintenanceWrites
from casecards.store.schema import (
    AFTER_COLUMNS,
    BEFORE_COLUMNS,
    CARD_COLUMNS,
    IN_DECKS,
    LAPSE,
    LOG_COLUMNS,
    MIGRATIONS,
    SCHEDULE_COLUMNS,
    SUMS_AS_VIEWS,
    UNHIDDEN,
    VISIBLE,
    fetch,
    unknown_migrations,
)
from casecards.store.sync import renamed_notes, sync_decks
from casecards.store.values import (
    UNCHECKED,
    CardChangedError,
    DeckStats,
    LeechMark,
    PracticeRecord,
    Rename,
    ReviewRecord,
    Schedule,
    Stats,
    StoredCard,
    StoreError,
    SyncReport,
    Unchecked,
    card_value,
    day_text,
    instant,
    json_ids,
    new_allowance,
    parse_day,
    review_value,
    state_values,
)

_RETENTION_DAYS: Final = 30


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode. Two windows opening a new store at once race to switch it,
    and SQLite answers the loser "locked" at once rather than wait (waiting could deadlock):
    so the loser retries, within the busy timeout, and then finds the file in WAL mode."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL keeps every commit atomic and survives any crash of the
            # process; only a power cut may undo the last commits (never half of one). FULL
            # would sync the log on every answer: six times the cost of an answer.
            conn.execute("PRAGMA synchronous = NORMAL")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


class Store(HistoryQueries, MaintenanceWrites):
    """One open study database. Use ``Store.open``; close it, or use it as a context manager."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        """Wrap an open connection; ``Store.open`` is the way in."""
        self.path = path
        self._conn = conn
        self._db = Database(conn, execute_plugins=False)
        #: The decks this store serves: those of the last ``sync`` (or ``use_decks``), or None
        #: for every active deck. Queries given no deck ids read these decks only: the cards
        #: of a deck folder not loaded now are neither shown nor counted.
        self.decks_in_use: tuple[str, ...] | None = None

    def use_decks(self, deck_ids: Sequence[str] | None) -> None:
        """Serve only these decks (None: every active deck), as ``sync`` does for its decks."""
        json_ids(deck_ids)  # refuses a lone string
        self.decks_in_use = None if deck_ids is None else tuple(deck_ids)

    def _in_use(self, deck_ids: Sequence[str] | None) -> str | None:
        """``deck_ids``, or the decks in use, as the ``:decks`` parameter of ``IN_DECKS``."""
        return json_ids(self.decks_in_use if deck_ids is None else deck_ids)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating it and its folders if needed) and migrate the database at ``path``.

        Raises:
            StoreError: If the file cannot be created, opened or written (a read-only file or a
                full disk among the reasons), is not a database, or was written by a newer
                casecards.
        """
        path = Path(path)
        conn: sqlite3.Connection | None = None
        try:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                _refuse_other_files(path)
                conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
                conn.execute(f"PRAGMA busy_timeout = {round(BUSY_TIMEOUT_S * 1000)}")
                conn.execute("PRAGMA foreign_keys = ON")
                _use_wal(conn)  # also the first read of the file
            except (OSError, sqlite3.Error) as exc:
                if isinstance(exc, sqlite3.Error) and is_damage(exc):
                    raise store_error(exc, path) or StoreError(str(exc)) from exc
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                raise StoreError(
                    _(
                        "Cannot open the study database {path}: {reason}. Check that this path "
                        "is a writable file (not a folder), or choose another one."
                    ).format(path=path, reason=reason)
                ) from exc
            store = cls(path, conn)
            store._prepare()
            return store
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    @classmethod
    def open_read_only(cls, path: Path) -> Store:
        """Open the database at ``path`` to read it only: nothing is created, migrated or
        written (SQLite's read-only mode; a read-only file will do). Every known schema is
        read as it is: migrations add indexes, and the log's sums of 0005, which a store of
        an older schema computes from its log instead (temporary views).

        Raises:
            StoreError: If there is no file at ``path`` (no progress store yet), it is not a
                store (empty, not SQLite, no casecards tables), is damaged, or was written by
                a newer casecards.
        """
        path = Path(path)
        if not path.exists():
            raise no_store(path)
        reason = fault(path)
        if reason is not None:
            raise StoreError(
                _("Cannot read the study database {path}: {reason}.").format(
                    path=path, reason=reason
                )
            )
        conn: sqlite3.Connection | None = None
        try:
            try:
                conn = connect_read_only(path)
                store = cls(path, conn)
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
                newer = unknown_migrations(store._db)
            except sqlite3.Error as exc:
                raise _read_only_error(exc, path) from exc
            if newer:
                raise StoreError(
                    _(
                        "The study database {path} was written by a newer casecards (schema "
                        "{value}). Update casecards to read it."
                    ).format(path=path, value=newer[-1])
                )
            if not {"decks", "cards", "reviews"} <= tables:
                raise StoreError(
                    _(
                        "{path} is an SQLite file but holds no casecards progress (no cards nor "
                        "answers tables): is it the right file?"
                    ).format(path=path)
                )
            if "daily_summary" not in tables:  # older than 0005: its sums read from the log
                try:
                    for view in SUMS_AS_VIEWS:
                        conn.execute(view)
                except sqlite3.Error as exc:
                    raise _read_only_error(exc, path) from exc
            return store
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    def _prepare(self) -> None:
        """Migrate, refuse a store from a newer casecards, and make sure the file can be
        written: one write transaction, so two windows opening a new store migrate it once."""
        with self._write() as conn:
            newer = unknown_migrations(self._db)
            if newer:
                raise StoreError(
                    _(
                        "The study database {path} was written by a newer casecards (schema "
                        "{value}). Update casecards to keep using it; this version leaves it "
                        "untouched."
                    ).format(path=self.path, value=newer[-1])
                )
            if MIGRATIONS.pending(self._db):
                MIGRATIONS.apply(self._db)  # nested: runs in savepoints
            # A write that changes nothing: SQLite refuses it at once on a read-only file, so
            # the trainer stops before the first answer instead of at it.
            conn.execute("DELETE FROM decks WHERE 0")

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
        """One short write transaction that holds the write lock from its first statement.

        All of it or nothing is committed. SQLite errors that are the file's (full disk,
        read-only, locked too long, damaged) become a ``StoreError`` saying what to do.
        """
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            yield self._conn
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            error = store_error(exc, self.path)
            if error is None:
                raise
            raise error from exc
        except BaseException:
            self._rollback()
            raise

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Several reads that see one state of the file (a deferred transaction: no lock is
        taken until the first read, and writers are never blocked in WAL mode)."""
        try:
            self._conn.execute("BEGIN")
        except sqlite3.Error as exc:
            error = store_error(exc, self.path)
            if error is None:
                raise
            raise error from exc
        try:
            yield
        finally:
            self._rollback()

    def _rollback(self) -> None:
        # SQLite rolls back on its own when it cannot write: a failed ROLLBACK needs nothing.
        if self._conn.in_transaction:
            with suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")

    # -- sync -----------------------------------------------------------------------------------

    def sync(self, decks: Sequence[DeckCards], now: datetime) -> SyncReport:
        """Make the cards of ``decks`` match them, in one transaction, and serve only these
        decks from now on (``decks_in_use``).

        New cards are added as new; a changed content hash or position is updated in place,
        keeping the card's schedule and history; cards no longer in their deck are retired
        (never deleted) and restored if they come back. Decks not in ``decks`` are left as
        they are. A deck whose ``file_hash`` equals the stored one is skipped without reading
        its cards.
        """
        with self._write() as conn:
            report = sync_decks(conn, decks, now)
        self.use_decks([deck.deck_id for deck in decks])
        return report

    def renamed_notes(self, decks: Sequence[DeckCards]) -> list[Rename]:
        """Notes of ``decks`` that look renamed since the last sync (see
        ``sync.renamed_notes``); reads only, so a read-only store will do."""
        return [found for deck in decks for found in renamed_notes(self._conn, deck)]

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
        expected: Schedule | None = None,
        fsrs: FsrsState | None = None,
    ) -> int:
        """Set the card's state to ``after``, due on ``due``, and log the answer; return its id.

        ``after`` and ``due`` are SM-2's, which every answer keeps up, whatever the scheduler.
        ``fsrs`` is the card's FSRS state after the answer, when the session followed FSRS;
        a store following FSRS and given none (a session started before the switch) computes
        it from the card's log.

        One transaction. The log's "before" columns are copied inside SQLite from the card as
        stored, so undo can put back exactly those values; ``introduced_day`` becomes ``day`` on
        the card's first answer. With ``expected`` (the schedule ``after`` was computed from),
        the write happens only if the card still has that schedule: compare and set under the
        write lock, so two windows answering the same card cannot both schedule it.

        Raises:
            CardChangedError: If the card's schedule is no longer ``expected``; nothing written.
            StoreError: If there is no such card.
        """
        if isinstance(grade, bool) or not 0 <= grade <= 5:
            raise ValueError(f"grade must be from 0 to 5, got {grade!r}")
        if duration_ms < 0:
            raise ValueError(f"duration_ms must be >= 0, got {duration_ms}")
        params = dict(
            zip(("ease", "repetitions", "interval", "extra"), state_values(after), strict=True),
            card=card_id,
            at=instant(reviewed_at),
            day=day.isoformat(),
            grade=int(grade),
            ms=duration_ms,
            due=due.isoformat(),
        )
        with self._write() as conn:
            if expected is not None:
                rows = fetch(conn, f"SELECT {CARD_COLUMNS} FROM cards c WHERE c.id = ?", (card_id,))
                if not rows or card_value(rows[0]).schedule != expected:
                    raise CardChangedError(
                        _(
                            "Card {card_id} was answered in another casecards window since it was "
                            "shown; this answer was not recorded."
                        ).format(card_id=card_id)
                    )
            cursor = conn.execute(
                f"INSERT INTO reviews ({LOG_COLUMNS}, {BEFORE_COLUMNS}, {AFTER_COLUMNS})"
                f" SELECT id, :at, :day, :grade, :ms, {SCHEDULE_COLUMNS},"
                " :ease, :repetitions, :interval, :extra, :due FROM cards WHERE id = :card",
                params,
            )
            if not cursor.rowcount:
                raise StoreError(
                    _("No card {card_id!r} in {path}; sync the decks first.").format(
                        card_id=card_id, path=self.path
                    )
                )
            conn.execute(
                "UPDATE cards SET ease_hundredths = :ease, repetitions = :repetitions,"
                " interval = :interval, extra_review = :extra, due = :due,"
                " introduced_day = COALESCE(introduced_day, :day), last_review = :at"
                " WHERE id = :card",
                params,
            )
            if fsrs is not None:
                conn.execute(
                    f"UPDATE cards SET ({memory.FSRS_COLUMNS}) = (?, ?, ?, ?, ?, ?) WHERE id = ?",
                    (*memory.state_values(fsrs, day), card_id),
                )
            else:
                memory.refresh(conn, [card_id])
            assert cursor.lastrowid is not None
            if grade < 3:
                self._mark_leech(conn, card_id, cursor.lastrowid)
            return cursor.lastrowid

    def _mark_leech(self, conn: sqlite3.Connection, card_id: str, review_id: int) -> None:
        """Inside the answer's transaction: mark the card a leech if this failed answer is
        its ``leech-threshold``-th lapse, or, once a leech, every half threshold after
        (Anki's rule: a leech unsuspended and failed again is told again); and suspend it
        when ``leech-action`` says so. What was done is written on the answer's log row,
        for its undo. Reads the lapses through the ``reviews_lapses`` index alone."""
        (repetitions_before,) = conn.execute(
            "SELECT repetitions_before FROM reviews WHERE id = ?", (review_id,)
        ).fetchone()
        if not repetitions_before:
            return  # a failure while learning: not a lapse
        settings = StudySettings.from_stored(self._settings(conn))
        threshold = settings.leech_threshold
        (lapses,) = conn.execute(
            f"SELECT COUNT(*) FROM reviews WHERE card_id = ? AND {LAPSE}", (card_id,)
        ).fetchone()
        if lapses < threshold:
            return
        already = conn.execute(
            "SELECT 1 FROM reviews WHERE card_id = ? AND leech > 0 AND id <> ? LIMIT 1",
            (card_id, review_id),
        ).fetchone()
        if already and (lapses - threshold) % max(1, threshold // 2):
            return
        mark = 1
        if settings.leech_action is LeechAction.SUSPEND:
            suspended = conn.execute(
                "UPDATE cards SET suspended = 1 WHERE id = ? AND suspended = 0", (card_id,)
            ).rowcount
            mark = 2 if suspended else 1
        conn.execute("UPDATE reviews SET leech = ? WHERE id = ?", (mark, review_id))

    def leech_mark(self, review_id: int) -> LeechMark | None:
        """What answer ``review_id`` did as a leech mark, or None if it made no leech."""
        rows = self._rows(
            "SELECT r.card_id, r.leech, (SELECT COUNT(*) FROM reviews l"
            " WHERE l.card_id = r.card_id AND l.grade < 3 AND l.repetitions_before > 0)"
            " AS lapses FROM reviews r WHERE r.id = ?",
            (review_id,),
        )
        if not rows or not rows[0]["leech"]:
            return None
        row = rows[0]
        return LeechMark(row["card_id"], row["lapses"], row["leech"] == 2)

    def undo_review(self, review_id: int) -> str:
        """Put the card back exactly as it was before review ``review_id`` (state, due,
        introduced_day, last_review), delete that log row, and return the card id; one
        transaction.

        Raises:
            CardChangedError: If there is no such review, or a later review of the same card
                exists (undo that one first; it may come from another window).
        """
        with self._write() as conn:
            row = conn.execute(
                "SELECT card_id, (SELECT MAX(id) FROM reviews l WHERE l.card_id = r.card_id),"
                " leech FROM reviews r WHERE id = ?",
                (review_id,),
            ).fetchone()
            if row is None:
                raise CardChangedError(
                    _("No review {review_id} in {path}: nothing to undo.").format(
                        review_id=review_id, path=self.path
                    )
                )
            card_id, latest, leech = row
            if latest != review_id:
                raise CardChangedError(
                    _("Review {review_id} of {card_id} is not its last; undo {latest}.").format(
                        review_id=review_id, card_id=card_id, latest=latest
                    )
                )
            conn.execute(
                f"UPDATE cards SET ({SCHEDULE_COLUMNS}) = (SELECT {BEFORE_COLUMNS}"
                " FROM reviews WHERE id = :review) WHERE id = :card",
                {"review": review_id, "card": card_id},
            )
            if leech == 2:  # the answer suspended its card as a leech: not any more
                conn.execute("UPDATE cards SET suspended = 0 WHERE id = ?", (card_id,))
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            memory.refresh(conn, [card_id])  # FSRS: the state the log now implies
            return str(card_id)

    # -- practice (custom study's drill: no schedule changes) -----------------------------------

    def record_practice(
        self, card_id: str, *, grade: int, day: date, reviewed_at: datetime, duration_ms: int
    ) -> int:
        """Log a practice answer, changing no schedule; return its id.

        Raises:
            StoreError: If there is no such card.
        """
        if isinstance(grade, bool) or not 0 <= grade <= 5:
            raise ValueError(f"grade must be from 0 to 5, got {grade!r}")
        if duration_ms < 0:
            raise ValueError(f"duration_ms must be >= 0, got {duration_ms}")
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO practice (card_id, reviewed_at, day, grade, duration_ms)"
                " SELECT id, ?, ?, ?, ? FROM cards WHERE id = ?",
                (instant(reviewed_at), day.isoformat(), int(grade), duration_ms, card_id),
            )
            if not cursor.rowcount:
                raise StoreError(
                    _("No card {card} in {path}; sync the decks first.").format(
                        card=repr(card_id), path=self.path
                    )
                )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def undo_practice(self, practice_id: int) -> str:
        """Delete practice answer ``practice_id`` and return its card id.

        Raises:
            CardChangedError: If there is no such practice answer.
        """
        with self._write() as conn:
            row = conn.execute(
                "DELETE FROM practice WHERE id = ? RETURNING card_id", (practice_id,)
            ).fetchone()
            if row is None:
                raise CardChangedError(
                    _("No practice answer {answer} in {path}: nothing to undo.").format(
                        answer=practice_id, path=self.path
                    )
                )
            return str(row[0])

    def practice_log(self, card_id: str | None = None) -> tuple[PracticeRecord, ...]:
        """The practice answers, oldest first, optionally of one card."""
        rows = self._rows(
            "SELECT id, card_id, reviewed_at, day, grade, duration_ms FROM practice"
            " WHERE (:card IS NULL OR card_id = :card) ORDER BY id",
            {"card": card_id},
        )
        return tuple(
            PracticeRecord(
                r["id"],
                r["card_id"],
                datetime.fromisoformat(r["reviewed_at"]),
                date.fromisoformat(r["day"]),
                r["grade"],
                r["duration_ms"],
            )
            for r in rows
        )

    # -- settings -------------------------------------------------------------------------------

    def stored_settings(self) -> dict[str, str]:
        """The settings this store keeps, by name (``casecards.settings`` reads them); none
        in a store an older casecards wrote and this one only read."""
        return self._settings(self._conn)

    def _settings(self, conn: sqlite3.Connection) -> dict[str, str]:
        try:
            return dict(conn.execute("SELECT key, value FROM settings").fetchall())
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return {}
            raise

    def study_settings(self) -> StudySettings:
        """The settings sessions and answers follow, typed."""
        return StudySettings.from_stored(self.stored_settings())

    def set_setting(self, name: str, value: str) -> None:
        """Keep ``value`` for the setting ``name`` (validated by ``casecards.settings``).

        One of ``FSRS_KEYS`` recomputes every card's FSRS state from its log, in the same
        transaction (``store.memory``): switching to FSRS, or changing what it computes with.
        """
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (name, value),
            )
            if name in FSRS_KEYS:
                memory.refresh(conn)

    def unset_setting(self, name: str) -> bool:
        """Forget the setting ``name`` (back to its default); whether it was set."""
        with self._write() as conn:
            found = bool(conn.execute("DELETE FROM settings WHERE key = ?", (name,)).rowcount)
            if found and name in FSRS_KEYS:
                memory.refresh(conn)
            return found

    def deck_names(self) -> dict[str, str]:
        """Every active deck of the store, by id: its name."""
        rows = self._rows("SELECT id, name FROM decks WHERE status = 'active' ORDER BY id")
        return {r["id"]: r["name"] for r in rows}

    # -- cards and the log ----------------------------------------------------------------------

    def card(self, card_id: str) -> StoredCard:
        """The card ``card_id``, retired or not.

        Raises:
            StoreError: If the database has no such card.
        """
        found = self.find_card(card_id)
        if found is None:
            raise StoreError(
                _("No card {card_id!r} in {path}; sync the decks first.").format(
                    card_id=card_id, path=self.path
                )
            )
        return found

    def find_card(self, card_id: str) -> StoredCard | None:
        """The card ``card_id``, retired or not, or None if the database has no such card."""
        rows = self._rows(f"SELECT {self._card_columns} FROM cards c WHERE c.id = ?", (card_id,))
        return card_value(rows[0]) if rows else None

    def reviews(
        self, *, card_id: str | None = None, review_id: int | None = None
    ) -> tuple[ReviewRecord, ...]:
        """The review log, oldest first, optionally for one card or one review id."""
        rows = self._rows(
            "SELECT * FROM reviews WHERE (:card IS NULL OR card_id = :card)"
            " AND (:review IS NULL OR id = :review) ORDER BY id",
            {"card": card_id, "review": review_id},
        )
        return tuple(review_value(r) for r in rows)

    def set_suspended(self, card_id: str, suspended: bool, *, expected: bool | None = None) -> bool:
        """Suspend a card (never shown until unsuspended) or unsuspend it; return whether it
        was suspended before, so that an undo can put exactly that back.

        With ``expected``, the flag is written only if the card's is still ``expected``:
        compare and set, as for answers, so an undo never overrides another window's change.

        Raises:
            CardChangedError: If the card's flag is not ``expected``; nothing written.
            StoreError: If there is no such card.
        """
        check = UNCHECKED if expected is None else int(expected)
        return bool(self._update_card(card_id, "suspended", int(suspended), check))

    def bury(
        self, card_id: str, through: date | None, *, expected: date | Unchecked | None = UNCHECKED
    ) -> date | None:
        """Hide a card through the study day ``through`` (inclusive), or unbury it (None);
        return the day it was buried through before (None: not buried), for an exact undo.

        With ``expected``, written only if the card is still buried through ``expected``
        (None: not buried), as ``set_suspended``.

        Raises:
            CardChangedError: If the card's burial is not ``expected``; nothing written.
            StoreError: If there is no such card.
        """
        check = expected if isinstance(expected, Unchecked) else day_text(expected)
        return parse_day(self._update_card(card_id, "buried_until", day_text(through), check))

    def _update_card(
        self, card_id: str, column: str, value: object, expected: object = UNCHECKED
    ) -> Any:
        """Set one column of a card and return its previous value (as stored); with
        ``expected`` not ``UNCHECKED``, only if the column still holds ``expected``."""
        with self._write() as conn:
            row = conn.execute(f"SELECT {column} FROM cards WHERE id = ?", (card_id,)).fetchone()
            if row is None:
                raise StoreError(
                    _("No card {card_id!r} in {path}; sync the decks first.").format(
                        card_id=card_id, path=self.path
                    )
                )
            (before,) = row
            if expected is not UNCHECKED and before != expected:
                raise CardChangedError(
                    _(
                        "Card {card_id} was suspended, unsuspended, buried or unburied in "
                        "another casecards window since; nothing was written."
                    ).format(card_id=card_id)
                )
            conn.execute(f"UPDATE cards SET {column} = ? WHERE id = ?", (value, card_id))
            return before

    # -- queries for sessions and stats ---------------------------------------------------------

    def due_reviews(
        self, today: date, deck_ids: Sequence[str] | None = None
    ) -> tuple[StoredCard, ...]:
        """Answered cards due on or before ``today``, most overdue first, of ``deck_ids`` (None:
        the decks in use, as in every query below).

        Only active, unsuspended, unburied cards; re-drill cards are left to ``redrill_cards``.
        """
        q = self._queries()
        return self._cards(f"{q.due} ORDER BY {q.due_day}, c.deck_id, c.position", today, deck_ids)

    def new_cards(
        self,
        today: date,
        deck_ids: Sequence[str] | None = None,
        *,
        per_deck: int | NewPerDay | None = None,
    ) -> tuple[StoredCard, ...]:
        """Never-answered active cards, unsuspended and unburied, in deck order.

        ``per_deck``: at most that many new cards a day per deck (a ``NewPerDay``: each
        deck's own number), counting those the deck already introduced on ``today``; the
        limit is applied in SQL, so a large collection does not build thousands of values
        for the few a session takes.
        """
        if per_deck is None:
            return self._cards(
                "c.introduced_day IS NULL ORDER BY c.deck_id, c.position", today, deck_ids
            )
        # Deck by deck, the next few of each through the partial index cards_new: the cost
        # follows the decks and the cards chosen, never the thousands of new cards waiting.
        # One read transaction, so the counts and the cards agree.
        limits = NewPerDay.of(per_deck)
        params = {"today": today.isoformat(), "decks": self._in_use(deck_ids)}
        chosen: list[StoredCard] = []
        with self._reading():
            introduced = self.introduced_counts(today)
            decks = self._rows(
                "SELECT id FROM decks d WHERE d.status = 'active'"
                " AND (:decks IS NULL OR d.id IN (SELECT value FROM json_each(:decks)))"
                " ORDER BY d.id",
                params,
            )
            for row in decks:
                allowance = new_allowance(limits.for_deck(row["id"]), introduced.get(row["id"], 0))
                if allowance > 0:
                    chosen.extend(
                        card_value(r)
                        for r in self._rows(
                            f"SELECT {self._card_columns} FROM cards c WHERE c.deck_id = :deck"
                            f" AND c.introduced_day IS NULL AND {VISIBLE}"
                            " ORDER BY c.position LIMIT :allowance",
                            {**params, "deck": row["id"], "allowance": allowance},
                        )
                    )
        return tuple(chosen)

    def redrill_cards(
        self, today: date, deck_ids: Sequence[str] | None = None
    ) -> tuple[StoredCard, ...]:
        """Answered cards that still need a same-day pass (``scheduler.needs_redrill``), whatever
        day they were answered on, least recently answered first."""
        q = self._queries()
        return self._cards(f"{q.redrill} ORDER BY c.last_review, c.id", today, deck_ids)

    def due_ahead(
        self, today: date, until: date, deck_ids: Sequence[str] | None = None
    ) -> tuple[StoredCard, ...]:
        """Answered cards not due yet but due by ``until`` (custom study's study ahead),
        soonest first; visible, and not waiting for a re-drill. Through the ``cards_due``
        index: the range of days, never every card."""
        q = self._queries()
        rows = self._rows(
            f"SELECT {self._card_columns} FROM cards c WHERE {VISIBLE} AND {IN_DECKS}"
            f" AND c.introduced_day IS NOT NULL AND NOT ({q.redrill})"
            f" AND {q.due_day} > :today AND {q.due_day} <= :until"
            f" ORDER BY {q.due_day}, c.deck_id, c.position",
            {
                "today": today.isoformat(),
                "until": until.isoformat(),
                "decks": self._in_use(deck_ids),
            },
        )
        return tuple(card_value(r) for r in rows)

    def deck_cards(
        self, today: date, deck_ids: Sequence[str] | None = None
    ) -> tuple[StoredCard, ...]:
        """Every visible card of ``deck_ids``, new or answered, in deck order (custom study's
        practice); deck by deck, through the ``cards_deck_position`` index."""
        chosen: list[StoredCard] = []
        params = {"today": today.isoformat(), "decks": self._in_use(deck_ids)}
        with self._reading():
            decks = self._rows(
                "SELECT id FROM decks d WHERE d.status = 'active'"
                " AND (:decks IS NULL OR d.id IN (SELECT value FROM json_each(:decks)))"
                " ORDER BY d.id",
                params,
            )
            for row in decks:
                chosen.extend(
                    card_value(r)
                    for r in self._rows(
                        f"SELECT {self._card_columns} FROM cards c WHERE c.deck_id = :deck"
                        f" AND {VISIBLE} ORDER BY c.position",
                        {**params, "deck": row["id"]},
                    )
                )
        return tuple(chosen)

    def _cards(
        self, where: str, today: date, deck_ids: Sequence[str] | None
    ) -> tuple[StoredCard, ...]:
        rows = self._rows(
            f"SELECT {self._card_columns} FROM cards c WHERE {VISIBLE} AND {IN_DECKS} AND {where}",
            {"today": today.isoformat(), "decks": self._in_use(deck_ids)},
        )
        return tuple(card_value(r) for r in rows)

    def introduced_counts(self, day: date) -> dict[str, int]:
        """How many new cards each deck introduced (answered for the first time) on ``day``."""
        rows = self._rows(
            "SELECT deck_id, COUNT(*) AS n FROM cards WHERE introduced_day = ? GROUP BY deck_id",
            (day.isoformat(),),
        )
        return {r["deck_id"]: r["n"] for r in rows}

    def stats(self, today: date, new_per_day: int | NewPerDay) -> Stats:
        """Per active deck in use: new cards left today under ``new_per_day`` (one number
        for every deck, or a ``NewPerDay``: each deck's own), reviews due,
        re-drills; the review totals (the whole log: the learner's history); and the
        30-study-day retention on review cards.

        Each count reads an index (the decks screen shows them after every session, on
        collections studied for years): the partial indexes of new and re-drill cards, the
        due cards by day, and the window of the log by day. One read transaction, so the
        figures agree with each other.
        """
        with self._reading():
            return self._stats(today, new_per_day, self._in_use(None))

    def stats_as_synced(
        self, decks: Sequence[DeckCards], today: date, new_per_day: int | NewPerDay
    ) -> Stats:
        """What ``sync(decks)`` then ``stats`` would show, read without writing a thing (for
        commands that only read: a sync would retire and restore cards).

        A deck whose stored file hash is that of ``decks`` (the decks a sync skips) is counted
        from the store. Another one is counted as its sync would leave it: its cards in the
        store as they are, whatever their status, its cards not in the store as new, the
        cards it no longer has not at all; reading its cards, as its sync would.
        """
        with self._reading():
            stored = {
                r["id"]: (r["file_hash"], r["status"])
                for r in self._rows("SELECT id, file_hash, status FROM decks")
            }
            unchanged = [d for d in decks if stored.get(d.deck_id) == (d.file_hash, "active")]
            base = self._stats(today, new_per_day, json_ids([d.deck_id for d in unchanged]))
            introduced = self.introduced_counts(today)
            synced = [
                self._deck_as_synced(deck, today, new_per_day, introduced.get(deck.deck_id, 0))
                for deck in decks
                if deck not in unchanged
            ]
        ordered = tuple(sorted((*base.decks, *synced), key=lambda d: d.id))
        return Stats(ordered, base.reviews_total, base.reviews_today, base.retention_30d)

    def _deck_as_synced(
        self, deck: DeckCards, today: date, new_per_day: int | NewPerDay, introduced: int
    ) -> DeckStats:
        # Each of the deck's cards, looked up by id: those not in the store yet are new.
        q = self._queries()
        row = self._rows(
            "SELECT COUNT(CASE WHEN c.id IS NULL"
            f" OR (c.introduced_day IS NULL AND {UNHIDDEN}) THEN 1 END) AS new,"
            f" COUNT(CASE WHEN {q.due} AND {UNHIDDEN} THEN 1 END) AS due,"
            f" COUNT(CASE WHEN {q.redrill} AND {UNHIDDEN} THEN 1 END) AS redrill"
            " FROM json_each(:ids) j LEFT JOIN cards c ON c.id = j.value",
            {
                "ids": json_ids([card.id for card in deck.cards], "card_ids"),
                "today": today.isoformat(),
            },
        )[0]
        limit = NewPerDay.of(new_per_day).for_deck(deck.deck_id)
        new = min(row["new"], new_allowance(limit, introduced))
        return DeckStats(deck.deck_id, deck.name, new, row["due"], row["redrill"])

    def _stats(self, today: date, new_per_day: int | NewPerDay, deck_ids: str | None) -> Stats:
        """The body of ``stats``, for the decks in the JSON array ``deck_ids`` (None: all),
        inside a read transaction."""
        params = {
            "today": today.isoformat(),
            "start": (today - timedelta(days=_RETENTION_DAYS)).isoformat(),
        }
        names = self._rows(
            "SELECT id, name FROM decks d WHERE d.status = 'active'"
            " AND (:decks IS NULL OR d.id IN (SELECT value FROM json_each(:decks)))"
            " ORDER BY d.id",
            {"decks": deck_ids},
        )
        q = self._queries()
        new = self._counts(f"c.introduced_day IS NULL AND {VISIBLE} GROUP BY c.deck_id", params)
        # "+": grouping by deck must not make SQLite walk every card in deck order.
        due = self._counts(f"{q.due} AND {VISIBLE} GROUP BY +c.deck_id", params)
        redrill = Counter(
            r["deck_id"]
            for r in self._rows(
                f"SELECT c.deck_id FROM cards c WHERE {q.redrill} AND {VISIBLE}"
                " ORDER BY c.last_review, c.id",  # the order of cards_redrill: read alone
                params,
            )
        )
        introduced = self.introduced_counts(today)
        limits = NewPerDay.of(new_per_day)
        # The log's sums per study day (daily_summary), not the log: the whole history, the
        # last 30 study days (today included; answers on new or relearning cards don't
        # count), and today.
        totals = self._rows(
            "SELECT SUM(answers) AS total, SUM(CASE WHEN day = :today THEN answers END) AS today,"
            " SUM(CASE WHEN day > :start AND day <= :today THEN review_answers END) AS answered,"
            " SUM(CASE WHEN day > :start AND day <= :today THEN review_passed END) AS passed"
            " FROM daily_summary",
            params,
        )[0]
        total, answered_today = totals["total"] or 0, totals["today"] or 0
        decks = tuple(
            DeckStats(
                r["id"],
                r["name"],
                min(
                    new.get(r["id"], 0),
                    new_allowance(limits.for_deck(r["id"]), introduced.get(r["id"], 0)),
                ),
                due.get(r["id"], 0),
                redrill[r["id"]],
            )
            for r in names
        )
        passed, answered = totals["passed"] or 0, totals["answered"] or 0
        retention = passed / answered if answered else None
        return Stats(decks, total, answered_today, retention)

    def _counts(self, where: str, params: dict[str, str]) -> dict[str, int]:
        rows = self._rows(f"SELECT c.deck_id, COUNT(*) AS n FROM cards c WHERE {where}", params)
        return {r["deck_id"]: r["n"] for r in rows}


def _refuse_other_files(path: Path) -> None:
    """StoreError if ``path`` is a file that is not an SQLite database: it is some other
    file, not a damaged store (an empty one is a store yet to be written)."""
    if path.is_file() and path.stat().st_size and not paths.is_sqlite_file(path):
        raise StoreError(
            _(
                "{path} is not a study database: it is not an SQLite file (it does not "
                "start as one). Choose the right file with --db."
            ).format(path=path)
        )


def _read_only_error(exc: sqlite3.Error, path: Path) -> StoreError:
    """A ``StoreError`` for a read-only open that failed: SQLite cannot open a store in WAL
    mode without creating its ``-shm`` file beside it, so a read-only folder stops it."""
    if cannot_open(exc):
        return StoreError(
            _(
                "Cannot open the study database {path} to read it ({exc}): is its folder "
                "read-only? SQLite needs to create {name}-shm beside it."
            ).format(path=path, exc=exc, name=path.name)
        )
    return store_error(exc, path) or StoreError(
        _("Cannot read the study database {path}: {exc}.").format(path=path, exc=exc)
    )
