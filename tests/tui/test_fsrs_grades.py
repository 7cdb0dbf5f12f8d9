"""The trainer under FSRS: Anki's four grades, each with its next interval (Pilot)."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.study import StudyScreen
from casecards.tui.widgets.grades import GradeBar

MakeApp = Callable[..., CasecardsApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def on_card(app: CasecardsApp, card_id: str) -> StudyScreen:
    screen = app.screen
    assert isinstance(screen, StudyScreen), screen
    assert screen.item is not None and screen.item.card_id == card_id, screen.item
    return screen


def reviews(tmp_path: Path) -> list[tuple[str, int]]:
    with Store.open(tmp_path / "store.db") as store:
        return [(r.card_id, r.grade) for r in store.reviews()]


def fsrs_store(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.db") as store:
        store.set_setting("scheduler", "fsrs")


async def test_under_fsrs_the_four_grades_show_their_intervals(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    fsrs_store(tmp_path)
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/age/main")
        await pilot.press("space")
        await settle(pilot)
        console = Console(width=78, file=io.StringIO(), record=True)
        console.print(screen.query_one(GradeBar).render())
        names, intervals = console.export_text().splitlines()
        assert names.split() == ["1", "Again", "2", "Hard", "3", "Good", "4", "Easy"]
        # A new card: the package's learning steps (1 min, 10 min; Hard between), Easy
        # graduates at once.
        assert intervals.split() == ["1", "min", "6", "min", "10", "min", "8", "d"]
        hint = screen.query_one("#hint", Static).content
        assert isinstance(hint, Text) and hint.plain.startswith("Space or Enter: 3 Good · 1–4")
        await pilot.press("5", "0")  # not grades under FSRS: nothing happens
        await settle(pilot)
        assert reviews(tmp_path) == []
        await pilot.press("right")  # from Good to Easy
        hint = screen.query_one("#hint", Static).content
        assert isinstance(hint, Text) and hint.plain.startswith("Space or Enter: 4 Easy")
        await pilot.press("3")  # Good, logged as SM-2's 4
        await settle(pilot)
        assert reviews(tmp_path) == [("demo/age/main", 4)]
        with Store.open(tmp_path / "store.db") as store:
            state = store.card("demo/age/main").fsrs
            assert state is not None and state.step == 1  # the second learning step


async def test_under_fsrs_the_summary_counts_the_four_grades(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    """Again is Again in the summary, not SM-2's "Wrong" it is logged as."""
    from casecards.tui.screens.summary import SummaryScreen

    fsrs_store(tmp_path)
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("1", "3"):  # Again on the first card, Good on the second
            await pilot.press("space")
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        console = Console(width=78, file=io.StringIO(), record=True)
        console.print(app.screen.query_one("#summary", Static).content)
        lines = [" ".join(line.split()) for line in console.export_text().splitlines()]
        assert "1 Again 1 █" in lines and "3 Good 1 █" in lines
        assert "2 Hard 0" in lines and "4 Easy 0" in lines
        assert not any("Wrong" in line or "Blank" in line for line in lines)
