"""The hostile decks of the reliability review (reliability-2026-12; its decks are in
tests/fixtures/hostile/): what ``check``, every command and the trainer's start print for
them, and how fast they are refused. One test per defect, named after it."""

from __future__ import annotations

import re
import runpy
import shutil
import struct
import time
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from casecards import media, text
from casecards.cli import main
from casecards.deck import load_decks, loader, source
from casecards.deck.model import Basic
from casecards.errors import CasecardsError
from casecards.store import StoreError

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"


# What must never reach a terminal from a deck: C0 controls but the line break, DEL, C1
# controls, bidi controls, line and paragraph separators.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


HEADER = "deck:\n  id: demo\n  name: Démo\n  lang: fr\nnotes:\n"


NOTE = "  - {id: n1, type: basic, source: s, front: f, back: b}\n"


# A deck file name that writes the clipboard and clears the screen (review D1).
HOSTILE_NAME = "x\x1b]52;c;ZmlsZW5hbWU=\x07\x1b[2J.yaml"


# Escapes the review did not try: C1 CSI, bidi controls, a separator, in an id, a type and
# keys; and a duplicate key that sets the colour.
MORE_ESCAPES = """\
deck: {id: more, name: More, lang: en}
notes:
  - {id: "a\\u202eb", type: basic, source: s, front: f, back: b}
  - {id: c, type: "\\x9b2J", source: s}
  - {id: d, type: basic, source: s, front: f, back: b, "\\u2066k\\u2069\\u2028x": 1}
"""


COLOUR = """\
deck: {id: colour, name: Colour, lang: en}
notes:
  - {id: e, type: basic, source: s, front: f, back: b, "\\e[31m": 1, "\\e[31m": 2}
"""


def assert_printable(printed: str) -> None:
    found = UNSAFE.search(printed)
    assert found is None, f"{found.group()!r} reaches the terminal: {printed[:2000]!r}"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A decks folder holding every hostile deck, one of them under a hostile name."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (tmp_path / "media").mkdir()
    for name in ("esc-deck.yaml", "esc-tag-deck.yaml"):
        shutil.copy(FIXTURES / name, decks / name)
    (decks / "more.yaml").write_text(MORE_ESCAPES)
    (decks / "colour.yaml").write_text(COLOUR)
    (decks / HOSTILE_NAME).write_text("deck: {id: named, name: Named, lang: en}\nnotes: []\n")
    return decks


def test_D1_check_prints_nothing_from_a_deck_raw(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(hostile)]) == 1
    out, err = capsys.readouterr()
    assert_printable(out + err)
    # Shown, as escapes: the type that wrote the clipboard, the hidden link, the tag, the
    # file name, the bidi override in an id, C1 CSI, the duplicate key.
    for shown in (
        "unknown note type '\\x1b]52;c;cHduZWQ=\\x07'",
        "unknown field '\\x1b]8;;https://evil.example/\\x1b\\CLICK ME\\x1b]8;;\\x1b\\'",
        "YAML tag '!\\x1b]52;c;dGFn\\x07\\x1b[2J' is not allowed",
        "x\\x1b]52;c;ZmlsZW5hbWU=\\x07\\x1b[2J.yaml",
        "note 'a\\u202eb': text holds bidirectional control U+202E",
        "unknown note type '\\x9b2J'",
        "unknown field '\\u2066k\\u2069\\u2028x'",
        "duplicate key '\\x1b[31m'",
    ):
        assert shown in out
    assert len(out.splitlines()) == 13  # one problem a line, whatever the deck holds


