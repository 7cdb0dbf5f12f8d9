"""A renamed note (D14): the sync, ``check`` and the trainer say so, and ``casecards rename``
carries its progress to the new id, exactly."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from casecards.cli import main
from casecards.library import Library
from casecards.session import Session
from casecards.store import Rename, Store, StoreError
from casecards.tui.app import CasecardsApp

NOW = datetime(2024, 3, 4, 9, tzinfo=timezone(timedelta(hours=1)))
DECK = """\
deck:
  id: demo
  name: "Démo"
  lang: fr
notes:
  - {id: age, type: basic, source: s, front: "Âge ?", back: "37 ans"}
  - {id: ravault, type: cloze, source: s, text: "{{c1::Ravault}} en {{c2::1947}}"}
  - {id: tail, type: basic, source: s, front: "Fin ?", back: "oui"}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    decks = tmp_path / "decks"
    decks.mkdir()
    (tmp_path / "media").mkdir()
    (decks / "demo.yaml").write_text(DECK, encoding="utf-8")
    return decks


def study(db: Path, folder: Path, grades: dict[str, list[int]]) -> None:
    """Sync the decks, then answer the cards named in ``grades`` (others are skipped)."""
    with Store.open(db) as store:
        Library.load(folder, folder.parent / "media").sync(store, NOW)
        session = Session(store, now=NOW)
        while (item := session.next_card()) is not None:
            wanted = grades.get(item.card_id)
            if not wanted:
                session.drop(item.card_id)
                continue
            session.answer(item.card_id, wanted.pop(0), now=NOW, duration_ms=10)


def rename_in_file(folder: Path, old: str, new: str) -> None:
    path = folder / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"id: {old},", f"id: {new},"))


def sync(db: Path, folder: Path) -> tuple[Rename, ...]:
    with Store.open(db) as store:
        return Library.load(folder, folder.parent / "media").sync(store, NOW).renames


def test_d14_a_sync_that_retires_an_answered_note_where_a_new_one_sits_says_so(
    tmp_path: Path, folder: Path
) -> None:
    db = tmp_path / "s.db"
    study(db, folder, {"demo/ravault/c1": [4], "demo/ravault/c2": [2, 4]})
    rename_in_file(folder, "ravault", "ravault-1947")
    (told,) = sync(db, folder)
    assert told == Rename("demo", "ravault", "ravault-1947", 3)
    assert "casecards rename demo/ravault demo/ravault-1947" in told.message
    assert sync(db, folder) == ()  # said once, by the sync that retired it


def test_d14_an_unanswered_note_renamed_or_a_note_moved_elsewhere_is_no_rename(
    tmp_path: Path, folder: Path
) -> None:
    db = tmp_path / "s.db"
    study(db, folder, {"demo/ravault/c1": [5]})
    rename_in_file(folder, "age", "age-patient")  # never answered: nothing to lose
    assert sync(db, folder) == ()
    # The answered note removed and another added at the end: not in its place.
    path = folder / "demo.yaml"
    text = path.read_text(encoding="utf-8").replace(
        '  - {id: ravault, type: cloze, source: s, text: "{{c1::Ravault}} en {{c2::1947}}"}\n', ""
    )
    path.write_text(text + '  - {id: autre, type: cloze, source: s, text: "{{c1::x}}"}\n')
    assert sync(db, folder) == ()


def test_d14_rename_carries_schedules_and_answers_to_the_new_id(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    study(db, folder, {"demo/ravault/c1": [4], "demo/ravault/c2": [2, 4]})
    with Store.open(db) as store:
        before = {part: store.card(f"demo/ravault/{part}") for part in ("c1", "c2")}
        log = store.reviews()
    rename_in_file(folder, "ravault", "ravault-1947")
    argv = ["--decks", str(folder), "--db", str(db)]
    assert main(["check", *argv]) == 0
    assert (
        "demo.yaml:7: note id changed? 'ravault' left deck demo and 'ravault-1947' took its "
        "place: its 3 answers stay with 'ravault'"
    ) in capsys.readouterr().out
    assert main(["rename", "demo/ravault", "demo/ravault-1947", *argv]) == 0
    assert "moved 2 cards and 3 answers" in capsys.readouterr().err
    with Store.open(db) as store:
        for part, old in before.items():
            new = store.card(f"demo/ravault-1947/{part}")
            assert (new.state, new.due, new.introduced_day, new.last_review) == (
                old.state,
                old.due,
                old.introduced_day,
                old.last_review,
            )
            assert store.find_card(f"demo/ravault/{part}") is None
        moved = store.reviews()
        assert [r.id for r in moved] == [r.id for r in log]
        assert {r.card_id.split("/")[1] for r in moved} == {"ravault-1947"}
    assert main(["check", *argv]) == 0
    assert "note id changed" not in capsys.readouterr().out


def test_d14_rename_refuses_what_it_cannot_do(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    study(db, folder, {"demo/age/main": [4], "demo/tail/main": [5]})
    argv = ["--decks", str(folder), "--db", str(db)]
    assert main(["rename", "demo/age", "other/age", *argv]) == 1
    assert "different decks" in capsys.readouterr().err
    assert main(["rename", "demo/age", "demo/nope", *argv]) == 1
    assert "no note demo/nope" in capsys.readouterr().err
    assert main(["rename", "age", "demo/tail", *argv]) == 1
    assert "is not a note" in capsys.readouterr().err
    # The new note has answers of its own: its history is not mixed with another.
    assert main(["rename", "demo/age", "demo/tail", *argv]) == 0
    assert "left demo/age/main where it was: demo/tail/main has answers" in (
        capsys.readouterr().err
    )
    with Store.open(db) as store, pytest.raises(StoreError, match="No note demo/gone"):
        store.move_history("demo", "gone", "age")


async def test_d14_the_trainer_says_a_note_looks_renamed(tmp_path: Path, folder: Path) -> None:
    db = tmp_path / "s.db"
    study(db, folder, {"demo/age/main": [4]})
    rename_in_file(folder, "age", "age-patient")
    library = Library.load(folder, folder.parent / "media")
    app = CasecardsApp(library, db, clock=lambda: NOW)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any("casecards rename demo/age demo/age-patient" in m for m in messages)
