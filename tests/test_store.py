"""The store against real SQLite files: opening, migrations, sync, answer/undo, queries, stats."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from casecards.cards import DeckCards
from casecards.errors import CasecardsError
from casecards.scheduler import Sm2State, review
from casecards.store import (
    CardChangedError,
    CardLapses,
    CardStatus,
    DeckStats,
    Stats,
    Store,
    StoreError,
    SyncReport,
)
from casecards.store.files import uri
from casecards.store.schema import migration_names

MakeDeck = Callable[..., DeckCards]

TZ = timezone(timedelta(hours=1))
NOW = datetime(2024, 3, 4, 9, 0, tzinfo=TZ)
DAY = date(2024, 3, 4)


def answer(store: Store, card_id: str, grade: int, day: date, minute: int = 0) -> int:
    """Record ``grade`` as a session would: SM-2 state, due = day + interval."""
    after = review(store.card(card_id).state, grade)
    return store.record_answer(
        card_id,
        grade=grade,
        after=after,
        due=day + timedelta(days=after.interval),
        day=day,
        reviewed_at=datetime.combine(day, datetime.min.time(), TZ)
        + timedelta(hours=9, minutes=minute),
        duration_ms=1500,
    )


# -- opening and migrations ---------------------------------------------------------------------


def test_open_creates_folders_file_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "deeper" / "study.db"
    with Store.open(path) as store:
        pragma = store._conn.execute
        assert pragma("PRAGMA journal_mode").fetchone() == ("wal",)
        assert pragma("PRAGMA foreign_keys").fetchone() == (1,)
        assert pragma("PRAGMA busy_timeout").fetchone() == (5000,)
    assert path.is_file()
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"decks", "cards", "reviews", "_sqlite_migrations"} <= tables
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"cards_deck_due", "cards_deck_position", "reviews_day", "reviews_card"} <= indexes
    conn.close()


def test_migrates_an_empty_file_once_and_keeps_data(tmp_path: Path, make_deck: MakeDeck) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Store.open(path) as store:
        store.sync([make_deck("cardio", ["n1"])], NOW)
    with Store.open(path) as store:
        assert store.card("cardio/n1/main").status is CardStatus.ACTIVE
    conn = sqlite3.connect(path)
    applied = conn.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    conn.close()
    assert applied == [("casecards", name) for name in migration_names()]
    assert migration_names()[:4] == (
        "0001_initial",
        "0002_history_indexes",
        "0003_session_indexes",
        "0004_retention_by_day",
    )


def _not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 200)
    return path


def _under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "plain-file").write_text("x")
    return tmp_path / "plain-file" / "study.db"


def _a_folder(tmp_path: Path) -> Path:
    (tmp_path / "folder.db").mkdir()
    return tmp_path / "folder.db"


@pytest.mark.parametrize("bad_path", [_not_a_database, _under_a_file, _a_folder])
def test_unusable_path_is_a_user_error_naming_it(
    tmp_path: Path, bad_path: Callable[[Path], Path]
) -> None:
    path = bad_path(tmp_path)
    with pytest.raises(CasecardsError) as caught:
        Store.open(path)
    assert isinstance(caught.value, StoreError)
    assert str(path) in str(caught.value)


def test_d12_opening_a_damaged_store_or_another_file_says_which(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    path = tmp_path / "casecards.db"
    with Store.open(path) as store:
        store.sync([make_deck("cardio", ["n1"])], NOW)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(StoreError, match=r"is damaged\. Run `casecards doctor` to check it"):
        Store.open(path)
    picture = tmp_path / "scan.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(StoreError, match="is not a study database: it is not an SQLite file"):
        Store.open(picture)
    assert picture.read_bytes() == b"\x89PNG\r\n\x1a\n" + bytes(200)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["casecards.db", "scan.png"]


# -- sync -----------------------------------------------------------------------------------


def test_sync_adds_updates_retires_and_restores_keeping_history(
    store: Store, make_deck: MakeDeck
) -> None:
    report = store.sync([make_deck("cardio", ["n1", "n2", "n3"])], NOW)
    assert report == SyncReport(added=3)
    answer(store, "cardio/n2/main", 4, DAY)
    answer(store, "cardio/n3/main", 5, DAY)
    n3_before = store.card("cardio/n3/main")

    # n2 edited and moved first, n3 removed.
    edited = make_deck("cardio", ["n2", "n1"], hashes={"n2": "h-n2-fixed-typo"})
    assert store.sync([edited], NOW) == SyncReport(updated=1, retired=1)
    n2 = store.card("cardio/n2/main")
    assert (n2.content_hash, n2.position) == ("h-n2-fixed-typo", 0)
    assert n2.state == Sm2State(2.5, 1, 1) and len(store.reviews(card_id=n2.id)) == 1
    assert store.card("cardio/n1/main").position == 1  # moved, not counted as updated
    assert store.card("cardio/n3/main").status is CardStatus.RETIRED
    assert [c.id for c in store.new_cards(DAY)] == ["cardio/n1/main"]

    # n3 comes back: same schedule, same history.
    assert store.sync([make_deck("cardio", ["n1", "n2", "n3"])], NOW) == SyncReport(
        updated=1, restored=1
    )
    n3 = store.card("cardio/n3/main")
    assert n3.status is CardStatus.ACTIVE and n3.content_hash == "h-n3"
    assert (n3.state, n3.due, n3.last_review) == (
        n3_before.state,
        n3_before.due,
        n3_before.last_review,
    )
    assert [r.grade for r in store.reviews(card_id=n3.id)] == [5]


def test_new_user_d10b_a_deck_folder_synced_alone_retires_no_card_of_other_decks(
    store: Store, make_deck: MakeDeck
) -> None:
    cardio, neuro = make_deck("cardio", ["a", "b"]), make_deck("neuro", ["c"])
    store.sync([cardio, neuro], NOW)
    answer(store, "cardio/a/main", 4, DAY - timedelta(days=3))  # due today
    answer(store, "cardio/b/main", 1, DAY)  # a re-drill
    assert store.sync([neuro], NOW) == SyncReport(skipped_decks=1)
    assert store.card("cardio/a/main").status is CardStatus.ACTIVE
    # Served: the decks synced, and no card of the others, whatever the query.
    assert store.decks_in_use == ("neuro",)
    assert [d.id for d in store.stats(DAY, 20).decks] == ["neuro"]
    assert [c.id for c in store.new_cards(DAY, per_deck=20)] == ["neuro/c/main"]
    assert [c.id for c in store.new_cards(DAY)] == ["neuro/c/main"]
    assert store.due_reviews(DAY) == store.redrill_cards(DAY) == ()
    assert store.due_counts(DAY, DAY + timedelta(days=30)) == {}
    assert store.most_lapsed(5) == ()
    # Back with the folder that holds it: served again, schedule and history as they were.
    assert store.sync([cardio, neuro], NOW) == SyncReport(skipped_decks=2)
    assert [c.id for c in store.due_reviews(DAY)] == ["cardio/a/main"]
    assert [c.id for c in store.redrill_cards(DAY)] == ["cardio/b/main"]
    assert store.most_lapsed(5) == ()  # b failed while new: not a lapse


def test_a_deck_retired_by_an_older_casecards_is_restored_even_with_the_same_file_hash(
    store: Store, make_deck: MakeDeck
) -> None:
    cardio = make_deck("cardio", ["a", "b"])
    store.sync([cardio], NOW)
    store._conn.execute("UPDATE decks SET status = 'retired'")
    store._conn.execute("UPDATE cards SET status = 'retired'")
    # The stored hash still matches, but the cards are retired: it must not be skipped.
    assert store.sync([cardio], NOW) == SyncReport(restored=2)
    assert store.card("cardio/a/main").status is CardStatus.ACTIVE


def test_resync_of_unchanged_decks_reads_no_cards(store: Store, make_deck: MakeDeck) -> None:
    decks = [make_deck(f"deck{i}", [f"n{j}" for j in range(50)]) for i in range(3)]
    store.sync(decks, NOW)
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    assert store.sync(decks, NOW) == SyncReport(skipped_decks=3)
    unchanged = list(statements)
    statements.clear()
    changed = [*decks[:2], make_deck("deck2", [f"n{j}" for j in range(51)])]
    assert store.sync(changed, NOW) == SyncReport(added=1, skipped_decks=2)
    store._conn.set_trace_callback(None)

    # Take the write lock, read the decks table, commit: no per-deck or per-card work.
    assert unchanged == [
        "BEGIN IMMEDIATE",
        "SELECT id, file_hash, status, tags_hash FROM decks",
        "COMMIT",
    ]
    assert sum("cards" in s for s in statements) > 0  # the same probe does see card work


def test_sync_is_one_transaction(store: Store, make_deck: MakeDeck) -> None:
    good = make_deck("cardio", ["n1"])
    bad = make_deck("neuro", ["n1", "n1"])  # the same card twice
    with pytest.raises(ValueError, match="duplicated"):
        store.sync([good, bad], NOW)
    assert store.stats(DAY, 20).decks == ()
    with pytest.raises(StoreError, match="cardio/n1/main"):
        store.card("cardio/n1/main")


# -- answers and undo -----------------------------------------------------------------------


def test_answer_logs_before_and_after_and_undo_restores_exactly(
    store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["n1"])], NOW)
    card_id = "cardio/n1/main"
    snapshots = [store.card(card_id)]
    ids = []
    for day, grade in [(DAY, 3), (DAY, 4), (DAY + timedelta(days=1), 5)]:
        ids.append(answer(store, card_id, grade, day))
        snapshots.append(store.card(card_id))

    first, _, third = store.reviews(card_id=card_id)
    assert (first.before, first.due_before, first.introduced_day_before) == (Sm2State(), None, None)
    assert first.after == Sm2State(2.36, 1, 1, extra_review=True)  # exact hundredths
    assert (first.day, first.due_after, first.grade, first.duration_ms) == (
        DAY,
        DAY + timedelta(1),
        3,
        1500,
    )
    assert first.reviewed_at == datetime(2024, 3, 4, 9, 0, tzinfo=TZ)
    assert third.before == Sm2State(2.36, 1, 1) and third.after == Sm2State(2.46, 2, 6)
    assert snapshots[3].introduced_day == DAY and snapshots[3].due == date(2024, 3, 11)

    with pytest.raises(StoreError, match="not its last"):
        store.undo_review(ids[0])
    for review_id, snapshot in zip(reversed(ids), reversed(snapshots[:-1]), strict=True):
        assert store.undo_review(review_id) == card_id
        assert store.card(card_id) == snapshot
    assert snapshots[0].is_new and store.reviews() == ()
    with pytest.raises(StoreError, match="nothing to undo"):
        store.undo_review(ids[0])
    # Undone ids are never handed out again.
    assert answer(store, card_id, 4, DAY) > ids[-1]


def test_suspend_and_bury_return_what_they_replaced_and_compare_before_they_set(
    store: Store, make_deck: MakeDeck
) -> None:
    """What an exact undo needs: each write returns the value it replaced, and with
    ``expected`` writes only over that value (another window may have changed it)."""
    store.sync([make_deck("cardio", ["n1"])], NOW)
    card_id = "cardio/n1/main"
    assert store.set_suspended(card_id, True) is False
    assert store.set_suspended(card_id, True) is True  # already suspended: nothing to undo
    with pytest.raises(CardChangedError, match="another casecards window"):
        store.set_suspended(card_id, True, expected=False)
    assert store.card(card_id).suspended
    assert store.set_suspended(card_id, False, expected=True) is True
    assert not store.card(card_id).suspended

    later = DAY + timedelta(days=3)
    assert store.bury(card_id, later) is None
    assert store.bury(card_id, DAY) == later
    with pytest.raises(CardChangedError):
        store.bury(card_id, None, expected=later)
    with pytest.raises(CardChangedError):
        store.bury(card_id, DAY, expected=None)
    assert store.card(card_id).buried_until == DAY
    assert store.bury(card_id, later, expected=DAY) == DAY  # an undo of the second burial
    assert store.bury(card_id, None, expected=later) == later  # and of the first
    assert store.card(card_id).buried_until is None
    with pytest.raises(StoreError, match="nope"):
        store.bury("cardio/nope/main", DAY)


def test_a_locked_database_is_a_user_error(
    tmp_path: Path, store: Store, make_deck: MakeDeck
) -> None:
    with Store.open(tmp_path / "casecards.db") as other:
        other._conn.execute("PRAGMA busy_timeout = 50")
        # `store` stands for another process in the middle of a write.
        with store._write(), pytest.raises(StoreError, match="busy"):
            other.sync([make_deck("cardio", ["n1"])], NOW)
        assert other.sync([make_deck("cardio", ["n1"])], NOW).added == 1


def test_answering_an_unknown_card_writes_nothing(store: Store) -> None:
    with pytest.raises(StoreError, match="no/such/card"):
        store.record_answer(
            "no/such/card",
            grade=4,
            after=Sm2State(),
            due=DAY,
            day=DAY,
            reviewed_at=NOW,
            duration_ms=1,
        )
    assert store.reviews() == ()


# -- queries and stats ----------------------------------------------------------------------


def test_queries_filter_and_order(store: Store, make_deck: MakeDeck) -> None:
    store.sync([make_deck("cardio", list("abcdef")), make_deck("neuro", list("ghij"))], NOW)
    answer(store, "neuro/h/main", 4, DAY - timedelta(days=4))  # due 3 days ago
    answer(store, "neuro/i/main", 0, DAY - timedelta(days=2))  # failed, never passed since
    answer(store, "neuro/j/main", 3, DAY - timedelta(days=1))  # extra review still pending
    # a: reviewed 10 days ago (due 9 days ago); b: 3 days ago (due 2 days ago); c: failed today.
    answer(store, "cardio/a/main", 4, DAY - timedelta(days=10))
    answer(store, "cardio/b/main", 4, DAY - timedelta(days=3))
    answer(store, "cardio/c/main", 1, DAY)
    answer(store, "cardio/d/main", 4, DAY - timedelta(days=5))
    answer(store, "cardio/e/main", 4, DAY - timedelta(days=5))
    store.set_suspended("cardio/d/main", True)
    store.bury("cardio/e/main", DAY)  # hidden through today
    store.set_suspended("cardio/f/main", True)

    assert [c.id for c in store.due_reviews(DAY)] == [
        "cardio/a/main",
        "neuro/h/main",
        "cardio/b/main",
    ]
    tomorrow = [c.id for c in store.due_reviews(DAY + timedelta(days=1), ["cardio"])]
    assert tomorrow == ["cardio/a/main", "cardio/e/main", "cardio/b/main"]
    assert [c.id for c in store.new_cards(DAY)] == ["neuro/g/main"]
    assert store.new_cards(DAY, ["cardio"]) == ()
    redrill = ["neuro/i/main", "neuro/j/main", "cardio/c/main"]  # least recently answered first
    assert [c.id for c in store.redrill_cards(DAY)] == redrill
    assert [c.id for c in store.redrill_cards(DAY + timedelta(days=2))] == redrill
    assert [c.id for c in store.redrill_cards(DAY, ["cardio"])] == ["cardio/c/main"]
    assert store.introduced_counts(DAY) == {"cardio": 1}
    assert store.introduced_counts(DAY - timedelta(days=5)) == {"cardio": 2}
    assert store.introduced_counts(DAY - timedelta(days=4)) == {"neuro": 1}
    with pytest.raises(StoreError, match="nope"):
        store.set_suspended("nope", True)


def test_stats(store: Store, make_deck: MakeDeck) -> None:
    store.sync([make_deck("cardio", ["a", "b", "c", "d"]), make_deck("neuro", ["e", "f"])], NOW)
    days_ago = [DAY - timedelta(days=n) for n in range(32)]
    # Only answers on review cards (repetitions before > 0) in the last 30 study days count.
    answer(store, "cardio/a/main", 4, days_ago[31])
    answer(store, "cardio/a/main", 1, days_ago[30])  # review card, failed, just outside
    answer(store, "cardio/a/main", 4, days_ago[30], minute=5)  # relearning: not a review card
    answer(store, "cardio/a/main", 5, days_ago[29])  # review card, passed, just inside
    answer(store, "cardio/b/main", 4, days_ago[1])
    answer(store, "cardio/b/main", 3, DAY)  # review card, passed; now awaits its extra review
    answer(store, "cardio/c/main", 4, days_ago[10])
    answer(store, "cardio/c/main", 2, days_ago[9])  # review card, failed: a re-drill ever since
    answer(store, "neuro/e/main", 2, DAY)  # new card failed today: introduced today, re-drill

    stats = store.stats(DAY, new_per_day=2)
    assert stats == Stats(
        decks=(DeckStats("cardio", "Cardio", 1, 1, 2), DeckStats("neuro", "Neuro", 1, 0, 1)),
        reviews_total=9,
        reviews_today=2,
        retention_30d=2 / 3,
    )
    assert json.loads(json.dumps(stats.to_dict())) == {
        "decks": [
            {"id": "cardio", "name": "Cardio", "new": 1, "due": 1, "redrill": 2},
            {"id": "neuro", "name": "Neuro", "new": 1, "due": 0, "redrill": 1},
        ],
        "reviews_total": 9,
        "reviews_today": 2,
        "retention_30d": 2 / 3,
    }
    assert store.stats(DAY, new_per_day=0).decks[0].new == 0
    assert store.stats(DAY + timedelta(days=1), 2).retention_30d == 1 / 2  # a's pass drops out
    assert store.stats(DAY + timedelta(days=40), 2).retention_30d is None


def test_stats_as_synced_reads_what_a_sync_would_make_and_writes_nothing(
    tmp_path: Path, store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", list("abcdef")), make_deck("neuro", ["g", "h"])], NOW)
    answer(store, "cardio/a/main", 4, DAY - timedelta(days=3))  # due today
    answer(store, "cardio/b/main", 1, DAY)  # a re-drill
    answer(store, "cardio/c/main", 4, DAY - timedelta(days=3))  # due, then retired
    answer(store, "neuro/g/main", 4, DAY - timedelta(days=3))  # due; neuro stays unchanged
    store.set_suspended("cardio/d/main", True)
    store.sync([make_deck("cardio", list("abdef")), make_deck("neuro", ["g", "h"])], NOW)
    # Next: c comes back (with its schedule), e leaves, x and a new deck arrive.
    decks = [
        make_deck("cardio", ["a", "b", "c", "d", "f", "x"]),
        make_deck("neuro", ["g", "h"]),
        make_deck("pneumo", ["p", "q"]),
    ]
    before = store.reviews(), store.cards_by_id([f"cardio/{n}/main" for n in "abcdefx"])
    preview = store.stats_as_synced(decks, DAY, new_per_day=2)
    assert (store.reviews(), store.cards_by_id([f"cardio/{n}/main" for n in "abcdefx"])) == before
    store.sync(decks, NOW)
    assert preview == store.stats(DAY, new_per_day=2)
    assert [(d.id, d.new, d.due, d.redrill) for d in preview.decks] == [
        ("cardio", 1, 2, 1),  # f and x are new, but b was introduced today
        ("neuro", 1, 1, 0),
        ("pneumo", 2, 0, 0),
    ]


def test_history_queries(store: Store, make_deck: MakeDeck) -> None:
    store.sync([make_deck("cardio", ["a", "b", "c"]), make_deck("neuro", ["d"])], NOW)
    yesterday, before = DAY - timedelta(days=1), DAY - timedelta(days=3)
    answer(store, "cardio/a/main", 4, before)
    answer(store, "cardio/a/main", 1, yesterday)  # a lapse
    answer(store, "cardio/a/main", 4, yesterday, minute=5)  # relearning: not a review-card answer
    answer(store, "cardio/a/main", 2, DAY)  # a second lapse
    answer(store, "cardio/b/main", 5, yesterday)
    answer(store, "cardio/b/main", 5, DAY)
    answer(store, "neuro/d/main", 3, DAY)  # awaits its extra review: a re-drill today
    assert store.reviews_per_day(before, DAY) == {before: 1, yesterday: 3, DAY: 3}
    assert store.reviews_per_day(DAY, DAY) == {DAY: 3}
    assert (store.streak_ending(DAY), store.streak_ending(before)) == (2, 1)
    assert store.streak_ending(DAY - timedelta(days=2)) == 0
    # a: relearnt yesterday, failed today (re-drill); b: due in 6 days; d: re-drill.
    assert store.due_counts(DAY, DAY + timedelta(days=6)) == {DAY: 2, DAY + timedelta(days=6): 1}
    assert store.due_counts(DAY, DAY + timedelta(days=5)) == {DAY: 2}
    assert store.answers_by_note(yesterday, DAY) == {
        ("cardio", "a"): (2, 0),
        ("cardio", "b"): (1, 1),
    }
    assert store.answers_by_note(DAY, DAY)[("cardio", "a")] == (1, 0)
    assert store.answers_by_note(before, before) == {}  # first answers: not review cards
    assert store.deck_names() == {"cardio": "Cardio", "neuro": "Neuro"}
    assert store.answer_totals() == (7, before)
    assert store.most_lapsed(5) == (CardLapses("cardio/a/main", 2),)
    store.sync([make_deck("neuro", ["d"])], NOW)  # cardio retired: its cards are not listed
    assert store.most_lapsed(5) == ()
    found = store.cards_by_id(["neuro/d/main", "cardio/b/main", "nope"])
    assert sorted(found) == ["cardio/b/main", "neuro/d/main"]
    assert found["neuro/d/main"] == store.card("neuro/d/main")
    with pytest.raises(TypeError, match="card_ids must be a sequence"):
        store.cards_by_id("neuro/d/main")


def test_history_queries_read_indexes_and_sums_never_the_whole_log_nor_every_card(
    store: Store, make_deck: MakeDeck
) -> None:
    """The statistics screen runs these over years of history: each reads the log through a
    covering index of its window, the log's sums (``daily_summary``, ``card_lapses``), or a
    small partial index of the cards; never the log nor the cards row by row."""
    store.sync([make_deck("cardio", [f"n{i}" for i in range(30)])], NOW)
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    store.reviews_per_day(DAY, DAY)
    store.answer_totals()
    store.streak_ending(DAY)
    store.answers_by_note(DAY, DAY)
    store.deck_names()
    store.most_lapsed(10)
    store.due_counts(DAY, DAY + timedelta(days=29))
    store._conn.set_trace_callback(None)
    # Seven queries, and the scheduler setting the forecast follows (a handful of rows).
    assert len(statements) == 8
    allowed = {
        "reviews": ("USING COVERING INDEX reviews_day_answers (day>? AND day<?)",),
        "cards": ("COVERING INDEX cards_forecast (due<?)", "INDEX cards_redrill"),
        "c": ("COVERING INDEX cards_forecast (due<?)", "INDEX cards_redrill", "(id=?)"),
        "l": ("USING COVERING INDEX card_lapses_most",),
        "daily_summary": ("",),  # a row per study day
    }
    for sql in statements:
        plan = [row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        reads = [step.split(" ", 2) for step in plan if step.startswith(("SCAN", "SEARCH"))]
        assert reads, plan
        for _, table, *how in reads:
            if table == "daily_summary":
                continue  # a row per study day
            if table in allowed:
                assert how and how[0].endswith(allowed[table]), (sql, plan)
            else:  # the streak's recursion, a subquery's rows, the deck ids and names
                assert table in (
                    "s",
                    "streak",
                    "CONSTANT",
                    "redrill",
                    "queues",
                    "json_each",
                    "decks",
                    "settings",
                ), plan
                assert not table.startswith("(subquery"), plan


def test_deck_counts_read_indexes_not_every_card_nor_the_whole_log(
    store: Store, make_deck: MakeDeck
) -> None:
    """The decks screen counts after every session: no statement of ``stats`` may walk the
    cards or the log row by row; the totals are the log's sums per day (``daily_summary``)."""
    store.sync([make_deck("cardio", [f"n{i}" for i in range(30)])], NOW)
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    store.stats(DAY, 20)
    store._conn.set_trace_callback(None)
    selects = [s for s in statements if s.startswith("SELECT")]
    assert len(selects) >= 5
    for sql in selects:
        plan = [row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        for step in plan:
            if step.startswith(("SCAN c", "SCAN cards")):  # only a small partial index
                assert step.endswith(("INDEX cards_redrill", "INDEX cards_new")), (sql, plan)
            assert not step.startswith(("SCAN reviews", "SEARCH reviews")), (sql, plan)


# -- the file under the store: full disk, read-only, newer schema ---------------------------


def _fill_the_disk(store: Store) -> None:
    """SQLite's own limit on the file's pages: past it, SQLite says SQLITE_FULL, as it does on a
    full disk (which needs a real tiny filesystem to test)."""
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_is_a_clear_message_and_nothing_is_half_written(
    store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["n1"])], NOW)
    _fill_the_disk(store)
    many = make_deck("neuro", [f"n{i}" for i in range(2000)])
    with pytest.raises(StoreError) as caught:
        store.sync([make_deck("cardio", ["n1"]), many], NOW)
    message = str(caught.value)
    assert message.startswith(f"The disk holding the study database {store.path} is full")
    assert "nothing was half-written" in message and "Free some space" in message
    assert [d.id for d in store.stats(DAY, 20).decks] == ["cardio"]  # the sync left no trace

    # Answers until the file has no room left: each one is all there or not there at all.
    logged = 0
    with pytest.raises(StoreError, match="is full"):
        for minute in range(100_000):
            answer(store, "cardio/n1/main", 1, DAY, minute=minute % 60)
            logged += 1
    reviews = store.reviews()
    assert len(reviews) == logged > 0
    card = store.card("cardio/n1/main")
    assert (card.state, card.due) == (reviews[-1].after, reviews[-1].due_after)
    assert store._conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_read_only_store_is_refused_at_open_with_a_clear_message(
    tmp_path: Path, make_deck: MakeDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "casecards.db"
    with Store.open(path) as store:
        store.sync([make_deck("cardio", ["n1"])], NOW)
    before = path.read_bytes()
    # Root ignores file permissions, so open the file the way SQLite opens a read-only one.
    connect = sqlite3.connect
    monkeypatch.setattr(
        sqlite3, "connect", lambda p, **kw: connect(uri(Path(p), mode="ro"), uri=True, **kw)
    )
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(caught.value).startswith(
        f"The study database {path} is read-only: casecards cannot record answers in it. "
        "Make the file and its folder writable, or choose another file with --db"
    )
    assert path.read_bytes() == before


def test_a_store_turned_read_only_mid_session_refuses_the_write_cleanly(
    store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["n1"])], NOW)
    store._conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError, match="is read-only"):
        answer(store, "cardio/n1/main", 4, DAY)
    assert store.reviews() == () and store.card("cardio/n1/main").is_new
    assert not store._conn.in_transaction