@pytest.mark.parametrize("command", ["stats", "drill", "export"])
def test_D1_the_commands_and_the_trainers_start_print_nothing_raw(
    hostile: Path,
    tmp_path: Path,
    command: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CASECARDS_CACHE", str(tmp_path / "cache"))
    where = ["--decks", str(hostile)]
    where += ["-o", str(tmp_path / "out.apkg")] if command == "export" else ["--db", "x.db"]
    assert main([command, *where]) == 1
    out, err = capsys.readouterr()
    assert_printable(out + err)
    assert "casecards: " in err and "unknown note type '\\x1b]52;c;cHduZWQ=\\x07'" in err


def test_D1_every_error_message_is_printable() -> None:
    # The trainer stops with f"casecards: {error}" (a store error names the store's path).
    error = StoreError("cannot open x\x1b]52;c;cHduZWQ=\x07\u202e.db\nsecond line")
    assert f"casecards: {error}" == (
        "casecards: cannot open x\\x1b]52;c;cHduZWQ=\\x07\\u202e.db\nsecond line"
    )
    assert str(CasecardsError("no deck with id \x9b2J")) == "no deck with id \\x9b2J"


# Every code point: the full run checks it.
@pytest.mark.slow
def test_D1_printable_escapes_exactly_the_characters_that_do_not_draw() -> None:
    for code in range(0x110000):
        char = chr(code)
        unseen = unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"}
        if unseen or text.is_noncharacter(char):
            shown = text.printable(char)
            assert shown.startswith("\\") and shown.isascii() and shown.isprintable(), code
        else:
            assert text.printable(char) == char, hex(code)
    french = "«\u00a0Ostéoporose\u00a0» ; 37\u202fans\u00a0!"
    assert text.printable(french) == french
    assert text.printable("a\nb") == "a\\nb"
    assert text.printable("a\nb", newlines=True) == "a\nb"


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


# Every code point: the full run checks it.
@pytest.mark.slow
def test_D13_a_deck_holds_yaml_printable_characters_less_the_refused_ones() -> None:
    refused = {ord(c) for c in text.BIDI_CONTROLS + text.SEPARATORS} | text.NONCHARACTERS
    refuse = text.not_printable("\t\n\r")
    for code in range(0x110000):
        yaml_printable = (
            code in (0x09, 0x0A, 0x0D)
            or 0x20 <= code <= 0x7E
            or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or code >= 0x10000
        )
        allowed = yaml_printable and code not in refused
        assert (refuse.match(chr(code)) is None) == allowed, hex(code)


def test_D2_the_alias_amplification_deck_is_refused_at_its_aliases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    amp_deck: Callable[[], str] = runpy.run_path(
        str(FIXTURES / "make_amp_deck.py"), run_name="fixture"
    )["amp_deck"]
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "amp.yaml").write_text(amp_deck())
    started = time.perf_counter()
    assert main(["check", str(decks), "--media", str(tmp_path)]) == 1
    elapsed = time.perf_counter() - started
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    # Too big to compose (its 51,763 notes are 570,000 values), and every alias is refused;
    # the first twenty are listed where they stand.
    assert lines[0] == (
        f"{decks / 'amp.yaml'}: file holds more than {source.MAX_VALUES:,} values (texts, keys,"
        " lists) (split the deck into several files)"
    )
    assert lines[1] == (
        f"{decks / 'amp.yaml'}:7:35: YAML alias '*s' is not allowed in a deck"
        " (write the value out where it is used; quote text that starts with '*')"
    )
    assert lines[-1] == f"{decks / 'amp.yaml'}:12:35: more YAML aliases from here on (not listed)"
    assert len(lines) == 22
    assert elapsed < 20  # 65 s and 230 MB before; about 2 s now (not a speed test)


def test_D2_a_file_with_too_many_values_is_refused_before_it_is_composed(
    tmp_path: Path,
) -> None:
    flow = "[" + ",".join(["a"] * (source.MAX_VALUES + 1)) + "]"
    deck = HEADER + NOTE + f"extra: {flow}\n"
    assert len(deck) < source.MAX_FILE_BYTES
    started = time.perf_counter()
    assert problems(tmp_path, deck) == [
        f"{tmp_path / 'deck.yaml'}: file holds more than {source.MAX_VALUES:,} values (texts, keys,"
        " lists) (split the deck into several files)"
    ]
    assert time.perf_counter() - started < 10  # counted from events, nothing composed


