"""What ``check`` says about the usual mistakes (new-user review D15, reliability review D15 and
H11, code review nit): a hint for YAML syntax errors, every problem of a file and of a note
rather than the first, "did you mean" for images, one target per file, problems in file order.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PIL import Image

from casecards.cli import main
from casecards.deck import load_decks

DECK = """\
deck:
  id: demo
  name: Demo
  lang: fr
notes:
  - id: n1
    type: basic
    source: s
    front: f
    back: b
  - id: n2
    type: cloze
    source: s
    text: "{{c1::x}} y"
"""


def problems(tmp_path: Path, text: str, media: Path | None = None) -> list[str]:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    found = load_decks([path], media or tmp_path).problems
    return [str(p).removeprefix(f"{path}:") for p in found]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (  # text containing ": "
            "front: f",
            "front: Question: combien ?",
            "9:20: YAML syntax error: mapping values are not allowed in this context"
            " (text containing ': ' must be in quotes: front: \"…\")",
        ),
        (  # a cloze written unquoted: YAML reads a mapping
            'text: "{{c1::x}} y"',
            "text: {{c1::x}} y",
            "14:21: YAML syntax error: while parsing a block mapping did not find expected key"
            " (a value starting with '{' is read as a mapping: put the text in quotes:"
            ' text: "{…")',
        ),
        (
            "front: f",
            "front: [a] b",
            "9:16: YAML syntax error: while parsing a block mapping did not find expected key"
            " (a value starting with '[' is read as a list: put the text in quotes:"
            ' front: "[…")',
        ),
        (  # italics at the start of a text: YAML reads an alias
            "front: f",
            "front: *grave* ou pas",
            "9:18: YAML syntax error: while scanning an alias did not find expected alphabetic"
            " or numeric character (a value starting with '*' is read as an alias: put the"
            ' text in quotes: front: "*…")',
        ),
        (
            "front: f",
            "front: @home",
            "9:12: YAML syntax error: while scanning for the next token found character that"
            " cannot start any token (a value starting with '@' is reserved by YAML: put the"
            ' text in quotes: front: "@…")',
        ),
        (
            "front: f",
            'front: "a" b',
            "9:16: YAML syntax error: while parsing a block mapping did not find expected key"
            " (the text of 'front' goes on after its closing quote: quote all of it;"
            ' a " inside double quotes is written \\")',
        ),
        (  # 'back:' indented 3 spaces instead of 4
            "    back: b",
            "   back: b",
            "10:4: YAML syntax error: while parsing a block collection did not find expected"
            " '-' indicator ('back:' is indented 3 spaces but 'front:' on line 9 is indented"
            " 4 spaces: the keys of one mapping line up)",
        ),
        (  # 'source:' indented 6: YAML reads it as more of 'type'
            "    source: s\n    front",
            "      source: s\n    front",
            "8:13: YAML syntax error: mapping values are not allowed in this context"
            " ('source:' is indented 6 spaces but 'type:' on line 7 is indented 4 spaces:"
            " the keys of one mapping line up)",
        ),
        (
            "  - id: n2",
            " - id: n2",
            "11:2: YAML syntax error: while parsing a block mapping did not find expected key"
            " ('- id:' is indented 1 space but '- id:' on line 6 is indented 2 spaces:"
            " the items of one list line up)",
        ),
    ],
)
def test_D15_yaml_syntax_errors_name_the_usual_cause(
    tmp_path: Path, before: str, after: str, expected: str
) -> None:
    assert before in DECK
    assert problems(tmp_path, DECK.replace(before, after, 1)) == [expected]


def test_D15_a_duplicate_key_does_not_hide_the_files_other_problems(tmp_path: Path) -> None:
    text = DECK.replace("    back: b", "    back: b\n    back: c\n    bakc: d").replace(
        "type: cloze", "type: clozz"
    )
    assert problems(tmp_path, text) == [
        "11:5: duplicate key 'back' (first on line 10) (YAML would silently keep only the"
        " last one)",
        "12:5: note 'n1': unknown field 'bakc' in basic note (did you mean 'back'?)",
        "14:11: note 'n2': unknown note type 'clozz' (did you mean 'cloze'?)",
    ]


def test_D15_every_malformed_cloze_of_a_note_is_reported_where_it_is(tmp_path: Path) -> None:
    text = DECK.replace('"{{c1::x}} y"', "'{{c1:ligament}} et {{c2::ok}} puis tibia. }}'")
    assert problems(tmp_path, text) == [
        "14:12: note 'n2': malformed cloze deletion near '{{c1:ligament}}'",
        "14:54: note 'n2': '}}' closes no cloze deletion near 'puis tibia. }}'",
    ]
    text = DECK.replace('"{{c1::x}} y"', "'{{c1:a}} b {{c2:c}}'")
    assert problems(tmp_path, text) == [
        "14:12: note 'n2': malformed cloze deletion near '{{c1:a}}'",
        "14:23: note 'n2': malformed cloze deletion near '{{c2:c}}'",
    ]


def test_D15_a_missing_source_does_not_hide_a_malformed_cloze(tmp_path: Path) -> None:
    text = DECK.replace("    source: s\n    text", "    text").replace("{{c1::x}}", "{{c1:x}}")
    assert problems(tmp_path, text) == [
        "11:5: note 'n2': missing required field 'source' in cloze note",
        "13:12: note 'n2': malformed cloze deletion near '{{c1:x}}'",
    ]


def test_D15_a_missing_image_says_which_one_was_meant(tmp_path: Path) -> None:
    media = tmp_path / "media"
    (media / "genou").mkdir(parents=True)
    Image.new("RGB", (40, 30)).save(media / "genou" / "genou-schema.png")
    Image.new("RGB", (40, 30)).save(media / "pied.png")
    note = "  - {id: i, type: image, source: s, image: %s, prompt: p, answer: a}\n"
    text = DECK + note % "genou/genou-schma.png" + note.replace("id: i", "id: j") % "pieds.png"
    assert problems(tmp_path, text, media) == [
        f"15:44: note 'i': image 'genou/genou-schma.png' not found in {media}"
        " (did you mean 'genou/genou-schema.png'?)",
        f"16:44: note 'j': image 'pieds.png' not found in {media} (did you mean 'pied.png'?)",
    ]


def test_D15_a_file_named_twice_is_checked_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a.yaml").write_text(DECK)
    a = str(decks / "a.yaml")
    for targets in ([a, a], [str(decks), a], [a, str(decks / "." / "a.yaml")]):
        assert main(["check", *targets, "--media", str(tmp_path)]) == 0, targets
        assert "ok: 1 deck, 2 notes, 2 cards" in capsys.readouterr().err


def test_D15_problems_are_told_in_file_line_column_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    # Found in another order: the duplicate key while reading, the unknown field while
    # validating, the duplicate note id after its note; the other file first on the line.
    (decks / "b.yaml").write_text(
        textwrap.dedent("""\
            deck: {id: b, name: B, lang: fr}
            notes:
              - {id: n1, type: basic, source: s, front: f, back: b, bakc: x}
              - {id: n1, type: basic, source: s, front: f, back: b, back: c}
            """)
    )
    (decks / "a.yaml").write_text("deck: {id: b, name: A, lang: fr}\nnotes: [x]\n")
    assert main(["check", str(decks), "--media", str(tmp_path)]) == 1
    out, _ = capsys.readouterr()
    where = [line.split(": ")[0].removeprefix(f"{decks}/") for line in out.splitlines()]
    assert where == ["a.yaml:2:9", "b.yaml:3:57", "b.yaml:4:10", "b.yaml:4:57"]


def test_H11_an_aliased_note_is_refused_at_each_alias(tmp_path: Path) -> None:
    text = DECK.replace("  - id: n1", "  - &note\n    id: n1") + "  - *note\n  - *note\n"
    assert problems(tmp_path, text) == [
        "16:5: YAML alias '*note' is not allowed in a deck (write the value out where it is"
        " used; quote text that starts with '*')",
        "17:5: YAML alias '*note' is not allowed in a deck (write the value out where it is"
        " used; quote text that starts with '*')",
    ]
