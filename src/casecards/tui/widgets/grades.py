"""The six SM-2 grades, each with its key, its word and what it would schedule; the selected
one is what Space and Enter give."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from casecards import i18n
from casecards.i18n import _
from casecards.scheduler import Grade, Sm2State, needs_redrill, review

#: A century: the trainer schedules no card further ahead (``session.MAX_DUE_DAYS``).
_MAX_DAYS = 36_500


def interval_text(before: Sm2State, grade: Grade) -> str:
    """What ``grade`` would do to a card in state ``before``, as Anki writes it on its
    buttons: "again" for a failed card, the days (months, years) until the next review, with
    "today +" when the card comes back once more today."""
    after = review(before, grade)
    if not grade.passed:
        return _("again")
    days = min(after.interval, _MAX_DAYS)
    if days < 31:
        span = i18n.day_count(days)
    elif days < 365:
        span = _("{n} mo").format(n=round(days / 30.4))
    else:
        span = _("{n} y").format(n=i18n.decimal(days / 365.25))
    return _("today + {span}").format(span=span) if needs_redrill(after) else span


class GradeBar(Static):
    """``0 Blank … 5 Easy`` over what each grade would schedule; ``selected`` (the suggestion,
    4 otherwise, or where the arrows moved it) is highlighted. Pure view: the study screen
    owns the keys and sets ``state``, the card's SM-2 state before the answer."""

    selected: reactive[Grade | None] = reactive(None, layout=True)
    state: reactive[Sm2State | None] = reactive(None, layout=True)

    def render(self) -> Table:
        table = Table.grid(expand=True)
        for _grade in Grade:
            table.add_column(justify="center", ratio=1, no_wrap=True)
        names, intervals = [], []
        for grade in Grade:
            chosen = grade == self.selected
            colour = "green" if grade.passed else "red"
            names.append(Text(f"{int(grade)} {grade.label}", style=f"bold {colour}"))
            after = "" if self.state is None else interval_text(self.state, grade)
            intervals.append(Text(after, style="" if chosen else "dim"))
            if chosen:
                names[-1].stylize("reverse")
                intervals[-1].stylize("reverse")
        table.add_row(*names)
        table.add_row(*intervals)
        return table

    def move(self, step: int) -> None:
        start = Grade.CORRECT_HESITANT if self.selected is None else self.selected
        self.selected = Grade(max(0, min(5, start + step)))
