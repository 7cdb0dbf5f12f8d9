"""The six SM-2 grades, each with its key, its word and what it would schedule; the selected
one is what Space and Enter give. Under FSRS, Anki's four grades instead (1 Again, 2 Hard,
3 Good, 4 Easy), each with its next interval."""

from __future__ import annotations

from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from casecards import i18n
from casecards.fsrs_scheduler import FsrsConfig, FsrsState, Rating, grade_of, next_states, rating_of
from casecards.fsrs_scheduler import needs_redrill as fsrs_redrill
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
    span = _days(min(after.interval, _MAX_DAYS))
    return _("today + {span}").format(span=span) if needs_redrill(after) else span


def _days(days: int) -> str:
    if days < 31:
        return i18n.day_count(days)
    if days < 365:
        return _("{n} mo").format(n=round(days / 30.4))
    return _("{n} y").format(n=i18n.decimal(days / 365.25))


#: Under FSRS: the scheduler's configuration, the card's state (None: new) and the moment.
FsrsContext = tuple[FsrsConfig, FsrsState | None, datetime]


def fsrs_intervals(context: FsrsContext) -> dict[Rating, str]:
    """What each of the four grades would schedule, as Anki writes it: minutes for a
    short-term step, else days (months, years)."""
    config, state, now = context
    out = {}
    for rating, after in next_states(state, now, config).items():
        wait = after.due - after.last_review
        if fsrs_redrill(after):
            out[rating] = _("{n} min").format(n=max(1, round(wait.total_seconds() / 60)))
        else:
            out[rating] = _days(wait.days)
    return out


class GradeBar(Static):
    """``0 Blank … 5 Easy`` over what each grade would schedule; ``selected`` (the suggestion,
    4 otherwise, or where the arrows moved it) is highlighted. Pure view: the study screen
    owns the keys and sets ``state``, the card's SM-2 state before the answer."""

    selected: reactive[Grade | None] = reactive(None, layout=True)
    state: reactive[Sm2State | None] = reactive(None, layout=True)
    #: Set under FSRS: the four grades are shown; ``selected`` stays an SM-2 grade, shown
    #: as the one of the four it maps to.
    fsrs: reactive[FsrsContext | None] = reactive(None, layout=True)

    def render(self) -> Table:
        if self.fsrs is not None:
            return self._render_fsrs(self.fsrs)
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

    def _render_fsrs(self, context: FsrsContext) -> Table:
        table = Table.grid(expand=True)
        intervals = fsrs_intervals(context)
        chosen = None if self.selected is None else rating_of(int(self.selected))
        names, spans = [], []
        for rating in Rating:
            table.add_column(justify="center", ratio=1, no_wrap=True)
            colour = "green" if rating.passed else "red"
            names.append(Text(f"{int(rating)} {rating.label}", style=f"bold {colour}"))
            spans.append(Text(intervals[rating], style="" if rating is chosen else "dim"))
            if rating is chosen:
                names[-1].stylize("reverse")
                spans[-1].stylize("reverse")
        table.add_row(*names)
        table.add_row(*spans)
        return table

    def move(self, step: int) -> None:
        start = Grade.CORRECT_HESITANT if self.selected is None else self.selected
        if self.fsrs is not None:  # among the four, kept as the SM-2 grade each maps to
            rating = Rating(max(1, min(4, rating_of(int(start)) + step)))
            self.selected = Grade(grade_of(rating))
            return
        self.selected = Grade(max(0, min(5, start + step)))
