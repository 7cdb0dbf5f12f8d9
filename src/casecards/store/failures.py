"""What can go wrong with the file under the store, said for the person who must fix it.

SQLite reports a full disk, a read-only file, a lock held too long or a damaged file as
``sqlite3`` exceptions carrying a result code; ``store_error`` turns those into a
``StoreError`` that names the file and the way out. Any other SQLite error (a constraint, a
syntax error) is a bug in casecards, not the user's problem, and is left to surface as it is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

from casecards.i18n import _
from casecards.store.values import StoreError

# Primary result codes (https://sqlite.org/rescode.html); extended codes carry them in the
# low byte, e.g. SQLITE_READONLY_DIRECTORY = 8 | (6 << 8).
_PERM: Final = 3
_BUSY: Final = 5
_LOCKED: Final = 6
_NOMEM: Final = 7
_READONLY: Final = 8
_IOERR: Final = 10
_CORRUPT: Final = 11
_FULL: Final = 13
_CANTOPEN: Final = 14
_PROTOCOL: Final = 15
_NOTADB: Final = 26

#: Seconds a writer waits for another one (another casecards window) before giving up.
BUSY_TIMEOUT_S: Final = 5.0


def result_code(exc: sqlite3.Error) -> int | None:
    """The primary SQLite result code of ``exc``, or None if it carries none."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says another connection holds the file."""
    return result_code(exc) in (_BUSY, _LOCKED)


def cannot_open(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says SQLite could not open the file (or the files beside it)."""
    return result_code(exc) == _CANTOPEN


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says the file is damaged or not a database at all."""
    return result_code(exc) in (_CORRUPT, _NOTADB)


def store_error(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """A ``StoreError`` explaining ``exc`` to the user, or None if ``exc`` is a bug."""
    reason = _reason(result_code(exc), path)
    return (
        None
        if reason is None
        else StoreError(_("{reason} (SQLite: {exc})").format(reason=reason, exc=exc))
    )


def _reason(code: int | None, path: Path) -> str | None:
    if code == _FULL:
        return (
            f"The disk holding the study database {path} is full: the last change was not "
            "saved, and nothing was half-written. Free some space, then start casecards again"
        )
    if code == _READONLY:
        return (
            f"The study database {path} is read-only: casecards cannot record answers in it. "
            "Make the file and its folder writable, or choose another file with --db"
        )
    if code in (_BUSY, _LOCKED):
        return (
            f"The study database {path} is busy: another program (another casecards window?) "
            "kept it locked too long. Close it and try again"
        )
    if code in (_CORRUPT, _NOTADB):
        return (
            f"The study database {path} is damaged. Run `casecards doctor` to check it; "
            "`casecards backup restore` brings back a daily backup"
        )
    if code in (_PERM, _IOERR, _CANTOPEN, _PROTOCOL, _NOMEM):
        return (
            f"Cannot read or write the study database {path}. Check that the disk is present "
            "and the file is yours to write, or choose another file with --db"
        )
    return None
