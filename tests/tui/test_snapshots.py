"""Snapshots of every card kind and screen at 80x24 and 120x40, with a fixed clock. Each
card-kind snapshot starts on its card (``make_app(at=...)``), the earlier cards answered in
the store beforehand.

Update after an intended change: ./scripts/test tests/tui/test_snapshots.py --snapshot-update
and look at the SVGs in the report before committing them (add -n 0 to also delete snapshots
no test uses: on parallel workers syrupy leaves them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from casecards.tui.app import CasecardsApp

SIZES = [(80, 24), (120, 40)]
MakeApp = Callable[..., CasecardsApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
RunBefore = Callable[[Pilot[None]], Awaitable[None]]
Keys = tuple[str, ...]


def press(settle: Settle, *steps: Keys) -> RunBefore:
    """Press each step's keys: in one go, as a student types (the app handles each key
    before the next), then one settle. Only a step's last key may start work (reveal,
    grade), so nothing is pressed while it runs."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for keys in steps:
            await pilot.press(*keys)
            await settle(pilot)

    return run


SPACE: Keys = ("space",)
ENTER: Keys = ("enter",)
CARDS: dict[str, tuple[str, list[Keys]]] = {
    "basic-question": ("demo/age/main", []),
    "basic-answer": ("demo/age/main", [SPACE]),
    "cloze-answer": ("demo/ravault/c1", [SPACE]),
    "image": ("demo/scan/main", []),
    "region-answer": ("demo/scan/region-cote", [SPACE]),
    # Two answers typed, each ended by Enter; then an empty line reveals.
    "differential-answer": (
        "demo/hypotheses/main",
        [(*"osteonecrose", "enter", *"lupus", "enter"), ENTER],
    ),
    # Items typed and a third begun: the list above the field, the footer's ctrl keys.
    "differential-typed": (
        "demo/hypotheses/main",
        [(*"lupus", "enter", *"osteonecrose", "enter", *"algo")],
    ),
    "timeline-question": ("demo/episode/main", [("down", "shift+down")]),
    "timeline-answer": ("demo/episode/main", [ENTER]),
    "modality-question": ("demo/signes/modality-irm", [(*"hyperfixation", "enter")]),
    "which-answer": ("demo/signes/sign-irm-1", [("2", "enter")]),
    # The region card answered, the typed card after it begun, then ctrl+z: the region
    # card is back (undo works in a field, before any reveal).
    "typed-undo": ("demo/scan/region-cote", [SPACE, ("4",), (*"lu",), ("ctrl+z",)]),
    # Suspended by x, brought back by u: the same card, and a notice that says so.
    "suspend-undo": ("demo/age/main", [("x",), ("u",)]),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(CARDS))
def test_card_kinds(
    snap_compare: Any, make_app: MakeApp, settle: Settle, name: str, size: tuple[int, int]
) -> None:
    card_id, steps = CARDS[name]
    app = make_app(deck_ids=["demo"], at=card_id)
    assert snap_compare(app, terminal_size=size, run_before=press(settle, *steps))


SCREENS: dict[str, tuple[list[str] | None, list[Keys]]] = {
    "decks": (None, []),
    # From the first card, through the keys: the summary lists this session's answers.
    "summary": (["demo"], [SPACE, ("5",), SPACE, ("1",), ("escape",)]),
    "help": (None, [("question_mark",)]),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_screens(
    snap_compare: Any, make_app: MakeApp, settle: Settle, name: str, size: tuple[int, int]
) -> None:
    deck_ids, steps = SCREENS[name]
    app = make_app(deck_ids=deck_ids)
    assert snap_compare(app, terminal_size=size, run_before=press(settle, *steps))
