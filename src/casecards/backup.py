"""Backups of the study database: one a day when a session starts, one before each repair,
purge or restore, one whenever asked; a bounded history that never loses a state; and a way
back to any of them.

Backups live in ``backups/`` beside the database, named after it (``casecards`` below):

* ``casecards-2024-03-04.db``: the daily backup, the store before that day's first session;
* ``casecards-manual-2024-03-04T101500.db``: ``casecards backup now``;
* ``casecards-before-repair-…``, ``casecards-before-purge-…``, ``casecards-before-restore-…``:
  the store as it was before ``doctor --repair``, ``doctor --purge-retired`` or a restore.

What follows ``casecards-`` is the backup's name, which ``backup list`` shows and ``backup
restore`` takes. Each one is a complete SQLite file made with SQLite's online backup
(consistent even while a trainer writes), checked with ``PRAGMA integrity_check`` before it
counts, and written under a temporary name then linked to its own, so a crash never leaves
a half backup behind a real name.

Decisions:

* A backup never replaces another: each holds a state no other may hold. A second one in
  the same second gets ``-2``, ``-3`` after its time; a second daily backup of a day is not
  taken (two windows starting at once: the first one's stays).
* The daily backup is taken before the store is opened, so before any migration: it is the
  store exactly as the previous casecards left it.
* Kept: every backup of the last ``DAILY_DAYS`` days; for older daily ones up to
  ``WEEKLY_DAYS`` days, the newest of each ISO week; the newest backup of each kind,
  whatever its age; and every backup of today. At most about a dozen daily files.
* Ages are counted from the newest backup before today plus one day, or today if earlier: a
  clock set a year ahead ages nothing, and a month without study keeps the history from
  before it. At most ``MAX_DELETIONS`` files go per run, oldest first: whatever goes wrong
  with the clock or the names, the history thins out, it is never wiped.
* A damaged store, or a file that is no store, is never backed up: its backup would push a
  good one out of the history.
* Restoring first copies the current store aside (a before-restore backup), then writes the
  backup into the database file with SQLite's backup API in rollback-journal mode: a crash
  during the restore leaves the old store or the restored one, never a mix. It needs the
  store to itself: every trainer must be closed. A backup with no cards or no answers is not
  restored over a store that has some.
"""

from __future__ import annotations

import enum
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Final

from casecards import i18n
from casecards.errors import CasecardsError
from casecards.i18n import _
from casecards.store.failures import is_busy, is_damage
from casecards.store.files import connect_read_only, fault

DAILY_DAYS: Final = 7
WEEKLY_DAYS: Final = 31
MAX_DELETIONS: Final = 3
FOLDER: Final = "backups"
_TIME_FORMAT: Final = "%Y-%m-%dT%H%M%S"
_DAY = r"\d{4}-\d{2}-\d{2}"


class BackupError(CasecardsError):
    """A backup cannot be taken, listed or restored; the message says why and what to do."""


class Kind(enum.StrEnum):
    """Why a backup was taken; the word in its file name (none for the daily one)."""

    DAILY = "daily"
    MANUAL = "manual"
    BEFORE_REPAIR = "before-repair"
    BEFORE_PURGE = "before-purge"
    BEFORE_RESTORE = "before-restore"
    BEFORE_RENAME = "before-rename"


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file of a study database. ``at`` is the time of day in its name
    (``101500``, with ``-2`` for a second one in that second), empty for a daily backup,
    which holds the store before the day's first session: they sort in the order taken."""

    path: Path
    day: date
    kind: Kind = Kind.DAILY
    at: str = ""

    @property
    def name(self) -> str:
        """What ``backup list`` shows and ``backup restore`` takes: the day of a daily
        backup, else its kind and time (``manual-2024-03-04T101500``)."""
        if self.kind is Kind.DAILY:
            return self.day.isoformat()
        return f"{self.kind}-{self.day.isoformat()}T{self.at}"


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
    """Every backup of ``db``, of every kind, newest first."""
    kinds = "|".join(re.escape(k) for k in Kind if k is not Kind.DAILY)
    pattern = re.compile(
        rf"{re.escape(db.stem)}-(?:(?P<kind>{kinds})-)?(?P<day>{_DAY})"
        r"(?:T(?P<at>\d{6}(?:-\d{1,3})?))?\.db"
    )
    found = []
    if folder(db).is_dir():
        for path in folder(db).iterdir():
            match = pattern.fullmatch(path.name)
            if match is None or (match["kind"] is None) != (match["at"] is None):
                continue
            try:
                day = date.fromisoformat(match["day"])
            except ValueError:
                continue  # a name that only looks like a day
            kind = Kind(match["kind"] or Kind.DAILY)
            found.append(Backup(path, day, kind, match["at"] or ""))
    return sorted(found, key=_order, reverse=True)


def _order(backup: Backup) -> tuple[date, int, int, str]:
    time, _, number = backup.at.partition("-")
    return backup.day, int(time or -1), int(number or 1), backup.path.name