def test_a_store_from_a_newer_casecards_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "casecards.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('casecards', '0099_from_the_future', 'later')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"written by a newer casecards \(schema 0099_from_the"):
        Store.open(path)


def test_bugs_are_not_dressed_up_as_user_errors(store: Store, make_deck: MakeDeck) -> None:
    store.sync([make_deck("cardio", ["n1"])], NOW)
    with pytest.raises(sqlite3.IntegrityError), store._write() as conn:
        conn.execute("UPDATE cards SET suspended = 7")
    assert not store.card("cardio/n1/main").suspended


# -- two windows on one store -------------------------------------------------------------------


def test_an_answer_is_written_only_over_the_schedule_it_was_computed_from(
    tmp_path: Path, store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["n1"])], NOW)
    card_id = "cardio/n1/main"
    seen = store.card(card_id).schedule
    with Store.open(tmp_path / "casecards.db") as other:  # another window, same card
        answer(other, card_id, 4, DAY)
    after = review(seen.state, 5)
    with pytest.raises(CardChangedError, match="answered in another casecards window"):
        store.record_answer(
            card_id,
            grade=5,
            after=after,
            due=DAY + timedelta(days=after.interval),
            day=DAY,
            reviewed_at=NOW,
            duration_ms=1,
            expected=seen,
        )
    assert [r.grade for r in store.reviews()] == [4]
    fresh = store.card(card_id).schedule
    store.record_answer(
        card_id,
        grade=5,
        after=review(fresh.state, 5),
        due=DAY + timedelta(days=6),
        day=DAY,
        reviewed_at=NOW + timedelta(minutes=1),
        duration_ms=1,
        expected=fresh,
    )
    assert [r.grade for r in store.reviews()] == [4, 5]
    with pytest.raises(CardChangedError):
        store.record_answer(
            "no/such/card",
            grade=5,
            after=after,
            due=DAY,
            day=DAY,
            reviewed_at=NOW,
            duration_ms=1,
            expected=seen,
        )


@pytest.mark.slow  # a hundred races
def test_two_windows_creating_the_store_at_the_same_moment_both_open_it(tmp_path: Path) -> None:
    # SQLite answers "locked" at once, without waiting, to the loser of the race to switch a
    # new file to WAL: Store.open must wait its turn instead of failing.
    failures: list[BaseException] = []

    def open_it(path: Path, barrier: threading.Barrier) -> None:
        barrier.wait()
        try:
            Store.open(path).close()
        except BaseException as error:
            failures.append(error)

    for attempt in range(100):
        barrier = threading.Barrier(2)
        path = tmp_path / f"new-{attempt}.db"
        threads = [threading.Thread(target=open_it, args=(path, barrier)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == [], attempt
