"""What the app's own screens share: typed access to what they need of the app."""

from __future__ import annotations

from textual.screen import Screen

from casecards.tui.context import AppContext


class CasecardsScreen(Screen[None]):
    @property
    def casecards(self) -> AppContext:
        app = self.app
        assert isinstance(app, AppContext), "casecards screens run in the casecards app"
        return app
