"""The statistics screen through Pilot: loading state, forecast, calendar, retention tables,
most-failed cards, keys; and two snapshots at fixed sizes with a fixed history and clock."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from casecards.library import Library
from casecards.scheduler import review
from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.browse import BrowseScreen
from casecards.tui.screens.decks import DecksScreen
from casecards.tui.screens.statistics import StatisticsScreen
from casecards.tui.widgets.charts import BarChart, Heatmap, ReviewCalendar

Settle = Callable[[Pilot[None]], Awaitable[None]]
TZ = timezone(timedelta(hours=1))
NOW = datetime(2024, 3, 20, 9, 0, tzinfo=TZ)
TODAY = date(2024, 3, 20)

IRM, TEP, HOSTILE = "radio/ot-irm/main", "radio/ot-tep/main", "cardio/hostile/main"


@pytest.fixture
def library(history_library: Library) -> Library:
    return history_library


def answer(store: Store, card_id: str, grade: int, days_ago: int) -> None:
    day = TODAY - timedelta(days=days_ago)
    after = review(store.card(card_id).state, grade)
    store.record_answer(
        card_id,
        grade=grade,
        after=after,
        due=day + timedelta(days=after.interval),
        day=day,
        reviewed_at=datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=9),
        duration_ms=1000,
    )


@pytest.fixture
def app(library: Library, tmp_path: Path) -> CasecardsApp:
    """The app over a fixed history: two lapses on IRM, one on the hostile card, TEP passed."""
    with Store.open(tmp_path / "study.db") as store:
        library.sync(store, NOW)
        for card_id, grade, days_ago in [
            (IRM, 4, 20),
            (IRM, 1, 19),  # lapse
            (IRM, 4, 19),  # relearning: not a review-card answer
            (IRM, 4, 18),
            (IRM, 2, 12),  # lapse: a re-drill since, due today
            (TEP, 5, 20),
            (TEP, 5, 19),
            (TEP, 5, 0),
            (HOSTILE, 4, 40),
            (HOSTILE, 4, 30),  # outside the 30 days
            (HOSTILE, 2, 5),  # lapse: a re-drill since
        ]:
            answer(store, card_id, grade, days_ago)
    return CasecardsApp(library, tmp_path / "study.db", clock=lambda: NOW)


async def open_statistics(pilot: Pilot[None], settle: Settle) -> StatisticsScreen:
    await settle(pilot)
    await pilot.press("S")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StatisticsScreen), screen
    return screen


def cells(table: DataTable[Any]) -> list[list[str]]:
    rows = (table.get_row_at(i) for i in range(table.row_count))
    return [[cell if isinstance(cell, str) else cell.plain for cell in row] for row in rows]


@pytest.mark.smoke
async def test_statistics_show_forecast_calendar_retention_and_failed_cards(
    app: CasecardsApp, settle: Settle
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_statistics(pilot, settle)
        assert screen.overview is not None and screen.error is None
        assert not screen.query_one("#statistics").loading
        summary = screen.query_one("#stats-summary", Static).content
        assert isinstance(summary, Text)
        assert summary.plain.startswith("Streak: 1 day · 1 answer today · due today 2, this week 2")
        assert "Retention over 30 days: 50% of 6 answers on review cards" in summary.plain
        # Since the first answer (40 days ago), not since the calendar's start (26 weeks).
        assert summary.plain.endswith("\n11 answers since Feb 9, 2024")

        bars = screen.query_one(BarChart).data
        assert len(bars) == 30 and bars[0] == ("Mar 20", 2) and sum(n for _, n in bars) == 3
        heatmap = screen.query_one(ReviewCalendar).data
        assert isinstance(heatmap, Heatmap)
        assert (heatmap.start, heatmap.weeks, heatmap.today) == (date(2023, 9, 25), 26, TODAY)
        assert heatmap.counts[TODAY] == 1 and sum(heatmap.counts.values()) == 11
        assert heatmap.level(TODAY) == 2 and heatmap.level(TODAY - timedelta(days=19)) == 4
        assert heatmap.level(TODAY - timedelta(days=1)) == 0
        assert heatmap.level(TODAY + timedelta(days=1)) is None

        # Weakest first, with their counts.
        tags = cells(screen.query_one("#stats-tags", DataTable))
        assert [row[:3] for row in tags] == [
            ["modalite::irm", "1", "0"],
            ["irm", "4", "1"],
            ["tep", "2", "2"],
        ]
        assert tags[1][3].endswith(" 25%")
        decks = cells(screen.query_one("#stats-decks", DataTable))
        assert [row[:3] for row in decks] == [["Cardiologie", "1", "0"], ["Radiologie", "5", "3"]]
        failed = cells(screen.query_one("#stats-failed", DataTable))
        assert failed == [
            ["2", "Radiologie", "Signe IRM précoce de l'OT ?"],
            ["1", "Cardiologie", "[bold]x[/bold] <script>alert(1)</script>"],
        ]
        assert not screen.query_one("#stats-failed-none").display

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DecksScreen)


async def test_loading_state_until_the_store_answers(app: CasecardsApp, settle: Settle) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gate = threading.Event()
        # Hold the store's thread, as a long write would: the screen must stay usable.
        held = asyncio.ensure_future(app.db.run(lambda _: gate.wait(10)))
        await pilot.press("S")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatisticsScreen)
        assert screen.overview is None and screen.query_one("#statistics").loading
        gate.set()
        assert await held
        await settle(pilot)
        assert screen.overview is not None and not screen.query_one("#statistics").loading


async def test_the_collector_waits_for_the_figures_and_always_resumes(
    app: CasecardsApp, settle: Settle
) -> None:
    assert gc.isenabled()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gate = threading.Event()
        held = asyncio.ensure_future(app.db.run(lambda _: gate.wait(10)))
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        assert not gc.isenabled()  # paused while the figures are read and laid out
        await pilot.press("escape")  # gone before they came: resumed all the same
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen) and gc.isenabled()
        gate.set()
        assert await held
        screen = await open_statistics(pilot, settle)
        assert screen.painted_at and gc.isenabled()
        await pilot.press("r")
        await pilot.pause()
        await settle(pilot)
        assert screen.overview is not None and gc.isenabled()
    assert gc.isenabled()


async def test_browse_from_a_failed_card_and_from_a_tag(app: CasecardsApp, settle: Settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_statistics(pilot, settle)
        assert screen.has_class("-wide")
        screen.query_one("#stats-failed", DataTable).focus()
        await pilot.press("b")
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        assert browse.initial_query == IRM and [r.card_id for r in browse.rows] == [IRM]
        browse.query_one("#browse-cards", DataTable).focus()
        await pilot.press("x")  # suspended: no longer due today
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.overview is not None and screen.overview.forecast[0][1] == 1
        assert screen.query_one(BarChart).data[0] == ("Mar 20", 1)
        tags = screen.query_one("#stats-tags", DataTable)
        tags.focus()
        await pilot.press("down", "enter")  # the second row: irm
        await settle(pilot)
        by_tag = app.screen
        assert isinstance(by_tag, BrowseScreen) and by_tag.initial_query == "#irm"
        assert [r.card_id for r in by_tag.rows] == [HOSTILE, IRM]


async def test_an_empty_history_says_so(library: Library, tmp_path: Path, settle: Settle) -> None:
    app = CasecardsApp(library, tmp_path / "empty.db", clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_statistics(pilot, settle)
        summary = screen.query_one("#stats-summary", Static).content
        assert isinstance(summary, Text) and "Streak: 0 days" in summary.plain
        assert "No answers on review cards in the last 30 days." in summary.plain
        assert "since" not in summary.plain
        for table in ("stats-tags", "stats-decks", "stats-failed"):
            assert not screen.query_one(f"#{table}").display
            assert screen.query_one(f"#{table}-none").display
        assert screen.query_one(BarChart).data[0] == ("Mar 20", 0)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot(
    snap_compare: Any, app: CasecardsApp, settle: Settle, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_statistics(pilot, settle)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
