"""What a card says: optional parts of expected items are read without their brackets in the
trainer, Browse, the statistics and Anki, while matching still sees them."""

from __future__ import annotations

from pathlib import Path

from casecards.cards import DifferentialFace, ModalityPart, SignFace, SignPart, face, faces
from casecards.cardtext import choices, item_text, items, label, note_fields, question
from casecards.deck import load_decks
from casecards.deck.model import Deck
from casecards.export.build import build_package
from casecards.grading import match_items

DECK = """\
deck:
  id: demo
  name: "Démo"
  lang: fr
notes:
  - id: diff
    type: differential
    source: s
    prompt: "Diagnostics ?"
    answers:
      - text: "Ostéoporose transitoire[ migratrice]"
        aliases: ["OT[M]"]
  - id: ms
    type: modality_signs
    source: s
    subject: OT
    modalities:
      - {modality: "Radiographie", id: rx, signs: ["Ostéopénie du col[, parfois du cotyle]"]}
      - {modality: "IRM", id: irm, signs: ["Ostéopénie du col, parfois du cotyle"]}
"""


def load(tmp_path: Path) -> Deck:
    (tmp_path / "media").mkdir()
    path = tmp_path / "demo.yaml"
    path.write_text(DECK, encoding="utf-8")
    result = load_decks([path], tmp_path / "media")
    assert result.problems == ()
    return result.decks[0]


def test_optional_parts_are_read_without_brackets_everywhere(tmp_path: Path) -> None:
    deck = load(tmp_path)
    diff, ms = deck.notes
    (diff_face,) = faces(diff)
    assert question(diff_face, "fr").answer == "- Ostéoporose transitoire migratrice"
    assert ("Answers", "- Ostéoporose transitoire migratrice (OTM)") in note_fields(diff)
    modality = face(ms, ModalityPart("rx"))
    assert question(modality, "fr").answer == "- Ostéopénie du col, parfois du cotyle"
    # Written with and without brackets, it is one sign, which both modalities show.
    assert [f.part for f in faces(ms)][2:] == [SignPart("rx", 1)]
    sign = face(ms, SignPart("rx", 1))
    assert "«\u00a0Ostéopénie du col, parfois du cotyle\u00a0»" in question(sign, "fr").text
    assert label(sign) == "Ostéopénie du col, parfois du cotyle · OT"
    fields = {
        note.fields[-1]: note.fields
        for anki_deck in build_package([deck], tmp_path / "media").decks
        for note in anki_deck.notes
    }
    assert "[" not in "".join(fields["demo/diff"]) + "".join(fields["demo/ms/modality-rx"])
    assert "Ostéopénie du col, parfois du cotyle" in fields["demo/ms/sign-rx-1"][1]
    assert "(OTM)" in fields["demo/diff"][1]
    assert item_text("OT[M]") == "OTM"


def test_matching_still_reads_the_brackets(tmp_path: Path) -> None:
    diff = load(tmp_path).notes[0]
    (diff_face,) = faces(diff)
    assert isinstance(diff_face, DifferentialFace)
    assert items(diff_face)[0].text == "Ostéoporose transitoire[ migratrice]"
    assert match_items(["osteoporose transitoire"], items(diff_face)).recalled == 1


def test_a_which_modality_card_offers_every_modality_of_its_note(tmp_path: Path) -> None:
    ms = load(tmp_path).notes[1]
    sign = face(ms, SignPart("rx", 1))
    assert isinstance(sign, SignFace)
    assert [m.id for m in choices(sign)] == ["rx", "irm"]
    assert set(choices(sign)) >= set(sign.modalities)
