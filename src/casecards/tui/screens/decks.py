"""Home: every deck with today's new / due / re-drill counts, the day's progress and a streak.

Sub-decks ("Parent::Child") are listed under a parent row that studies all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from casecards import i18n
from casecards.i18n import _, ngettext, pgettext
from casecards.statistics import streak
from casecards.store import DeckStats, Stats
from casecards.text import cut
from casecards.tui.db import until_stopped
from casecards.tui.fitting import FittedTable, number_width, room
from casecards.tui.screens.base import CasecardsScreen
from casecards.tui.screens.study import StudyScreen


@dataclass(frozen=True, slots=True)
class DeckRow:
    key: str
    label: str
    depth: int
    deck_ids: tuple[str, ...]
    new: int
    due: int
    redrill: int


def deck_rows(decks: tuple[DeckStats, ...]) -> list[DeckRow]:
    """Rows in name order: a parent row for every "::" prefix, then its decks indented."""
    rows: list[DeckRow] = []
    seen: set[str] = set()
    ordered = sorted(decks, key=lambda d: d.name)
    for deck in ordered:
        parts = deck.name.split("::")
        for depth in range(1, len(parts)):
            prefix = "::".join(parts[:depth])
            if prefix in seen:
                continue
            seen.add(prefix)
            members = [d for d in ordered if d.name.startswith(prefix + "::")]
            rows.append(
                DeckRow(
                    f"group:{prefix}",
                    parts[depth - 1],
                    depth - 1,
                    tuple(d.id for d in members),
                    sum(d.new for d in members),
                    sum(d.due for d in members),
                    sum(d.redrill for d in members),
                )
            )
        rows.append(
            DeckRow(
                f"deck:{deck.id}",
                parts[-1],
                len(parts) - 1,
                (deck.id,),
                deck.new,
                deck.due,
                deck.redrill,
            )
        )
    return rows


class DecksScreen(CasecardsScreen):
    BINDINGS = [
        Binding("enter", "study", "Study"),
        Binding("a", "study_all", "Study all"),
        Binding("comma", "app.settings", "Settings", tooltip="new cards per day, leeches, theme"),
    ]

    def __init__(self, *, count_now: bool = True) -> None:
        """``count_now`` False: the study screen opens over this one at start (``drill
        --deck``), so the counts (a pass over the whole review log) wait until it shows, and
        the first card does not wait for them."""
        super().__init__()
        self._count_now = count_now
        self.rows: list[DeckRow] = []
        self.stats: Stats | None = None
        self.streak = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(""), id="today")
        yield FittedTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        if self._count_now:
            self.refresh_counts()

    def on_fitted_table_resized(self, message: FittedTable.Resized) -> None:
        message.stop()
        self._fill()

    def on_screen_resume(self) -> None:
        if not self._count_now:
            self._count_now = True  # this first resume is the start, under the study screen
            return
        self.refresh_counts()

    def refresh_counts(self) -> None:
        self.run_worker(self._load(), exclusive=True, group="decks")

    @until_stopped
    async def _load(self) -> None:
        app = self.casecards
        today = app.today()
        stats, self.streak = await app.db.run(
            lambda store: (
                store.stats(today, store.study_settings().new_per_day),
                streak(store, today),
            )
        )
        self.stats = stats
        self.rows = deck_rows(stats.decks)
        self._fill()
        self._paint_today()
        self.call_after_refresh(app.first_paint)

    def _fill(self) -> None:
        """The rows, every number column whole and the names cut to the room they leave
        (a long deck name must not push Re-drill off an 80-column terminal)."""
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        headers = (
            (pgettext("column", "New"), "new"),
            (pgettext("column", "Due"), "due"),
            (pgettext("column", "Re-drill"), "redrill"),
        )
        widths = [
            number_width(header, (getattr(row, key) for row in self.rows))
            for header, key in headers
        ]
        name = room(table, widths, columns=4)
        table.clear(columns=True)
        table.add_column(pgettext("column", "Deck"), width=name, key="deck")
        for (header, key), width in zip(headers, widths, strict=True):
            table.add_column(Text(header, justify="right"), width=width, key=key)
        for row in self.rows:
            indent = "  " * row.depth
            label = Text(indent)
            label.append(
                cut(row.label, max(1, name - len(indent))),
                style="bold" if row.key.startswith("group:") else "",
            )
            table.add_row(
                label,
                Text(i18n.integer(row.new), style="green" if row.new else "dim", justify="right"),
                Text(i18n.integer(row.due), style="blue" if row.due else "dim", justify="right"),
                Text(
                    i18n.integer(row.redrill),
                    style="yellow" if row.redrill else "dim",
                    justify="right",
                ),
                key=row.key,
            )
        table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def _paint_today(self) -> None:
        stats = self.stats
        assert stats is not None
        left = sum(d.new + d.due + d.redrill for d in stats.decks)
        text = Text()
        answers = ngettext("Today: {n} answer", "Today: {n} answers", stats.reviews_today)
        text.append(" " + answers.format(n=i18n.integer(stats.reviews_today)), style="bold")
        text.append(" · " + ngettext("{n} card left", "{n} cards left", left).format(n=left))
        days = ngettext("streak: {n} day", "streak: {n} days", self.streak)
        text.append(" · " + days.format(n=i18n.integer(self.streak)))
        if stats.retention_30d is not None:
            retention = _("retention (30 d): {percent}")
            text.append(" · " + retention.format(percent=i18n.percent(stats.retention_30d)))
        self.query_one("#today", Static).update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_study()

    def action_study(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows:
            return
        row = self.rows[table.cursor_row]
        self._study(row.deck_ids)

    def action_study_all(self) -> None:
        self._study(None)

    def _study(self, deck_ids: tuple[str, ...] | None) -> None:
        self.app.push_screen(StudyScreen(deck_ids))
