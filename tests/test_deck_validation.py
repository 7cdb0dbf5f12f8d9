"""Every refusal the deck format promises: a bad deck in, a located message out."""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image

from casecards.deck import load_decks
from casecards.deck.model import Cloze, Differential, ModalitySigns, Timeline
from sample_deck import EVERY_NOTE_TYPE, write_media

HEADER = """\
deck:
  id: demo
  name: "Démo"
  lang: fr
notes:
"""

BASIC = """\
  - id: n1
    type: basic
    source: "diapositive 1"
    front: "Âge du patient ?"
    back: "37 ans"
"""


@pytest.fixture
def media(tmp_path: Path) -> Path:
    return write_media(tmp_path / "media", (200, 100))


def write(tmp_path: Path, text: str | bytes, name: str = "deck.yaml") -> Path:
    folder = tmp_path / "decks"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(text, str):
        text = textwrap.dedent(text).encode()
    path.write_bytes(text)
    return path


def problems(tmp_path: Path, text: str | bytes, media: Path | None = None) -> list[str]:
    path = write(tmp_path, text)
    result = load_decks([path], media or tmp_path / "media")
    return [str(p) for p in result.problems]


def only(tmp_path: Path, text: str | bytes, media: Path | None = None) -> str:
    found = problems(tmp_path, text, media)
    assert len(found) == 1, found
    return found[0]


