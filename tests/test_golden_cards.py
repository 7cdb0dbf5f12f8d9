"""A golden record of what every bundled card says, wherever it is shown.

For each card of the bundled decks: the trainer's question and answer (deck markup), Browse's
one-line label (also the statistics label), and the fields of the Anki note that carries the
card. Refactors must leave ``golden/cards.json`` byte-identical; a change to the decks
regenerates it on purpose:

    CASECARDS_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden_cards.py

and the diff of the JSON is then read like any other change of what students see.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from casecards import paths
from casecards.cardtext import label, question
from casecards.deck import load_decks
from casecards.export.build import build_package
from casecards.library import Library

GOLDEN = Path(__file__).parent / "golden" / "cards.json"


def _record() -> dict[str, dict[str, object]]:
    decks_dir = paths.default_decks_dir()
    media_dir = paths.media_beside(decks_dir)
    library = Library.load(decks_dir, media_dir)
    loaded = load_decks([decks_dir], media_dir)
    assert not loaded.problems
    package = build_package(loaded.decks, media_dir)
    # The last field of every casecards note type is its key: the card id, or deck/note for a
    # note that makes all its cards (basic, cloze, whole image, differential, timeline).
    anki = {note.fields[-1]: list(note.fields) for deck in package.decks for note in deck.notes}
    record: dict[str, dict[str, object]] = {}
    for card in library.cards:
        lang = library.deck(card.deck_id).lang
        shown = library.face(card)
        asked = question(shown, lang)
        fields = anki.get(card.id) or anki[f"{card.deck_id}/{card.note_id}"]
        record[card.id] = {
            "kind": str(card.kind),
            "question": asked.text,
            "answer": asked.answer,
            "label": label(shown),
            "anki": fields,
        }
    return record


# Draws every region outline of the bundled decks: the full run checks it.
@pytest.mark.slow
def test_every_bundled_card_says_what_the_golden_record_says() -> None:
    record = _record()
    written = json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("CASECARDS_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(written, encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(record) == sorted(golden), "the bundled decks' cards changed"
    changed = [card_id for card_id in record if record[card_id] != golden[card_id]]
    assert not changed, f"{len(changed)} cards read differently, e.g. {changed[:5]}"
    assert written == GOLDEN.read_text(encoding="utf-8")