def find(db: Path, which: str | None) -> Backup:
    """The backup named by ``which``: its name (a day names that day's daily backup), its
    file name or path; None for the newest daily or manual backup (the safety copies taken
    before a repair, purge or restore are restored by name)."""
    available = backups(db)
    if not available:
        raise BackupError(
            _("No backups of {db} yet (they are taken when a session starts).").format(db=db)
        )
    if which is None:
        chosen = [b for b in available if b.kind in (Kind.DAILY, Kind.MANUAL)]
        return (chosen or available)[0]
    for backup in available:
        if which in (backup.name, backup.path.name, str(backup.path)):
            return backup
    names = ", ".join(b.name for b in available)
    raise BackupError(
        _("No backup {which!r} of {db}; there are: {names}.").format(
            which=which, db=db, names=names
        )
    )


def daily(db: Path, today: date) -> Path | None:
    """Back ``db`` up unless it was already today, then trim the history; the new file, or
    None if there was nothing to do (no database yet, or already backed up today).

    Raises:
        BackupError: If the backup cannot be made (the database is damaged, the disk full).
    """
    if not db.is_file() or any(b.kind is Kind.DAILY and b.day == today for b in backups(db)):
        return None
    made = _take(db, folder(db) / f"{db.stem}-{today.isoformat()}.db", numbered=False)
    prune(db, today)
    return made


def take(db: Path, now: datetime, kind: Kind = Kind.MANUAL) -> Path:
    """Back ``db`` up now, as a backup of ``kind`` named after ``now``; a new file, never
    one that exists.

    Raises:
        BackupError: If ``db`` is missing or damaged, or the backup cannot be written.
    """
    if kind is Kind.DAILY:
        raise ValueError("daily backups are taken by daily()")
    target = folder(db) / f"{db.stem}-{kind}-{now:{_TIME_FORMAT}}.db"
    made = _take(db, target, numbered=True)
    if made is None:
        raise BackupError(
            _("Cannot back up {db}: {target} and its 998 numbered names are taken.").format(
                db=db, target=target
            )
        )
    return made


def _take(db: Path, target: Path, *, numbered: bool) -> Path | None:
    if not db.exists():
        raise BackupError(_("No study database at {db}: nothing to back up.").format(db=db))
    reason = fault(db)
    if reason is not None:
        raise BackupError(
            _("{db} is not a study database to back up: {reason}.").format(db=db, reason=reason)
        )
    created = not target.parent.exists()
    try:
        with closing(sqlite3.connect(db, timeout=5.0)) as source:
            return _copy(source, target, db, numbered=numbered)
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise _damaged(db) from exc
        raise BackupError(
            _("Cannot back up {db} to {target}: {exc}.").format(db=db, target=target, exc=exc)
        ) from exc
    finally:
        if created:  # no backup made: leave no empty folder behind
            with suppress(OSError):
                target.parent.rmdir()


def prune(db: Path, today: date) -> list[Path]:
    """Delete the backups the policy no longer keeps, at most ``MAX_DELETIONS`` of them, the
    oldest first; return what was deleted."""
    available = backups(db)
    keep = kept_backups(available, today)
    gone = [b.path for b in reversed(available) if b not in keep][:MAX_DELETIONS]
    for path in gone:
        path.unlink(missing_ok=True)
        Path(f"{path}-wal").unlink(missing_ok=True)  # beside a raw copy of a damaged store
    return gone


def kept_backups(available: Sequence[Backup], today: date) -> set[Backup]:
    """The backups to keep on ``today``: the daily ones by ``kept``; the others of the last
    ``DAILY_DAYS`` days; the newest of each kind; all of today's. Ages are counted from the
    newest backup before today plus one day, if that is earlier than ``today``."""
    earlier = [b.day for b in available if b.day < today]
    reference = min(today, max(earlier) + timedelta(days=1)) if earlier else today
    days = kept([b.day for b in available if b.kind is Kind.DAILY], reference)
    keep = {b for b in available if b.day >= today}
    keep |= {b for b in available if b.kind is Kind.DAILY and b.day in days}
    keep |= {
        b for b in available if b.kind is not Kind.DAILY and (reference - b.day).days < DAILY_DAYS
    }
    for kind in Kind:  # ``available`` is newest first: the first of a kind is its newest
        newest = next((b for b in available if b.kind is kind), None)
        if newest is not None:
            keep.add(newest)
    return keep


def kept(days: Iterable[date], today: date) -> set[date]:
    """The daily backup days to keep on ``today``: all of the last ``DAILY_DAYS`` days, the
    newest of each ISO week younger than ``WEEKLY_DAYS`` days, and the newest of all."""
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
    """Replace ``db`` with ``backup``, after copying ``db`` aside as a before-restore backup;
    return that copy (None if there was no database).

    Raises:
        BackupError: If the backup is damaged, would empty a store that has cards or answers,
            a trainer still has ``db`` open, or a file cannot be written. ``db`` is then left
            as it was.
    """
    chosen = contents(backup.path)
    if not chosen.ok:
        raise BackupError(
            _("The backup {path} is damaged; choose another one.").format(path=backup.path)
        )
    _refuse_emptying(db, backup, chosen)
    safety = folder(db) / f"{db.stem}-{Kind.BEFORE_RESTORE}-{now:{_TIME_FORMAT}}.db"
    try:
        with (
            _alone(db, safety if db.exists() else None) as (target, kept),
            _open_ro(backup.path) as source,
        ):
            source.backup(target)
            target.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as exc:
        raise BackupError(
            _("Cannot restore {path} into {db}: {exc}.").format(path=backup.path, db=db, exc=exc)
        ) from exc
    prune(db, now.date())
    return kept


