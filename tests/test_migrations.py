"""Every store schema ever released opens in this casecards with its history intact.

``fixtures/stores/`` holds one small store per released migration, as that migration left
the schema, with a few days of real study in it (``fixtures/stores/make_store.py`` made
them). Each one is opened with the current code, which migrates it forward; nothing of
the history may change on the way, and studying goes on from where it was.

When a migration is released, add its fixture (the first test fails until then):

    .venv/bin/python tests/fixtures/stores/make_store.py 0003_the_new_migration

and commit the new ``.db`` file. Never regenerate an older fixture.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from casecards.cards import MAIN, Card, CardKind, DeckCards
from casecards.session import Session
from casecards.store import Store
from casecards.store.schema import migration_names
from drivers.checks import check_store

FIXTURES = Path(__file__).parent / "fixtures" / "stores"
STORES = sorted(FIXTURES.glob("*.db"))
TABLES = ("decks", "cards", "reviews", "sqlite_sequence")


def test_every_released_schema_has_a_fixture() -> None:
    assert [p.stem for p in STORES] == list(migration_names()), (
        "add a fixture for each new migration: "
        ".venv/bin/python tests/fixtures/stores/make_store.py NAME"
    )


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables that hold the student's data, all columns, in order."""
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in TABLES
        }
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", STORES, ids=lambda p: p.stem)
def test_an_old_store_migrates_forward_with_its_history_intact(
    fixture: Path, tmp_path: Path
) -> None:
    path = tmp_path / "casecards.db"
    shutil.copyfile(fixture, path)
    before = rows(path)
    assert len(before["reviews"]) >= 15, "the fixture should hold a real history"

    with Store.open(path) as store:
        log = store.reviews()
        stats = store.stats(datetime(2024, 3, 11).date(), 20)
    conn = sqlite3.connect(path)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    conn.close()
    assert applied == list(migration_names())
    # A migration may add columns; the data that was there stays, row for row.
    after = rows(path)
    for table in TABLES:
        width = len(before[table][0]) if before[table] else 0
        assert [r[:width] for r in after[table]] == before[table], table
    chains = check_store(path)  # integrity, one chain per card, each card = its last answer
    assert sum(map(len, chains.values())) == len(log) == len(before["reviews"])
    assert [d.id for d in stats.decks] == ["cas"]  # "histoire" stays retired
    assert stats.reviews_total == len(log)
    assert_sums_match_the_log(path)  # built from the log by 0005, or kept since

    # Studying goes on: the due cards come up, and new answers never reuse an undone id.
    now = datetime(2024, 3, 11, 9, tzinfo=timezone(timedelta(hours=1)))
    with Store.open(path) as store:
        session = Session(store, now=now)
        item = session.next_card()
        assert item is not None and item.card_id.startswith("cas/")
        result = session.answer(item.card_id, 4, now=now, duration_ms=1)
        (sequence,) = [n for name, n in before["sqlite_sequence"] if name == "reviews"]
        assert result.review_id is not None and result.review_id > sequence
        session.undo()
        session.answer(item.card_id, 1, now=now, duration_ms=1)
    check_store(path)
    assert_sums_match_the_log(path)


@pytest.mark.parametrize("fixture", STORES, ids=lambda p: p.stem)
def test_an_old_store_read_only_counts_as_a_migrated_one(fixture: Path, tmp_path: Path) -> None:
    """``casecards stats`` opens the store read-only: a store of an older schema is not
    migrated, and its figures (the log's sums of 0005 among them) are read from its log."""
    path = tmp_path / "casecards.db"
    shutil.copyfile(fixture, path)
    day = datetime(2024, 3, 7).date()
    with Store.open_read_only(path) as store:
        as_is = store.stats(day, 20), store.answer_totals(), store.reviews_per_day(day, day)
        lapsed = store.most_lapsed(10)
        # Before 0008 no sums of retention: statistics.retention counts it from the log.
        as_synced = {
            "cas": "file-['age', 'irm', 'scinti', 'tdm']",
            "histoire": "file-['ravault', 'curtiss']",
        }
        sums = store.retention_sums(day, day, as_synced)
        assert (sums is None) == (fixture.stem < "0008")
    with Store.open(path) as store:
        store.use_decks(None)
        assert (
            store.stats(day, 20),
            store.answer_totals(),
            store.reviews_per_day(day, day),
        ) == as_is
        assert store.most_lapsed(10) == lapsed


