"""A footer whose keys stay put: enabling or disabling a key restyles it in place.

Textual's ``Footer`` rebuilds every key widget whenever the screen's bindings are refreshed
(mounted and styled again: 10-20 ms, the largest part of going from a grade key to the next
card). The study screen's keys are always the same ones, only enabled or not (dimmed), so
this footer compares the keys it shows with the keys the screen now has: the same keys in the
same order are restyled where they stand; anything else is rebuilt as Textual does.

It also fits the terminal's width: every key, with Textual's spacing, needs about 120
columns. Narrower, the keys are packed (``compact``); narrower still (an 80-column
terminal), the keys a student can do without while studying (``SPARED``: the statistics,
Browse, the command palette, all listed in Help) give way to those that act on the card.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

#: Below this width the keys are packed; below ``SPARING`` the ``SPARED`` keys are left out.
PACKED = 120
SPARING = 108


class StableFooter(Footer):
    #: Actions whose keys give way at narrow widths (they still work).
    SPARED: ClassVar[frozenset[str]] = frozenset({"statistics", "browse"})

    def __init__(self) -> None:
        super().__init__()
        self._sparing = False

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        self.compact = width < PACKED
        sparing = width < SPARING
        if sparing != self._sparing:
            self._sparing = sparing
            self.show_command_palette = not sparing
            self.call_later(self.recompose)

    def _shown(self, action: str) -> bool:
        return not (self._sparing and action in self.SPARED)

    def compose(self) -> ComposeResult:
        widgets: Iterator[Widget] = iter(super().compose())
        for widget in widgets:
            if self._shown(getattr(widget, "action", "")):
                yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        if (
            self._bindings_ready
            and screen.app.app_focus
            and self.is_attached
            and screen is self.screen
            and self._restyle()
        ):
            return
        super().bindings_changed(screen)

    def _restyle(self) -> bool:
        """Enable and disable the keys in place; False if the keys themselves changed."""
        wanted: dict[str, tuple[str, bool]] = {}  # action -> (key, enabled), as Footer groups
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in wanted and self._shown(binding.action):
                wanted[binding.action] = (binding.key, enabled)
        # Textual does not export its key widget: found by its CSS type name, its attributes
        # read with care, so that a Textual whose keys work otherwise is rebuilt as it does.
        shown = [key for key in self.query("FooterKey") if not key.has_class("-command-palette")]
        found = [(getattr(key, "action", None), getattr(key, "key", None)) for key in shown]
        if found != [(action, key) for action, (key, _) in wanted.items()]:
            return False
        if not all(isinstance(getattr(key, "_disabled", None), bool) for key in shown):
            return False
        for key in shown:
            disabled = not wanted[key.action][1]  # type: ignore[attr-defined]
            if key._disabled != disabled:  # type: ignore[attr-defined]
                key._disabled = disabled  # type: ignore[attr-defined]  # what a click checks
                key.set_class(disabled, "-disabled")
        return True
