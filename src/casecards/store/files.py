"""The store as a file: opening it read-only.

SQLite opens a file read-only only through a URI (``file:…?mode=ro``), and in a URI ``#``
starts a fragment, ``?`` the parameters and ``%`` an escape: a store in "Semestre #2/"
opened as ``f"file:{path}"`` is another file, created empty if need be. ``uri`` is the one
place a path becomes a URI; every read-only connection goes through ``connect_read_only``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlencode

from casecards.store.failures import BUSY_TIMEOUT_S


def uri(path: Path, **parameters: str) -> str:
    """The SQLite URI of ``path``, every character of the path percent-encoded."""
    query = f"?{urlencode(parameters)}" if parameters else ""
    return Path(path).absolute().as_uri() + query


def connect_read_only(path: Path, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """A connection that cannot write to ``path``, nor create it (SQLite's ``mode=ro``)."""
    return sqlite3.connect(uri(path, mode="ro"), uri=True, timeout=timeout)
