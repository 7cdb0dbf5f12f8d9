"""The small markup: what it interprets, and everything it leaves literal."""

from __future__ import annotations

import pytest

from casecards.markup import Bullets, Paragraph, Span, inline, parse, to_html, to_plain, to_rich


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("plain", [Span("plain")]),
        ("a **b** c", [Span("a "), Span("b", bold=True), Span(" c")]),
        ("a *b* c", [Span("a "), Span("b", italic=True), Span(" c")]),
        (
            "**gras *et italique* encore**",
            [
                Span("gras ", bold=True),
                Span("et italique", bold=True, italic=True),
                Span(" encore", bold=True),
            ],
        ),
        ("2 * 3 * 4", [Span("2 * 3 * 4")]),
        ("un * seul", [Span("un * seul")]),
        (r"\*pas\* italique", [Span("*pas* italique")]),
        ("**ouvert", [Span("**ouvert")]),
    ],
)
def test_inline(text: str, spans: list[Span]) -> None:
    assert list(inline(text)) == spans


def test_blocks_lines_and_bullets() -> None:
    blocks = parse("Titre\nsuite\n\n- un\n- **deux**\nfin")
    assert blocks == (
        Paragraph(((Span("Titre"),), (Span("suite"),))),
        Bullets(((Span("un"),), (Span("deux", bold=True),))),
        Paragraph(((Span("fin"),),)),
    )


def test_html_is_escaped_and_markup_becomes_tags() -> None:
    text = '<script>alert("x")</script> & **gras**\n- *un*\n- deux'
    assert to_html(text) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <b>gras</b>"
        "<br><br><ul><li><i>un</i></li><li>deux</li></ul>"
    )


def test_plain_drops_markers() -> None:
    assert to_plain("**a** et *b*\n- c") == "a et b\n• c"


def test_rich_text_keeps_rich_markup_and_escapes_literal() -> None:
    text = to_rich("[bold]pas gras[/bold] **gras** \x1b[31m")
    assert text.plain == "[bold]pas gras[/bold] gras ␛[31m"
    bold = [text.plain[s.start : s.end] for s in text.spans if s.style == "bold"]
    assert bold == ["gras"]


@pytest.mark.parametrize(
    "text", ["plain", " lead", "trail  ", "a < b & c", "", "   ", "x - y", "- item"]
)
def test_plain_fast_path_matches_the_parser(text: str) -> None:
    from casecards.markup import _html_line

    slow = "<br><br>".join(
        "<br>".join(_html_line(line) for line in block.lines)
        if isinstance(block, Paragraph)
        else "<ul>" + "".join(f"<li>{_html_line(i)}</li>" for i in block.items) + "</ul>"
        for block in parse(text)
    )
    assert to_html(text) == slow