def test_D2_too_many_cards_in_one_file_are_refused(tmp_path: Path) -> None:
    notes = "".join(
        f"  - {{id: n{k}, type: cloze, source: s, text: '{{{{c1::a}}}} {{{{c2::b}}}}'}}\n"
        for k in range(loader.MAX_CARDS // 2 + 1)
    )
    assert problems(tmp_path, HEADER + notes) == [
        f"{tmp_path / 'deck.yaml'}:6:3: the notes of this file make {loader.MAX_CARDS + 2:,} cards,"
        f" over {loader.MAX_CARDS:,} (split the deck into several files)"
    ]


def test_D2_text_repeated_on_many_cards_is_refused_at_the_note(tmp_path: Path) -> None:
    # One cloze note of 20,000 characters with a thousand deletions: each of its cards
    # shows (Browse, the export) the whole text.
    cloze = " ".join(f"{{{{c{k}::{'x' * 9}}}}}" for k in range(1, 1001))
    deck = HEADER + NOTE + f"  - {{id: big, type: cloze, source: s, text: '{cloze}'}}\n"
    chars = len("big") + len("cloze") + len("s") + len(cloze)
    assert problems(tmp_path, deck) == [
        f"{tmp_path / 'deck.yaml'}:7:5: the cards of this file repeat their notes' text:"
        f" {1000 * chars + len('n1basicsfb'):,} characters in all, over {loader.MAX_REPEATED_TEXT:,}"
        f" (each note counts its text once per card, and this one makes 1,000 cards of"
        f" {chars:,} characters: split it, or split the file)"
    ]


def test_D2_region_outlines_past_the_pixel_budget_are_refused(tmp_path: Path) -> None:
    Image.new("L", (2000, 2000)).save(tmp_path / "big.png")
    count = loader.MAX_OUTLINED_PIXELS // (2000 * 2000) + 1
    regions = ", ".join(f"{{id: r{k}, box: [{k}, 0, 10, 10], answer: a}}" for k in range(count))
    note = f"  - {{id: i, type: image, source: s, image: big.png, prompt: p, answer: a, regions: [{regions}]}}\n"
    assert problems(tmp_path, HEADER + note) == [
        f"{tmp_path / 'deck.yaml'}:6:3: the region cards of this file outline"
        f" {count * 4_000_000:,} pixels of images, over {loader.MAX_OUTLINED_PIXELS:,}"
        " (each region card shows its whole image: use smaller images, or split the file)"
    ]


def test_D2_the_readme_states_the_limits_in_force() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    section = readme[readme.index("**What `check` refuses**") : readme.index("## Scheduling")]
    assert source.MAX_FILE_BYTES == 4 * 1024 * 1024 and "| 4 MiB |" in section
    for value in (
        source.MAX_VALUES,
        loader.MAX_NOTES,
        loader.MAX_CARDS,
        loader.MAX_REPEATED_TEXT,
        loader.MAX_OUTLINED_PIXELS,
        media.MAX_PIXELS,
    ):
        assert f"{value:,}" in section, value


def broken_png() -> bytes:
    """A 64x64 PNG whose chunks all have sound checksums but whose image data is not a
    zlib stream (review H25: ``verify()`` passes it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    pixels = zlib.compress(b"".join(b"\x00" + bytes(range(64)) * 3 for _ in range(64)))
    broken = pixels[:10] + bytes(b ^ 0x55 for b in pixels[10:])
    header = struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", broken) + chunk(b"IEND", b"")
    )


def test_D10_broken_pixel_data_is_refused_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decks, media = tmp_path / "decks", tmp_path / "media"
    decks.mkdir()
    media.mkdir()
    (media / "bad.png").write_bytes(broken_png())
    Image.new("RGB", (64, 64)).save(media / "good.png")
    (decks / "deck.yaml").write_text(
        HEADER
        + "  - {id: good, type: image, source: s, image: good.png, prompt: p, answer: a}\n"
        + "  - {id: bad, type: image, source: s, image: bad.png, prompt: p, answer: a}\n"
    )
    where = f"{decks / 'deck.yaml'}:7:46: note 'bad': image 'bad.png' is damaged:"
    assert main(["check", str(decks), "--media", str(media)]) == 1
    out, _ = capsys.readouterr()
    assert out.startswith(where)
    # The export refuses it where it stands too, before building anything.
    assert main(["export", "--decks", str(decks), "-o", str(tmp_path / "out.apkg")]) == 1
    _, err = capsys.readouterr()
    assert err.startswith(f"casecards: {where}")
    assert not (tmp_path / "out.apkg").exists()
