"""A small deck of every card kind, a store in tmp_path, and a fixed clock for the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image

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