@pytest.mark.parametrize(
    "fixture", sorted((FIXTURES / "out-of-order").glob("*.db")), ids=lambda p: p.stem
)
def test_a_store_of_main_without_0005_gets_its_sums(fixture: Path, tmp_path: Path) -> None:
    """Main released 0006 (settings) and 0007 (FSRS) before 0005 (the log's sums) was
    merged: such a store gets 0005 after them, its sums built from its log, and nothing of
    its own lost."""
    path = tmp_path / "casecards.db"
    shutil.copyfile(fixture, path)
    before = rows(path)
    with Store.open(path) as store:
        assert store.answer_totals()[0] == len(before["reviews"]) > 0
    conn = sqlite3.connect(path)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    conn.close()
    assert applied.index("0006_settings_leeches_practice") < applied.index("0005_daily_summary")
    assert sorted(applied) == list(migration_names())
    after = rows(path)
    for table in TABLES:
        width = len(before[table][0]) if before[table] else 0
        assert [r[:width] for r in after[table]] == before[table], table
    assert_sums_match_the_log(path)


def assert_sums_match_the_log(path: Path) -> None:
    """``daily_summary`` and ``card_lapses`` hold the log's sums, recounted here in SQL."""
    conn = sqlite3.connect(path)
    try:
        days = conn.execute(
            "SELECT day, COUNT(*), SUM(repetitions_before > 0),"
            " SUM(repetitions_before > 0 AND grade >= 3) FROM reviews GROUP BY day"
        ).fetchall()
        lapses = conn.execute(
            "SELECT card_id, COUNT(*) FROM reviews WHERE grade < 3 AND repetitions_before > 0"
            " GROUP BY card_id"
        ).fetchall()
        assert conn.execute("SELECT * FROM daily_summary ORDER BY day").fetchall() == days
        assert conn.execute("SELECT * FROM card_lapses ORDER BY card_id").fetchall() == lapses
        # 0008: retention's sums by deck (built from the log) and by tag (the notes' tags
        # as the last sync read them), recounted with the card ids' deck and note.
        by_deck: dict[tuple[str, str], list[int]] = {}
        by_tag: dict[tuple[str, str], list[int]] = {}
        tags: dict[tuple[str, str], list[str]] = {}
        for deck_id, note_id, tag in conn.execute("SELECT * FROM note_tags"):
            tags.setdefault((deck_id, note_id), []).append(tag)
        for day, card_id, grade in conn.execute(
            "SELECT day, card_id, grade FROM reviews WHERE repetitions_before > 0"
        ):
            deck_id, note_id, _ = card_id.split("/")
            keys = [(by_deck, deck_id), *((by_tag, t) for t in tags.get((deck_id, note_id), []))]
            for table, key in keys:
                counts = table.setdefault((day, key), [0, 0])
                counts[0] += 1
                counts[1] += grade >= 3
        stored = conn.execute("SELECT day, deck_id, answers, passed FROM daily_deck").fetchall()
        assert {(d, k): [a, p] for d, k, a, p in stored} == by_deck
        stored = conn.execute("SELECT day, tag, answers, passed FROM daily_tag").fetchall()
        assert {(d, k): [a, p] for d, k, a, p in stored} == by_tag
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", STORES, ids=lambda p: p.stem)
def test_an_old_store_learns_its_tags_at_the_next_sync(fixture: Path, tmp_path: Path) -> None:
    """A store from before 0008 has its sums by deck built from its log, and no tags: its
    next sync reads every deck again (the file unchanged) to learn them, and their notes'
    whole history then counts under their tags."""
    path = tmp_path / "casecards.db"
    shutil.copyfile(fixture, path)
    with Store.open(path) as store:
        names = ["age", "irm", "scinti", "tdm"]
        cards = tuple(
            Card("cas", n, MAIN, CardKind.BASIC, i, f"hash-{n}") for i, n in enumerate(names)
        )
        tags = {"irm": ("imagerie", "modalite::irm"), "scinti": ("imagerie",)}
        cas = DeckCards("cas", "Cas", "decks/cas.yaml", f"file-{names}", cards, tags=tags)
        report = store.sync([cas], datetime(2024, 3, 11, 9, tzinfo=UTC))
        assert (report.added, report.updated, report.retired) == (0, 0, 0)
        # The retired deck "histoire" keeps the tags a store of 0008 read for it.
        loaded = {"cas": cas.file_hash}
        if fixture.stem >= "0008":
            loaded["histoire"] = "file-['ravault', 'curtiss']"
        sums = store.retention_sums(
            datetime(2024, 3, 1).date(), datetime(2024, 3, 11).date(), loaded
        )
        assert sums is not None and sums[1]["imagerie"][0] > 0
    assert_sums_match_the_log(path)
