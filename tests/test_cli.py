"""The command line as a caller uses it: exit codes, messages, help with examples."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from casecards.cli import build_parser, main
from casecards.cli.parser import parse

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
    assert "ok: 1 deck, 1 note, 1 card" in err


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
            assert (option in text) == (option[2:] in sub.get_default("uses")), (name, option)


def test_every_command_runs_a_function_of_its_group_module() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert parser.parse_args([]).runs == "study.drill"  # no command: the trainer
    assert isinstance(subparsers.choices, dict)
    for name, sub in subparsers.choices.items():
        module, function = sub.get_default("runs").split(".")
        assert function == name
        assert callable(getattr(importlib.import_module(f"casecards.cli.{module}"), function))


@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "--deck", "otm-01-cas"],  # was read as --decks: "no such file or folder"
        ["check", "--deck", "x"],
        ["stats", "--dec", "x"],  # no prefix of --decks either
        ["schema", "--db", "x.db"],
        ["backup", "list", "--decks", "d"],
        ["--db", "x.db", "schema"],  # before the command, for a command that does not use it
        ["--deck", "otm-01-cas", "check"],
    ],
)
def test_d13_options_are_not_guessed_and_commands_take_only_their_own(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert "casecards: error:" in capsys.readouterr().err


def test_d13_the_trainers_options_work_without_a_command() -> None:
    args = parse(["--decks", "my-decks", "--deck", "a", "--db", "s.db"])
    assert (args.runs, args.decks, args.deck, args.db) == (
        "study.drill",
        Path("my-decks"),
        ["a"],
        Path("s.db"),
    )
    args = parse(["--db", "s.db", "stats"])  # before or after the command, the same
    assert (args.runs, args.db) == ("study.stats", Path("s.db"))


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
