"""The screens fit 80x24 and 120x40 on the bundled decks (new-user review D7, D11, D12): long
nested deck names are cut to their leaf, never the numbers; the study screen keeps its hints
and the keys that act on the card. What is asserted is what the terminal shows (the
screen's rendered lines) and that no table scrolls sideways."""

from __future__ import annotations

import random
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from casecards import i18n
from casecards.library import Library
from casecards.scheduler import review
from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.browse import BrowseScreen
from casecards.tui.screens.decks import DecksScreen
from casecards.tui.screens.statistics import StatisticsScreen
from casecards.tui.screens.study import StudyScreen
from casecards.tui.widgets.cardviews import RecallView, TimelineView

Settle = Callable[[Pilot[None]], Awaitable[None]]

ROOT = Path(__file__).resolve().parents[2]
TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=TZ)
TODAY = NOW.date()
SIZES = [(80, 24), (120, 40)]
PARENT = "Ostéoporose transitoire migratrice::"
SCROLLBAR = " ▁▂▃▄▅▆▇█▔"


@pytest.fixture(scope="module")
def bundled() -> Library:
    return Library.load(ROOT / "decks", ROOT / "media")


@pytest.fixture
def studied(bundled: Library, tmp_path: Path) -> Path:
    """A store of the bundled decks with a month of answers on 60 cards, many failed: every
    deck has retention figures, due cards, re-drills and lapses."""
    db = tmp_path / "store.db"
    rnd = random.Random(7)
    with Store.open(db) as store:
        bundled.sync(store, NOW - timedelta(days=30))
        for card_id in rnd.sample([card.id for card in bundled.cards], 60):
            for days_ago in (20, 15, 10, 3, 1):
                day = TODAY - timedelta(days=days_ago)
                grade = rnd.choice([1, 2, 4, 5, 5])
                after = review(store.card(card_id).state, grade)
                store.record_answer(
                    card_id,
                    grade=grade,
                    after=after,
                    due=day + timedelta(days=after.interval),
                    day=day,
                    reviewed_at=datetime.combine(day, datetime.min.time(), TZ),
                    duration_ms=1000,
                )
    return db


def app_on(bundled: Library, db: Path) -> CasecardsApp:
    return CasecardsApp(bundled, db, clock=lambda: NOW)


def lines(pilot: Pilot[None]) -> list[str]:
    """The terminal's lines as the student sees them."""
    strips = pilot.app.screen._compositor.render_strips()
    return [strip.text.rstrip() for strip in strips]


def plain_rows(table: DataTable[Any]) -> list[list[str]]:
    rows = (table.get_row_at(i) for i in range(table.row_count))
    return [[cell if isinstance(cell, str) else cell.plain for cell in row] for row in rows]


def assert_fits(table: DataTable[Any]) -> None:
    """Every column within the table's width: nothing to scroll to on the right."""
    assert table.max_scroll_x == 0, (table.id, table.virtual_size, table.size)


