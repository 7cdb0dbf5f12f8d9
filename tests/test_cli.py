"""The command line as a caller uses it: exit codes, messages, help with examples."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casecards.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]

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


def test_check_clean_exits_0(decks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(decks)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "ok: 1 decks, 1 notes, 1 cards" in err


def test_check_reports_every_problem_and_exits_1(
    decks: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (decks / "bad.yaml").write_text(
        GOOD.replace("demo", "other").replace("back:", "bakc:") + "  - 3\n"
    )
    assert main(["check", "--decks", str(decks)]) == 1
    out, err = capsys.readouterr()
    bad = decks / "bad.yaml"
    assert out.splitlines() == [
        f"{bad}:6:54: note 'n1': unknown field 'bakc' in basic note (did you mean 'back'?)",
        f"{bad}:7:5: note #2: expected a note (a mapping), found '3'",
    ]
    assert "2 problems in 1 file" in err


def test_check_with_explicit_media_folder(decks: Path, tmp_path: Path) -> None:
    (decks / "demo.yaml").write_text(
        GOOD + "  - {id: i, type: image, source: s, image: x.png, prompt: p, answer: a}\n"
    )
    assert main(["check", str(decks), "--media", str(tmp_path / "elsewhere")]) == 1


def test_schema_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((ROOT / "decks" / "casecards-deck.schema.json").read_text())
    assert printed == committed, "run: casecards schema > decks/casecards-deck.schema.json"


def test_every_command_has_help_with_an_example() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert isinstance(commands, dict)
    for name, sub in commands.items():
        text = sub.format_help()
        assert "example:" in text and f"casecards {name}" in text, name
        for option in ("--decks", "--media", "--db"):
            assert option in text, (name, option)


def test_python_dash_m_and_bad_usage() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "casecards", "check", "--no-such-flag"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "unrecognized arguments: --no-such-flag" in run.stderr
    assert "Traceback" not in run.stderr


def test_headless_commands_do_not_import_textual(decks: Path) -> None:
    code = (
        "import sys\n"
        "from casecards.cli import main\n"
        f"assert main(['check', {str(decks)!r}]) == 0\n"
        "assert main(['schema']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'genanki'))\n"
        "assert not loaded, loaded\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_a_read_only_store_stops_with_a_message_not_a_traceback(
    decks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "casecards.db"
    assert main(["stats", "--decks", str(decks), "--db", str(db)]) == 0
    capsys.readouterr()
    connect = sqlite3.connect  # root writes read-only files, so open it as SQLite would one
    monkeypatch.setattr(
        sqlite3, "connect", lambda p, **kw: connect(f"file:{p}?mode=ro", uri=True, **kw)
    )
    assert main(["stats", "--decks", str(decks), "--db", str(db)]) == 1
    assert capsys.readouterr().err.startswith(
        f"casecards: The study database {db} is read-only: casecards cannot record answers in it."
    )
