"""The author's commands, as an author runs them: ``new`` writes a deck that ``check`` passes,
``preview`` prints every card kind as the trainer asks and answers it (a golden text), and
neither touches the progress store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casecards.authoring import SCHEMA_FILE
from casecards.cards import CardKind
from casecards.cli import main
from casecards.deck import json_schema, load_decks
from sample_deck import EVERY_NOTE_TYPE, write_media

GOLDEN = Path(__file__).parent / "golden" / "preview.txt"


def test_new_writes_a_deck_that_check_passes_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "knee-mri"]) == 0  # default: decks/ here, media/ beside it
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "wrote decks/knee-mri.yaml: one example note of each type",
        f"wrote decks/{SCHEMA_FILE}: editors with the YAML language server check as you type",
        "wrote media/knee-mri-example.png: the picture of the image example",
    ]
    text = (tmp_path / "decks" / "knee-mri.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=./{SCHEMA_FILE}\n")
    schema = json.loads((tmp_path / "decks" / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert schema == json_schema()
    assert main(["check", "decks"]) == 0
    assert "ok: 1 deck, 6 notes, 11 cards" in capsys.readouterr().err
    # One example of each note type, so one card at least of each kind.
    (deck,) = load_decks([Path("decks")], Path("media")).decks
    from casecards.cards import expand

    assert {card.kind for card in expand(deck).cards} == set(CardKind)


def test_new_beside_another_deck_keeps_the_schema_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decks, media = tmp_path / "d", tmp_path / "pictures"
    assert main(["new", "one", "--decks", str(decks), "--media", str(media)]) == 0
    (decks / SCHEMA_FILE).write_text("{}", encoding="utf-8")  # the author's own: kept
    assert main(["new", "two", "--decks", str(decks), "--media", str(media)]) == 0
    assert (decks / SCHEMA_FILE).read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in media.iterdir()) == ["one-example.png", "two-example.png"]
    capsys.readouterr()
    before = (decks / "one.yaml").read_text(encoding="utf-8")
    assert main(["new", "one", "--decks", str(decks)]) == 1
    assert "already exists: nothing was written" in capsys.readouterr().err
    assert (decks / "one.yaml").read_text(encoding="utf-8") == before
    assert main(["check", str(decks), "--media", str(media)]) == 0


@pytest.mark.parametrize("bad", ["Knee_MRI", "knee--mri", "x-", "genou/x"])
def test_new_refuses_an_id_that_is_not_a_slug(
    bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", bad, "--decks", str(tmp_path / "d")]) == 1
    assert "is not a valid deck id" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    decks = tmp_path / "decks"
    decks.mkdir()
    write_media(tmp_path / "media")
    (decks / "demo.yaml").write_text(EVERY_NOTE_TYPE, encoding="utf-8")
    return decks / "demo.yaml"


def test_preview_prints_every_card_kind_as_the_golden_text(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regenerate on purpose: CASECARDS_UPDATE_GOLDEN=1, then read the diff."""
    assert main(["preview", str(sample)]) == 0  # captured: not a terminal, so plain text
    out = capsys.readouterr().out
    if os.environ.get("CASECARDS_UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")
    for kind in CardKind:
        assert f" · {kind} · line " in out


def test_preview_of_one_note_and_of_a_missing_one(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preview", str(sample), "--note", "c"]) == 0
    out = capsys.readouterr().out
    assert out.count("── demo/c/") == 2  # its two clozes, nothing else
    assert "Décrit par _Ravault_ en 1947." in out
    assert main(["preview", str(sample), "--note", "nope"]) == 1
    assert "no note 'nope' in" in capsys.readouterr().err


def test_preview_of_a_broken_deck_names_its_problems(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample.write_text(EVERY_NOTE_TYPE.replace("back:", "bakc:"), encoding="utf-8")
    assert main(["preview", str(sample)]) == 1
    assert f"{sample}:7:" in capsys.readouterr().err


def test_preview_never_touches_the_store(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "nowhere" / "store.db"
    monkeypatch.setenv("CASECARDS_DB", str(store))
    assert main(["preview", str(sample)]) == 0
    assert not store.parent.exists()


@pytest.mark.slow
def test_preview_watch_prints_again_when_the_file_is_saved(sample: Path) -> None:
    watch = subprocess.Popen(
        [sys.executable, "-m", "casecards", "preview", str(sample), "--watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert watch.stdout is not None and watch.stderr is not None
        assert "watching" in watch.stderr.readline() or "watching" in watch.stderr.readline()
        sample.write_text(
            EVERY_NOTE_TYPE.replace('"37 ans"', '"trente-sept ans"'), encoding="utf-8"
        )
        deadline = time.monotonic() + 20
        seen = ""
        while "trente-sept ans" not in seen and time.monotonic() < deadline:
            seen += watch.stdout.readline()
        assert "trente-sept ans" in seen
    finally:
        watch.terminate()
        watch.wait(timeout=10)
