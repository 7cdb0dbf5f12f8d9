"""``casecards doctor``: each check finds its problem, and each repair mends it."""

from __future__ import annotations

import io
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from casecards import backup, doctor
from casecards.cards import DeckCards
from casecards.cli import main
from casecards.errors import CasecardsError
from casecards.library import Library
from casecards.session import Session
from casecards.store import CardStatus, Store, maintenance
from casecards.store.files import uri
from casecards.store.schema import migration_names
from drivers.checks import check_store
from drivers.damage import break_index, break_table

MakeDeck = Callable[..., DeckCards]
TZ = timezone(timedelta(hours=1))
DAY = date(2024, 3, 4)
NOW = datetime(2024, 3, 4, 9, tzinfo=TZ)
FIXTURES = Path(__file__).parent / "fixtures" / "stores"

DECK = """\
deck: {id: demo, name: Démo, lang: fr}
notes:
"""
NOTE = "  - {{id: {0}, type: basic, source: s, front: 'Question {0} ?', back: 'Réponse {0}'}}\n"


@pytest.fixture
def db(tmp_path: Path, make_deck: MakeDeck) -> Path:
    """A store with two decks and a few answers on each."""
    path = tmp_path / "casecards.db"
    with Store.open(path) as store:
        store.sync([make_deck("cardio", ["a", "b", "c"]), make_deck("neuro", ["d"])], NOW)
        session = Session(store, now=NOW)
        while (item := session.next_card()) is not None:
            session.answer(item.card_id, 4, now=NOW, duration_ms=10)
    return path


def decks(make_deck: MakeDeck, cardio: list[str]) -> list[DeckCards]:
    return [make_deck("cardio", cardio), make_deck("neuro", ["d"])]


def reviews(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_sound_store_is_healthy(db: Path, make_deck: MakeDeck) -> None:
    report = doctor.examine(db, decks(make_deck, ["a", "b", "c"]))
    assert report.healthy
    assert report.lines() == [
        f"study database: {db}",
        "integrity: ok",
        "foreign keys: ok (every answer has its card, every card its deck)",
        f"schema: {migration_names()[-1]} (current)",
        "schedules: ok (each card is where its last answer left it)",
        "retired cards: 0",
        "cards whose note is gone: 0",
    ]


def test_damaged_indexes_are_rebuilt(db: Path, make_deck: MakeDeck) -> None:
    backup.daily(db, DAY)
    logged = reviews(db)
    break_index(db)
    report = doctor.examine(db, None)
    assert not report.healthy
    assert report.health.integrity[0] == "row 1 missing from index cards_deck_position"
    lines = report.lines()
    assert lines[1] == f"integrity: DAMAGED ({len(report.health.integrity)} problems)"
    assert "  repair: casecards doctor --repair (rebuilds damaged indexes)" in lines
    assert "  if that is not enough: casecards backup restore 2024-03-04" in lines
    assert doctor.repair(db, None, NOW) == ["rebuilt the damaged indexes"]
    assert doctor.examine(db, None).healthy
    assert reviews(db) == logged


def test_worse_damage_points_at_the_backup_to_restore(db: Path) -> None:
    backup.daily(db, DAY)
    break_table(db)
    report = doctor.examine(db, None)
    assert report.health.integrity and report.good_backup == "2024-03-04"
    with pytest.raises(
        CasecardsError, match=r"restore a backup: casecards backup restore 2024-03-04"
    ):
        doctor.repair(db, None, NOW)
    backup.restore(db, backup.find(db, None), NOW)
    assert doctor.examine(db, None).healthy


def test_schedules_that_differ_from_the_log_are_set_from_it(db: Path, make_deck: MakeDeck) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE cards SET interval = 99 WHERE id = 'cardio/b/main'")
    conn.execute("UPDATE cards SET introduced_day = '2020-01-01' WHERE id = 'neuro/d/main'")
    conn.commit()
    conn.close()
    report = doctor.examine(db, None)
    assert report.health.mismatched == ("cardio/b/main", "neuro/d/main") and not report.healthy
    assert "schedules: 2 cards differ from their last answer" in report.lines()
    done = doctor.repair(db, None, NOW)
    assert done[1:] == ["set 2 schedules from the review log"]
    assert done[0].startswith("backed up the store to ")
    check_store(db)
    assert doctor.examine(db, None).healthy


def test_cards_whose_note_is_gone_are_retired_keeping_their_history(
    db: Path, make_deck: MakeDeck
) -> None:
    now_on_disk = decks(make_deck, ["a", "c"])  # note b left the deck file
    report = doctor.examine(db, now_on_disk)
    assert report.gone == ("cardio/b/main",) and not report.healthy
    assert "  cardio/b/main" in report.lines()
    assert doctor.repair(db, now_on_disk, NOW)[1:] == ["retired 1 cards whose note is gone"]
    with Store.open(db) as store:
        assert store.card("cardio/b/main").status is CardStatus.RETIRED
        assert len(store.reviews(card_id="cardio/b/main")) == 1
    report = doctor.examine(db, now_on_disk)
    assert report.healthy
    assert "retired cards: 1, keeping 1 answers" in report.lines()
    assert "  cardio: 1 cards, 1 answers" in report.lines()


def test_retired_cards_can_be_purged_after_a_backup(db: Path, make_deck: MakeDeck) -> None:
    with Store.open(db) as store:
        store.sync(decks(make_deck, ["a"]), NOW)  # b and c leave
    made, cards, answers = doctor.purge_retired(db, NOW)
    assert (cards, answers) == (2, 2)
    assert len(reviews(db)) == 2 and len(reviews(made)) == 4
    report = doctor.examine(db, None)
    assert report.healthy and report.health.retired == ()


def test_old_schemas_are_reported_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "0001_initial.db", path)
    before = path.read_bytes()
    report = doctor.examine(path, None)
    assert report.healthy
    assert (
        f"schema: 0001_initial: casecards migrates it to {migration_names()[-1]} when it opens it"
        in report.lines()
    )
    assert path.read_bytes() == before


