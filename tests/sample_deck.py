"""One small deck holding a note of every type, shared by the deck tests: the validation tests
load it whole (``test_deck_validation``), the fuzz tests start their mutations from it
(``test_fuzz``). Its image is ``scan.png`` at any size of at least 20x10 (``write_media``)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

EVERY_NOTE_TYPE = """\
# yaml-language-server: $schema=./casecards-deck.schema.json
deck:
  id: demo
  name: "Démo::Cas"
  lang: fr
notes:
  - {id: n1, type: basic, tags: [a::b], facts: [F1], source: s, front: "**Âge** ?", back: "37 ans"}
  - id: c
    type: cloze
    source: s
    text: "Décrit par {{c1::Ravault}} en {{c2::1947::année}}."
  - id: img
    type: image
    source: s
    image: scan.png
    prompt: "Quelle vue ?"
    answer: "Postérieure"
    regions:
      - {id: rib, box: [0, 0, 20, 10], answer: "9e côte gauche"}
  - id: diff
    type: differential
    source: s
    prompt: "Hypothèses ?"
    answers: ["fracture", {text: "algodystrophie", aliases: ["SDRC 1"]}]
  - id: tl
    type: timeline
    source: s
    prompt: "Ordre ?"
    events: [{when: 1947, text: "a"}, {text: "b"}]
  - id: ms
    type: modality_signs
    source: s
    subject: "OT"
    modalities:
      - {modality: "IRM", timing: "précoce", signs: ["œdème", "épanchement"]}
      - {modality: "TEP au 18F-NaF", signs: ["hyperfixation", "œdème"]}
      - {modality: "Scintigraphie", id: scinti, signs: ["hyperfixation"]}
"""


def write_media(folder: Path, size: tuple[int, int] = (40, 20)) -> Path:
    """``folder`` with the deck's picture in it."""
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "white").save(folder / "scan.png")
    return folder
