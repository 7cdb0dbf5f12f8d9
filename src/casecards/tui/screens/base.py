"""What the app's own screens share: typed access to the app (its library, store, clock)."""

from __future__ import annotations

from textual.screen import Screen

from casecards.tui.app import CasecardsApp


class CasecardsScreen(Screen[None]):
    @property
    def casecards(self) -> CasecardsApp:
        app = self.app
        assert isinstance(app, CasecardsApp)
        return app
