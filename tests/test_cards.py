"""Notes expand into cards whose identity survives every edit of their text."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PIL import Image

from casecards import paths
from casecards.cards import (
    MAIN,
    CardKind,
    ClozePart,
    ModalityPart,
    RegionFace,
    RegionPart,
    SignFace,
    SignPart,
    expand,
    face,
    faces,
    parse_card_id,
    parse_part,
    part_key,
)
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


@pytest.mark.parametrize(
    ("key", "part"),
    [
        ("main", MAIN),
        ("c2", ClozePart(2)),
        ("c12", ClozePart(12)),
        ("region-rein", RegionPart("rein")),
        ("region-9-cote", RegionPart("9-cote")),
        ("modality-irm", ModalityPart("irm")),
        ("modality-rx-tdm", ModalityPart("rx-tdm")),
        ("sign-irm-3", SignPart("irm", 3)),
        ("sign-rx-tdm-12", SignPart("rx-tdm", 12)),  # a modality id may hold "-"
    ],
)
def test_a_part_is_written_and_read_back_by_one_encoder_and_one_decoder(
    key: str, part: object
) -> None:
    assert parse_part(key) == part
    assert part_key(parse_part(key)) == key


@pytest.mark.parametrize("key", ["", "q", "c0", "c", "c-1", "region-", "sign-irm", "sign-irm-0"])
def test_what_is_not_a_part_is_refused(key: str) -> None:
    with pytest.raises(ValueError, match="not a card part"):
        parse_part(key)


def test_every_bundled_card_id_reads_back_to_itself_and_to_its_face() -> None:
    decks = load_decks([paths.default_decks_dir()], paths.media_beside(paths.default_decks_dir()))
    for deck in decks.decks:
        notes = {note.id: note for note in deck.notes}
        for card in expand(deck).cards:
            read = parse_card_id(card.id)
            assert (read.deck_id, read.note_id, read.part) == (deck.id, card.note_id, card.part)
            shown = face(notes[card.note_id], read.part)
            assert (shown.part, shown.kind) == (card.part, card.kind)


def test_a_face_is_what_its_part_shows(tmp_path: Path) -> None:
    ms = next(n for n in load(tmp_path).notes if n.id == "ms")
    sign = face(ms, SignPart("irm", 1))
    assert isinstance(sign, SignFace)
    assert (sign.sign, sign.modality_ids) == ("œdème", ("irm", "scinti"))
    assert [m.modality for m in sign.modalities] == ["IRM", "Scintigraphie"]
    img = next(n for n in load(tmp_path).notes if n.id == "img")
    region = face(img, RegionPart("l1"))
    assert isinstance(region, RegionFace) and region.region.answer == "L1"
    assert [f.part for f in faces(img)] == [MAIN, RegionPart("cote"), RegionPart("l1")]
    for missing in (RegionPart("rein"), ClozePart(1), SignPart("irm", 3)):
        with pytest.raises(KeyError, match="has no card"):
            face(img if isinstance(missing, RegionPart | ClozePart) else ms, missing)


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
