"""Daily backups of the study database: taken once a day, a bounded history, brought back."""

from __future__ import annotations

import io
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from casecards import backup
from casecards.backup import Backup, BackupError, Kind
from casecards.cards import DeckCards
from casecards.cli import main
from casecards.session import Session
from casecards.store import Store
from casecards.store.files import connect_read_only
from drivers.checks import check_store
from drivers.damage import break_table

MakeDeck = Callable[..., DeckCards]
TZ = timezone(timedelta(hours=1))
DAY = date(2024, 3, 4)


def at(day: date, minute: int = 0) -> datetime:
    return datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=9, minutes=minute)


def study(db: Path, make_deck: MakeDeck, day: date, answers: int = 3) -> None:
    """Open the store as the trainer does and answer a few cards on ``day``."""
    with Store.open(db) as store:
        store.sync([make_deck("cardio", [f"n{i}" for i in range(20)])], at(day))
        session = Session(store, now=at(day))
        for minute in range(answers):
            item = session.next_card()
            assert item is not None
            session.answer(item.card_id, 4, now=at(day, minute), duration_ms=10)


def answers(db: Path) -> int:
    conn = connect_read_only(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


# -- the policy ---------------------------------------------------------------------------------


def test_the_history_is_daily_for_a_week_weekly_for_a_month_and_bounded() -> None:
    days: set[date] = set()
    start = date(2024, 1, 1)  # a Monday
    for offset in range(120):
        today = start + timedelta(days=offset)
        days = backup.kept(days | {today}, today)
        assert len(days) <= 7 + 5
        assert {today - timedelta(days=n) for n in range(min(offset + 1, 7))} <= days
    today = start + timedelta(days=119)  # Sunday 2024-04-28
    assert sorted(days, reverse=True) == [
        *(today - timedelta(days=n) for n in range(7)),  # the last 7 days
        date(2024, 4, 21),  # then the newest backup (a Sunday) of each earlier week
        date(2024, 4, 14),
        date(2024, 4, 7),
        date(2024, 3, 31),
    ]


def test_the_newest_backup_is_kept_whatever_its_age() -> None:
    assert backup.kept([DAY], DAY + timedelta(days=400)) == {DAY}
    assert backup.kept([], DAY) == set()


# -- taking backups -----------------------------------------------------------------------------


def test_one_backup_a_day_a_complete_standalone_copy(tmp_path: Path, make_deck: MakeDeck) -> None:
    db = tmp_path / "casecards.db"
    assert backup.daily(db, DAY) is None  # no store yet: nothing to back up
    study(db, make_deck, DAY)
    with Store.open(db):  # a trainer has it open: the backup is still consistent
        made = backup.daily(db, DAY)
    assert made == tmp_path / "backups" / "casecards-2024-03-04.db"
    assert backup.daily(db, DAY) is None  # at most once a day
    study(db, make_deck, DAY, answers=2)
    assert answers(made) == 3 and answers(db) == 5
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no -wal, no .partial
    check_store(made)
    assert backup.daily(db, DAY + timedelta(days=1)) is not None
    assert [b.day for b in backup.backups(db)] == [DAY + timedelta(days=1), DAY]


def test_old_backups_are_trimmed_when_a_new_one_is_taken(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    for offset in range(40):
        backup.daily(db, DAY + timedelta(days=offset))
    kept = [b.day for b in backup.backups(db)]
    assert kept == sorted(backup.kept(kept, DAY + timedelta(days=39)), reverse=True)
    assert len(kept) <= 12


def test_a_damaged_store_is_not_backed_up_and_older_backups_stay(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    good = backup.daily(db, DAY)
    break_table(db)
    with pytest.raises(BackupError, match=r"is damaged, so it was not backed up"):
        backup.daily(db, DAY + timedelta(days=1))
    assert good is not None and backup.backups(db) == [Backup(good, DAY)]
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == ["casecards-2024-03-04.db"]


# -- a history that never loses a state ---------------------------------------------------------


def plant(db: Path, *names: str) -> list[Path]:
    """Backups of ``db`` under these names (after ``casecards-``), copies of a real one."""
    made = backup.take(db, datetime(1999, 1, 1, tzinfo=TZ))
    planted = [made.with_name(f"{db.stem}-{name}.db") for name in names]
    for path in planted:
        shutil.copyfile(made, path)
    made.unlink()
    return planted


def names(db: Path) -> list[str]:
    return [b.name for b in backup.backups(db)]


def test_d6_backups_taken_the_same_day_never_replace_one_another(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    daily = backup.daily(db, DAY)
    study(db, make_deck, DAY, answers=2)
    manual = backup.take(db, at(DAY, 30))
    again = backup.take(db, at(DAY, 30))  # the same second
    repair = backup.take(db, at(DAY, 31), Kind.BEFORE_REPAIR)
    study(db, make_deck, DAY, answers=1)
    assert backup.daily(db, DAY) is None  # the day's first state stays the daily backup
    assert daily is not None and answers(daily) == 3
    assert (answers(manual), answers(again), answers(repair)) == (5, 5, 5)
    assert names(db) == [
        "before-repair-2024-03-04T093100",
        "manual-2024-03-04T093000-2",
        "manual-2024-03-04T093000",
        "2024-03-04",
    ]


def test_d6_the_backup_purge_announced_survives_a_backup_now_the_same_day(
    tmp_path: Path, make_deck: MakeDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    with Store.open(db) as store:
        store.sync([make_deck("cardio", ["n5"])], at(DAY))  # the 3 answered cards retire
    monkeypatch.setattr("casecards.cli.args.now", lambda: at(DAY, 30))
    assert main(["doctor", "--purge-retired", "-y", "--db", str(db)]) == 0
    assert main(["backup", "now", "--db", str(db)]) == 0
    assert answers(db) == 0
    (purge,) = [b for b in backup.backups(db) if b.kind is Kind.BEFORE_PURGE]
    assert answers(purge.path) == 3


def test_new_user_d23_backup_now_keeps_the_days_automatic_backup(
    tmp_path: Path,
    make_deck: MakeDeck,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    backup.daily(db, DAY)
    study(db, make_deck, DAY, answers=5)
    monkeypatch.setattr("casecards.cli.args.now", lambda: at(DAY, 30))
    assert main(["backup", "now", "--db", str(db)]) == 0
    assert main(["backup", "list", "--db", str(db)]) == 0
    listed = capsys.readouterr().out.splitlines()[1:]
    assert listed == [
        "  manual-2024-03-04T093000  taken by backup now: 8 answers, the last on 2024-03-04 09:04",
        "  2024-03-04                daily, before the day's first session: 3 answers, the last"
        " on 2024-03-04 09:02",
    ]


def test_d7_every_before_restore_copy_is_listed_kept_and_restorable(
    tmp_path: Path,
    make_deck: MakeDeck,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    backup.daily(db, DAY)
    study(db, make_deck, DAY, answers=10)  # 13 answers: the state the first restore replaces
    monkeypatch.setattr("casecards.cli.args.now", lambda: at(DAY, 30))  # all in one second
    for _ in range(4):
        assert main(["backup", "restore", "2024-03-04", "-y", "--db", str(db)]) == 0
    copies = [b for b in backup.backups(db) if b.kind is Kind.BEFORE_RESTORE]
    assert [answers(b.path) for b in copies] == [3, 3, 3, 13]
    assert main(["backup", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "  before-restore-2024-03-04T093000    before a restore: 13 answers" in out
    assert "  before-restore-2024-03-04T093000-4  before a restore: 3 answers" in out
    assert (
        main(["backup", "restore", "before-restore-2024-03-04T093000", "-y", "--db", str(db)]) == 0
    )
    assert answers(db) == 13


def test_d8_a_clock_a_year_ahead_deletes_no_backup(tmp_path: Path, make_deck: MakeDeck) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    # What the policy keeps: the last days, then the newest of each week (Sundays).
    history = [DAY - timedelta(days=n) for n in (0, 1, 2, 3, 5, 8, 15, 22)]
    plant(db, *(day.isoformat() for day in history))
    assert backup.daily(db, DAY + timedelta(days=365)) is not None
    assert names(db) == ["2025-03-04", *(day.isoformat() for day in history)]
    # Back to the right clock the next day: the history ages from there, a few at a time.
    assert backup.daily(db, DAY + timedelta(days=1)) is not None
    assert len(backup.backups(db)) == 10


def test_d8_pruning_deletes_a_few_backups_per_run_the_oldest_first(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    stale = [DAY - timedelta(days=400 + n) for n in range(20)]  # oldest last
    plant(db, DAY.isoformat(), *(day.isoformat() for day in stale))
    tomorrow = DAY + timedelta(days=1)
    assert [p.name for p in backup.prune(db, tomorrow)] == [
        f"casecards-{day.isoformat()}.db" for day in reversed(stale[-3:])
    ]
    for _ in range(10):
        backup.prune(db, tomorrow)
    assert names(db) == ["2024-03-04"]


def test_pruning_keeps_the_newest_of_each_kind_and_everything_of_today(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    old = DAY - timedelta(days=100)
    plant(
        db,
        *(
            f"{kind}-{old.isoformat()}T0900{n:02d}"
            for kind in Kind
            if kind is not Kind.DAILY
            for n in range(2)
        ),
        *(f"manual-{DAY.isoformat()}T0900{n:02d}" for n in range(12)),
        (DAY - timedelta(days=1)).isoformat(),
        (DAY - timedelta(days=6)).isoformat(),
        f"before-restore-{(DAY - timedelta(days=6)).isoformat()}T090000",
        f"before-restore-{(DAY - timedelta(days=7)).isoformat()}T090000",
    )
    for _ in range(5):
        backup.prune(db, DAY)
    assert names(db) == [
        *(f"manual-2024-03-04T0900{n:02d}" for n in reversed(range(12))),
        "2024-03-03",
        "before-restore-2024-02-27T090000",
        "2024-02-27",
        "before-repair-2023-11-25T090001",
        "before-rename-2023-11-25T090001",
        "before-purge-2023-11-25T090001",
    ]


# -- restoring ----------------------------------------------------------------------------------


def test_restore_brings_a_backup_back_and_keeps_the_store_it_replaces(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    backup.daily(db, DAY)
    study(db, make_deck, DAY + timedelta(days=1), answers=5)
    assert answers(db) == 8
    kept = backup.restore(db, backup.find(db, "2024-03-04"), at(DAY + timedelta(days=1), 30))
    assert kept == tmp_path / "backups" / "casecards-before-restore-2024-03-05T093000.db"
    assert answers(db) == 3 and answers(kept) == 8
    check_store(db)
    study(db, make_deck, DAY + timedelta(days=2))  # and studying goes on from there
    with Store.open(db) as store:
        assert store._conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.slow  # waits out the store's lock timeout
def test_restore_waits_for_every_trainer_to_close(tmp_path: Path, make_deck: MakeDeck) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    backup.daily(db, DAY)
    study(db, make_deck, DAY, answers=1)
    with Store.open(db), pytest.raises(BackupError, match="close every casecards window"):
        backup.restore(db, backup.find(db, None), at(DAY))
    assert answers(db) == 4


def test_restore_refuses_a_damaged_backup(tmp_path: Path, make_deck: MakeDeck) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    made = backup.daily(db, DAY)
    assert made is not None
    break_table(made)
    with pytest.raises(BackupError, match="is damaged; choose another one"):
        backup.restore(db, backup.find(db, None), at(DAY))
    assert answers(db) == 3


def test_d3_a_restore_that_would_empty_the_store_is_refused(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    db = tmp_path / "casecards.db"
    with Store.open(db) as store:
        store.sync([make_deck("cardio", ["n1"])], at(DAY))
    no_answers = backup.take(db, at(DAY))
    study(db, make_deck, DAY)
    with pytest.raises(BackupError, match=r"holds no answers, and .* holds 3: restoring it would"):
        backup.restore(db, Backup(no_answers, DAY), at(DAY))
    with closing(sqlite3.connect(no_answers)) as conn:
        conn.executescript("DROP TABLE reviews; DROP TABLE cards;")
    with pytest.raises(BackupError, match=r"holds no cards, and .* holds 20: restoring it would"):
        backup.restore(db, Backup(no_answers, DAY), at(DAY))
    assert answers(db) == 3
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [no_answers.name]


def test_restore_over_a_file_that_is_no_longer_a_database(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    backup.daily(db, DAY)
    db.write_bytes(b"garbage" * 1000)
    kept = backup.restore(db, backup.find(db, None), at(DAY))
    assert answers(db) == 3
    assert kept is not None and kept.read_bytes() == b"garbage" * 1000


def test_find_names_the_backups_there_are(tmp_path: Path, make_deck: MakeDeck) -> None:
    db = tmp_path / "casecards.db"
    with pytest.raises(BackupError, match=r"No backups of .* yet"):
        backup.find(db, None)
    study(db, make_deck, DAY)
    backup.daily(db, DAY)
    assert backup.find(db, "casecards-2024-03-04.db").day == DAY
    with pytest.raises(BackupError, match=r"No backup '2023-01-01' .*; there are: 2024-03-04\."):
        backup.find(db, "2023-01-01")


# -- the command line ---------------------------------------------------------------------------


def test_cli_lists_takes_and_restores_after_asking(
    tmp_path: Path,
    make_deck: MakeDeck,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "casecards.db"
    monkeypatch.setattr("casecards.cli.args.now", lambda: at(DAY, 30))
    assert main(["backup", "list", "--db", str(db)]) == 1
    assert "no progress store at" in capsys.readouterr().err
    study(db, make_deck, DAY)
    assert main(["backup", "list", "--db", str(db)]) == 0
    assert "no backups of" in capsys.readouterr().out
    assert main(["backup", "now", "--db", str(db)]) == 0
    (made,) = backup.backups(db)
    assert made.name == "manual-2024-03-04T093000"
    assert f"backed up {db} to {made.path}" in capsys.readouterr().err
    study(db, make_deck, DAY, answers=2)

    assert main(["backup", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert (
        "  manual-2024-03-04T093000  taken by backup now: 3 answers, the last on 2024-03-04 09:02"
        in out
    )

    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["backup", "restore", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"Replace the study database {db} (now 5 answers" in err
    assert (
        "with the backup manual-2024-03-04T093000 (3 answers, the last on 2024-03-04 09:02)?" in err
    )
    assert "Not restored: nothing changed." in err and answers(db) == 5

    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["backup", "restore", made.name, "--db", str(db)]) == 0
    assert answers(db) == 3
    err = capsys.readouterr().err
    assert "restored the backup manual-2024-03-04T093000" in err
    assert "(casecards backup restore before-restore-2024-03-04T093000 brings it back)" in err


def test_cli_restore_errors_are_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "casecards.db"
    assert main(["backup", "restore", "--yes", "--db", str(db)]) == 1
    assert capsys.readouterr().err.startswith(f"casecards: No backups of {db} yet")


def test_drill_takes_the_daily_backup_before_the_trainer_opens_the_store(
    tmp_path: Path, make_deck: MakeDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    opened: list[int] = []

    def trainer(library: object, path: Path, deck_ids: object, *, lang: object = None) -> int:
        opened.append(len(backup.backups(path)))
        return 0

    monkeypatch.setattr("casecards.tui.app.run", trainer)
    for _ in range(2):
        assert main(["drill", "--db", str(db)]) == 0
    assert opened == [1, 1]  # taken before the first start, once that day


# -- paths SQLite would read as URI syntax ------------------------------------------------------


@pytest.mark.parametrize("folder", ["Semestre #2", "a?b", "100%25 sûr", "x%3Fy#z"])
def test_d3_a_store_whose_path_holds_uri_syntax_is_read_and_restored_as_itself(
    tmp_path: Path,
    make_deck: MakeDeck,
    folder: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / folder / "casecards.db"
    study(db, make_deck, DAY)
    where = ["--db", str(db)]
    assert main(["doctor", *where]) == 0
    out = capsys.readouterr().out
    assert "integrity: ok" in out and "(current)" in out
    assert main(["backup", "now", *where]) == 0
    study(db, make_deck, DAY, answers=2)
    assert main(["backup", "list", *where]) == 0
    assert " 3 answers, the last on 2024-03-04 09:02" in capsys.readouterr().out
    assert main(["backup", "restore", "-y", *where]) == 0
    assert answers(db) == 3
    # Nothing was read or written anywhere else, as a URI cut at "#" or "?" would have.
    made = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")}
    assert {m.split("/")[0] for m in made} == {folder}


# -- a store cut to nothing ----------------------------------------------------------------------


def test_d16_a_store_cut_to_0_bytes_is_named_with_its_backups_not_taken_for_a_new_one(
    tmp_path: Path,
    make_deck: MakeDeck,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "casecards.db"
    study(db, make_deck, DAY)
    backup.daily(db, DAY)
    db.write_bytes(b"")  # a failed copy, a sync tool
    monkeypatch.setattr("casecards.tui.app.run", lambda *args: pytest.fail("trainer started"))
    monkeypatch.setattr("casecards.cli.args.now", lambda: at(DAY, 30))
    for command in (["drill"], ["stats"]):
        assert main([*command, "--db", str(db)]) == 1
        assert capsys.readouterr().err == (
            f"casecards: The study database {db} is empty (0 bytes): if it held your progress,"
            " it was cut short (by a failed copy or sync?). Its backups: 2024-03-04; casecards"
            " backup restore 2024-03-04 brings one back. To start afresh instead, delete the"
            " file.\n"
        )
    assert main(["doctor", "--db", str(db)]) == 1
    assert (
        "not checked: it is empty (0 bytes)\n  its backups: 2024-03-04" in capsys.readouterr().out
    )
    assert main(["backup", "now", "--db", str(db)]) == 1
    assert "it is empty (0 bytes)" in capsys.readouterr().err
    assert db.read_bytes() == b"" and names(db) == ["2024-03-04"]
    assert main(["backup", "restore", "-y", "--db", str(db)]) == 0
    assert answers(db) == 3
