"""New-user D8: one broken deck file, or one broken note, does not stop the trainer: it
studies the rest and says what was left out; check and export stay strict."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from casecards.cli import main
from casecards.deck import DeckCache
from casecards.errors import DeckError
from casecards.library import Library
from casecards.session import Session
from casecards.store import Store
from casecards.tui.app import CasecardsApp

NOW = datetime(2024, 3, 4, 9, tzinfo=timezone(timedelta(hours=1)))
GOOD = """\
deck: {id: good, name: "Bon", lang: fr}
notes:
  - {id: a, type: basic, source: s, front: "A ?", back: "a"}
"""
TWO_NOTES = """\
deck: {id: mixed, name: "Mixte", lang: fr}
notes:
  - {id: keep, type: basic, source: s, front: "Garde ?", back: "oui"}
  - {id: lca, type: cloze, source: s, text: "{{c1::ligament croisé}} et {{c2::ménisque}}"}
"""
BROKEN_NOTE = TWO_NOTES.replace("{{c2::ménisque}}", "{{c2:ménisque")
BROKEN_FILE = "deck: {id: broken, name: x, lang: fr\nnotes: []\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    decks = tmp_path / "decks"
    decks.mkdir()
    (tmp_path / "media").mkdir()
    (decks / "good.yaml").write_text(GOOD, encoding="utf-8")
    (decks / "mixed.yaml").write_text(BROKEN_NOTE, encoding="utf-8")
    (decks / "zz-broken.yaml").write_text(BROKEN_FILE, encoding="utf-8")
    return decks


def load(folder: Path, cache: DeckCache | None = None) -> Library:
    return Library.load(folder, folder.parent / "media", cache=cache, skip_broken=True)


def test_d8_a_broken_file_is_left_out_and_a_broken_note_alone(folder: Path) -> None:
    library = load(folder)
    assert library.deck_ids == ("good", "mixed")
    assert [n.id for n in library.deck("mixed").notes] == ["keep"]
    assert [d.complete for d in library.deck_cards] == [True, False]
    told = [str(p) for p in library.skipped]
    assert any("mixed.yaml:" in p and "note 'lca'" in p and "malformed cloze" in p for p in told)
    assert any("zz-broken.yaml:" in p for p in told)
    with pytest.raises(DeckError):  # strict unless asked
        Library.load(folder, folder.parent / "media")


def test_d8_a_partial_deck_is_never_cached_so_its_problems_are_told_each_time(
    folder: Path, tmp_path: Path
) -> None:
    cache = DeckCache(tmp_path / "cache")
    first, second = load(folder, cache), load(folder, cache)
    assert first.skipped == second.skipped and second.skipped
    assert [n.id for n in second.deck("mixed").notes] == ["keep"]


def test_d8_nothing_to_study_at_all_is_still_an_error(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "zz-broken.yaml").write_text(BROKEN_FILE, encoding="utf-8")
    with pytest.raises(DeckError, match=r"zz-broken\.yaml"):
        Library.load(decks, tmp_path / "media", skip_broken=True)


def test_d8_the_cards_of_a_skipped_note_keep_their_progress_and_are_not_shown(
    folder: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    (folder / "mixed.yaml").write_text(TWO_NOTES, encoding="utf-8")
    with Store.open(db) as store:
        load(folder).sync(store, NOW)
        session = Session(store, now=NOW, deck_ids=["mixed"])
        while (item := session.next_card()) is not None:
            session.answer(item.card_id, 5, now=NOW, duration_ms=10)
    (folder / "mixed.yaml").write_text(BROKEN_NOTE, encoding="utf-8")
    later = NOW + timedelta(days=30)
    library = load(folder)
    with Store.open(db) as store:
        report = library.sync(store, later)
        assert report.retired == 0
        lca = store.card("mixed/lca/c1")
        assert lca.status == "active" and not lca.is_new  # its progress stays
        session = Session(store, now=later, deck_ids=["mixed"], shows=library.has_card)
        shown = []
        while (item := session.next_card()) is not None:
            shown.append(item.card_id)
            session.answer(item.card_id, 5, now=later, duration_ms=10)
    assert shown == ["mixed/keep/main"]  # lca is due, but its note is left out


def test_d8_check_and_export_stay_strict_and_stats_studies_the_rest(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--decks", str(folder)]
    assert main(["check", *argv]) == 1
    assert main(["export", *argv, "-o", str(tmp_path / "x.apkg")]) == 1
    assert not (tmp_path / "x.apkg").exists()
    capsys.readouterr()
    db = tmp_path / "s.db"
    with Store.open(db) as store:
        load(folder).sync(store, NOW)
    assert main(["stats", *argv, "--db", str(db)]) == 0
    out = capsys.readouterr()
    assert "Bon" in out.out and "Mixte" in out.out
    assert "casecards: left out: " in out.err and "zz-broken.yaml" in out.err


async def test_d8_the_trainer_says_what_was_left_out(folder: Path, tmp_path: Path) -> None:
    app = CasecardsApp(load(folder), tmp_path / "s.db", clock=lambda: NOW)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        notices = [(n.title, n.message) for n in app._notifications]
    titles = {title for title, _ in notices}
    assert titles == {"Left out of this session"}
    assert any("zz-broken.yaml" in message for _, message in notices)
    assert any("note 'lca'" in message for _, message in notices)
