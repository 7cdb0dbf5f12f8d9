"""The study database: schema and migrations, deck sync, the review log, and the queries above it.

Everything above this package sees frozen values (``StoredCard``, ``ReviewRecord``, ``Stats``),
never rows or SQL. Time comes in as arguments: the store never reads the clock.

Modules: ``values`` (the frozen values and their row conversion), ``schema`` (migrations and
shared SQL), ``sync`` (decks -> cards), ``database`` (the ``Store``: open, write, session
queries), ``history`` (read-only queries over the log, for statistics and browsing),
``maintenance`` (checks and repairs for ``casecards doctor``), ``failures`` (SQLite's
errors about the file, as messages for the user) and ``files`` (the store as a file: opened
read-only through a properly encoded URI, and told apart from files that are no store).

Decisions:

* SQLite through sqlite-utils: ``sqlite_utils.Migrations`` versions the schema (applied in order
  on open, recorded in ``_sqlite_migrations``). Queries go straight to the ``sqlite3`` connection
  underneath, because ``Database.query`` wraps every read in a savepoint (three statements).
* The connection runs in autocommit (``isolation_level=None``) and every write is one explicit
  ``BEGIN IMMEDIATE`` transaction, so a writer takes the lock up front and waits for
  ``busy_timeout`` instead of failing half-way when another process writes. WAL with
  ``synchronous = NORMAL``: a committed answer survives any crash of the process; a power cut
  may undo the last commits, whole, never half of one (FULL would sync on every answer).
* Two windows may hold the same card: an answer carries the ``Schedule`` it was computed
  from and is written only if the card still has it (compare and set under the write lock),
  so one recall never schedules a card twice.
* The E-Factor is stored in integer hundredths (``Sm2State.ease_hundredths``), so a state read
  back equals the state written, bit for bit.
* Days are ISO dates and instants ISO-8601 with their UTC offset, as TEXT: they sort as text.
"""

from casecards.store.database import Store
from casecards.store.schema import MIGRATIONS
from casecards.store.values import (
    UNCHECKED,
    CardChangedError,
    CardLapses,
    CardLeech,
    CardStatus,
    DeckStats,
    LeechMark,
    Moved,
    PracticeRecord,
    Rename,
    ReviewRecord,
    Schedule,
    Stats,
    StoredCard,
    StoreError,
    SyncReport,
    Unchecked,
    new_allowance,
)

__all__ = [
    "MIGRATIONS",
    "UNCHECKED",
    "CardChangedError",
    "CardLapses",
    "CardLeech",
    "CardStatus",
    "DeckStats",
    "LeechMark",
    "Moved",
    "PracticeRecord",
    "Rename",
    "ReviewRecord",
    "Schedule",
    "Stats",
    "Store",
    "StoreError",
    "StoredCard",
    "SyncReport",
    "Unchecked",
    "new_allowance",
]
