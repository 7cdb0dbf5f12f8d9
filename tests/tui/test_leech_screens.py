"""Leeches on the screens through Pilot: Statistics lists them (Enter opens one in Browse),
and Browse finds them with #leech."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from casecards.library import Library
from casecards.scheduler import review
from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.browse import BrowseScreen
from casecards.tui.screens.statistics import StatisticsScreen

Settle = Callable[[Pilot[None]], Awaitable[None]]
TZ = timezone(timedelta(hours=1))
NOW = datetime(2024, 3, 20, 9, 0, tzinfo=TZ)
IRM, TEP = "radio/ot-irm/main", "radio/ot-tep/main"


def leech_app(library: Library, tmp_path: Path) -> CasecardsApp:
    """IRM failed twice as a review card with leech-threshold 2: a leech since the 10th."""
    with Store.open(tmp_path / "study.db") as store:
        library.sync(store, NOW)
        store.set_setting("leech-threshold", "2")
        for card_id, grade, day in [
            (IRM, 5, 1),
            (IRM, 1, 2),
            (IRM, 5, 2),
            (IRM, 1, 10),
            (TEP, 5, 1),
        ]:
            moment = NOW.replace(day=day)
            after = review(store.card(card_id).state, grade)
            store.record_answer(
                card_id,
                grade=grade,
                after=after,
                due=moment.date() + timedelta(days=after.interval),
                day=moment.date(),
                reviewed_at=moment,
                duration_ms=1,
            )
    return CasecardsApp(library, tmp_path / "study.db", clock=lambda: NOW)


async def test_statistics_lists_the_leeches_and_browse_finds_them(
    history_library: Library, tmp_path: Path, settle: Settle
) -> None:
    async with leech_app(history_library, tmp_path).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatisticsScreen) and screen.overview is not None
        table = screen.query_one("#stats-leeches", DataTable)
        assert table.display and table.row_count == 1
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row == ["2", "Mar 10, 2024", "studied", "Signe IRM précoce de l'OT ?"]
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        browse = pilot.app.screen
        assert isinstance(browse, BrowseScreen) and [r.card_id for r in browse.rows] == [IRM]
        field = browse.query_one(Input)
        field.value = "#leech"
        await settle(pilot)
        assert [r.card_id for r in browse.rows] == [IRM]
        field.value = "#tep"
        await settle(pilot)
        assert [r.card_id for r in browse.rows] == [TEP]
