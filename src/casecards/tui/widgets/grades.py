"""The six SM-2 grades, each with its key and meaning; the selected one is what Enter gives."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from casecards.scheduler import Grade

# Short enough that all six fit on one line at 80 columns; Help gives the full meanings.
SHORT = {0: "Blackout", 1: "Wrong, knew", 2: "Wrong, easy", 3: "Hard", 4: "Hesitant", 5: "Perfect"}


class GradeBar(Static):
    """Shows ``0 Blackout … 5 Perfect``; ``selected`` (a suggestion, or the last moved to) is
    highlighted. Pure view: the study screen owns the keys."""

    selected: reactive[int | None] = reactive(None, layout=True)

    def render(self) -> Text:
        text = Text(justify="center")
        for grade in Grade:
            style = "reverse bold" if grade == self.selected else ("red" if grade < 3 else "green")
            text.append(f" {int(grade)} {SHORT[int(grade)]} ", style=style)
        return text

    def move(self, step: int) -> None:
        start = 4 if self.selected is None else self.selected
        self.selected = max(0, min(5, start + step))
