"""The end of a session: answers by grade, time spent, cards still in re-drill, due tomorrow."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from casecards import i18n
from casecards.fsrs_scheduler import Rating
from casecards.i18n import _, ngettext
from casecards.scheduler import Grade
from casecards.session import AnswerResult, QueueCounts
from casecards.statistics import due_on
from casecards.tui.db import until_stopped
from casecards.tui.screens.base import CasecardsScreen


class SummaryScreen(CasecardsScreen):
    BINDINGS = [
        Binding("escape,enter", "close", "Back to decks"),
    ]

    def __init__(self, answers: Sequence[AnswerResult], seconds: float, left: QueueCounts) -> None:
        super().__init__()
        self.answers = tuple(answers)
        self.seconds = seconds
        self.left = left
        self.due_tomorrow: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(self._body(), id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.run_worker(self._load_tomorrow())

    @until_stopped
    async def _load_tomorrow(self) -> None:
        app = self.casecards
        tomorrow = app.today() + timedelta(days=1)
        self.due_tomorrow = await app.db.run(lambda store: due_on(store, tomorrow))
        self.query_one("#summary", Static).update(self._body())

    def _body(self) -> Table:
        grades = Counter(a.grade for a in self.answers)
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_row(Text(_("Session summary"), style="bold underline"), "")
        table.add_row(_("Answers"), i18n.integer(len(self.answers)))
        if any(a.rating is not None for a in self.answers):  # under FSRS: Anki's four
            ratings = Counter(a.rating for a in self.answers if a.rating is not None)
            for rating in Rating:
                table.add_row(
                    f"  {int(rating)} {rating.label}",
                    self._bar(ratings[rating], passed=rating.passed),
                )
        else:
            for grade in Grade:
                table.add_row(
                    f"  {int(grade)} {grade.label}", self._bar(grades[int(grade)], grade.passed)
                )
        minutes, seconds = divmod(round(self.seconds), 60)
        table.add_row(
            _("Time spent"),
            _("{minutes} min {seconds:02d} s").format(minutes=minutes, seconds=seconds),
        )
        table.add_row(_("Still in re-drill"), i18n.integer(self.left.redrill))
        review = ngettext("{n} review", "{n} reviews", self.left.review)
        new = ngettext("{n} new", "{n} new", self.left.new)
        table.add_row(
            _("Left for today"),
            f"{review.format(n=self.left.review)} · {new.format(n=self.left.new)}",
        )
        tomorrow = "…" if self.due_tomorrow is None else i18n.integer(self.due_tomorrow)
        table.add_row(_("Due tomorrow"), tomorrow)
        return table

    @staticmethod
    def _bar(count: int, passed: bool) -> Text:
        return Text(f"{count:>3} {'█' * count}", style="green" if passed else "red")

    def action_close(self) -> None:
        self.dismiss()
