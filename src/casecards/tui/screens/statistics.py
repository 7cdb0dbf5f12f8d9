"""Statistics: what comes up in the next 30 days, the calendar of study, where memory fails.

Everything is read in one call on the store's thread (``statistics.overview``), started as the
screen composes so that it runs while the widgets mount; an async worker shows it. The screen
shows a loading state until then and never touches SQL.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from casecards import i18n, statistics
from casecards.errors import CasecardsError
from casecards.i18n import N_, _, ngettext, pgettext
from casecards.statistics import FailedCard, LeechCard, Overview, RetentionRow
from casecards.text import cut, leaf
from casecards.tui.db import until_stopped
from casecards.tui.fitting import FittedTable, number_width, room, text_width
from casecards.tui.screens.base import CasecardsScreen
from casecards.tui.widgets.charts import BarChart, Heatmap, ReviewCalendar

#: A retention rate below these reads as a warning / an alarm.
GOOD_RATE = 0.85
POOR_RATE = 0.7
#: From this width the retention tables stand side by side.
WIDE = 100
#: Rows of a retention table, weakest first: a curriculum has hundreds of decks, a student
#: acts on the weakest, and each row costs the screen time to lay out.
SHOWN_ROWS = 20
#: The rate bar, and the narrower one when the names would be left too little room.
BAR, SHORT_BAR = 10, 5
#: The least a name keeps before the bar is shortened.
NAME_ROOM = 16
# The leeches' section: English msgids, translated where shown.
LEECHES = N_("Leeches (failed too often: the leech-threshold setting; #leech in Browse)")
NO_LEECHES = N_("No leeches.")
LEECH_SUSPENDED = N_("suspended")
LEECH_TAGGED = N_("studied")


class StatisticsScreen(CasecardsScreen):
    SUB_TITLE = "Statistics"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("b", "browse_row", "Browse row"),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None
        self.error: str | None = None
        self.painted_at = 0.0
        self._collector_paused = False

    def compose(self) -> ComposeResult:
        # The store's thread reads the figures while the widgets mount and lay out.
        self._pause_collector()
        self._reading: asyncio.Future[Overview] = self._read()
        yield Header()
        with VerticalScroll(id="statistics"):
            yield Static(Text(""), id="stats-summary")
            yield Static(Text(_("Due in the next 30 days"), style="bold"), classes="stats-title")
            yield BarChart(id="stats-forecast")
            yield Static(Text(_("Answers per day"), style="bold"), classes="stats-title")
            yield ReviewCalendar(id="stats-calendar")
            with Container(id="stats-retention"):
                with Vertical(classes="stats-panel"):
                    yield from _table(
                        _("Retention by tag"), "stats-tags", _("No answers on review cards.")
                    )
                with Vertical(classes="stats-panel"):
                    yield from _table(
                        _("Retention by deck"), "stats-decks", _("No answers on review cards.")
                    )
            yield from _table(_("Most failed cards"), "stats-failed", _("No lapses yet."))
            yield from _table(_(LEECHES), "stats-leeches", _(NO_LEECHES))
        yield Footer()

    def on_mount(self) -> None:
        self._show_when_read(self._reading)

    def on_resize(self) -> None:
        # Side by side where they fit: one class, the layout is in casecards.tcss; the
        # tables' columns are fitted again when their width changes (FittedTable).
        self.set_class(self.size.width >= WIDE, "-wide")

    def on_fitted_table_resized(self, message: FittedTable.Resized) -> None:
        message.stop()
        if self.overview is not None:
            self._fill_tables(self.overview)

    def on_screen_resume(self) -> None:
        if self.overview is not None:  # back from Browse, where cards may have been suspended
            self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "browse_row":
            focused = self.focused
            return isinstance(focused, DataTable) and focused.row_count > 0
        return True

    def on_unmount(self) -> None:
        self._resume_collector()  # never left paused, whatever became of the load

    def action_reload(self) -> None:
        self._pause_collector()
        self._show_when_read(self._read())

    def _read(self) -> asyncio.Future[Overview]:
        """The overview, read on the store's thread from now on."""
        app = self.casecards
        library, today = app.library, app.today()
        return asyncio.ensure_future(
            app.db.run(lambda store: statistics.overview(store, library, today))
        )

    def _show_when_read(self, reading: Awaitable[Overview]) -> None:
        self.query_one("#statistics").loading = True
        self.run_worker(self._load(reading), exclusive=True, group="statistics")

    @until_stopped
    async def _load(self, reading: Awaitable[Overview]) -> None:
        try:
            overview = await reading
        except CasecardsError as error:
            self.error = str(error)
            self.query_one("#stats-summary", Static).update(Text(self.error))
        else:
            self.overview = overview
            self._show(overview)
        self.query_one("#statistics").loading = False
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        # When the figures reached the screen: the benchmark's "statistics screen".
        self.painted_at = time.perf_counter()
        self._resume_collector()

    def _pause_collector(self) -> None:
        """From the key to the figures painted, the screen builds tens of thousands of objects
        (widgets, the overview of years of history, table rows, rendered lines) that live as
        long as it does. In the trainer's large heap they set the cyclic collector off again
        and again in the middle of the opening, full collections included (40-100 ms each at
        50,000 notes), with nothing of theirs to free. It runs once the figures are on the
        screen instead, as it does after the deck load (``casecards.deck.collection``)."""
        if not self._collector_paused and gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def _resume_collector(self) -> None:
        if self._collector_paused:
            gc.enable()
            self._collector_paused = False

    # -- painting -------------------------------------------------------------------------------

    def _show(self, view: Overview) -> None:
        self.query_one("#stats-summary", Static).update(self._summary(view))
        self.query_one(BarChart).data = tuple(
            (i18n.short_date(day), count) for day, count in view.forecast
        )
        start = statistics.calendar_start(view.today, view.calendar_weeks)
        self.query_one(ReviewCalendar).data = Heatmap(
            start, view.calendar_weeks, view.today, view.calendar
        )
        self._fill_tables(view)

    def _fill_tables(self, view: Overview) -> None:
        by_tag = view.retention.by_tag
        tag = (_("Retention by tag"), pgettext("column", "Tag"))
        self._fill_retention("stats-tags", tag, by_tag, str)
        by_deck = view.retention.by_deck
        deck = (_("Retention by deck"), pgettext("column", "Deck"))
        self._fill_retention("stats-decks", deck, by_deck, leaf)
        self._fill_failed(view.most_failed)
        self._fill_leeches(view.leeches)

    def _summary(self, view: Overview) -> Text:
        week = sum(count for _day, count in view.forecast[:7])
        total = view.retention.total
        text = Text()
        streak = ngettext("Streak: {n} day", "Streak: {n} days", view.streak)
        text.append(streak.format(n=i18n.integer(view.streak)), style="bold")
        today = ngettext("{n} answer today", "{n} answers today", view.reviews_today)
        text.append(" · " + today.format(n=i18n.integer(view.reviews_today)))
        due = _("due today {today}, this week {week}")
        text.append(" · " + due.format(today=i18n.integer(view.forecast[0][1]), week=week))
        days = view.retention.days
        if total.answered:
            text.append("\n" + _("Retention over {days} days: ").format(days=days))
            text.append(i18n.percent(total.rate), style=self._rate_style(total.rate))
            of = ngettext(
                " of {n} answer on review cards", " of {n} answers on review cards", total.answered
            )
            text.append(of.format(n=i18n.integer(total.answered)))
        else:
            none = _("No answers on review cards in the last {days} days.")
            text.append("\n" + none.format(days=days))
        if view.first_answer is not None:  # since the first answer, not the calendar's start
            n = view.answers_total
            since = ngettext("{n} answer since {date}", "{n} answers since {date}", n)
            shown = since.format(n=i18n.integer(n), date=i18n.long_date(view.first_answer))
            text.append("\n" + shown, style="dim")
        return text

    def _fill_retention(
        self,
        table_id: str,
        titles: tuple[str, str],
        rows: tuple[RetentionRow, ...],
        shown_as: Callable[[str], str],
    ) -> None:
        """The weakest rows, each name (``shown_as``: a deck's leaf) cut to the room the
        numbers leave; the full name stays the row's key (what Browse looks for)."""
        table = self.query_one(f"#{table_id}", DataTable)
        title, first = titles
        shown = rows[:SHOWN_ROWS]
        answers, passes = pgettext("column", "Answers"), pgettext("column", "Passed")
        answered = number_width(answers, (row.answered for row in shown))
        passed = number_width(passes, (row.passed for row in shown))
        percent = len(i18n.percent(1.0))  # "100%", "100 %"
        bar = BAR
        name = room(table, (answered, passed, bar + 1 + percent), columns=4)
        if name < NAME_ROOM:
            bar = SHORT_BAR
            name = room(table, (answered, passed, bar + 1 + percent), columns=4)
        table.clear(columns=True)
        table.add_column(first, width=name, key="name")
        table.add_column(Text(answers, justify="right"), width=answered, key="answered")
        table.add_column(Text(passes, justify="right"), width=passed, key="passed")
        table.add_column(pgettext("column", "Retention"), width=bar + 1 + percent, key="rate")
        for row in shown:
            style = self._rate_style(row.rate)
            filled = round(row.rate * bar)
            rate = Text("█" * filled, style=style)
            rate.append("░" * (bar - filled), style="dim")
            rate.append(f" {i18n.percent(row.rate):>{percent}}", style=style)
            table.add_row(
                Text(cut(shown_as(row.name), name)),
                Text(i18n.integer(row.answered), justify="right"),
                Text(i18n.integer(row.passed), justify="right"),
                rate,
                key=row.name,
            )
        heading = Text(title, style="bold")
        if len(rows) > len(shown):
            weakest = _(" · the {n} weakest of {total}").format(n=len(shown), total=len(rows))
            heading.append(weakest, style="dim")
        self.query_one(f"#{table_id}-title", Static).update(heading)
        self._show_table(table, bool(rows))

    def _fill_failed(self, cards: tuple[FailedCard, ...]) -> None:
        """Lapses, the deck (its leaf) and the card, the texts cut to the room left."""
        table = self.query_one("#stats-failed", DataTable)
        lapses_header = pgettext("column", "Lapses")
        lapses = number_width(lapses_header, (card.lapses for card in cards))
        texts = room(table, (lapses,), columns=3)
        longest = max((len(leaf(card.deck)) for card in cards), default=4)
        deck = min(longest, max(4, texts // 3))
        text = max(4, texts - deck)
        table.clear(columns=True)
        table.add_column(Text(lapses_header, justify="right"), width=lapses, key="lapses")
        table.add_column(pgettext("column", "Deck"), width=deck, key="deck")
        table.add_column(pgettext("column", "Card"), width=text, key="text")
        for card in cards:
            table.add_row(
                Text(i18n.integer(card.lapses), justify="right"),
                Text(cut(leaf(card.deck), deck)),
                Text(cut(card.text, text)),
                key=card.card_id,
            )
        self._show_table(table, bool(cards))

    def _fill_leeches(self, cards: tuple[LeechCard, ...]) -> None:
        """Lapses, since when, the state and the card, the card's text cut to the room left."""
        table = self.query_one("#stats-leeches", DataTable)
        lapses_header = pgettext("column", "Lapses")
        since_header, state_header = pgettext("column", "Since"), pgettext("column", "Now")
        suspended, tagged = _(LEECH_SUSPENDED), _(LEECH_TAGGED)
        lapses = number_width(lapses_header, (card.lapses for card in cards))
        since = text_width(since_header, (i18n.long_date(card.since) for card in cards))
        state = max(len(state_header), len(suspended), len(tagged))
        text = room(table, (lapses, since, state), columns=4)
        table.clear(columns=True)
        table.add_column(Text(lapses_header, justify="right"), width=lapses, key="lapses")
        table.add_column(since_header, width=since, key="since")
        table.add_column(state_header, width=state, key="state")
        table.add_column(pgettext("column", "Card"), width=text, key="text")
        for card in cards:
            shown = suspended if card.suspended else tagged
            table.add_row(
                Text(i18n.integer(card.lapses), justify="right"),
                Text(i18n.long_date(card.since)),
                Text(shown, style="dim italic" if card.suspended else ""),
                Text(cut(card.text, text)),
                key=card.card_id,
            )
        self._show_table(table, bool(cards))

    def _show_table(self, table: DataTable[object], rows: bool) -> None:
        table.display = rows
        self.query_one(f"#{table.id}-none").display = not rows

    def _rate_style(self, rate: float) -> str:
        variables = self.app.theme_variables
        if rate < POOR_RATE:
            return variables.get("error", "red")
        return variables.get("warning" if rate < GOOD_RATE else "success", "green")

    # -- actions --------------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._browse(event.data_table)

    def action_browse_row(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            self._browse(focused)

    def _browse(self, table: DataTable[object]) -> None:
        """Browse what the row names: a card (by id), a tag's cards, or a deck's."""
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is None:
            return
        if table.id == "stats-tags":
            query = f"#{key}"
        elif table.id == "stats-decks":
            ids = [d.deck_id for d in self.casecards.library.deck_cards if d.name == key]
            query = f"{ids[0]}/" if ids else key
        else:
            query = key
        self.casecards.action_browse(query)

    def action_back(self) -> None:
        self.dismiss()


def _table(title: str, table_id: str, none: str) -> ComposeResult:
    yield Static(Text(title, style="bold"), id=f"{table_id}-title", classes="stats-title")
    yield FittedTable(id=table_id, cursor_type="row", zebra_stripes=True)
    yield Static(Text(none), id=f"{table_id}-none", classes="muted")
