"""French typography on screen: a line never breaks at a no-break space.

The decks write French as it is printed: U+00A0 inside « » and before ":", U+202F before
";", "?" and "!" (and "%"). Rich and Textual wrap text into words with Python's ``\\s``,
which counts both as spaces, so "nettes ;" could end one line and put ";" at the start of
the next (new-user review, D18). Here the two wrappers' word patterns are replaced by the
same patterns with the no-break spaces counted as part of a word: the wrapper sees
"nettes\\u202f;" as one word, and the real character is what is drawn. A word wider than
the line is still folded, as before.

Textual 8 wraps a widget's text in ``textual._wrap`` (``re_chunk``), Rich wraps its own
renderables (tables, the grade bar) in ``rich._wrap`` (``re_word``); both look the pattern
up when they wrap. ``tests/test_nobreak.py`` renders French text through both at many widths,
so a Textual or Rich that wraps another way fails there, not on a student's screen.
"""

from __future__ import annotations

import re
from typing import Final

import rich._wrap
import textual._wrap

#: The spaces that bind the words on either side: no-break, narrow no-break, figure space,
#: and the word joiner.
NO_BREAK: Final = "\u00a0\u202f\u2007\u2060"
_WORD = rf"(?:[^\s]|[{NO_BREAK}])+"
_SPACE = rf"[^\S{NO_BREAK}]"

#: Textual: a word and the spaces after it, or spaces alone (its ``\S+\s*|\s+``).
TEXTUAL_CHUNK: Final = re.compile(rf"{_WORD}{_SPACE}*|{_SPACE}+")
#: Rich: spaces, a word, spaces (its ``\s*\S+\s*``).
RICH_WORD: Final = re.compile(rf"{_SPACE}*{_WORD}{_SPACE}*")


def install() -> None:
    """Make Textual's and Rich's wrapping keep no-break spaces; idempotent."""
    textual._wrap.re_chunk = TEXTUAL_CHUNK
    rich._wrap.re_word = RICH_WORD
