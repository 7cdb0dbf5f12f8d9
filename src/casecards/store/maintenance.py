"""Checks and repairs of a store file, for ``casecards doctor``.

``inspect`` only reads, through a read-only connection of its own, so it works on a store
that ``Store.open`` would refuse (damaged, or from a newer casecards) and never migrates.
The repairs that need a sound file are ``Store`` methods (``MaintenanceWrites``), each one
transaction; ``reindex`` works on the bare file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from casecards.cards import parse_part
from casecards.i18n import _
from casecards.store import memory
from casecards.store.failures import cannot_open, is_busy, is_damage
from casecards.store.files import connect_read_only, fault
from casecards.store.schema import SCHEDULE_COLUMNS, migration_names
from casecards.store.values import Moved, StoreError, instant

# A card's schedule columns (schema.SCHEDULE_COLUMNS, in its order), each as its new value
# and as the card's last answer left it (``l``: that answer, ``f``: the card's first answer).
SCHEDULE: Final = tuple(column.strip() for column in SCHEDULE_COLUMNS.split(","))
NEW_CARD: Final = {
    "ease_hundredths": 250,
    "repetitions": 0,
    "interval": 0,
    "extra_review": 0,
    "due": None,
    "introduced_day": None,
    "last_review": None,
}
FROM_LOG: Final = {
    "ease_hundredths": "l.ease_after",
    "repetitions": "l.repetitions_after",
    "interval": "l.interval_after",
    "extra_review": "l.extra_review_after",
    "due": "l.due_after",
    "introduced_day": "f.day",
    "last_review": "l.reviewed_at",
}
_NEW = tuple(NEW_CARD[column] for column in SCHEDULE)
# Per card: its schedule, and the one its log implies, or a new card's if it has no answer
# (the first column implied, the last answer's ease, is then NULL).
_IMPLIED = (
    f"SELECT c.id, {', '.join(f'c.{column}' for column in SCHEDULE)},"
    f" {', '.join(FROM_LOG[column] for column in SCHEDULE)} FROM cards c"
    " LEFT JOIN reviews l ON l.id = (SELECT MAX(id) FROM reviews r WHERE r.card_id = c.id)"
    " LEFT JOIN reviews f ON f.id = (SELECT MIN(id) FROM reviews r WHERE r.card_id = c.id)"
)
_PLACES = ", ".join("?" for _ in SCHEDULE)
_ROW_NAMES: Final = {
    "reviews": "answer {0}",
    "cards": "card row {0}",
    "practice": "practice answer {0}",
}


@dataclass(frozen=True, slots=True)
class RetiredDeck:
    """Retired cards of one deck, and the answers they keep."""

    deck_id: str
    cards: int
    reviews: int


@dataclass(frozen=True, slots=True)
class Health:
    """What ``inspect`` found in a store file.

    ``unchecked`` says why nothing could be checked at all, when the file is no store SQLite
    can open (missing, empty, not SQLite, a read-only folder…): a fault, not damage. Damage
    is in ``integrity``; when SQLite cannot read the file, ``complete`` is False and the
    checks of its contents did not run.
    """

    integrity: tuple[str, ...]  # SQLite's complaints; empty when the file is sound
    migrations: tuple[str, ...]  # applied, oldest first
    mismatched: tuple[str, ...]  # cards whose schedule is not what their log implies
    retired: tuple[RetiredDeck, ...]
    active: frozenset[str]  # ids of the active cards
    foreign_keys: tuple[str, ...] = ()  # rows pointing at a row the store does not have
    unchecked: str | None = None
    complete: bool = True

    @classmethod
    def not_checked(cls, reason: str) -> Health:
        return cls((), (), (), (), frozenset(), unchecked=reason, complete=False)

    @property
    def newer(self) -> tuple[str, ...]:
        """Migrations this casecards does not know: a newer one wrote the file."""
        known = migration_names()
        return tuple(name for name in self.migrations if name not in known)


def inspect(path: Path) -> Health:
    """Check the store file at ``path`` without writing to it."""
    reason = fault(path)
    if reason is not None:
        return Health.not_checked(reason)
    try:
        with closing(connect_read_only(path)) as conn:
            return _inspect(conn)
    except sqlite3.Error as exc:
        if is_damage(exc):
            problem = f"SQLite cannot read it: {exc}"
            return Health((problem,), (), (), (), frozenset(), complete=False)
        if cannot_open(exc):
            return Health.not_checked(
                f"SQLite cannot open it ({exc}): is its folder read-only? SQLite needs to "
                f"create {path.name}-shm beside it"
            )
        if is_busy(exc):
            return Health.not_checked(f"another program keeps it locked ({exc})")
        return Health.not_checked(f"SQLite cannot open it ({exc})")


def _inspect(conn: sqlite3.Connection) -> Health:
    found = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    problems = () if found == ["ok"] else tuple(found)
    foreign_keys = tuple(
        f"{_ROW_NAMES.get(table, f'row {rowid} of {table}').format(rowid)} points at a"
        f" missing row of {parent}: {key}"
        for table, rowid, parent, key in conn.execute(
            'SELECT f."table", f.rowid, f.parent, CASE f."table"'
            " WHEN 'reviews' THEN (SELECT card_id FROM reviews WHERE rowid = f.rowid)"
            " WHEN 'cards' THEN (SELECT deck_id FROM cards WHERE rowid = f.rowid) END"
            " FROM pragma_foreign_key_check f"
        )
    )
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    if not {"cards", "reviews", "_sqlite_migrations"} <= tables:
        return Health(problems, (), (), (), frozenset(), foreign_keys)
    migrations = tuple(
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'casecards' ORDER BY id"
        )
    )
    mismatched = sorted(
        row[0]
        for row in conn.execute(_IMPLIED)
        if tuple(row[1 : 1 + len(SCHEDULE)]) != _implied(row[1 + len(SCHEDULE) :])
    )
    retired = tuple(
        RetiredDeck(*row)
        for row in conn.execute(
            "SELECT c.deck_id, COUNT(*),"
            " SUM((SELECT COUNT(*) FROM reviews r WHERE r.card_id = c.id))"
            " FROM cards c WHERE c.status = 'retired' GROUP BY c.deck_id ORDER BY c.deck_id"
        )
    )
    active = frozenset(r[0] for r in conn.execute("SELECT id FROM cards WHERE status = 'active'"))
    return Health(problems, migrations, tuple(mismatched), retired, active, foreign_keys)


def _card_key(card_id: str) -> tuple[str, str, str] | None:
    """(deck id, note id, part) of a card id, or None if it cannot be a card's."""
    deck_id, _, rest = card_id.partition("/")
    note_id, _, part = rest.rpartition("/")
    try:
        parse_part(part)
    except ValueError:
        return None
    return (deck_id, note_id, part) if deck_id and note_id else None


