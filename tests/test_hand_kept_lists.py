"""Lists a person keeps by hand, each pinned to what it must follow: when one falls out of
step, a test here fails and says what to add or remove."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from casecards.cards import CardKind
from casecards.deck import cache
from casecards.store import Store, maintenance, schema
from casecards.tui.screens.browse import KIND_LABELS


def _modules_imported_by(statement: str) -> set[str]:
    """The casecards modules a fresh interpreter holds after ``statement``."""
    script = (
        f"{statement}\n"
        "import json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('casecards.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout))


def test_the_deck_cache_key_covers_every_module_the_deck_loader_runs() -> None:
    # A parsed deck is served from the cache while its file and this code are unchanged. A
    # module the loader imports but the key leaves out would serve stale decks after an edit.
    loaded = _modules_imported_by(
        "from casecards.deck import load_decks, load_entries, DeckCache, json_schema"
    )
    sources = set(cache._SOURCES)
    covered = {
        module
        for module in loaded
        for top in [module.split(".")[1]]
        if top in sources or f"{top}.py" in sources
    }
    assert loaded - covered == set(), f"add to deck/cache.py _SOURCES: {sorted(loaded - covered)}"
    used = {module.split(".")[1] for module in loaded}
    stale = {s for s in sources if s.removesuffix(".py") not in used}
    assert stale == set(), f"remove from deck/cache.py _SOURCES: {sorted(stale)}"


def _columns(sql_list: str) -> tuple[str, ...]:
    return tuple(column.strip() for column in sql_list.split(","))


def test_doctor_knows_every_schedule_column_the_store_keeps(tmp_path: Path) -> None:
    # The doctor compares and resets a card's schedule column by column: it shares the
    # store's list, and knows each column's new value and where the log keeps it.
    assert _columns(schema.SCHEDULE_COLUMNS) == maintenance.SCHEDULE
    assert set(maintenance.NEW_CARD) == set(maintenance.FROM_LOG) == set(maintenance.SCHEDULE)
    # An undo copies the "before" columns back in this order (the log says "ease", not
    # "ease_hundredths", for the same value).
    before = tuple(c.removesuffix("_before") for c in _columns(schema.BEFORE_COLUMNS))
    assert before == ("ease", *maintenance.SCHEDULE[1:])
    with Store.open(tmp_path / "s.db") as store:
        cards = {row[1] for row in store._conn.execute("PRAGMA table_info(cards)")}
    assert set(maintenance.SCHEDULE) <= cards


def test_the_migrations_casecards_knows_are_the_ones_it_applies(tmp_path: Path) -> None:
    # migration_names reads sqlite-utils' private list: this pins it to what really runs.
    with Store.open(tmp_path / "s.db") as store:
        applied = [
            row[0]
            for row in store._conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'casecards' ORDER BY id"
            )
        ]
    assert list(schema.migration_names()) == applied
    assert applied == sorted(applied) and applied[0] == "0001_initial"


def test_browse_names_every_card_kind() -> None:
    assert set(KIND_LABELS) == set(CardKind)
