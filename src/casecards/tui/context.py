"""What the screens need of the app, as a protocol: the library, the store's thread, the
undo history, the clock, the config file, the card index, and a few hooks. Screens
depend on this, not on the app class, so the app imports its screens and no screen imports
the app."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from casecards.library import Library
from casecards.search import CardIndex
from casecards.tui.db import StoreThread
from casecards.undo import UndoHistory


@runtime_checkable
class AppContext(Protocol):
    library: Library
    db: StoreThread  # every store call runs on this one thread
    #: The student's last actions, whatever screen did them (study, Browse): one undo stack.
    undo_history: UndoHistory
    #: The display preferences' file (``casecards.settings``); the store keeps the others.
    config_path: Path
    #: ``--lang`` of the command line (None: not given); it wins over the ``lang`` setting.
    cli_lang: str | None

    def now(self) -> datetime:
        """The app's clock (a test's fixed clock in tests)."""
        ...

    def today(self) -> date:
        """The study day of ``now``."""
        ...

    def first_paint(self) -> None:
        """A screen has shown what the student asked for: background work may start."""
        ...

    def card_index(self) -> CardIndex:
        """Browse's index of every card, built on first use (call it off the UI thread)."""
        ...

    def library_changed(self) -> None:
        """A deck of the library was read again (an edit from the trainer)."""
        ...

    def action_browse(self, query: str = "") -> None:
        """Open Browse on ``query``."""
        ...

    def action_settings(self) -> None:
        """Open the settings screen."""
        ...

    def speak(self, setting: str | None) -> bool:
        """The ``lang`` setting is now ``setting``: speak what it chooses; False if unchanged."""
        ...
