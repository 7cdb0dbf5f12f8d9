"""Settings: every setting of ``casecards config``, its value and default; Enter changes the
highlighted one, ``d`` puts it back to its default.

Reads and writes go through ``casecards.settings.Settings`` (the CLI's own code) on the
store's thread: the store keeps what changes scheduling, the config file the display
preferences. ``new-per-day`` has a row per deck loaded. A theme chosen here is applied at
once. The strings a person reads are the constants below (English msgids, translated where
shown); setting names and values are identifiers, shown as they are.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from casecards.i18n import N_, _
from casecards.settings import Entry, SettingError, Settings
from casecards.store import Store
from casecards.tui.db import until_stopped
from casecards.tui.screens.base import CasecardsScreen

TITLE = "Settings"
COLUMNS = (N_("Setting"), N_("Value"), N_("Default"))
KEPT = N_("Kept in the {home}.")
HINT = N_("Enter: change the highlighted setting · d: back to its default · Esc: back")
EDITING = N_("Type the new value, Enter to keep it (empty: the default), Esc to cancel")
ALLOWED = N_("Allowed: ")
DECK = N_("Deck: ")
SAVED = "{name} = {value}"
RESET = N_("{name} is back to its default: {value}")
CLI_LANG = N_("--lang {lang} on the command line wins until casecards is started again")


class SettingsScreen(CasecardsScreen):
    SUB_TITLE = TITLE
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="cancel the change being typed, or leave"),
        Binding("d", "reset", "Default", tooltip="put the highlighted setting back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: tuple[Entry, ...] = ()
        self.editing: Entry | None = None
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="settings-table", cursor_type="row", zebra_stripes=True)
        yield Static(Text(_(HINT)), id="settings-hint", classes="muted")
        yield Static(Text(""), id="settings-about")
        yield Input(id="settings-input")
        yield Static(Text(""), id="settings-error")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(_(column), key=column)
        self.query_one(Input).display = False
        self._load()

    def on_screen_resume(self) -> None:
        self._load()  # back from the palette: the theme may have changed

    # -- reading --------------------------------------------------------------------------------

    def _settings(self, store: Store) -> Settings:
        return Settings(self.casecards.config_path, store)

    def _load(self) -> None:
        self.run_worker(self._read(), exclusive=True, group="settings-read")

    @until_stopped
    async def _read(self) -> None:
        decks = [deck.deck_id for deck in self.casecards.library.deck_cards]

        def read(store: Store) -> tuple[Entry, ...] | SettingError:
            try:
                return self._settings(store).entries(decks)
            except SettingError as error:  # a config file that cannot be read
                return error
            except OSError as error:
                return SettingError(f"{self.casecards.config_path}: {error.strerror or error}")

        found = await self.casecards.db.run(read)
        if isinstance(found, SettingError):
            self._show_error(str(found))
            return
        self.entries = found
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for entry in self.entries:
            value = Text(entry.shown, style="bold" if entry.is_set else "")
            table.add_row(
                Text(entry.name),
                value,
                Text(entry.default_shown, style="dim"),
                key=entry.name,
            )
        table.move_cursor(row=min(max(cursor, 0), len(self.entries) - 1))
        self._paint_about()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._paint_about()

    def _current(self) -> Entry | None:
        table = self.query_one(DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def _paint_about(self) -> None:
        entry = self._current()
        text = Text()
        if entry is not None:
            about = entry.key.help
            text.append(about[:1].upper() + about[1:])
            if entry.deck is not None:
                names = {d.deck_id: d.name for d in self.casecards.library.deck_cards}
                text.append(f"\n{_(DECK)}{names.get(entry.deck, entry.deck)}", style="bold")
            text.append(f"\n{_(ALLOWED)}{entry.key.allowed}", style="dim")
            text.append("\n" + _(KEPT).format(home=entry.key.home.label), style="dim")
            if entry.problem is not None:
                text.append(f"\n{entry.problem}", style="bold red")
        self.query_one("#settings-about", Static).update(text)

    # -- changing -------------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        entry = self._current()
        if entry is None:
            return
        self.editing = entry
        field = self.query_one(Input)
        field.value = entry.value or ""
        field.display = True
        field.focus()
        self._show_error(None)
        self.query_one("#settings-hint", Static).update(Text(_(EDITING)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.editing is not None:  # an empty field: back to the default
            self._write(self.editing.name, event.value if event.value.strip() else None)

    def action_reset(self) -> None:
        entry = self._current()
        if entry is not None and self.editing is None:
            self._write(entry.name, None)

    def _write(self, name: str, value: str | None) -> None:
        self.run_worker(self._save(name, value), exclusive=True, group="settings-write")

    @until_stopped
    async def _save(self, name: str, value: str | None) -> None:
        """Set ``name`` to ``value`` (None: its default) through ``Settings``, as the CLI."""

        def save(store: Store) -> Entry | SettingError:
            chosen = self._settings(store)
            try:
                return chosen.unset(name) if value is None else chosen.set(name, value)
            except SettingError as error:
                return error
            except OSError as error:
                return SettingError(f"{self.casecards.config_path}: {error.strerror or error}")

        done = await self.casecards.db.run(save)
        if isinstance(done, SettingError):
            self._show_error(str(done))  # the field stays open, with what was typed
            return
        if done.key.name == "theme" and done.value is not None:
            self.app.theme = done.value  # at once (the app's own saving finds it saved)
        if done.key.name == "lang" and self.casecards.speak(done.value):
            self.retranslate()  # this screen's words, at once; the others' when next shown
        self._stop_editing()
        message = SAVED if value is not None else _(RESET)
        self.notify(message.format(name=done.name, value=done.shown), timeout=3)
        if done.key.name == "lang" and self.casecards.cli_lang is not None:
            self.notify(_(CLI_LANG).format(lang=self.casecards.cli_lang), timeout=8)
        self._load()

    def retranslate(self) -> None:
        super().retranslate()
        if not self.is_mounted:
            return
        table = self.query_one(DataTable)
        for column in table.columns.values():
            column.label = Text(_(str(column.key.value)))
        table.refresh()
        self.query_one("#settings-hint", Static).update(Text(_(HINT)))

    def _show_error(self, message: str | None) -> None:
        self.error = message
        text = Text("") if message is None else Text(message, style="bold red")
        self.query_one("#settings-error", Static).update(text)

    def _stop_editing(self) -> None:
        self.editing = None
        field = self.query_one(Input)
        field.display = False
        self.query_one(DataTable).focus()
        self._show_error(None)
        self.query_one("#settings-hint", Static).update(Text(_(HINT)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reset":
            return self.editing is None
        return True

    def action_back(self) -> None:
        if self.editing is not None:
            self._stop_editing()
        else:
            self.dismiss()