def test_a_clean_deck_loads_with_every_note_type(tmp_path: Path, media: Path) -> None:
    result = load_decks([write(tmp_path, EVERY_NOTE_TYPE)], media)
    assert result.problems == ()
    (deck,) = result.decks
    assert [n.id for n in deck.notes] == ["n1", "c", "img", "diff", "tl", "ms"]
    cloze = deck.note("c").body
    assert isinstance(cloze, Cloze) and cloze.numbers == (1, 2)
    assert cloze.deletions[1].hint == "année"
    diff = deck.note("diff").body
    assert isinstance(diff, Differential) and diff.answers[1].aliases == ("SDRC 1",)
    timeline = deck.note("tl").body
    assert isinstance(timeline, Timeline) and timeline.events[0].when == "1947"
    assert timeline.events[1].when is None
    signs = deck.note("ms").body
    assert isinstance(signs, ModalitySigns)
    assert [m.id for m in signs.modalities] == ["irm", "tep-au-18f-naf", "scinti"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "deck.yaml: file is empty"),
        ("   \n\n", "deck.yaml: file is empty"),
        ("# only a comment\n", "holds no YAML document"),
        ("- a\n- b\n", "deck.yaml:1:1: the top level must be a mapping"),
        ("deck: {id: a, name: b, lang: fr}\n", "missing 'notes:' list"),
        ("deck: {id: a, name: b, lang: fr}\nnotes: []\n", "deck.yaml:2:8: the deck has no notes"),
        ("deck: {id: a, name: b, lang: fr}\nnotes: 3\n", "'notes' must be a list"),
        (HEADER + BASIC + "---\nfoo: 1\n", "deck.yaml:11:1: several YAML documents in one file"),
        (
            HEADER + "  - id: x\n    type: basic\n    front: [unclosed\n",
            "deck.yaml:9:1: YAML syntax error",
        ),
        (HEADER + BASIC + "extra: 1\n", "deck.yaml:11:1: unknown top-level field 'extra'"),
        (
            HEADER.replace("id: demo", "id: Demo Deck") + BASIC,
            "deck.yaml:2:7: 'Demo Deck' is not a valid id",
        ),
        (
            HEADER.replace("  id: demo\n", "") + BASIC,
            "deck.yaml:2:3: missing required field 'id' in deck",
        ),
        (HEADER.replace("lang: fr", "lang: français") + BASIC, "not a valid language tag"),
    ],
)
def test_file_level_refusals(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in only(tmp_path, text)


def test_tabs_in_indentation_are_named_with_their_line(tmp_path: Path) -> None:
    text = HEADER + BASIC.replace("    back:", "\tback:")
    assert only(tmp_path, text).endswith(
        "deck.yaml:10:1: tab character in indentation (YAML indents with spaces only)"
    )


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    data = (HEADER + BASIC).encode().replace(b"37 ans", b"37 \xe9ans")
    assert "deck.yaml:10:15: invalid UTF-8 byte 0xe9" in only(tmp_path, data)


def test_binary_files_are_refused(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    assert "binary file (NUL byte), not a YAML deck" in only(tmp_path, data)


def test_terminal_control_characters_are_refused_not_read(tmp_path: Path) -> None:
    data = (HEADER + BASIC).replace("37 ans", "37 \x1b[31mans").encode()
    assert "deck.yaml:10:15: control character U+001B is not allowed in a deck" in only(
        tmp_path, data
    )


def test_control_characters_from_yaml_escapes_are_refused(tmp_path: Path) -> None:
    text = HEADER + BASIC.replace('"37 ans"', '"37 \\e[31mans"')
    assert "deck.yaml:10:11: note 'n1': text holds control character U+001B" in only(tmp_path, text)


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + (HEADER + BASIC).replace("\n", "\r\n").encode()
    path = write(tmp_path, data)
    result = load_decks([path], tmp_path / "media")
    assert result.problems == ()
    assert result.decks[0].notes[0].body.back == "37 ans"  # type: ignore[union-attr]


def test_crlf_keeps_line_numbers_right(tmp_path: Path) -> None:
    data = (HEADER + BASIC.replace("source:", "sourse:")).replace("\n", "\r\n").encode()
    assert "deck.yaml:8:5: note 'n1': unknown field 'sourse'" in only(tmp_path, data)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            BASIC.replace("    source:", "    explantion: x\n    source:"),
            "deck.yaml:8:5: note 'n1': unknown field 'explantion' in basic note (did you mean 'explanation'?)",
        ),
        (
            BASIC.replace("front:", "fornt:"),
            "deck.yaml:9:5: note 'n1': unknown field 'fornt' in basic note (did you mean 'front'?)",
        ),
        (BASIC + "    answers: [a]\n", "'answers' belongs to differential notes"),
        (
            BASIC.replace('    back: "37 ans"\n', ""),
            "deck.yaml:6:5: note 'n1': missing required field 'back' in basic note",
        ),
        (
            "  - type: basic\n    source: s\n    front: f\n    back: b\n",
            "deck.yaml:6:5: note #1: missing required field 'id' in basic note",
        ),
        (BASIC.replace("id: n1", "id: N_1"), "deck.yaml:6:9: note 'N_1': 'N_1' is not a valid id"),
        (
            BASIC.replace("type: basic", "type: basix"),
            "deck.yaml:7:11: note 'n1': unknown note type 'basix' (did you mean 'basic'?)",
        ),
        (
            BASIC.replace("    type: basic\n", ""),
            "note 'n1': missing required field 'type' (one of: basic, cloze",
        ),
        (
            BASIC.replace('front: "Âge du patient ?"', "front: [a, b]"),
            "deck.yaml:9:12: note 'n1': expected text, found a list",
        ),
        (
            BASIC.replace('back: "37 ans"', "back: yes"),
            "expected text, found 'yes', which YAML reads as a boolean (put it in quotes)",
        ),
        (BASIC.replace('back: "37 ans"', "back:"), "expected text, found nothing (null)"),
        (
            BASIC.replace('back: "37 ans"', 'back: "  "'),
            "deck.yaml:10:11: note 'n1': text is empty",
        ),
        (
            BASIC + "    tags: histoire\n",
            "deck.yaml:11:11: note 'n1': expected a list, found 'histoire'",
        ),
        (BASIC + "    tags: [Histoire]\n", "'Histoire' is not a valid tag"),
        (BASIC + BASIC, "deck.yaml:11:9: duplicate note id 'n1' (first on line 6)"),
        (
            BASIC.replace("front:", "back: x\n    front:"),
            "deck.yaml:11:5: duplicate key 'back' (first on line 9)",
        ),
        (
            "  - just text\n",
            "deck.yaml:6:5: note #1: expected a note (a mapping), found 'just text'",
        ),
    ],
)
def test_note_refusals_name_file_line_and_note(tmp_path: Path, note: str, expected: str) -> None:
    assert expected in only(tmp_path, HEADER + note)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ('type: cloze\n    text: "pas de trou"', "note 'x': cloze without deletions"),
        ('type: cloze\n    text: "{{c1::ouvert"', "malformed cloze deletion near '{{c1::ouvert'"),
        ('type: cloze\n    text: "{{c0::zéro}}"', "cloze number c0 must be 1 or more"),
        (
            "type: timeline\n    prompt: p\n    events: [{when: a, text: b}]",
            "needs at least 2 events, found 1",
        ),
        (
            "type: timeline\n    prompt: p\n    events: [{when: a}, {text: b}]",
            "missing required field 'text' in event",
        ),
        ("type: differential\n    prompt: p\n    answers: []", "needs at least 1 answer, found 0"),
        (
            "type: differential\n    prompt: p\n    answers: [Fracture, fracture]",
            "answer 'fracture' is listed twice",
        ),
        (
            "type: differential\n    prompt: p\n    answers: [{text: a, alias: [b]}]",
            "unknown field 'alias' in answer (did you mean 'aliases'?)",
        ),
        (
            "type: modality_signs\n    subject: s\n    modalities: [{modality: IRM, signs: []}]",
            "needs at least 1 sign",
        ),
        (
            "type: modality_signs\n    subject: s\n    modalities: [{modality: IRM, signs: [a]}, {modality: irm, signs: [b]}]",
            "modality id 'irm' is listed twice",
        ),
    ],
)
def test_type_specific_refusals(tmp_path: Path, note: str, expected: str) -> None:
    text = HEADER + f"  - id: x\n    source: s\n    {note}\n"
    assert expected in only(tmp_path, text)


