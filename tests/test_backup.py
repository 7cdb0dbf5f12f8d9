"""Daily backups of the study database: taken once a day, a bounded history, brought back."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from casecards import backup
from casecards.backup import Backup, BackupError
from casecards.cards import DeckCards
from casecards.cli import main
from casecards.session import Session
from casecards.store import Store
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
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
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
    with pytest.raises(
        BackupError, match=r"No backup '2023-01-01' .* there are backups of 2024-03-04"
    ):
        backup.find(db, "2023-01-01")


# -- the command line ---------------------------------------------------------------------------


def test_cli_lists_takes_and_restores_after_asking(
    tmp_path: Path,
    make_deck: MakeDeck,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "casecards.db"
    assert main(["backup", "list", "--db", str(db)]) == 0
    assert "no backups of" in capsys.readouterr().out
    study(db, make_deck, DAY)
    assert main(["backup", "now", "--db", str(db)]) == 0
    (made,) = backup.backups(db)
    assert f"backed up {db} to {made.path}" in capsys.readouterr().err
    study(db, make_deck, DAY, answers=2)

    assert main(["backup", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"  {made.day.isoformat()}  3 answers, the last on 2024-03-04 09:02" in out

    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["backup", "restore", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"Replace the study database {db} (now 5 answers" in err
    assert "with the backup of" in err and "(3 answers, the last on 2024-03-04 09:02)?" in err
    assert "Not restored: nothing changed." in err and answers(db) == 5

    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["backup", "restore", made.day.isoformat(), "--db", str(db)]) == 0
    assert answers(db) == 3
    assert "restored the backup of" in capsys.readouterr().err


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

    def trainer(library: object, path: Path, deck_ids: object) -> int:
        opened.append(len(backup.backups(path)))
        return 0

    monkeypatch.setattr("casecards.tui.app.run", trainer)
    for _ in range(2):
        assert main(["drill", "--db", str(db)]) == 0
    assert opened == [1, 1]  # taken before the first start, once that day
