"""An image alone on the screen, as large as the terminal allows."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding

from casecards.tui.screens.base import CasecardsModal
from casecards.tui.widgets.picture import Picture


class PictureScreen(CasecardsModal):
    BINDINGS = [Binding("escape,f,q", "dismiss", "Close")]

    def __init__(self, path: Path, box: tuple[int, int, int, int] | None) -> None:
        super().__init__()
        self.path = path
        self.box = box

    def compose(self) -> ComposeResult:
        yield Picture(self.path, self.box, id="fullscreen-picture")
