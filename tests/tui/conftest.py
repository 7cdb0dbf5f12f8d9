"""A small deck of every card kind, a store in tmp_path, and a fixed clock for the app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image
from textual.pilot import Pilot

from casecards.library import Library
from casecards.tui.app import CasecardsApp

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


@pytest.fixture
def make_app(library: Library, tmp_path: Path) -> MakeApp:
    def make(
        *, now: datetime = NOON, deck_ids: list[str] | None = None, lib: Library | None = None
    ) -> CasecardsApp:
        clock = {"now": now}
        app = CasecardsApp(
            lib or library, tmp_path / "store.db", deck_ids=deck_ids, clock=lambda: clock["now"]
        )
        app.test_clock = clock  # type: ignore[attr-defined]
        return app

    return make
