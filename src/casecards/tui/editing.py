"""Edit a note from the trainer: the terminal handed to the author's editor at the note's
line, then the deck read again and the store synced, as at a start.

A broken edit changes nothing: the previous version of the deck stays in use, and the
problems, located, are shown (``EditProblemsScreen``: ``e`` opens the editor again at the
first of them). Progress is never touched by a failed edit; a good one is synced as any
change of a deck file is (a note whose id stays keeps its progress).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from casecards import editor
from casecards.errors import CasecardsError, Problem
from casecards.i18n import _, ngettext
from casecards.tui.context import AppContext
from casecards.tui.screens.base import CasecardsModal


def run_editor(app: App[object], path: Path, line: int) -> str | None:
    """Open ``path`` at ``line`` in the author's editor and wait for it to close; the
    terminal is handed over meanwhile. None once done, else what went wrong."""
    command = editor.command(path, line, os.environ)
    if command is None:
        return _(editor.NO_EDITOR)
    try:
        with app.suspend():
            return _run(command)
    except SuspendNotSupported:  # no terminal to hand over (a headless test): run it as is
        return _run(command)


def _run(command: list[str]) -> str | None:
    # Whatever the editor's exit status (vi's :cq is 1), the file is read again: what is on
    # disk is what counts.
    try:
        subprocess.run(command, check=False)
    except OSError as error:
        return _("Cannot run the editor {editor}: {reason}").format(
            editor=repr(command[0]), reason=error.strerror or error
        )
    return None


async def edit_note(
    app: AppContext, host: App[object], deck_id: str, note_id: str, done: Callable[[], object]
) -> None:
    """Open the note's file at its line; then read the deck again and sync it. ``done`` is
    called once the new deck is in use (to show the card again); a broken edit shows its
    problems instead and calls nothing."""
    library = app.library
    note = library.find_note(deck_id, note_id)
    if note is None:
        gone = _("The note {deck}/{note} is no longer in its deck.")
        host.notify(gone.format(deck=deck_id, note=note_id), severity="warning")
        return
    path = Path(library.deck(deck_id).path)
    await _edit_at(app, host, deck_id, path, note.line, done)


async def _edit_at(
    app: AppContext,
    host: App[object],
    deck_id: str,
    path: Path,
    line: int,
    done: Callable[[], object],
) -> None:
    failed = run_editor(host, path, line)
    if failed is not None:
        host.notify(failed, title=_("Not edited"), severity="error", timeout=10)
        return
    library = app.library
    problems = await asyncio.to_thread(library.reload, deck_id)
    if problems:

        async def again() -> None:
            await _edit_at(app, host, deck_id, path, problems[0].line or line, done)

        host.push_screen(EditProblemsScreen(problems, again))
        return
    try:
        await app.db.run(lambda store: library.sync(store, app.now()))
    except CasecardsError as error:
        host.notify(str(error), severity="error")
        return
    app.library_changed()
    host.notify(_("{file}: read again").format(file=path.name), timeout=3)
    result = done()
    if asyncio.iscoroutine(result):
        await result


class EditProblemsScreen(CasecardsModal):
    """What is wrong with the edited file, located; the previous version stays in use."""

    BINDINGS = [
        Binding("e", "edit_again", "Edit again"),
        Binding("escape,q", "dismiss", "Keep the previous version"),
    ]

    def __init__(self, problems: tuple[Problem, ...], again: Callable[[], object]) -> None:
        super().__init__()
        self.problems = problems
        self.again = again

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        told = ngettext(
            "The edited file has {n} problem: the previous version of the deck stays in use "
            "until it is fixed.",
            "The edited file has {n} problems: the previous version of the deck stays in use "
            "until it is fixed.",
            count,
        )
        text = Text(told.format(n=count) + "\n\n", style="bold")
        for problem in self.problems:
            text.append(f"{problem}\n")
        text.append("\n" + _("e: edit again, at the first problem · Esc: close"), style="dim")
        with VerticalScroll(id="edit-problems"):
            yield Static(text)

    async def action_edit_again(self) -> None:
        self.dismiss()
        result = self.again()
        if asyncio.iscoroutine(result):
            await result