def test_a_store_from_a_newer_casecards_is_not_healthy(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('casecards', '0099_later', 'x')"
    )
    conn.commit()
    conn.close()
    report = doctor.examine(db, None)
    assert not report.healthy
    assert (
        "schema: 0099_later: from a newer casecards; update casecards to use it" in report.lines()
    )


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my notes\n" * 100)
    report = doctor.examine(path, None)
    assert report.health.unchecked == "it is not an SQLite file (it does not start as one)"
    assert report.lines() == [
        f"study database: {path}",
        "not checked: it is not an SQLite file (it does not start as one)",
        "  there are no backups of it",
    ]
    assert not report.healthy


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (tmp_path / "media").mkdir()
    (folder / "demo.yaml").write_text(DECK + NOTE.format("n1") + NOTE.format("n2"))
    return folder


def first_start(db: Path, deck_dir: Path) -> None:
    """What the trainer does on its first start: create the store and sync the decks."""
    with Store.open(db) as store:
        Library.load(deck_dir, deck_dir.parent / "media").sync(store, NOW)


def test_cli_doctor_checks_repairs_and_purges_after_asking(
    tmp_path: Path,
    deck_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "casecards.db"
    where = ["--decks", str(deck_dir), "--db", str(db)]
    assert main(["doctor", *where]) == 1
    assert capsys.readouterr().err == (
        f"casecards: no progress store at {db} yet (it is created the first time you study)\n"
    )
    first_start(db, deck_dir)
    assert main(["doctor", *where]) == 0
    assert "cards whose note is gone: 0" in capsys.readouterr().out

    (deck_dir / "demo.yaml").write_text(DECK + NOTE.format("n1"))
    assert main(["doctor", *where]) == 1
    out, err = capsys.readouterr()
    assert "cards whose note is gone: 1\n  demo/n2/main\n" in out
    assert err == "casecards doctor: problems found; see above\n"
    assert main(["doctor", "--repair", *where]) == 0
    out = capsys.readouterr().out
    assert "repaired: retired 1 cards whose note is gone" in out

    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert main(["doctor", "--purge-retired", *where]) == 0
    assert "Delete 1 retired cards and their 0 answers for good?" in capsys.readouterr().err
    assert "retired cards: 1" in "\n".join(doctor.examine(db, None).lines())
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["doctor", "--purge-retired", *where]) == 0
    assert "purged 1 retired cards and 0 answers" in capsys.readouterr().out
    assert doctor.examine(db, None).health.retired == ()


