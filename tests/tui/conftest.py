"""A small deck of every card kind, a store in tmp_path, and a fixed clock for the app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image
from textual.pilot import Pilot

from casecards.library import Library
from casecards.session import Session
from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.widgets import picture

HERE = Path(__file__).parent


def pytest_itemcollected(item: pytest.Item) -> None:
    """Every test here starts the app (about a second of CPU each) or a terminal: all are
    ``slow``, left out of ``./scripts/test --fast``, except those marked ``smoke`` (one per
    screen: the app starts, and each screen opens and answers)."""
    if item.path.is_relative_to(HERE) and item.get_closest_marker("smoke") is None:
        item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pictures drawn as in tmux (half-blocks, cells of 10x20 pixels) whatever terminal runs
    the tests: textual-image asks the real one when stdout is a terminal (pytest -n 0 in a
    Kitty window would otherwise draw, and snapshot, another picture)."""
    monkeypatch.setattr(picture, "drawing", lambda: "blocks")
    monkeypatch.setattr(picture, "cell_pixels", lambda: (10, 20))


PARIS = timezone(timedelta(hours=1))
NOON = datetime(2026, 3, 4, 12, 0, tzinfo=PARIS)

DECK = """\
deck:
  id: demo
  name: "Cas::Démo"
  lang: fr
notes:
  - id: age
    type: basic
    source: "diapositive 1"
    front: "Âge du patient ?"
    back: "**37** ans"
    explanation: "Homme jeune"
  - id: ravault
    type: cloze
    source: "diapositive 2"
    text: "Décrite par {{c1::Ravault}} en 1947."
  - id: scan
    type: image
    source: "diapositive 3"
    image: scan.png
    prompt: "Quelle vue ?"
    answer: "Postérieure"
    regions:
      - {id: cote, box: [10, 10, 40, 30], answer: "9e côte gauche"}
  - id: hypotheses
    type: differential
    source: "diapositive 4"
    prompt: "Hypothèses ?"
    answers: ["fracture par insuffisance osseuse", {text: "algodystrophie", aliases: ["SDRC 1"]}, "ostéonécrose"]
  - id: episode
    type: timeline
    source: "diapositive 5"
    prompt: "Dans l'ordre ?"
    events: [{when: "J0", text: "douleur"}, {when: "M1", text: "œdème"}, {when: "M6", text: "guérison"}]
  - id: signes
    type: modality_signs
    source: "diapositive 6"
    subject: "OT"
    modalities:
      - {modality: "IRM", id: irm, timing: "précoce", signs: ["œdème médullaire"]}
      - {modality: "Scintigraphie", id: scinti, signs: ["hyperfixation"]}
"""


# Two decks for the statistics and browse screens: tags to group by, and a hostile card.
HISTORY_DECKS = {
    "radio.yaml": """\
deck: {id: radio, name: "Radiologie", lang: fr}
notes:
  - {id: ot-irm, type: basic, tags: [irm], source: "cas 1",
     front: "Signe **IRM** précoce de l'OT ?", back: "Œdème médullaire"}
  - {id: ot-tep, type: basic, tags: [tep], source: "cas 1",
     front: "Examen le plus sensible ?", back: "TEP"}
  - {id: scan, type: image, source: "cas 3", image: scan.png, prompt: "Quelle vue ?",
     answer: "Postérieure"}
""",
    "cardio.yaml": """\
deck: {id: cardio, name: "Cardiologie", lang: fr}
notes:
  - {id: hostile, type: basic, tags: [irm, modalite::irm], source: "cas 5",
     front: "[bold]x[/bold] <script>alert(1)</script>", back: "[red]rouge[/red]"}
""",
}


@pytest.fixture
def history_library(tmp_path: Path) -> Library:
    decks, media = tmp_path / "history-decks", tmp_path / "history-media"
    decks.mkdir()
    media.mkdir()
    for name, text in HISTORY_DECKS.items():
        (decks / name).write_text(text, encoding="utf-8")
    Image.new("RGB", (40, 20), "white").save(media / "scan.png")
    return Library.load(decks, media)


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    decks = tmp_path / "decks"
    decks.mkdir()
    media = tmp_path / "media"
    media.mkdir()
    Image.new("RGB", (120, 80), "white").save(media / "scan.png")
    (decks / "demo.yaml").write_text(DECK, encoding="utf-8")
    return decks


@pytest.fixture
def library(deck_dir: Path) -> Library:
    return Library.load(deck_dir, deck_dir.parent / "media")


MakeApp = Callable[..., CasecardsApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def _settle(pilot: Pilot[None]) -> None:
    """Wait for every worker (store calls, image decoding) and the repaint after them; twice,
    as what a worker posts may start another (a card shown, then its picture decoded)."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
def settle() -> Settle:
    """The one wait of the TUI tests: ``await settle(pilot)`` after keys that start work.
    No sleeps: it returns as soon as the workers are done and the screen has caught up."""
    return _settle


def answer_up_to(
    library: Library, db: Path, card_id: str, *, now: datetime, deck_ids: list[str] | None
) -> None:
    """Study in the store, headless, as the trainer would: a session over ``deck_ids`` that
    answers 5 to every card it shows before ``card_id``. A trainer started afterwards (same
    decks, same day) shows ``card_id`` first, with the store as if the student had got there
    (earlier cards answered and due tomorrow), and nothing done yet in its own session."""
    with Store.open(db) as store:
        library.sync(store, now)
        session = Session(store, now=now, deck_ids=deck_ids)
        while (item := session.next_card()) is not None and item.card_id != card_id:
            session.answer(item.card_id, 5, now=now, duration_ms=1000)
        assert item is not None, f"{card_id} never comes up in {deck_ids or 'all decks'}"
        first = Session(store, now=now, deck_ids=deck_ids).next_card()
        assert first is not None and first.card_id == card_id, (card_id, first)


@pytest.fixture
def make_app(library: Library, tmp_path: Path) -> MakeApp:
    """``make_app(deck_ids=["demo"], at="demo/scan/region-cote")``: the trainer straight on
    that card (see ``answer_up_to``), with no keys pressed to get there. The store is
    ``tmp_path / "store.db"``; the clock stands still at ``now``."""

    def make(
        *,
        now: datetime = NOON,
        deck_ids: list[str] | None = None,
        lib: Library | None = None,
        at: str | None = None,
    ) -> CasecardsApp:
        db = tmp_path / "store.db"
        if at is not None:
            answer_up_to(lib or library, db, at, now=now, deck_ids=deck_ids)
        return CasecardsApp(lib or library, db, deck_ids=deck_ids, clock=lambda: now)

    return make
