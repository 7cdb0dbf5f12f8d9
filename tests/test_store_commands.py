"""The commands on the learner's store as a caller uses them: those that only read write
nothing, and no path, however bad, ends in a traceback."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from casecards.cli import main
from casecards.library import Library
from casecards.session import NEW_PER_DAY, Session, study_day
from casecards.store import Store
from casecards.store.files import uri

NOW = datetime(2024, 3, 4, 9, tzinfo=timezone(timedelta(hours=1)))
GOOD = """\
deck:
  id: demo
  name: "Démo"
  lang: fr
notes:
  - {id: n1, type: basic, source: s, front: "Âge ?", back: "37 ans"}
"""


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (tmp_path / "media").mkdir()
    (folder / "demo.yaml").write_text(GOOD)
    return folder


# -- commands that only read ----------------------------------------------------------------

OTHER = GOOD.replace("demo", "other").replace("Démo", "Autre")
NOTE = '  - {{id: {0}, type: basic, source: s, front: "Q {0} ?", back: "R {0}"}}\n'


def first_start(db: Path, folder: Path, answers: int = 0) -> None:
    """What the trainer does: create the store, sync the decks; and answer a few cards."""
    with Store.open(db) as store:
        Library.load(folder, folder.parent / "media").sync(store, NOW)
        session = Session(store, now=NOW)
        for _ in range(answers):
            item = session.next_card()
            assert item is not None
            session.answer(item.card_id, 4, now=NOW, duration_ms=10)


def test_stats_needs_no_write_access_to_the_store(
    decks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "casecards.db"
    first_start(db, decks)
    connect = sqlite3.connect  # root writes read-only files, so open it as SQLite would one
    monkeypatch.setattr(
        sqlite3,
        "connect",
        lambda p, **kw: connect(
            p if kw.pop("uri", False) else uri(Path(p), mode="ro"), uri=True, **kw
        ),
    )
    assert main(["stats", "--json", "--decks", str(decks), "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out)["decks"][0]["new"] == 1


@pytest.mark.parametrize(
    "command",
    [
        ["stats", "--decks", "{decks}"],
        ["stats", "--json"],
        ["doctor", "--decks", "{decks}"],
        ["backup", "list"],
    ],
)
def test_new_user_d10_a_read_only_command_creates_no_store_nor_folder(
    decks: Path, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nowhere" / "x" / "new.db"
    assert main([*(part.format(decks=decks) for part in command), "--db", str(db)]) == 1
    assert capsys.readouterr().err == (
        f"casecards: no progress store at {db} yet (it is created the first time you study)\n"
    )
    assert not (tmp_path / "nowhere").exists()


def test_new_user_d10_stats_writes_nothing_and_counts_as_the_trainer_will(
    decks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("casecards.cli.args.now", lambda: NOW)
    (decks / "demo.yaml").write_text(GOOD + NOTE.format("n2") + NOTE.format("n3"))
    (decks / "other.yaml").write_text(OTHER)
    db = tmp_path / "casecards.db"
    first_start(db, decks, answers=3)
    # The decks change: demo loses n1 (answered), gains n4; another folder has only demo.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "demo.yaml").write_text(GOOD.split("  - ")[0] + NOTE.format("n2") + NOTE.format("n4"))
    before = db.read_bytes()
    statuses = cards_by_status(db)

    assert main(["stats", "--json", "--decks", str(mine), "--db", str(db)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert db.read_bytes() == before and cards_by_status(db) == statuses
    assert statuses["retired"] == []

    # What the trainer will show once it has synced these decks, in a copy of the store.
    copy = tmp_path / "copy.db"
    copy.write_bytes(before)
    with Store.open(copy) as store:
        Library.load(mine, tmp_path / "media").sync(store, NOW)
        assert shown == store.stats(study_day(NOW), NEW_PER_DAY).to_dict()
    assert shown["decks"] == [{"id": "demo", "name": "Démo", "new": 1, "due": 0, "redrill": 0}]


LONG = "Ostéoporose transitoire migratrice::0{0} · Le cas et ses trois questions, et bien d’autres encore"


@pytest.mark.parametrize("columns", [50, 80, 120])
def test_new_user_d14_the_stats_table_fits_the_terminal(
    decks: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
) -> None:
    monkeypatch.setattr("casecards.cli.args.now", lambda: NOW)
    monkeypatch.setenv("COLUMNS", str(columns))
    for n in (1, 2):
        text = GOOD.replace("demo", f"long{n}").replace("Démo", LONG.format(n))
        (decks / f"long{n}.yaml").write_text(text + NOTE.format("n2") * (n == 2))
    db = tmp_path / "casecards.db"
    first_start(db, decks, answers=1)
    assert main(["stats", "--decks", str(decks), "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(map(len, lines)) <= columns, lines
    assert lines[0].split() == ["deck", "new", "due", "re-drill"]
    # The parent once, as a heading; each deck under it by its own name, cut, never its counts.
    assert lines[1:5] == [
        "Démo" + lines[1][4:],
        "Ostéoporose transitoire migratrice",
        *lines[3:5],
    ]
    assert lines[1].split()[-3:] == ["0", "0", "0"]  # Démo's one card, answered
    for n, line in zip((1, 2), lines[3:5], strict=True):
        name, counts = line[: -len("  new    due  re-drill") + 2], line.split()[-3:]
        assert counts == [str(n), "0", "0"], line
        assert name.startswith(f"  0{n} · Le cas")
        assert ("…" in name) == (columns < 100), name
    assert lines[-1].startswith("retention of review cards" if columns < 80 else "reviews today")


def cards_by_status(db: Path) -> dict[str, list[str]]:
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT status, id FROM cards ORDER BY id").fetchall()
    return {status: [i for s, i in rows if s == status] for status in ("active", "retired")}


# -- no traceback, ever ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{long}.yaml"],
        ["export", "--decks", "{decks}", "-o", "{long}.apkg"],
        ["backup", "now", "--db", "{long}.db"],
        ["backup", "list", "--db", "{long}.db"],
        ["doctor", "--decks", "{decks}", "--db", "{long}.db"],
        ["stats", "--decks", "{long}"],
        ["stats", "--decks", "{decks}", "--db", "{long}.db"],
        ["drill", "--decks", "{decks}", "--db", "{long}.db"],
    ],
    ids=[
        "check",
        "export",
        "backup-now",
        "backup-list",
        "doctor",
        "stats-decks",
        "stats-db",
        "drill",
    ],
)
def test_d11_a_path_too_long_is_a_message_not_a_traceback(
    decks: Path,
    tmp_path: Path,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("casecards.tui.app.run", lambda *args: pytest.fail("trainer started"))
    long = str(tmp_path / ("a" * 300))
    assert main([part.format(long=long, decks=decks) for part in command]) == 1
    err = capsys.readouterr().err
    assert err.startswith("casecards: ") and err.count("\n") == 1
    assert "a name in this path is too long for the file system" in err