def test_cli_doctor_with_broken_decks_still_checks_the_store(
    tmp_path: Path, deck_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "casecards.db"
    Store.open(db).close()
    (deck_dir / "demo.yaml").write_text("deck: [\n")
    assert main(["doctor", "--decks", str(deck_dir), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "integrity: ok" in out
    assert "decks: 1 problem in" in out and "were not looked for" in out


# -- faults that are not damage, and damage that hides the rest ---------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "it is empty (0 bytes)"),
        (PNG, "it is not an SQLite file (it does not start as one)"),
        (None, "it is a folder, not a file"),
    ],
    ids=["empty", "png", "folder"],
)
def test_d4_a_file_that_is_no_store_is_named_and_not_checked(
    tmp_path: Path, db: Path, content: bytes | None, reason: str
) -> None:
    backup.daily(db, DAY)
    path = tmp_path / "other.db"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    (tmp_path / "backups" / "casecards-2024-03-04.db").rename(
        tmp_path / "backups" / "other-2024-03-04.db"
    )
    report = doctor.examine(path, None)
    assert report.lines() == [
        f"study database: {path}",
        f"not checked: {reason}",
        "  its backups: 2024-03-04 (casecards backup restore 2024-03-04 brings the newest sound"
        " one back)",
    ]
    assert not report.healthy
    with pytest.raises(CasecardsError, match=r"was not checked .*: nothing repaired"):
        doctor.repair(path, None, NOW)


def test_d4_a_store_sqlite_cannot_open_is_not_checked_never_damaged(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store in WAL mode in a read-only folder: SQLite cannot create its -shm file, and
    says "unable to open database file" (root ignores permissions: the error is forced)."""

    def cannot_open(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
        return sqlite3.connect(uri(tmp_path / "no-such-folder" / "x.db", mode="ro"), uri=True)

    monkeypatch.setattr(maintenance, "connect_read_only", cannot_open)
    lines = doctor.examine(db, None).lines()
    assert lines[1] == (
        "not checked: SQLite cannot open it (unable to open database file): is its folder "
        "read-only? SQLite needs to create casecards.db-shm beside it"
    )
    assert not [line for line in lines if "ok" in line.split() or "DAMAGED" in line]


def test_d4_a_file_sqlite_cannot_read_is_damaged_and_nothing_else_is_said_ok(db: Path) -> None:
    backup.daily(db, DAY)
    db.write_bytes(db.read_bytes()[:100])
    lines = doctor.examine(db, None).lines()
    assert lines[1:] == [
        "integrity: DAMAGED (1 problems)",
        "  SQLite cannot read it: database disk image is malformed",
        "  repair: casecards backup restore 2024-03-04",
        "schema, schedules, retired cards, cards whose note is gone: not checked (SQLite "
        "cannot read the file)",
    ]


def test_d5_an_answer_without_its_card_is_repaired_on_its_own_and_other_repairs_run(
    db: Path, make_deck: MakeDeck
) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO reviews (card_id, reviewed_at, day, grade, duration_ms, ease_before,"
        " repetitions_before, interval_before, extra_review_before, ease_after,"
        " repetitions_after, interval_after, extra_review_after, due_after) VALUES"
        " ('ghost/n9/main', '2024-03-04T08:00:00+01:00', '2024-03-04', 5, 10, 250, 0, 0, 0,"
        " 260, 1, 1, 0, '2024-03-05')"
    )
    conn.execute("UPDATE cards SET interval = 99 WHERE id = 'cardio/b/main'")
    conn.commit()
    conn.close()
    report = doctor.examine(db, decks(make_deck, ["a", "b", "c"]))
    lines = report.lines()
    assert "integrity: ok" in lines
    assert "foreign keys: 1 rows point at a row the store does not have" in lines
    assert "  answer 5 points at a missing row of cards: ghost/n9/main" in lines
    assert report.health.mismatched == ("cardio/b/main",)

    done = doctor.repair(db, decks(make_deck, ["a", "b", "c"]), NOW)
    assert done[1:] == [
        "gave back 2 missing cards and decks, retired",
        "set 2 schedules from the review log",  # b's, and the card given back
    ]
    assert doctor.examine(db, decks(make_deck, ["a", "b", "c"])).healthy
    check_store(db)
    with Store.open(db) as store:
        ghost = store.card("ghost/n9/main")
        assert ghost.status is CardStatus.RETIRED and ghost.state.repetitions == 1
        assert len(store.reviews()) == 5


def test_d12_backup_now_of_a_file_that_is_no_store_leaves_no_trace(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    picture = tmp_path / "media" / "scan.png"
    picture.parent.mkdir()
    picture.write_bytes(PNG)
    assert main(["backup", "now", "--db", str(picture)]) == 1
    assert capsys.readouterr().err == (
        f"casecards: {picture} is not a study database to back up: it is not an SQLite file "
        "(it does not start as one).\n"
    )
    assert sorted(p.name for p in picture.parent.iterdir()) == ["scan.png"]
    damaged = tmp_path / "damaged" / "casecards.db"
    damaged.parent.mkdir()
    damaged.write_bytes(db.read_bytes())
    break_table(damaged)
    assert main(["backup", "now", "--db", str(damaged)]) == 1
    assert "is damaged, so it was not backed up" in capsys.readouterr().err
    assert sorted(p.name for p in damaged.parent.iterdir()) == ["casecards.db"]


def test_new_user_d16_another_deck_folder_is_not_damage(
    tmp_path: Path, deck_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "casecards.db"
    (deck_dir / "other.yaml").write_text(
        DECK.replace("demo", "other").replace("Démo", "Autre") + NOTE.format("o1")
    )
    first_start(db, deck_dir)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "other.yaml").write_text(
        DECK.replace("demo", "other").replace("Démo", "Autre") + NOTE.format("o1")
    )
    assert main(["doctor", "--decks", str(mine), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "cards whose note is gone: 0\n" in out
    assert "cards of other decks: 2, not checked: deck not in this folder\n  demo: 2 cards\n" in out