def _implied(log: Sequence[object]) -> tuple[object, ...]:
    return _NEW if log[0] is None else tuple(log)


def reindex(path: Path) -> bool:
    """Rebuild every index of the file from its tables (repairs damaged indexes only);
    False if SQLite could not (the tables are damaged too)."""
    try:
        with closing(sqlite3.connect(path, isolation_level=None, timeout=5.0)) as conn:
            conn.execute("REINDEX")
    except sqlite3.DatabaseError:
        return False
    return True


class MaintenanceWrites:
    """Mixed into ``Store``: the repairs ``casecards doctor`` makes, one transaction each."""

    _write: Callable[[], AbstractContextManager[sqlite3.Connection]]
    path: Path

    def give_back_missing_rows(self, now: datetime) -> tuple[int, int]:
        """Mend the rows that point at a row the store lacks (a foreign-key problem): a deck
        its cards name, a card its answers name, each given back retired, so that every
        answer keeps its card; their schedules are then what ``reset_schedules`` sets from
        the log, and a sync restores them if their note returns. Answers whose card id
        cannot be a card's are deleted (the repair's backup keeps them). Returns (rows given
        back, answers deleted)."""
        with self._write() as conn:
            keys = {
                r[0]: _card_key(r[0])
                for r in conn.execute(
                    "SELECT card_id FROM reviews WHERE card_id NOT IN (SELECT id FROM cards)"
                    " UNION SELECT card_id FROM practice"
                    " WHERE card_id NOT IN (SELECT id FROM cards)"
                )
            }
            unreadable = [card_id for card_id, key in keys.items() if key is None]
            deleted = conn.execute(
                "DELETE FROM reviews WHERE card_id IN (SELECT value FROM json_each(?))",
                (json.dumps(unreadable),),
            ).rowcount
            conn.execute(
                "DELETE FROM practice WHERE card_id IN (SELECT value FROM json_each(?))",
                (json.dumps(unreadable),),
            )
            cards = sorted((card_id, *key) for card_id, key in keys.items() if key is not None)
            deck_ids = {card[1] for card in cards} | {
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT deck_id FROM cards WHERE deck_id NOT IN (SELECT id FROM decks)"
                )
            }
            decks = conn.execute(
                "INSERT INTO decks (id, name, path, file_hash, synced_at, status)"
                " SELECT value, value, '', '', ?, 'retired' FROM json_each(?)"
                " WHERE value NOT IN (SELECT id FROM decks)",
                (instant(now), json.dumps(sorted(deck_ids))),
            ).rowcount
            conn.executemany(
                "INSERT INTO cards (id, deck_id, note_id, part, kind, position, content_hash,"
                " status) VALUES (?, ?, ?, ?, 'basic', 0, '', 'retired')",
                cards,
            )
            return decks + len(cards), deleted

    def reset_schedules(self, card_ids: Sequence[str]) -> None:
        """Set each card's schedule to what its review log implies: the log is the truth."""
        with self._write() as conn:
            for card_id in card_ids:
                row = conn.execute(f"{_IMPLIED} WHERE c.id = ?", (card_id,)).fetchone()
                if row is not None:
                    conn.execute(
                        f"UPDATE cards SET ({SCHEDULE_COLUMNS}) = ({_PLACES}) WHERE id = ?",
                        (*_implied(row[1 + len(SCHEDULE) :]), card_id),
                    )
            memory.refresh(conn, list(card_ids))

    def move_history(self, deck_id: str, old: str, new: str) -> Moved:
        """Carry note ``old``'s progress to note ``new`` of the same deck (a renamed note),
        card by card of the same part: the answers are re-filed under the new card, which
        takes the old card's schedule, suspension and burial; the old card is deleted. A part
        the new note lacks, or whose new card has answers of its own, stays where it was.

        Raises:
            StoreError: If the store has no card of either note (sync the decks first).
        """
        with self._write() as conn:
            olds = conn.execute(
                "SELECT id, part FROM cards WHERE deck_id = ? AND note_id = ? ORDER BY position",
                (deck_id, old),
            ).fetchall()
            news = dict(
                conn.execute(
                    "SELECT part, id FROM cards WHERE deck_id = ? AND note_id = ?",
                    (deck_id, new),
                ).fetchall()
            )
            for note, found in ((old, olds), (new, news)):
                if not found:
                    raise StoreError(
                        _(
                            "No note {deck_id}/{note} in {path}: check the ids (and that the deck "
                            "holding the new one is loaded)."
                        ).format(deck_id=deck_id, note=note, path=self.path)
                    )
            cards = answers = 0
            left: list[tuple[str, str]] = []
            for old_id, part in olds:
                target = news.get(part)
                if target is None:
                    left.append((old_id, f"{deck_id}/{new} has no card {part}"))
                    continue
                if conn.execute("SELECT 1 FROM reviews WHERE card_id = ?", (target,)).fetchone():
                    left.append((old_id, f"{target} has answers of its own"))
                    continue
                moved = conn.execute(
                    "UPDATE reviews SET card_id = ? WHERE card_id = ?", (target, old_id)
                ).rowcount
                conn.execute("UPDATE practice SET card_id = ? WHERE card_id = ?", (target, old_id))
                conn.execute(
                    f"UPDATE cards SET ({SCHEDULE_COLUMNS}, suspended, buried_until) ="
                    f" (SELECT {SCHEDULE_COLUMNS}, suspended, buried_until FROM cards WHERE id = ?)"
                    " WHERE id = ?",
                    (old_id, target),
                )
                conn.execute("DELETE FROM cards WHERE id = ?", (old_id,))
                memory.refresh(conn, [target])
                cards += 1
                answers += moved
            return Moved(cards, answers, tuple(left))

    def retire(self, card_ids: Sequence[str]) -> int:
        """Retire these cards (hidden, history kept, restored if they come back)."""
        with self._write() as conn:
            return conn.execute(
                "UPDATE cards SET status = 'retired'"
                " WHERE status = 'active' AND id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(card_ids)),),
            ).rowcount

    def purge_retired(self) -> tuple[int, int]:
        """Delete retired cards, their answers, and retired decks left without cards; return
        (cards, answers) deleted."""
        with self._write() as conn:
            answers = conn.execute(
                "DELETE FROM reviews"
                " WHERE card_id IN (SELECT id FROM cards WHERE status = 'retired')"
            ).rowcount
            conn.execute(
                "DELETE FROM practice"
                " WHERE card_id IN (SELECT id FROM cards WHERE status = 'retired')"
            )
            cards = conn.execute("DELETE FROM cards WHERE status = 'retired'").rowcount
            conn.execute(
                "DELETE FROM decks WHERE status = 'retired'"
                " AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.deck_id = decks.id)"
            )
            return cards, answers
