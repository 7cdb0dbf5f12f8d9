"""An image alone on the screen, as large as the terminal allows, and how to close it."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from casecards.i18n import _
from casecards.tui.screens.base import CasecardsModal
from casecards.tui.widgets.picture import Box, Picture


class PictureScreen(CasecardsModal):
    BINDINGS = [Binding("escape,f,q", "dismiss", "Close")]

    def __init__(self, path: Path, box: Box | None) -> None:
        super().__init__()
        self.path = path
        self.box = box

    def compose(self) -> ComposeResult:
        yield Picture(self.path, self.box, id="fullscreen-picture")
        yield Static(Text(_("Esc, f or q: close"), style="dim"), id="fullscreen-hint")