async def show(pilot: Pilot[None], settle: Settle, table: DataTable[Any]) -> list[str]:
    """Scroll ``table`` into view (the statistics are taller than the terminal); its lines."""
    table.screen.scroll_to_widget(table, animate=False, top=True)
    await settle(pilot)
    return lines(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_decks_show_every_count_and_cut_the_long_names(
    bundled: Library, studied: Path, settle: Settle, size: tuple[int, int]
) -> None:
    async with app_on(bundled, studied).run_test(size=size) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DecksScreen)
        table = screen.query_one(DataTable)
        assert_fits(table)
        shown = lines(pilot)
        assert any(line.rstrip().endswith("Re-drill") for line in shown), shown
        for row in screen.rows:
            (line,) = [line for line in shown if line.lstrip().startswith(row.label[:20])]
            assert line.split()[-3:] == [str(row.new), str(row.due), str(row.redrill)], line
        assert sum(row.redrill for row in screen.rows) > 0
        # The longest name is cut with "…" at 80 columns, and whole at 120.
        long = next(row.label for row in screen.rows if row.label.startswith("08 · "))
        assert any(long in line for line in shown) == (size[0] >= 120)
        assert any("08 · Ostéoporose systémique" in line for line in shown)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_statistics_show_leaf_deck_names_and_their_numbers(
    bundled: Library, studied: Path, settle: Settle, size: tuple[int, int]
) -> None:
    async with app_on(bundled, studied).run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatisticsScreen) and screen.overview is not None
        summary = lines(pilot)
        first = screen.overview.first_answer
        assert first == TODAY - timedelta(days=20)
        assert any(f"300 answers since {i18n.long_date(first)}" in line for line in summary)

        by_deck = screen.overview.retention.by_deck
        decks = screen.query_one("#stats-decks", DataTable)
        assert_fits(decks)
        shown = await show(pilot, settle, decks)
        assert len(by_deck) == 9
        for row, cells in zip(by_deck, plain_rows(decks), strict=True):
            assert row.name.startswith(PARENT)
            leaf = row.name.removeprefix(PARENT)
            name = cells[0]
            assert leaf.startswith(name.removesuffix("…")) and name[:2] == leaf[:2]
            # On the terminal: the leaf and every number of the row, on one line.
            # (A scrollbar may follow the last column.)
            found = [
                line.rstrip(SCROLLBAR)
                for line in shown
                if f" {name} " in line and line.rstrip(SCROLLBAR).endswith("%")
            ]
            assert len(found) == 1, (name, "\n".join(shown))
            (line,) = found
            assert line.split()[-4:-2] == [str(row.answered), str(row.passed)], line
            assert line.endswith(f"{row.rate:.0%}"), line

        failed = screen.query_one("#stats-failed", DataTable)
        assert_fits(failed)
        shown = await show(pilot, settle, failed)
        rows = plain_rows(failed)
        assert rows and screen.overview.most_failed
        for card, (lapses, deck, text) in zip(screen.overview.most_failed, rows, strict=True):
            assert lapses == str(card.lapses) and not deck.startswith("Ostéoporose transitoire")
            assert card.deck.removeprefix(PARENT).startswith(deck.removesuffix("…"))
            on_screen = [re.split(r" {2,}", line.strip())[:3] for line in shown]
            assert [lapses, deck, text] in on_screen, "\n".join(shown)
        assert_fits(screen.query_one("#stats-tags", DataTable))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_browse_shows_leaf_decks_and_which_modality_or_sign(
    bundled: Library, studied: Path, settle: Settle, size: tuple[int, int]
) -> None:
    async with app_on(bundled, studied).run_test(size=size) as pilot:
        await settle(pilot)
        pilot.app.push_screen(BrowseScreen("ostéoporose transitoire : signes"))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, BrowseScreen)
        table = screen.query_one("#browse-cards", DataTable)
        assert_fits(table)
        rows = plain_rows(table)
        kinds = {row[4] for row in rows}
        assert {"signs", "modality"} <= kinds
        assert {row[5].removesuffix("…") for row in rows} <= {
            "06 · Signes par modalité"[:n] for n in range(4, 30)
        }
        # Each modality card says its modality, each sign card its sign, before the subject.
        labels = [
            r.text for r in screen.rows if r.kind.value in ("modality_signs", "which_modality")
        ]
        assert len(set(labels)) == len(labels) and all(
            not t.startswith("Ostéoporose") for t in labels
        )
        assert "IRM · Ostéoporose transitoire\u00a0: signes d’imagerie" in labels
        shown = lines(pilot)
        assert any(line.lstrip().startswith("IRM · ") for line in shown)
        assert all("Ostéoporose transitoire migratrice::" not in line for line in shown[:15])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_study_keeps_its_hints_and_the_keys_that_matter(
    bundled: Library, studied: Path, settle: Settle, size: tuple[int, int]
) -> None:
    async with app_on(bundled, studied).run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StudyScreen)
        footer = lines(pilot)[-1]
        for key in ("u Undo", "x Suspend", "z Bury", "esc End", "q Quit", "? Help"):
            assert key in footer, footer
        if size[0] >= 120:
            assert "S Statistics" in footer and "B Browse" in footer and "palette" in footer
        # The longest hints (a typed answer's, a timeline's) wrap rather than lose their end.
        for hint in (RecallView.HINT, TimelineView.HINT):
            screen.query_one("#hint", Static).update(hint)
            await pilot.pause()
            shown = " ".join(line.strip() for line in lines(pilot)[-4:-1])
            assert hint in shown, shown
