"""A footer whose keys stay put: enabling or disabling a key restyles it in place.

Textual's ``Footer`` rebuilds every key widget whenever the screen's bindings are refreshed
(mounted and styled again: 10-20 ms, the largest part of going from a grade key to the next
card). The study screen's keys are always the same ones, only enabled or not (dimmed), so
this footer compares the keys it shows with the keys the screen now has: the same keys in the
same order are restyled where they stand; anything else is rebuilt as Textual does.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class StableFooter(Footer):
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
            if binding.show and binding.action not in wanted:
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
