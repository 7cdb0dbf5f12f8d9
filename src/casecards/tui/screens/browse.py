"""Browse: find cards by their text, id or tags; see a card's whole note, schedule and history;
suspend or unsuspend it, and undo that.

Suspend and unsuspend join the app's undo history (``casecards.undo``): the study screen's
undo takes them back too, in turn with its own actions. Browse's own undo takes back only
its own toggles: an action of the study session is undone there, where its card is shown.

The search runs on the store's thread (``search.CardIndex``, built once per app), so
typing never waits for it. Deck text reaches the screen as plain strings or through
``markup.to_rich``: a card reading ``[bold]`` or ``<script>`` shows exactly that.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Static

from casecards import i18n
from casecards.cards import CardKind
from casecards.cardtext import note_fields
from casecards.i18n import N_, _, ngettext, pgettext
from casecards.markup import to_rich
from casecards.search import CardIndex, CardRow, CardState, card_state
from casecards.store import ReviewRecord, Store, StoredCard
from casecards.text import cut, leaf
from casecards.tui.db import until_stopped
from casecards.tui.editing import edit_note
from casecards.tui.fitting import FittedTable, room, text_width
from casecards.tui.screens.base import CasecardsScreen
from casecards.undo import Suspension, UndoHistory, Undone

#: A card's kind as the Kind column names it (English msgids, translated where shown).
KIND_LABELS = {
    CardKind.BASIC: N_("basic"),
    CardKind.CLOZE: N_("cloze"),
    CardKind.IMAGE: N_("image"),
    CardKind.IMAGE_REGION: N_("region"),
    CardKind.DIFFERENTIAL: N_("list"),
    CardKind.TIMELINE: N_("timeline"),
    CardKind.MODALITY_SIGNS: N_("signs"),
    CardKind.WHICH_MODALITY: N_("modality"),
}


def state_label(state: CardState) -> str:
    """A card's state as the Status column names it."""
    labels = {
        CardState.NEW: pgettext("card state", "new"),
        CardState.REDRILL: pgettext("card state", "re-drill"),
        CardState.DUE: pgettext("card state", "due"),
        CardState.REVIEW: pgettext("card state", "review"),
        CardState.SUSPENDED: pgettext("card state", "suspended"),
        CardState.BURIED: pgettext("card state", "buried"),
        CardState.RETIRED: pgettext("card state", "retired"),
    }
    return labels[state]


#: Rows listed at most: a DataTable of every card of a large library is slow to fill.
SHOWN = 300
_STATE_STYLES = {
    CardState.NEW: "green",
    CardState.DUE: "blue",
    CardState.REDRILL: "yellow",
    CardState.SUSPENDED: "dim italic",
    CardState.BURIED: "dim",
}


