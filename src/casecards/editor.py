"""The author's editor: which one, and the command line that opens a file at a line.

``$VISUAL`` first, then ``$EDITOR`` (as git and crontab read them), then ``nano`` and ``vi``
if installed. Every common terminal editor (vi, vim, nano, emacs, micro, kakoune, helix…)
takes ``+LINE FILE``; VS Code and its forks take ``--goto FILE:LINE`` instead, and need
``--wait`` to return only once the file is closed (otherwise the deck would be read again
before the author has typed anything). No terminal, no Textual: the trainer runs the command.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePath

from casecards.i18n import N_

FALLBACKS = ("nano", "vi")
#: Editors that open a file at a line with ``--goto FILE:LINE`` (VS Code and its forks).
GOTO_EDITORS = frozenset({"code", "code-insiders", "codium", "vscodium", "cursor"})

NO_EDITOR = N_(
    "No editor found: set VISUAL or EDITOR (for example EDITOR=nano), or install nano or vi."
)


def editor_words(environ: Mapping[str, str]) -> list[str] | None:
    """The editor's command as words (``EDITOR="code --wait"`` is two), or None if none
    is set and no fallback is installed."""
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:  # an unclosed quote: take it as one program's name
                words = [value]
            if words:
                return words
    for fallback in FALLBACKS:
        found = shutil.which(fallback, path=environ.get("PATH"))
        if found:
            return [found]
    return None


def open_at(words: list[str], path: Path, line: int) -> list[str]:
    """The command that opens ``path`` at ``line`` (1-based) in the editor ``words``."""
    program = PurePath(words[0]).name.removesuffix(".exe")
    if program in GOTO_EDITORS:
        wait = [] if {"--wait", "-w"} & set(words[1:]) else ["--wait"]
        return [*words, *wait, "--goto", f"{path}:{max(1, line)}"]
    return [*words, f"+{max(1, line)}", str(path)]


def command(path: Path, line: int, environ: Mapping[str, str]) -> list[str] | None:
    """The command that opens ``path`` at ``line``, or None when no editor is available
    (``NO_EDITOR`` says what to do)."""
    words = editor_words(environ)
    return None if words is None else open_at(words, path, line)
