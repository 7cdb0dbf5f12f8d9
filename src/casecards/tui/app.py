"""The casecards app: a thin shell that opens the store, syncs the decks and routes screens."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker

from casecards import i18n, paths
from casecards.errors import CasecardsError
from casecards.i18n import _
from casecards.library import Library
from casecards.search import CardIndex
from casecards.session import study_day
from casecards.settings import Display, SettingError, Settings
from casecards.tui import nobreak
from casecards.tui.db import StoreStopped, StoreThread
from casecards.tui.screens.base import CasecardsScreen
from casecards.tui.screens.browse import BrowseScreen
from casecards.tui.screens.decks import DecksScreen
from casecards.tui.screens.help import HelpScreen
from casecards.tui.screens.loading import LoadingScreen
from casecards.tui.screens.settings import SettingsScreen
from casecards.tui.screens.statistics import StatisticsScreen
from casecards.tui.screens.study import StudyScreen
from casecards.undo import UndoHistory


def local_now() -> datetime:
    return datetime.now().astimezone()


class CasecardsApp(App[None]):
    """``deck_ids`` set: go straight into studying those decks (``casecards drill --deck``).
    ``config``: the config file of the display preferences (default: ``CASECARDS_CONFIG`` or
    the user config folder); the theme it names is the app's, and a theme chosen in the
    palette is saved there, for the next run.

    It is the screens' ``AppContext`` (``casecards.tui.context``).
    """

    CSS_PATH = "casecards.tcss"
    TITLE = "casecards"
    # f1 also where a field takes ? (a typed answer): the footer shows it there instead (it
    # shows each action's first key that works). Textual's own ctrl+q quits everywhere.
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help", "Help"),
        Binding("S", "statistics", "Statistics"),
        Binding("B", "browse", "Browse"),
    ]

    def __init__(
        self,
        library: Library,
        db_path: Path,
        *,
        deck_ids: Sequence[str] | None = None,
        clock: Callable[[], datetime] = local_now,
        config: Path | None = None,
        lang: str | None = None,
    ) -> None:
        super().__init__()
        #: ``--lang`` of the command line, if given: it wins over the ``lang`` setting.
        self.cli_lang = lang
        nobreak.install()  # French typography: no line starts with ; : ? ! or »
        self.library = library
        self.db = StoreThread(db_path, on_error=self.store_failed)
        self.undo_history = UndoHistory()
        self.clock = clock
        self.config_path = paths.default_config() if config is None else config
        display = Display.read(self.config_path)
        if display.theme is not None and display.theme in self.available_themes:
            self.theme = display.theme
        self._start_decks = tuple(deck_ids) if deck_ids else None
        self.ready = False
        self._warming: Worker[None] | None = None
        self._index: CardIndex | None = None
        self._index_lock = threading.Lock()

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return study_day(self.now())

    def on_mount(self) -> None:
        # What is loaded by now (the library, Textual) lives as long as the app: out of the
        # collector's sight, no later collection walks it again.
        gc.freeze()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(LoadingScreen())
        self._start()

    def _theme_changed(self, theme: Theme) -> None:
        """New-user D24: the theme chosen (in the palette, or the settings screen) is
        remembered, in the config file, off the UI thread."""
        self.run_worker(
            lambda: self._save_theme(theme.name),
            thread=True,
            group="settings",
            exit_on_error=False,
        )

    def _save_theme(self, name: str) -> None:
        if Display.read(self.config_path).theme == name:
            return  # already there (the settings screen wrote it)
        try:
            Settings(self.config_path, None).set("theme", name)
        except (SettingError, OSError) as error:
            self.call_from_thread(
                self.notify,
                _("The theme is not remembered: {error}").format(error=error),
                severity="warning",
            )

    def speak(self, setting: str | None) -> bool:
        """The ``lang`` setting changed to ``setting`` (None: unset): speak the language it
        chooses now (``--lang`` still wins), every screen's titles and keys again in it;
        the screens repaint their text when next shown. False if the language stays."""
        language = i18n.choose(cli=self.cli_lang, setting=setting, environ=os.environ)
        if language is i18n.active():
            return False
        i18n.activate(language)
        for screen in self.screen_stack:
            if isinstance(screen, CasecardsScreen):
                screen.retranslate()
        self.refresh_bindings()
        return True

    def first_paint(self) -> None:
        """Called by a screen once it has shown what the student asked for: from then on the
        decks not yet read are expanded in the background (statistics and browsing need
        them all), never before, so a start never waits for them."""
        if self._warming is None:
            self._warming = self.run_worker(
                self._warm, thread=True, group="library", exit_on_error=False
            )

    def _warm(self) -> None:
        self.library.warm()
        gc.freeze()

    async def library_ready(self) -> None:
        """Wait for the background expansion of the library, if it started."""
        if self._warming is not None:
            await self._warming.wait()

    def card_index(self) -> CardIndex:
        """Built once, on the first Browse (on a worker thread), then kept: the library does
        not change while the app runs, and building normalises every note's text."""
        with self._index_lock:
            if self._index is None:
                self._index = CardIndex.build(self.library)
            return self._index

    def library_changed(self) -> None:
        """A deck was read again (an edit): the card index is built anew when next used."""
        with self._index_lock:
            self._index = None

    @work(exclusive=True, group="start")
    async def _start(self) -> None:
        try:
            await self.db.open()
            synced = await self.db.run(lambda store: self.library.sync(store, self.now()))
        except CasecardsError as error:
            self.store_failed(error)
            return
        except StoreStopped:
            return
        self.ready = True
        for rename in synced.renames:
            self.notify(rename.message, title=_("Note renamed?"), severity="warning", timeout=30)
        self._tell_skipped()
        await self.switch_screen(DecksScreen(count_now=not self._start_decks))
        if self._start_decks:
            await self.push_screen(StudyScreen(self._start_decks))

    def _tell_skipped(self) -> None:
        """New-user D8: deck files or notes left out for their problems are told, one
        notice per file, with its first problem; the rest is studied."""
        by_file: dict[str, list[str]] = {}
        for problem in self.library.skipped:
            by_file.setdefault(problem.path, []).append(str(problem))
        for path, problems in by_file.items():
            more = _(" (and {n} more)").format(n=len(problems) - 1) if len(problems) > 1 else ""
            self.notify(
                _("{problem}{more}. casecards check {path} shows what to fix.").format(
                    problem=problems[0], more=more, path=path
                ),
                title=_("Left out of this session"),
                severity="warning",
                timeout=30,
            )

    def store_failed(self, error: CasecardsError) -> None:
        """A store error stops the app cleanly with the store's message (full disk, read-only
        file, damage): every answer before it is already saved, nothing after it is written."""
        self.exit(return_code=1, message=f"casecards: {error}")

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_statistics(self) -> None:
        if self.ready and not isinstance(self.screen, StatisticsScreen):
            self.push_screen(StatisticsScreen())

    def action_browse(self, query: str = "") -> None:
        if self.ready and not isinstance(self.screen, BrowseScreen):
            self.push_screen(BrowseScreen(query=query))

    def action_settings(self) -> None:
        if self.ready and not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's "Keys" panel lists its own defaults (← "Scroll Left" where ← moves the
        # grade), and Esc, meant to close it, reached the screen and ended the session:
        # "Help" below is the key list, always right, and a screen Esc closes.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        yield SystemCommand(
            _("Statistics"),
            _("Forecast, calendar, retention, most-failed cards"),
            self.action_statistics,
        )
        yield SystemCommand(
            _("Browse cards"), _("Search cards by text and tag"), self.action_browse
        )
        yield SystemCommand(
            _("Settings"), _("New cards per day, leeches, theme, language"), self.action_settings
        )
        yield SystemCommand(_("Help"), _("Keys of every screen"), self.action_help)

    def on_unmount(self) -> None:
        self.db.close()


def run(
    library: Library,
    db_path: Path,
    deck_ids: Sequence[str] | None = None,
    *,
    lang: str | None = None,
) -> int:
    app = CasecardsApp(library, db_path, deck_ids=deck_ids, lang=lang)
    app.run()
    return app.return_code or 0
