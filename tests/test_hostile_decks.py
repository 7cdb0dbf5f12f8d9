"""The hostile decks of the reliability review (reliability-2026-12; its decks are in
tests/fixtures/hostile/): what ``check``, every command and the trainer's start print for
them, and how fast they are refused. One test per defect, named after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from casecards import text
from casecards.deck import load_decks, source
from casecards.deck.model import Basic

HEADER = "deck:\n  id: demo\n  name: Démo\n  lang: fr\nnotes:\n"


NOTE = "  - {id: n1, type: basic, source: s, front: f, back: b}\n"


def problems(tmp_path: Path, text: str, media: Path | None = None) -> list[str]:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in load_decks([path], media or tmp_path).problems]


REFUSED = [
    ("\u202e", "bidirectional control U+202E"),
    ("\u2066", "bidirectional control U+2066"),
    ("\u200f", "bidirectional control U+200F"),
    ("\u061c", "bidirectional control U+061C"),
    ("\u2028", "line separator U+2028"),
    ("\u2029", "paragraph separator U+2029"),
    ("\ufdd0", "non-character U+FDD0"),
    ("\uffff", "non-character U+FFFF"),
    ("\U0010fffe", "non-character U+10FFFE"),
    ("\x85", "control character U+0085"),
]


@pytest.mark.parametrize(("char", "kind"), REFUSED)
def test_D13_bidi_controls_separators_and_noncharacters_are_refused_where_they_stand(
    tmp_path: Path, char: str, kind: str
) -> None:
    raw = HEADER + NOTE.replace("back: b", f"back: 'rtl:{char}exe.live'")
    assert problems(tmp_path, raw) == [
        f"{tmp_path / 'deck.yaml'}:6:59: {kind} is not allowed in a deck"
        f" ({_REFUSED_HINT.get(kind.split(' U+')[0], 'decks hold printable text only')})"
    ]
    escape = f"\\U{ord(char):08x}"  # as a double-quoted YAML string writes it
    escaped = HEADER + NOTE.replace("back: b", f'back: "rtl:{escape}exe.live"')
    assert problems(tmp_path, escaped) == [
        f"{tmp_path / 'deck.yaml'}:6:54: note 'n1': text holds {kind}"
        " (decks hold printable text only)"
    ]


_REFUSED_HINT = {
    "bidirectional control": "it reorders how text is displayed; decks hold printable text only",
    "line separator": "write a line break instead",
    "paragraph separator": "write a blank line instead",
    "non-character": "it is not text; decks hold printable text only",
}


def test_D13_joiners_zero_width_spaces_and_soft_hyphens_are_text(tmp_path: Path) -> None:
    # They neither reorder nor drive the terminal, and real text uses them: ZWJ in emoji
    # sequences (a health worker), ZWSP and soft hyphens as line-break opportunities.
    written = "👩\u200d⚕️ radio\u200bgraphie ostéo\u00adpénie"
    path = tmp_path / "deck.yaml"
    path.write_text(HEADER + NOTE.replace("back: b", f"back: '{written}'"), encoding="utf-8")
    result = load_decks([path], tmp_path)
    assert result.problems == ()
    body = result.decks[0].notes[0].body
    assert isinstance(body, Basic) and body.back == written


def test_D13_a_deck_holds_yaml_printable_characters_less_the_refused_ones() -> None:
    refused = {ord(c) for c in text.BIDI_CONTROLS + text.SEPARATORS} | text.NONCHARACTERS
    for code in range(0x110000):
        yaml_printable = (
            code in (0x09, 0x0A, 0x0D)
            or 0x20 <= code <= 0x7E
            or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or code >= 0x10000
        )
        allowed = yaml_printable and code not in refused
        assert (source._NOT_PRINTABLE.match(chr(code)) is None) == allowed, hex(code)
