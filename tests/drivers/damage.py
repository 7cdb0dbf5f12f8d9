"""Ways to damage a store file on purpose, as a failing disk or a stray program would."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def break_index(path: Path, index: str = "cards_deck_position") -> None:
    """Make ``index`` disagree with its table: hide it from SQLite, change the table, show
    it again. Only the index is wrong; ``REINDEX`` mends it."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA writable_schema = ON")
        entry = conn.execute("SELECT * FROM sqlite_master WHERE name = ?", (index,)).fetchone()
        conn.execute("DELETE FROM sqlite_master WHERE name = ?", (index,))
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("UPDATE cards SET position = position + 100")
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("INSERT INTO sqlite_master VALUES (?, ?, ?, ?, ?)", entry)


def break_table(path: Path, table: str = "reviews") -> None:
    """Overwrite the first page of ``table`` with garbage: the data itself is lost."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
        (size,) = conn.execute("PRAGMA page_size").fetchone()
    with path.open("r+b") as file:
        file.seek((root - 1) * size)
        file.write(b"\xde\xad\xbe\xef" * (size // 4))
