"""The browse screen through Pilot: search by text, id and tag; the highlighted card's note,
schedule and history; suspend and unsuspend; deck text shown literally."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from casecards.library import Library
from casecards.session import Session
from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.browse import BrowseScreen

Settle = Callable[[Pilot[None]], Awaitable[None]]
TZ = timezone(timedelta(hours=1))
NOW = datetime(2024, 3, 20, 9, 0, tzinfo=TZ)
TODAY = date(2024, 3, 20)

IRM, TEP, HOSTILE = "radio/ot-irm/main", "radio/ot-tep/main", "cardio/hostile/main"
SCAN = "radio/scan/main"
HOSTILE_FRONT = "[bold]x[/bold] <script>alert(1)</script>"


@pytest.fixture
def app(history_library: Library, tmp_path: Path) -> CasecardsApp:
    return CasecardsApp(history_library, tmp_path / "study.db", clock=lambda: NOW)


def study_once(store: Store) -> None:
    """A session as the study screen runs it, on the store's thread: IRM hard then good, TEP
    failed then perfect, the others good."""
    grades = {HOSTILE: [5], IRM: [3, 4], TEP: [2, 5], SCAN: [4]}
    session = Session(store, now=NOW)
    while (item := session.next_card()) is not None:
        session.answer(item.card_id, grades[item.card_id].pop(0), now=NOW, duration_ms=900)


async def open_browse(pilot: Pilot[None], settle: Settle, *, studied: bool = True) -> BrowseScreen:
    await settle(pilot)
    if studied:
        await pilot.app.db.run(study_once)  # type: ignore[attr-defined]
    await pilot.press("B")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BrowseScreen), screen
    return screen


async def search(pilot: Pilot[None], settle: Settle, screen: BrowseScreen, text: str) -> list[str]:
    screen.query_one(Input).value = ""
    screen.query_one(Input).focus()
    await pilot.press(*({" ": "space", "#": "number_sign"}.get(c, c) for c in text))
    await settle(pilot)
    return [row.card_id for row in screen.rows]


def plain(static: Static) -> str:
    content = static.content
    assert isinstance(content, Text), content
    return content.plain


def row_cells(table: DataTable[Any], key: str) -> list[Text]:
    cells = table.get_row(key)
    assert all(isinstance(cell, Text) for cell in cells), cells  # never markup strings
    return cells


@pytest.mark.smoke
async def test_search_by_text_tag_and_card_id(app: CasecardsApp, settle: Settle) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot, settle, studied=False)
        assert [row.card_id for row in screen.rows] == [HOSTILE, IRM, TEP, SCAN]
        assert plain(screen.query_one("#browse-count", Static)) == "4 cards"
        table = screen.query_one("#browse-cards", DataTable)
        assert table.row_count == 4

        screen.query_one(Input).value = "OEDEME"  # accents and case folded
        await settle(pilot)
        assert [row.card_id for row in screen.rows] == [IRM]
        assert plain(screen.query_one("#browse-count", Static)) == "1 card for OEDEME"
        for query, expected in [
            ("#irm", [HOSTILE, IRM]),
            ("#modalite", [HOSTILE]),
            ("#irm signe", [IRM]),
            ("ot-tep/", [TEP]),  # a card id, as the study screen's "open in Browse" sends
            ("nothing like this", []),
        ]:
            screen.query_one(Input).value = query
            await settle(pilot)
            assert [row.card_id for row in screen.rows] == expected, query
            assert table.row_count == len(expected)
        assert screen.current is None and plain(screen.query_one("#browse-card", Static)) == ""

        # Typed keys reach the search, even the app's own "S" and "B".
        screen.query_one(Input).value = ""
        await pilot.press("S", "i", "g", "n", "e")
        await settle(pilot)
        assert screen.query_one(Input).value == "Signe" and app.screen is screen
        assert [row.card_id for row in screen.rows] == [IRM]


async def test_a_long_list_is_cut_and_says_so(
    app: CasecardsApp, monkeypatch: pytest.MonkeyPatch, settle: Settle
) -> None:
    monkeypatch.setattr("casecards.tui.screens.browse.SHOWN", 3)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot, settle, studied=False)
        assert [row.card_id for row in screen.rows] == [HOSTILE, IRM, TEP]
        assert screen.total == 4 and screen.query_one("#browse-cards", DataTable).row_count == 3
        count = plain(screen.query_one("#browse-count", Static))
        assert count == "4 cards · the first 3 shown: narrow the search"


async def test_initial_query_and_back(app: CasecardsApp, settle: Settle) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        app.action_browse("radio/ot-irm/")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert screen.query_one(Input).value == "radio/ot-irm/"
        assert [row.card_id for row in screen.rows] == [IRM]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is home


async def test_the_highlighted_card_shows_note_schedule_and_history(
    app: CasecardsApp, settle: Settle
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(pilot, settle)
        table = screen.query_one("#browse-cards", DataTable)
        assert screen.current is not None and screen.current.card_id == HOSTILE
        await pilot.press("down")  # from the search into the table
        assert screen.focused is table
        await pilot.press("down")
        await settle(pilot)
        assert screen.current is not None and screen.current.card_id == IRM
        card = plain(screen.query_one("#browse-card", Static))
        assert card.startswith("Signe IRM précoce de l'OT ?\nRadiologie · basic · " + IRM)
        assert "Front\nSigne IRM précoce de l'OT ?" in card  # markup applied, not shown
        assert "Back\nŒdème médullaire" in card and "Tags\n#irm" in card
        assert "Source\ncas 1" in card

        stored = await app.db.run(lambda store: store.card(IRM))
        assert stored.due is not None
        schedule = plain(screen.query_one("#browse-schedule", Static))
        assert f"due {stored.due.isoformat()}" in schedule
        assert f"interval {stored.state.interval} d" in schedule
        assert [(r.grade, r.before.interval, r.after.interval) for r in screen.history] == [
            (3, 0, 1),
            (4, 1, 1),
        ]
        cells = [cell.plain for cell in row_cells(table, IRM)]
        assert cells == [
            "Signe IRM précoce de l'OT ?",
            stored.due.isoformat(),
            f"{stored.state.interval} d",
            "review",
            "basic",
            "Radiologie",
        ]


async def test_x_suspends_and_unsuspends_the_highlighted_card(
    app: CasecardsApp, settle: Settle
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot, settle)
        assert await search(pilot, settle, screen, "#tep") == [TEP]
        await pilot.press("x")  # typed into the search: nothing suspended
        await settle(pilot)
        assert screen.query_one(Input).value == "#tepx" and screen.rows == []

        screen.query_one(Input).value = "#tep"
        await settle(pilot)
        table = screen.query_one("#browse-cards", DataTable)
        table.focus()
        await pilot.press("x")
        await settle(pilot)
        assert await app.db.run(lambda store: store.card(TEP).suspended)
        assert row_cells(table, TEP)[3].plain == "suspended"
        assert screen.rows[0].stored.suspended
        assert "Schedule: suspended" in plain(screen.query_one("#browse-schedule", Static))

        await pilot.press("x")
        await settle(pilot)
        assert not await app.db.run(lambda store: store.card(TEP).suspended)
        assert row_cells(table, TEP)[3].plain == "review"


async def test_browse_undoes_its_own_toggles_newest_first(
    app: CasecardsApp, settle: Settle
) -> None:
    """x twice, then ctrl+z from the search (where u would be typed) and u from the table:
    each takes back the newest toggle, and the row says so."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot, settle)
        assert await search(pilot, settle, screen, "#tep") == [TEP]
        table = screen.query_one("#browse-cards", DataTable)
        table.focus()
        for key in ("x", "x"):
            await pilot.press(key)
            await settle(pilot)
        assert not await app.db.run(lambda store: store.card(TEP).suspended)
        screen.query_one(Input).focus()
        await pilot.press("ctrl+z")  # the unsuspension is taken back
        await settle(pilot)
        assert screen.query_one(Input).value == "#tep"
        assert await app.db.run(lambda store: store.card(TEP).suspended)
        assert row_cells(table, TEP)[3].plain == "suspended"
        table.focus()
        await pilot.press("u")  # then the suspension
        await settle(pilot)
        assert not await app.db.run(lambda store: store.card(TEP).suspended)
        assert row_cells(table, TEP)[3].plain == "review"
        assert len(app.undo_history) == 0
        await pilot.press("u")  # nothing left: nothing happens
        await settle(pilot)
        assert not await app.db.run(lambda store: store.card(TEP).suspended)


async def test_deck_text_is_shown_literally(app: CasecardsApp, settle: Settle) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot, settle)
        screen.query_one(Input).value = "script"
        await settle(pilot)
        assert [row.card_id for row in screen.rows] == [HOSTILE]
        table = screen.query_one("#browse-cards", DataTable)
        text = row_cells(table, HOSTILE)[0]
        assert text.plain == "[bold]x[/bold] <script>al…" and text.spans == []  # 80 columns
        card = screen.query_one("#browse-card", Static).content
        assert isinstance(card, Text)
        assert f"Front\n{HOSTILE_FRONT}" in card.plain
        assert "Back\n[red]rouge[/red]" in card.plain
        assert not any("red" in str(span.style) for span in card.spans)
        # And on the terminal, character for character.
        svg = app.export_screenshot()
        assert "[bold]x[/bold]" in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


async def test_the_card_index_is_built_once_per_app(app: CasecardsApp, settle: Settle) -> None:
    async with app.run_test() as pilot:
        first = await open_browse(pilot, settle, studied=False)
        index = first._index
        assert index is not None and index is app.card_index()
        await pilot.press("escape")
        await settle(pilot)
        second = await open_browse(pilot, settle, studied=False)
        assert second is not first and second._index is index