def image_note(image: str, box: str = "[0, 0, 10, 10]") -> str:
    return HEADER + (
        f"  - id: img\n    type: image\n    source: s\n    image: {image}\n"
        f"    prompt: p\n    answer: a\n    regions:\n      - {{id: r, box: {box}, answer: a}}\n"
    )


@pytest.mark.parametrize(
    ("image", "box", "expected"),
    [
        (
            "scan.png",
            "[150, 50, 60, 10]",
            "deck.yaml:13:22: note 'img': region 'r' box [150, 50, 60, 10] goes outside the image (the image is 200x100 pixels)",
        ),
        ("scan.png", "[0, 0, 0, 10]", "region 'r' has an empty box"),
        ("scan.png", "[0, 0, 10]", "expected exactly 4 numbers, found 3"),
        ("scan.png", "[0, -1, 10, 10]", "expected a number >= 0, found -1"),
        (
            "missing.png",
            "[0, 0, 1, 1]",
            "deck.yaml:9:12: note 'img': image 'missing.png' not found",
        ),
        ("../scan.png", "[0, 0, 1, 1]", "media path '../scan.png' must not contain '..'"),
        (
            "/etc/passwd",
            "[0, 0, 1, 1]",
            "media path '/etc/passwd' must be relative to the media folder",
        ),
        ("notes.png", "[0, 0, 1, 1]", "'notes.png' is not an image Pillow can open"),
    ],
)
def test_image_refusals(tmp_path: Path, media: Path, image: str, box: str, expected: str) -> None:
    (media / "notes.png").write_text("not a picture")
    assert expected in only(tmp_path, image_note(image, box), media)


def test_truncated_image_is_refused(tmp_path: Path, media: Path) -> None:
    data = (media / "scan.png").read_bytes()
    (media / "cut.png").write_bytes(data[: len(data) // 2])
    assert "image 'cut.png' is damaged" in only(tmp_path, image_note("cut.png"), media)


def test_symlink_leading_out_of_media_is_refused(tmp_path: Path, media: Path) -> None:
    outside = tmp_path / "secret.png"
    Image.new("RGB", (20, 20)).save(outside)
    os.symlink(outside, media / "link.png")
    assert "media path 'link.png' leads outside the media folder" in only(
        tmp_path, image_note("link.png"), media
    )


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = (
        HEADER
        + BASIC.replace("front:", "fornt:")
        + BASIC.replace("n1", "n2").replace('back: "37 ans"', "back: no")
    )
    found = problems(tmp_path, text)
    assert len(found) == 2
    assert "fornt" in found[0] and "boolean" in found[1]


def test_duplicate_deck_ids_across_files_name_both(tmp_path: Path) -> None:
    write(tmp_path, HEADER + BASIC, "a.yaml")
    write(tmp_path, HEADER + BASIC, "b.yaml")
    result = load_decks([tmp_path / "decks"], tmp_path / "media")
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'decks' / 'b.yaml'}:2:3: deck id 'demo' is already used by "
        f"{tmp_path / 'decks' / 'a.yaml'} (deck ids must be unique across files)"
    ]
    assert len(result.decks) == 1


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/name:os.system\n",
        "a: !custom x\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
    ],
)
def test_tags_that_build_objects_are_refused(tmp_path: Path, text: str) -> None:
    assert "is not allowed" in only(tmp_path, text)


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    assert "merge keys '<<' are not supported" in only(tmp_path, "other:\n  <<: {x: 1}\n")


