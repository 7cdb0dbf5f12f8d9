"""Snapshots of every card kind and screen at 80x24 and 120x40, with a fixed clock.

Update after an intended change: ./scripts/test tests/tui/test_snapshots.py --snapshot-update
and look at the SVGs in the report before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from casecards.tui.app import CasecardsApp
from casecards.tui.screens.study import StudyScreen

SIZES = [(80, 24), (120, 40)]
MakeApp = Callable[..., CasecardsApp]


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def reach(card_id: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Answer 5 to every card before ``card_id``, then press ``keys``."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StudyScreen)
        while screen.item is not None and screen.item.card_id != card_id:
            screen.action_reveal()
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


CARDS = {
    "basic-question": reach("demo/age/main"),
    "basic-answer": reach("demo/age/main", "space"),
    "cloze-answer": reach("demo/ravault/c1", "space"),
    "image": reach("demo/scan/main"),
    "region-answer": reach("demo/scan/region-cote", "space"),
    "differential-answer": reach(
        "demo/hypotheses/main", *"osteonecrose", "enter", *"lupus", "enter", "enter"
    ),
    "timeline-question": reach("demo/episode/main", "down", "shift+down"),
    "timeline-answer": reach("demo/episode/main", "enter"),
    "modality-question": reach("demo/signes/modality-irm", *"hyperfixation", "enter"),
    "which-answer": reach("demo/signes/sign-irm-1", "2", "enter"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(CARDS))
def test_card_kinds(snap_compare: Any, make_app: MakeApp, name: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(deck_ids=["demo"]), terminal_size=size, run_before=CARDS[name])


async def _home(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def _summary(pilot: Pilot[Any]) -> None:
    await reach("demo/ravault/c1", "space", "1", "escape")(pilot)


async def _help(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("name", "deck_ids", "run_before"),
    [("decks", None, _home), ("summary", ["demo"], _summary), ("help", None, _help)],
)
def test_screens(
    snap_compare: Any,
    make_app: MakeApp,
    name: str,
    deck_ids: list[str] | None,
    run_before: Callable[[Pilot[Any]], Awaitable[None]],
    size: tuple[int, int],
    tmp_path: Path,
) -> None:
    assert snap_compare(make_app(deck_ids=deck_ids), terminal_size=size, run_before=run_before)
