"""The store as a file: opening it read-only, and telling a file that is no store at all
(missing, a folder, empty, not SQLite, unreadable) from a damaged one.

SQLite opens a file read-only only through a URI (``file:…?mode=ro``), and in a URI ``#``
starts a fragment, ``?`` the parameters and ``%`` an escape: a store in "Semestre #2/"
opened as ``f"file:{path}"`` is another file, created empty if need be. ``uri`` is the one
place a path becomes a URI; every read-only connection goes through ``connect_read_only``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlencode

from casecards import paths
from casecards.i18n import _
from casecards.store.failures import BUSY_TIMEOUT_S
from casecards.store.values import StoreError


def uri(path: Path, **parameters: str) -> str:
    """The SQLite URI of ``path``, every character of the path percent-encoded."""
    query = f"?{urlencode(parameters)}" if parameters else ""
    return Path(path).absolute().as_uri() + query


def connect_read_only(path: Path, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """A connection that cannot write to ``path``, nor create it (SQLite's ``mode=ro``)."""
    return sqlite3.connect(uri(path, mode="ro"), uri=True, timeout=timeout)


def no_store(path: Path) -> StoreError:
    """The error for a command that reads the store when there is none yet."""
    return StoreError(
        _("no progress store at {path} yet (it is created the first time you study)").format(
            path=path
        )
    )


def fault(path: Path) -> str | None:
    """Why the file at ``path`` cannot be a store, before SQLite is asked, for the user
    ("… is empty (0 bytes)"); None if it starts as an SQLite file (it may still be damaged
    inside, which only SQLite can tell).

    Raises:
        OSError: If ``path`` itself is unusable (a name too long, say).
    """
    if not path.exists():
        return "there is no file there"
    if path.is_dir():
        return "it is a folder, not a file"
    try:
        size = path.stat().st_size
        is_sqlite = paths.is_sqlite_file(path)
    except PermissionError:
        return "it cannot be read (permission denied)"
    if size == 0:
        return "it is empty (0 bytes)"
    if not is_sqlite:
        return "it is not an SQLite file (it does not start as one)"
    return None