def _refuse_emptying(db: Path, backup: Backup, chosen: Contents) -> None:
    """BackupError if ``backup`` holds no cards or no answers while ``db`` holds some: such a
    restore would wipe the progress (a backup read from the wrong file looks just like it)."""
    if not db.is_file():
        return
    current = contents(db)
    for what, had, has in (
        (_("cards"), current.cards, chosen.cards),
        (_("answers"), current.reviews, chosen.reviews),
    ):
        if had and not has:
            raise BackupError(
                _(
                    "The backup {path} holds no {what}, and {db} holds {had}: restoring it "
                    "would empty your progress, so nothing was changed. Choose another "
                    "backup (casecards backup list)."
                ).format(path=backup.path, what=what, db=db, had=i18n.integer(had))
            )


@contextmanager
def _alone(db: Path, safety: Path | None) -> Iterator[tuple[sqlite3.Connection, Path | None]]:
    """``db`` opened alone and kept so, in rollback-journal mode, after copying it to
    ``safety`` (or a numbered name beside it), with the copy's path. SQLite refuses to leave
    WAL while another connection is open: that is the check that no trainer is running;
    exclusive locking then keeps any from writing."""
    kept = None
    conn = sqlite3.connect(db, timeout=1.0, isolation_level=None)
    try:
        try:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("PRAGMA journal_mode = DELETE")
            if safety is not None:
                kept = _copy(conn, safety, db, check=False, numbered=True)
        except sqlite3.Error as exc:
            if is_busy(exc):
                raise BackupError(
                    _(
                        "{db} is in use ({exc}): close every casecards window, then restore again."
                    ).format(db=db, exc=exc)
                ) from exc
            if not is_damage(exc):
                raise
            # Too damaged for SQLite to read: keep its bytes, and start from an empty file.
            conn.close()
            if safety is not None:
                kept = _raw_copy(db, safety)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            conn = sqlite3.connect(db, isolation_level=None)
        try:
            yield conn, kept
        except BaseException:
            with suppress(sqlite3.Error):  # leave the store in WAL mode, as it was found
                conn.execute("PRAGMA journal_mode = WAL")
            raise
    finally:
        conn.close()


@contextmanager
def _open_ro(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(connect_read_only(path)) as conn:
        yield conn


def _copy(
    source: sqlite3.Connection, target: Path, db: Path, *, check: bool = True, numbered: bool
) -> Path | None:
    """SQLite's online backup of ``source`` (the database ``db``) into ``target``, all or
    nothing; with ``check``, refused if the copy fails the integrity check. Returns the file
    written, never one that existed: see ``_publish``.

    Raises:
        sqlite3.Error: If ``source`` cannot be read.
        BackupError: If the copy is damaged or cannot be written.
    """
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        with closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if check and copy.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                raise _damaged(db)
        _sync(partial)
        made = _publish(partial, target, numbered=numbered)
        _sync(target.parent)
        return made
    except OSError as exc:
        raise BackupError(
            _("Cannot back up {db} to {target}: {value}.").format(
                db=db, target=target, value=exc.strerror or exc
            )
        ) from exc
    finally:
        partial.unlink(missing_ok=True)


def _publish(partial: Path, target: Path, *, numbered: bool) -> Path | None:
    """Give the file ``partial`` the name ``target``, or when it is taken and ``numbered``, the
    first free one of ``target`` with ``-2``, ``-3``… before ``.db``; never replace a file.
    None if ``target`` is taken and not ``numbered``."""
    names = [target]
    if numbered:
        names += [target.with_name(f"{target.stem}-{n}{target.suffix}") for n in range(2, 1000)]
    for name in names:
        try:
            os.link(partial, name)  # fails on an existing name: nothing is ever replaced
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: check, then rename
            if name.exists():
                continue
            os.replace(partial, name)
        return name
    return None


def _damaged(db: Path) -> BackupError:
    return BackupError(
        _(
            "The study database {db} is damaged, so it was not backed up (older "
            "backups are kept). Run `casecards doctor` to check and repair it."
        ).format(db=db)
    )


def _raw_copy(db: Path, target: Path) -> Path:
    """The bytes of ``db`` (and of its write-ahead log) copied to a free name for ``target``."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(db.read_bytes())
        made = _publish(partial, target, numbered=True)
    finally:
        partial.unlink(missing_ok=True)
    assert made is not None
    log = Path(f"{db}-wal")
    if log.exists():
        Path(f"{made}-wal").write_bytes(log.read_bytes())
    return made


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
