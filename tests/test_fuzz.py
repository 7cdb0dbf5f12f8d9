"""Hostile and broken deck files: the loader answers with located problems, never a traceback,
never a hang.

Three kinds of input: random text made of YAML's punctuation; real decks mutated (cut, spliced,
lines swapped, bytes flipped); and well-formed YAML whose notes have the real fields with
values of any shape. Whatever comes in, ``load_decks`` returns problems that each name the
file, or decks that expand into cards. Each load runs under an alarm: a hang fails the test
with the input that caused it.

``CASECARDS_FUZZ_EXAMPLES`` (default 150 per kind) runs more: a long hunt is
``CASECARDS_FUZZ_EXAMPLES=20000 .venv/bin/pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import io
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casecards.cards import expand
from casecards.deck import load_decks
from casecards.deck.format import BY_TYPE, COMMON, NoteType
from casecards.errors import Problem
from sample_deck import EVERY_NOTE_TYPE, write_media

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("CASECARDS_FUZZ_EXAMPLES", "150"))
SECONDS = 10  # far above any real load; only a hang gets there

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the alarm below bounds each load instead
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SEEDS = [
    EVERY_NOTE_TYPE,
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "decks").glob("*.yaml"))),
]
PUNCTUATION = [
    *"-:{}[],&*!|>'\"#%@`?.\\/ \n\n\n    ab1é€\t\r\ufeff",
    "{{c1::",
    "}}",
    "::",
    "<<: ",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "---\n",
    "notes:\n",
    "  - ",
    "id: ",
    "type: ",
]


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_media(tmp_path_factory.mktemp("media"))
    (folder / "notes.png").write_text("not a picture")
    return folder


class Hang(Exception):
    pass


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"the loader ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load_cleanly(folder: Path, data: bytes, media: Path) -> None:
    """Load ``data`` as a deck file: problems that name the file, or decks that expand."""
    path = folder / "deck.yaml"
    path.write_bytes(data)
    with alarm(SECONDS):
        result = load_decks([path], media)
        for problem in result.problems:
            assert isinstance(problem, Problem) and problem.path == str(path)
            assert problem.line >= 0 and problem.col >= 0 and str(problem)
        for deck in result.decks:
            cards = expand(deck).cards
            assert len({card.id for card in cards}) == len(cards)
    assert result.decks or result.problems


@pytest.mark.slow  # hundreds of loads
@FUZZ
@given(st.lists(st.sampled_from(PUNCTUATION), max_size=120).map("".join))
def test_random_yaml_punctuation(tmp_path: Path, media: Path, text: str) -> None:
    load_cleanly(tmp_path, text.encode("utf-8"), media)


def mutate(data: bytes, draw: st.DrawFn) -> bytes:
    """One random edit of ``data``."""
    size = len(data)
    at = draw(st.integers(0, size))
    end = draw(st.integers(at, min(size, at + 200)))
    match draw(st.sampled_from(["cut", "splice", "swap", "flip", "insert", "truncate", "repeat"])):
        case "cut":
            return data[:at] + data[end:]
        case "splice":
            other = draw(st.sampled_from(SEEDS)).encode("utf-8")
            start = draw(st.integers(0, len(other)))
            return data[:at] + other[start : start + (end - at)] + data[end:]
        case "swap":
            lines = data.split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            return b"\n".join(lines)
        case "flip":
            if not size:
                return data
            byte = draw(st.integers(0, 255))
            return data[: min(at, size - 1)] + bytes([byte]) + data[min(at, size - 1) + 1 :]
        case "insert":
            snippet = "".join(draw(st.lists(st.sampled_from(PUNCTUATION), max_size=8)))
            return data[:at] + snippet.encode("utf-8") + data[at:]
        case "truncate":
            return data[:at]
        case _:
            return data[:end] + data[at:end] * draw(st.integers(2, 50)) + data[end:]


@st.composite
def mutated_decks(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(SEEDS)).encode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        data = mutate(data, draw)
    return data


@pytest.mark.slow  # hundreds of loads
@FUZZ
@given(mutated_decks())
def test_mutated_real_decks(tmp_path: Path, media: Path, data: bytes) -> None:
    load_cleanly(tmp_path, data, media)


FIELDS = sorted({*COMMON, *(name for fields in BY_TYPE.values() for name in fields)})
INNER = ["id", "box", "answer", "prompt", "text", "aliases", "when", "modality", "timing", "signs"]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(["scan.png", "notes.png", "../x.png", "{{c1::a}}", "{{c1::", "a-b", "IRM"]),
)
values: st.SearchStrategy[Any] = st.deferred(
    lambda: st.one_of(
        scalars,
        st.lists(values, max_size=5),
        st.dictionaries(st.sampled_from(INNER + FIELDS), values, max_size=5),
    )
)


@st.composite
def structured_decks(draw: st.DrawFn) -> bytes:
    notes = []
    for _ in range(draw(st.integers(1, 4))):
        note_type = draw(st.sampled_from([*NoteType, "nope"]))
        allowed = (
            [*COMMON, *BY_TYPE.get(note_type, {})] if isinstance(note_type, NoteType) else FIELDS
        )
        note: dict[str, Any] = {
            "id": draw(st.sampled_from(["n", "m", "N!"])),
            "type": str(note_type),
        }
        note |= draw(st.dictionaries(st.sampled_from(allowed + FIELDS[:2]), values, max_size=8))
        notes.append(note)
    deck = draw(
        st.one_of(
            st.just({"id": "fuzz", "name": "Fuzz", "lang": "fr"}),
            st.dictionaries(st.sampled_from(["id", "name", "lang", "description", "x"]), values),
        )
    )
    return yaml.safe_dump({"deck": deck, "notes": notes}, allow_unicode=True).encode("utf-8")


@pytest.mark.slow  # hundreds of loads
@FUZZ
@given(structured_decks())
def test_well_formed_yaml_with_values_of_any_shape(
    tmp_path: Path, media: Path, data: bytes
) -> None:
    load_cleanly(tmp_path, data, media)


def test_the_seeds_load(tmp_path: Path, media: Path) -> None:
    """The fuzzing starts from decks that load, so mutations reach deep into validation."""
    for seed in SEEDS:
        path = tmp_path / "deck.yaml"
        path.write_text(seed, encoding="utf-8")
        result = load_decks([path], media if seed is EVERY_NOTE_TYPE else ROOT / "media")
        assert result.problems == () and len(result.decks) == 1


# -- what hostile text becomes on the way out ---------------------------------------------------

_TAGS = re.compile(r"</?(?:b|i|ul|li)>|<br>")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#x27|#91);")
hostile_text = st.lists(
    st.one_of(
        st.characters(),  # any code point, control characters included
        st.sampled_from(
            [
                "[bold]",
                "[/]",
                "[link=x]",
                "<script>",
                "\x1b[31m",
                "\x1b]8;;",
                "**",
                "*",
                "\n- ",
                "[sound:x]",
                "&amp;",
            ]
        ),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=EXAMPLES, deadline=None)
@given(hostile_text)
def test_the_trainer_writes_deck_text_to_the_terminal_as_characters(text: str) -> None:
    from rich.console import Console

    from casecards.markup import to_rich

    rendered = to_rich(text)
    assert {str(span.style) for span in rendered.spans} <= {"bold", "italic", "bold italic"}
    assert rendered.plain.count("[") == text.count("[")  # no markup was read, none dropped
    # A terminal without colours: whatever escape reaches it came from the deck text.
    terminal = io.StringIO()
    Console(file=terminal, force_terminal=True, color_system=None, width=80).print(rendered)
    written = terminal.getvalue()
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", written), repr(written)


@settings(max_examples=EXAMPLES, deadline=None)
@given(hostile_text)
def test_the_export_writes_deck_text_as_inert_html(text: str) -> None:
    from casecards.export import html as export_html

    out = _TAGS.sub("", export_html.text(text))
    assert not re.search(r"[<>\"'\[]", out), out
    assert "&" not in _ENTITY.sub("", out), out
