"""What the app's own screens share: typed access to what they need of the app, and their
words in the person's language.

Textual reads a screen's keys and titles from class attributes (``BINDINGS``, ``TITLE``,
``SUB_TITLE``), set when the module is imported, before the language is chosen: they stay
English (the msgids; the extractor finds them) and are translated here, where the footer,
Help and the header read them.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen, Screen

from casecards.i18n import _, active
from casecards.tui.context import AppContext

_cache: dict[tuple[str, Binding], Binding] = {}


def translated(binding: Binding) -> Binding:
    """``binding`` with its description and tooltip in the active language."""
    key = (active().value, binding)
    found = _cache.get(key)
    if found is None:
        found = replace(
            binding,
            description=_(binding.description) if binding.description else "",
            tooltip=_(binding.tooltip) if binding.tooltip else "",
        )
        _cache[key] = found
    return found


def translated_bindings(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    return {
        key: ActiveBinding(node, translated(binding), enabled, translated(binding).tooltip)
        for key, (node, binding, enabled, _tooltip) in bindings.items()
    }


class CasecardsScreen(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.retranslate()

    def retranslate(self) -> None:
        """The title and subtitle in the active language (again, when the language changes)."""
        self.title = _(self.TITLE) if self.TITLE else self.TITLE
        self.sub_title = _(self.SUB_TITLE) if self.SUB_TITLE else self.SUB_TITLE

    @property
    def casecards(self) -> AppContext:
        app = self.app
        assert isinstance(app, AppContext), "casecards screens run in the casecards app"
        return app

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated_bindings(super().active_bindings)


class CasecardsModal(ModalScreen[None]):
    """A modal screen (Help, a full-screen picture) whose keys read in the person's language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated_bindings(super().active_bindings)
