"""French typography on screen (new-user D18): a line never starts with ; : ? ! or », nor
ends with «, at any width, through Textual's wrapping (a widget's text) and Rich's (tables)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.content import Content

from casecards.markup import to_rich
from casecards.tui import nobreak

# As the decks write it: U+00A0 before ":" and inside « », U+202F before ; ? !
SENTENCE = (
    "Source\u00a0: dernière diapositive («\u00a0complications mécaniques de "
    "l’ostéoporose\u00a0») ; arcs costaux postérieurs, reins visibles, sacro-iliaques "
    "nettes\u202f; pas de sternum visible\u202f? Non\u202f! Le rhumatologue le qualifie de "
    "«\u00a0algodystrophique\u00a0», **à tort**\u202f: c’est une *ostéoporose transitoire*."
).replace(") ;", ")\u202f;")
WIDTHS = range(20, 101)  # above the longest run of bound words, which is folded like any word


def _broken(lines: list[str]) -> list[str]:
    return [
        line
        for line in lines
        if line.strip() and (line.strip()[0] in ";:?!»" or line.rstrip().endswith("«"))
    ]


def _textual(width: int) -> list[str]:
    return [line.plain for line in Content.from_rich_text(to_rich(SENTENCE)).wrap(width)]


def _rich(width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(to_rich(SENTENCE))
    return console.export_text().splitlines()


@pytest.fixture(autouse=True)
def _installed() -> None:
    nobreak.install()


@pytest.mark.parametrize("wrap", [_textual, _rich], ids=["textual", "rich"])
def test_no_line_starts_with_a_bound_sign_at_any_width(wrap: object) -> None:
    assert callable(wrap)
    broken = {width: _broken(wrap(width)) for width in WIDTHS}
    assert {width: lines for width, lines in broken.items() if lines} == {}


@pytest.mark.parametrize("wrap", [_textual, _rich], ids=["textual", "rich"])
def test_the_real_no_break_characters_are_drawn(wrap: object) -> None:
    assert callable(wrap)
    drawn = "\n".join(wrap(60))
    assert "nettes\u202f;" in drawn and "«\u00a0" in drawn and "\u00a0»" in drawn
    assert "".join(drawn.split()) == "".join(to_rich(SENTENCE).plain.split())


def test_without_it_the_wrappers_break_there() -> None:
    """The test above can fail: Textual's and Rich's own patterns do break at U+202F."""
    import re

    import rich._wrap
    import textual._wrap

    saved = textual._wrap.re_chunk, rich._wrap.re_word
    textual._wrap.re_chunk, rich._wrap.re_word = re.compile(r"\S+\s*|\s+"), re.compile(r"\s*\S+\s*")
    try:
        assert any(_broken(_textual(width)) for width in WIDTHS)
        assert any(_broken(_rich(width)) for width in WIDTHS)
    finally:
        textual._wrap.re_chunk, rich._wrap.re_word = saved
