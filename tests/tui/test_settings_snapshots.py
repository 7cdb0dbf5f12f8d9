"""Snapshots of issue 15's screens at 80x24 and 120x40, with a fixed clock: the settings
screen (a value set, one per deck), and "Nothing left to study now" with the other decks'
cards and custom study.

Update after an intended change: ./scripts/test tests/tui/test_settings_snapshots.py
--snapshot-update -n 0, and read the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from casecards.library import Library
from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.study import Phase, StudyScreen

SIZES = [(80, 24), (120, 40)]
MakeApp = Callable[..., CasecardsApp]
NOON = datetime(2026, 3, 4, 12, 0, tzinfo=timezone(timedelta(hours=1)))  # the apps' clock
Settle = Callable[[Pilot[None]], Awaitable[None]]


def keys(settle: Settle, *pressed: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_settings_screen(
    snap_compare: Any,
    make_app: MakeApp,
    settle: Settle,
    library: Library,
    tmp_path: Path,
    size: tuple[int, int],
) -> None:
    with Store.open(tmp_path / "store.db") as store:
        library.sync(store, NOON)
        store.set_setting("new-per-day.demo", "10")
        store.set_setting("leech-action", "suspend")
    app = make_app()
    # The cursor on leech-action: its description and allowed values under the table.
    steps = keys(settle, "comma", "down", "down", "down", "down", "down")
    assert snap_compare(app, terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_nothing_left(
    snap_compare: Any,
    make_app: MakeApp,
    settle: Settle,
    history_library: Library,
    size: tuple[int, int],
) -> None:
    """The end of a cardio session: Radiologie still has cards today; custom study."""
    app = make_app(lib=history_library, deck_ids=["cardio"])

    async def finish(pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StudyScreen)
        while screen.phase is not Phase.DONE:
            for key in ("space", "5"):
                await pilot.press(key)
                await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=finish)
