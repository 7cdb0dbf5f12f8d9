"""Backups of the study database: one a day when a session starts, a bounded history, and a
way back.

Backups live in ``backups/`` beside the database, named after it and the day:
``casecards-2024-03-04.db``. Each one is a complete SQLite file made with SQLite's online
backup (consistent even while a trainer writes), checked with ``PRAGMA integrity_check``
before it counts, and written under a temporary name then renamed, so a crash never leaves
a half backup behind a real name.

Decisions:

* At most one backup a day, taken before the store is opened, so before any migration: a
  backup is the store exactly as the previous casecards left it.
* Kept: every backup of the last ``DAILY_DAYS`` days; for older ones up to ``WEEKLY_DAYS``
  days, the newest of each ISO week; and always the newest backup, whatever its age (a
  wrong clock never empties the folder). At most about a dozen files.
* A damaged store is never backed up: its backup would push a good one out of the history.
* Restoring first copies the current store aside (``casecards-before-restore-<time>.db``; the
  ``KEEP_BEFORE_RESTORE`` newest are kept), then writes the backup into the database file
  with SQLite's backup API in rollback-journal mode: a crash during the restore leaves the
  old store or the restored one, never a mix. It needs the store to itself: every trainer
  must be closed.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Final

from casecards.errors import CasecardsError
from casecards.store.failures import is_busy, is_damage
from casecards.store.files import connect_read_only

DAILY_DAYS: Final = 7
WEEKLY_DAYS: Final = 31
KEEP_BEFORE_RESTORE: Final = 3
FOLDER: Final = "backups"
_DAY = r"(\d{4}-\d{2}-\d{2})"


class BackupError(CasecardsError):
    """A backup cannot be taken, listed or restored; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Backup:
    """One daily backup file of a study database."""

    path: Path
    day: date


@dataclass(frozen=True, slots=True)
class Contents:
    """What a store file holds, to tell backups apart before restoring one."""

    ok: bool  # PRAGMA integrity_check passed
    cards: int
    reviews: int
    last_answer: str | None  # ISO instant of the newest answer


def folder(db: Path) -> Path:
    return db.parent / FOLDER


def backups(db: Path) -> list[Backup]:
    """The daily backups of ``db``, newest first."""
    pattern = re.compile(re.escape(db.stem) + "-" + _DAY + r"\.db")
    found = []
    if folder(db).is_dir():
        for path in folder(db).iterdir():
            match = pattern.fullmatch(path.name)
            if match:
                try:
                    found.append(Backup(path, date.fromisoformat(match.group(1))))
                except ValueError:
                    continue  # a name that only looks like a day
    return sorted(found, key=lambda b: b.day, reverse=True)


def find(db: Path, which: str | None) -> Backup:
    """The backup named by ``which``: a day (``2024-03-04``), a file name or path in the
    backup folder, or None for the newest."""
    available = backups(db)
    if not available:
        raise BackupError(f"No backups of {db} yet (they are taken when a session starts).")
    if which is None:
        return available[0]
    for backup in available:
        if which in (backup.day.isoformat(), backup.path.name, str(backup.path)):
            return backup
    days = ", ".join(b.day.isoformat() for b in available)
    raise BackupError(f"No backup {which!r} of {db}; there are backups of {days}.")


def daily(db: Path, today: date) -> Path | None:
    """Back ``db`` up unless it was already today, then trim the history; the new file, or
    None if there was nothing to do (no database yet, or already backed up today).

    Raises:
        BackupError: If the backup cannot be made (the database is damaged, the disk full).
    """
    if not db.is_file() or any(b.day == today for b in backups(db)):
        return None
    made = take(db, today)
    prune(db, today)
    return made


def take(db: Path, day: date) -> Path:
    """Back ``db`` up now as the backup of ``day`` (replacing one of that day).

    Raises:
        BackupError: If ``db`` is missing or damaged, or the backup cannot be written.
    """
    if not db.is_file():
        raise BackupError(f"No study database at {db}: nothing to back up.")
    target = folder(db) / f"{db.stem}-{day.isoformat()}.db"
    try:
        with closing(sqlite3.connect(db, timeout=5.0)) as source:
            _copy(source, target, db)
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise _damaged(db) from exc
        raise BackupError(f"Cannot back up {db} to {target}: {exc}.") from exc
    return target


def prune(db: Path, today: date) -> list[Path]:
    """Delete the daily backups the policy no longer keeps, and all but the newest
    ``KEEP_BEFORE_RESTORE`` safety copies; return what was deleted."""
    available = backups(db)
    keep = kept([b.day for b in available], today)
    gone = [b.path for b in available if b.day not in keep]
    copies = sorted(folder(db).glob(f"{db.stem}-before-restore-*.db"), reverse=True)
    gone += copies[KEEP_BEFORE_RESTORE:]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def kept(days: Iterable[date], today: date) -> set[date]:
    """The backup days to keep on ``today``: all of the last ``DAILY_DAYS`` days, the newest
    of each ISO week younger than ``WEEKLY_DAYS`` days, and the newest of all."""
    days = set(days)
    if not days:
        return set()
    newest_of_week: dict[tuple[int, int], date] = {}
    for day in days:
        week = (day.isocalendar().year, day.isocalendar().week)
        newest_of_week[week] = max(day, newest_of_week.get(week, day))
    keep = {d for d in days if (today - d).days < DAILY_DAYS}
    keep |= {d for d in newest_of_week.values() if (today - d).days < WEEKLY_DAYS}
    return keep | {max(days)}