class BrowseScreen(CasecardsScreen):
    SUB_TITLE = "Browse"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("slash", "focus_search", "Search"),
        Binding("x", "toggle_suspended", "Suspend/unsuspend"),
        Binding(
            "e",
            "edit_note",
            "Edit note",
            show=False,
            tooltip="open the note's file in $VISUAL or $EDITOR at its line, then read it again",
        ),
        Binding(
            "u,ctrl+z",
            "undo",
            "Undo",
            tooltip="take back the last suspend or unsuspend made here",
        ),
        Binding("down", "focus_table", "Cards", show=False, tooltip="from the search to the cards"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.rows: list[CardRow] = []
        self.total = 0  # cards matching, shown or not
        self.current: CardRow | None = None
        self.history: tuple[ReviewRecord, ...] = ()
        self._index: CardIndex | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.initial_query,
            placeholder=_("Search text or card id; #tag keeps a tag's cards"),
            id="browse-query",
        )
        yield Static(Text(_("Searching…")), id="browse-count")
        yield FittedTable(id="browse-cards", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="browse-detail"):
            yield Static(Text(""), id="browse-card")
            yield Static(Text(""), id="browse-schedule")
            yield Static(Text(""), id="browse-history")
        yield Footer()

    def on_mount(self) -> None:
        self._search(self.initial_query)

    def on_fitted_table_resized(self, message: FittedTable.Resized) -> None:
        message.stop()
        self._fill_rows()

    # -- searching ------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_focus_table()

    def _search(self, text: str) -> None:
        self.run_worker(self._run_search(text), exclusive=True, group="browse-search")

    @until_stopped
    async def _run_search(self, text: str) -> None:
        app = self.casecards
        if self._index is None:
            # Not on the store's thread: indexing reads no database and must not hold it up.
            self._index = await asyncio.to_thread(app.card_index)
        index = self._index
        found = await app.db.run(lambda store: index.search(store, text, limit=SHOWN))
        self.rows = list(found.rows)
        self.total = found.total
        self._fill_table(text)

    def _fill_table(self, text: str) -> None:
        table = self.query_one("#browse-cards", DataTable)
        self._fill_rows()
        count = Text(ngettext("{n} card", "{n} cards", self.total).format(n=self.total))
        if text.strip():
            count.append(_(" for "))
            count.append(text.strip(), style="bold")
        if self.total > len(self.rows):
            first = _(" · the first {n} shown: narrow the search").format(n=len(self.rows))
            count.append(first, style="dim")
        self.query_one("#browse-count", Static).update(count)
        if self.rows:
            table.move_cursor(row=0)
            self._highlight(0)
        else:
            self._highlight(None)

    def _fill_rows(self) -> None:
        """The rows found, the cursor kept: the card's label and its deck's own name (the
        leaf: every bundled deck shares its parent's) cut to the room the other columns
        leave, so that an 80-column terminal shows every column."""
        table = self.query_one("#browse-cards", DataTable)
        cursor = table.cursor_row
        today = self.casecards.today()
        cells = [self._cells(row, today) for row in self.rows]
        headers = (
            pgettext("column", "Due"),
            pgettext("column", "Ivl"),
            pgettext("column", "Status"),
            pgettext("column", "Kind"),
        )
        fixed = [
            text_width(header, (line[i].plain for line in cells))
            for i, header in enumerate(headers, start=1)
        ]
        # A status changes in place (suspending): its column fits them all.
        fixed[2] = text_width(headers[2], (state_label(state) for state in CardState))
        texts = room(table, fixed, columns=6)
        deck_header = pgettext("column", "Deck")
        longest = max((cell_len(line[5].plain) for line in cells), default=4)
        longest = max(longest, cell_len(deck_header))
        deck = min(longest, max(4, texts // 3))
        card = max(4, texts - deck)
        table.clear(columns=True)
        table.add_column(pgettext("column", "Card"), width=card, key="text")
        table.add_column(headers[0], width=fixed[0], key="due")
        table.add_column(Text(headers[1], justify="right"), width=fixed[1], key="interval")
        table.add_column(headers[2], width=fixed[2], key="status")
        table.add_column(headers[3], width=fixed[3], key="kind")
        table.add_column(deck_header, width=deck, key="deck")
        for row, line in zip(self.rows, cells, strict=True):
            text, *middle, deck_name = line
            table.add_row(
                Text(cut(text.plain, card)),
                *middle,
                Text(cut(deck_name.plain, deck)),
                key=row.card_id,
            )
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1), scroll=False)

    def _cells(self, row: CardRow, today: date) -> tuple[Text, ...]:
        stored = row.stored
        state = card_state(stored, today)
        return (
            Text(row.text),
            Text("—" if stored.due is None else stored.due.isoformat()),
            Text(
                i18n.day_count(stored.state.interval) if not stored.is_new else "", justify="right"
            ),
            self._status(state),
            Text(_(KIND_LABELS[row.kind])),
            Text(leaf(row.deck)),
        )

    @staticmethod
    def _status(state: CardState) -> Text:
        return Text(state_label(state), style=_STATE_STYLES.get(state, ""))

    # -- the highlighted card -------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._highlight(event.cursor_row)

    def _highlight(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.rows):
            self.current, self.history = None, ()
            for part in ("#browse-card", "#browse-schedule", "#browse-history"):
                self.query_one(part, Static).update(Text(""))
            self.refresh_bindings()
            return
        row = self.rows[index]
        if self.current is not None and self.current.card_id == row.card_id:
            self.current = row
            self._paint_schedule()
            return
        self.current, self.history = row, ()
        self._paint_card()
        self._paint_schedule()
        self.query_one("#browse-history", Static).update(Text(_("History…"), style="dim"))
        self.refresh_bindings()
        self.run_worker(self._load_history(row.card_id), exclusive=True, group="browse-detail")

    @until_stopped
    async def _load_history(self, card_id: str) -> None:
        history = await self.casecards.db.run(lambda store: store.reviews(card_id=card_id))
        if self.current is not None and self.current.card_id == card_id:
            self.history = history
            self.query_one("#browse-history", Static).update(_history(history))

    def _paint_card(self) -> None:
        row = self.current
        assert row is not None
        library = self.casecards.library
        note = library.note(library.card(row.card_id))
        text = Text(row.text, style="bold")
        text.append(f"\n{row.deck} · {_(KIND_LABELS[row.kind])} · ", style="dim")
        text.append(row.card_id, style="dim")
        for label, value in note_fields(note):
            text.append(f"\n\n{label}\n", style="bold underline")
            text.append_text(to_rich(value))
        self.query_one("#browse-card", Static).update(text)

    def _paint_schedule(self) -> None:
        row = self.current
        assert row is not None
        stored = row.stored
        today = self.casecards.today()
        text = Text("\n" + _("Schedule: "), style="bold")
        text.append_text(self._status(card_state(stored, today)))
        if stored.is_new:
            text.append(_(" · never answered"))
        else:
            state = stored.state
            due = stored.due.isoformat() if stored.due else "—"
            text.append(_(" · due {date}").format(date=due))
            text.append(
                _(" · interval {interval} · ease {ease}").format(
                    interval=i18n.day_count(state.interval), ease=i18n.decimal(state.ease, 2)
                )
            )
            text.append(_(" · repetitions {n}").format(n=state.repetitions))
            if stored.introduced_day is not None:
                text.append(_(" · since {date}").format(date=stored.introduced_day.isoformat()))
        if stored.buried_until is not None and stored.buried_until >= today:
            buried = _(" · buried through {date}").format(date=stored.buried_until.isoformat())
            text.append(buried)
        self.query_one("#browse-schedule", Static).update(text)

    # -- actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys that type text while the search has focus: shown only when they act.
        typing = isinstance(self.focused, Input)
        if action in ("toggle_suspended", "edit_note"):
            return self.current is not None and not typing
        if action == "focus_search":
            return not typing
        if action == "undo":
            # Dimmed when the last action is the study session's: undone there.
            return True if _own_last(self.casecards.undo_history) else None
        return True

    def action_toggle_suspended(self) -> None:
        if self.current is not None:
            self.run_worker(self._toggle(self.current), group="browse-suspend")

    @until_stopped
    async def _toggle(self, row: CardRow) -> None:
        card_id, suspended = row.card_id, not row.stored.suspended
        history = self.casecards.undo_history
        stored = await self.casecards.db.run(
            lambda store: _set_suspended(store, history, card_id, suspended)
        )
        self._show_card(card_id, stored)
        self.refresh_bindings()
        done = (
            _("Card suspended · ctrl+z undoes")
            if stored.suspended
            else _("Card unsuspended · ctrl+z undoes")
        )
        self.notify(done, timeout=3)

    def action_undo(self) -> None:
        if _own_last(self.casecards.undo_history):
            self.run_worker(self._undo(), group="browse-suspend")

    @until_stopped
    async def _undo(self) -> None:
        history = self.casecards.undo_history
        done = await self.casecards.db.run(lambda store: _undo_own(store, history))
        self.refresh_bindings()
        if done is None:
            return
        undone, stored = done
        self._show_card(undone.card_id, stored)
        if undone.refused:
            self.notify(undone.message, severity="warning", timeout=5)
        else:
            self.notify(undone.message, timeout=3)

    def _show_card(self, card_id: str, stored: StoredCard) -> None:
        """Show the card's new state in its row and, if highlighted, its schedule."""
        self.rows = [
            dataclasses.replace(r, stored=stored) if r.card_id == card_id else r for r in self.rows
        ]
        table = self.query_one("#browse-cards", DataTable)
        if card_id in table.rows:
            state = card_state(stored, self.casecards.today())
            table.update_cell(card_id, "status", self._status(state))
        if self.current is not None and self.current.card_id == card_id:
            self.current = dataclasses.replace(self.current, stored=stored)
            self._paint_schedule()

    def action_edit_note(self) -> None:
        if self.current is None:
            return
        card = self.casecards.library.card(self.current.card_id)
        edit = edit_note(self.casecards, self.app, card.deck_id, card.note_id, self._edited)
        self.run_worker(edit, group="browse-edit")

    async def _edited(self) -> None:
        """The deck was read again: the same search on the new text, the same card shown."""
        shown = self.current.card_id if self.current is not None else None
        self._index = None
        await self._run_search(self.query_one("#browse-query", Input).value)
        ids = [row.card_id for row in self.rows]
        if shown in ids:
            self.current = None  # painted anew: its note's text changed
            self.query_one("#browse-cards", DataTable).move_cursor(row=ids.index(shown))
            self._highlight(ids.index(shown))

    def action_focus_search(self) -> None:
        self.query_one("#browse-query", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#browse-cards", DataTable).focus()

    def action_back(self) -> None:
        self.dismiss()


def _set_suspended(store: Store, history: UndoHistory, card_id: str, suspended: bool) -> StoredCard:
    action = Suspension.make(store, card_id, suspended)
    if action.changed:
        history.push(action)
    return store.card(card_id)


def _own_last(history: UndoHistory) -> bool:
    """Whether the action undo would take back now is one of Browse's (no session's)."""
    last = history.last
    return last is not None and last.owner is None


def _undo_own(store: Store, history: UndoHistory) -> tuple[Undone, StoredCard] | None:
    """Undo the last action if it is Browse's; with the card as it is now."""
    if not _own_last(history):
        return None  # the study session's, or nothing (it changed while the key was sent)
    undone = history.undo(store)
    return None if undone is None else (undone, store.card(undone.card_id))


def _history(history: tuple[ReviewRecord, ...]) -> Group | Text:
    if not history:
        return Text("\n" + _("No answers yet."), style="dim")
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    columns = (
        (pgettext("column", "Answered"), "left"),
        (pgettext("column", "Grade"), "right"),
        (pgettext("column", "Interval"), "left"),
    )
    for name, justify in columns:
        table.add_column(Text(name, style="bold"), justify=justify)  # type: ignore[arg-type]
    for record in reversed(history):  # newest first
        table.add_row(
            Text(record.reviewed_at.strftime("%Y-%m-%d %H:%M")),
            Text(str(record.grade), style="red" if record.grade < 3 else "green"),
            Text(
                f"{i18n.day_count(record.before.interval)} → "
                f"{i18n.day_count(record.after.interval)}"
            ),
        )
    n = len(history)
    count = ngettext("History ({n} answer)", "History ({n} answers)", n).format(n=n)
    return Group(Text("\n" + count, style="bold"), table)
