"""A question with a typed answer, over the current screen: custom study's "how many days?"
and "which tag?". The answer is checked before the screen closes; Esc cancels (None)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from casecards.i18n import N_, _
from casecards.tui.screens.base import translated_bindings

HINT = N_("Enter: go · Esc: cancel")


class AskScreen(ModalScreen[str | None]):
    """``check`` returns what is wrong with an answer (None: it will do); ``suggestions``
    complete what is typed (→ takes the suggestion)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        question: str,
        value: str = "",
        *,
        check: Callable[[str], str | None],
        suggestions: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.check = check
        self.suggestions = tuple(suggestions)
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            yield Static(Text(self.question, style="bold"), id="ask-question")
            suggester = SuggestFromList(self.suggestions) if self.suggestions else None
            yield Input(self.value, id="ask-input", suggester=suggester)
            yield Static(Text(""), id="ask-error")
            yield Static(Text(_(HINT)), classes="muted")

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated_bindings(super().active_bindings)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value.strip()
        self.error = self.check(answer)
        if self.error is None:
            self.dismiss(answer)
        else:
            self.query_one("#ask-error", Static).update(Text(self.error, style="bold red"))

    def action_cancel(self) -> None:
        self.dismiss(None)