def contents(path: Path) -> Contents:
    """What the store file at ``path`` holds; ``ok`` False if SQLite finds it damaged."""
    try:
        with closing(connect_read_only(path)) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not {"cards", "reviews"} <= tables:
                return Contents(ok, 0, 0, None)
            (cards,) = conn.execute("SELECT COUNT(*) FROM cards").fetchone()
            reviews, last = conn.execute(
                "SELECT COUNT(*), MAX(reviewed_at) FROM reviews"
            ).fetchone()
            return Contents(ok, cards, reviews, last)
    except sqlite3.DatabaseError:
        return Contents(False, 0, 0, None)


def restore(db: Path, backup: Backup, now: datetime) -> Path | None:
    """Replace ``db`` with ``backup``, after copying ``db`` aside; return that copy (None if
    there was no database).

    Raises:
        BackupError: If the backup is damaged, a trainer still has ``db`` open, or a file
            cannot be written. ``db`` is then left as it was.
    """
    chosen = contents(backup.path)
    if not chosen.ok:
        raise BackupError(f"The backup {backup.path} is damaged; choose another one.")
    _refuse_emptying(db, backup, chosen)
    safety = folder(db) / f"{db.stem}-before-restore-{now:%Y-%m-%dT%H%M%S}.db"
    existed = db.exists()
    try:
        with _alone(db, safety if existed else None) as target, _open_ro(backup.path) as source:
            source.backup(target)
            target.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as exc:
        raise BackupError(f"Cannot restore {backup.path} into {db}: {exc}.") from exc
    prune(db, now.date())
    return safety if existed else None


def _refuse_emptying(db: Path, backup: Backup, chosen: Contents) -> None:
    """BackupError if ``backup`` holds no cards or no answers while ``db`` holds some: such a
    restore would wipe the progress (a backup read from the wrong file looks just like it)."""
    if not db.is_file():
        return
    current = contents(db)
    for what, had, has in (
        ("cards", current.cards, chosen.cards),
        ("answers", current.reviews, chosen.reviews),
    ):
        if had and not has:
            raise BackupError(
                f"The backup {backup.path} holds no {what}, and {db} holds {had:,}: restoring "
                "it would empty your progress, so nothing was changed. Choose another backup "
                "(casecards backup list)."
            )


@contextmanager
def _alone(db: Path, safety: Path | None) -> Iterator[sqlite3.Connection]:
    """``db`` opened alone and kept so, in rollback-journal mode, after copying it to
    ``safety``. SQLite refuses to leave WAL while another connection is open: that is the
    check that no trainer is running; exclusive locking then keeps any from writing."""
    conn = sqlite3.connect(db, timeout=1.0, isolation_level=None)
    try:
        try:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("PRAGMA journal_mode = DELETE")
            if safety is not None:
                _copy(conn, safety, db, check=False)
        except sqlite3.Error as exc:
            if is_busy(exc):
                raise BackupError(
                    f"{db} is in use ({exc}): close every casecards window, then restore again."
                ) from exc
            if not is_damage(exc):
                raise
            # Too damaged for SQLite to read: keep its bytes, and start from an empty file.
            conn.close()
            if safety is not None:
                _raw_copy(db, safety)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            conn = sqlite3.connect(db, isolation_level=None)
        yield conn
    finally:
        conn.close()


@contextmanager
def _open_ro(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(connect_read_only(path)) as conn:
        yield conn


def _copy(source: sqlite3.Connection, target: Path, db: Path, *, check: bool = True) -> None:
    """SQLite's online backup of ``source`` (the database ``db``) into ``target``, all or
    nothing; with ``check``, refused if the copy fails the integrity check.

    Raises:
        sqlite3.Error: If ``source`` cannot be read.
        BackupError: If the copy is damaged or cannot be written.
    """
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        with closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if check and copy.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                raise _damaged(db)
        _sync(partial)
        os.replace(partial, target)
        _sync(target.parent)
    except OSError as exc:
        raise BackupError(f"Cannot back up {db} to {target}: {exc.strerror or exc}.") from exc
    finally:
        partial.unlink(missing_ok=True)


def _damaged(db: Path) -> BackupError:
    return BackupError(
        f"The study database {db} is damaged, so it was not backed up (older backups are "
        "kept). Run `casecards doctor` to check and repair it."
    )


def _raw_copy(db: Path, target: Path) -> None:
    for suffix in ("", "-wal"):
        source = Path(f"{db}{suffix}")
        if source.exists():
            Path(f"{target}{suffix}").write_bytes(source.read_bytes())


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
