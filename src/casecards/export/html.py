"""Deck text as Anki field HTML: escaped, with the small markup as tags, and inert in Anki.

``markup.to_html`` escapes HTML. Anki also reads a few bracket syntaxes in field text
(``[sound:…]`` plays a file, ``[anki:tts]`` speaks, ``[latex]`` and ``[$]`` typeset); a
``[`` is written as ``&#91;`` so deck text can never trigger them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from casecards.markup import to_html


def text(value: str) -> str:
    """Field HTML for deck text. Exactly ``markup.to_html`` (tests hold it to that), with a
    shortcut for the common single line without markup, which export does by the thousand."""
    if "*" in value or "\n" in value or _may_be_bullet(value):
        out = to_html(value)
    else:
        stripped = value.rstrip()
        out = html.escape(stripped, quote=True) if stripped.strip() else ""
    return out.replace("[", "&#91;") if "[" in out else out


def _may_be_bullet(value: str) -> bool:
    head = value.lstrip()
    return head[:1] in ("-", "•") and head[1:2].isspace()


def bullets(values: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in values) + "</ul>"


def numbered(values: Iterable[str], *, letters: bool = False, css_class: str = "") -> str:
    attributes = (' type="A"' if letters else "") + (f' class="{css_class}"' if css_class else "")
    return f"<ol{attributes}>" + "".join(f"<li>{item}</li>" for item in values) + "</ol>"


def muted(css_class: str, value: str) -> str:
    return f'<span class="{css_class}">{value}</span>' if value else ""


def image(name: str) -> str:
    """An ``<img>`` for a media file casecards named itself (``casecards-<hash>.<ext>``)."""
    return f'<img src="{html.escape(name, quote=True)}">'


def cloze_content(value: str) -> str:
    """Field HTML made safe to wrap in ``{{cN::…}}``: braces and colons become entities,
    so deck text can neither close the deletion nor start a hint."""
    return value.replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")