def test_aliases_are_refused_where_they_stand(tmp_path: Path) -> None:
    assert only(tmp_path, "a: &a [*a]\n").endswith(
        "deck.yaml:1:8: YAML alias '*a' is not allowed in a deck"
        " (write the value out where it is used; quote text that starts with '*')"
    )


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    started = time.perf_counter()
    found = problems(tmp_path, "\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    # The first twenty aliases, each where it stands, then how many more.
    assert len(found) == 21
    assert "deck.yaml:2:10: YAML alias '*l0' is not allowed" in found[0]
    assert found[-1].endswith("deck.yaml:4:20: 61 more YAML aliases from here on (not listed)")
    # Not a speed test: a guard that the check does not expand the aliases (which would
    # take minutes and gigabytes); a generous bound keeps it meaningful on slow machines.
    assert elapsed < 5


def test_an_anchor_without_alias_is_fine(tmp_path: Path) -> None:
    text = (
        HEADER + "  - &n\n    id: n1\n    type: basic\n    source: s\n    front: f\n    back: b\n"
    )
    assert problems(tmp_path, text) == []


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = load_decks([tmp_path / "nope", tmp_path / "empty"], tmp_path)
    assert [p.message for p in result.problems] == [  # in the order of their paths
        "no deck files (*.yaml) in this folder",
        "no such file or folder",
    ]


def test_text_is_kept_literally(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> [bold]x[/bold] \\\\e[31m"
    text = HEADER + BASIC.replace('"37 ans"', "'" + hostile + "'")
    result = load_decks([write(tmp_path, text)], tmp_path)
    assert result.decks[0].notes[0].body.back == hostile  # type: ignore[union-attr]


# --- optional parts in typed items ----------------------------------------------------------------

SIGNS = """\
  - id: s
    type: modality_signs
    source: s
    subject: s
    modalities:
      - modality: IRM
        signs:
          - {sign}
"""

ANSWERS = """\
  - id: d
    type: differential
    source: s
    prompt: p
    answers:
      - {answer}
"""


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # The column is the bracket's, however the text is quoted.
        (
            SIGNS.format(sign='"Ostéopénie du col[, parfois du cotyle"'),
            "deck.yaml:13:31: note 's': '[' opens an optional part that is never closed"
            " (close it with ']'; write a literal bracket as \\[ or \\])",
        ),
        (
            SIGNS.format(sign="Ostéopénie du col, parfois] du cotyle"),
            "deck.yaml:13:39: note 's': ']' closes no optional part",
        ),
        (
            SIGNS.format(sign="'l''os [ ] du col'"),
            "deck.yaml:13:20: note 's': optional part '[ ]' holds no word",
        ),
        (
            SIGNS.format(sign='"col[ et [cotyle]]"'),
            "deck.yaml:13:22: note 's': '[' inside an optional part: optional parts do not nest",
        ),
        (
            SIGNS.format(sign='"[Hyperfixation]"'),
            "deck.yaml:13:14: note 's': the whole item is optional",
        ),
        # Where the text is not written one character for one, the text's start.
        (
            SIGNS.format(sign='"\\u00e9 [x"'),
            "deck.yaml:13:13: note 's': '[' opens an optional part that is never closed",
        ),
        (
            SIGNS.format(sign="|\n            bloc [ouvert"),
            "deck.yaml:13:13: note 's': '[' opens an optional part that is never closed",
        ),
        # Differential answers: the text and every alias.
        (
            ANSWERS.format(answer='"fracture[s"'),
            "deck.yaml:11:18: note 'd': '[' opens an optional part that is never closed",
        ),
        (
            ANSWERS.format(answer='{text: fracture, aliases: ["FIO]"]}'),
            "deck.yaml:11:40: note 'd': ']' closes no optional part",
        ),
        (
            ANSWERS.format(answer='{text: "fractures", aliases: [FIO]}\n      - "fracture[s]"'),
            "deck.yaml:12:9: note 'd': answer 'fracture[s]' is listed twice",
        ),
        (
            SIGNS.format(sign='"fracture[s]"\n          - fractures'),
            "deck.yaml:14:13: note 's': sign 'fractures' is listed twice",
        ),
    ],
)
def test_misused_optional_brackets_are_located(tmp_path: Path, note: str, expected: str) -> None:
    assert expected in only(tmp_path, HEADER + note)


def test_optional_brackets_load_as_written(tmp_path: Path) -> None:
    text = (
        HEADER
        + SIGNS.format(sign='"Ostéopénie du col[, parfois du cotyle]"')
        + ANSWERS.format(answer='{text: "fracture[s]", aliases: ["\\\\[18F\\\\]NaF"]}')
    )
    result = load_decks([write(tmp_path, text)], tmp_path)
    assert result.problems == ()
    signs, answers = (note.body for note in result.decks[0].notes)
    assert isinstance(signs, ModalitySigns) and isinstance(answers, Differential)
    assert signs.modalities[0].signs == ("Ostéopénie du col[, parfois du cotyle]",)
    assert answers.answers[0].text == "fracture[s]"
    assert answers.answers[0].aliases == ("\\[18F\\]NaF",)


def test_brackets_elsewhere_are_plain_text(tmp_path: Path) -> None:
    text = HEADER + BASIC.replace('"37 ans"', '"37 ans [environ"')
    assert load_decks([write(tmp_path, text)], tmp_path).problems == ()
