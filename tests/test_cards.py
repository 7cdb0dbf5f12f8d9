"""Notes expand into cards whose identity survives every edit of their text."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image

from casecards.cards import CardKind, expand
from casecards.deck import load_decks
from casecards.deck.model import Deck

DECK = """\
deck:
  id: demo
  name: "Démo"
  lang: fr
notes:
  - id: b
    type: basic
    source: s
    front: "Âge ?"
    back: "37 ans"
  - id: c
    type: cloze
    source: s
    text: "{{c2::Ravault}} en {{c1::1947}}, {{c2::Lyon}}"
  - id: img
    type: image
    source: s
    image: scan.png
    prompt: p
    answer: a
    regions:
      - {id: cote, box: [0, 0, 10, 10], answer: "côte"}
      - {id: l1, box: [10, 10, 10, 10], answer: "L1"}
  - id: ms
    type: modality_signs
    source: s
    subject: OT
    modalities:
      - {modality: "IRM", signs: ["œdème", "trait"]}
      - {modality: "Scintigraphie", id: scinti, signs: ["hyperfixation", "Œdème"]}
"""


def load(tmp_path: Path, text: str = DECK) -> Deck:
    (tmp_path / "media").mkdir(exist_ok=True)
    Image.new("RGB", (50, 50)).save(tmp_path / "media" / "scan.png")
    path = tmp_path / "deck.yaml"
    path.write_text(text)
    result = load_decks([path], tmp_path / "media")
    assert result.problems == ()
    return result.decks[0]


def test_card_ids_and_kinds(tmp_path: Path) -> None:
    cards = expand(load(tmp_path)).cards
    assert [(c.id, c.kind) for c in cards] == [
        ("demo/b/main", CardKind.BASIC),
        ("demo/c/c1", CardKind.CLOZE),
        ("demo/c/c2", CardKind.CLOZE),
        ("demo/img/main", CardKind.IMAGE),
        ("demo/img/region-cote", CardKind.IMAGE_REGION),
        ("demo/img/region-l1", CardKind.IMAGE_REGION),
        ("demo/ms/modality-irm", CardKind.MODALITY_SIGNS),
        ("demo/ms/modality-scinti", CardKind.MODALITY_SIGNS),
        # "Œdème" under scintigraphy is the same sign as "œdème" under MRI: one question.
        ("demo/ms/sign-irm-1", CardKind.WHICH_MODALITY),
        ("demo/ms/sign-irm-2", CardKind.WHICH_MODALITY),
        ("demo/ms/sign-scinti-1", CardKind.WHICH_MODALITY),
    ]
    assert [c.position for c in cards] == list(range(len(cards)))


def test_fixing_a_typo_keeps_ids_and_changes_only_that_notes_hash(tmp_path: Path) -> None:
    before = expand(load(tmp_path)).cards
    after = expand(load(tmp_path, DECK.replace('"37 ans"', '"37 ans."'))).cards
    assert [c.id for c in before] == [c.id for c in after]
    changed = {a.id for a, b in zip(after, before, strict=True) if a.content_hash != b.content_hash}
    assert changed == {"demo/b/main"}


def test_moving_a_note_keeps_its_hash(tmp_path: Path) -> None:
    before = {c.id: c.content_hash for c in expand(load(tmp_path)).cards}
    moved = DECK.replace(
        "notes:\n", "notes:\n  - {id: z, type: basic, source: s, front: f, back: b}\n"
    )
    after = {c.id: c.content_hash for c in expand(load(tmp_path, moved)).cards}
    assert all(after[card_id] == digest for card_id, digest in before.items())


def test_renaming_a_modality_with_an_explicit_id_keeps_its_card(tmp_path: Path) -> None:
    renamed = DECK.replace('modality: "Scintigraphie"', 'modality: "Scintigraphie osseuse"')
    ids = [c.id for c in expand(load(tmp_path, textwrap.dedent(renamed))).cards]
    assert "demo/ms/modality-scinti" in ids
