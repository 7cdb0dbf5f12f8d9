"""Shown while the store opens and the decks sync, on a worker so the UI stays live."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, LoadingIndicator

from casecards.i18n import _


class LoadingScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Syncing decks…"), classes="muted")
            yield LoadingIndicator()
