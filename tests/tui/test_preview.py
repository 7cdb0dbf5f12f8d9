"""``casecards preview`` in a terminal: the trainer's views, front then back, no store; ``r``
on an image card opens the region picker; ``--watch`` shows the saved text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from casecards.tui.preview import PreviewApp, PreviewScreen
from casecards.tui.regions import RegionCanvas, RegionsScreen


def title(app: PreviewApp) -> str:
    content = app.screen.query_one("#preview-title", Static).content
    return content.plain if isinstance(content, Text) else str(content)


@pytest.mark.smoke
async def test_preview_steps_through_the_cards_and_draws_a_region(
    deck_dir: Path, tmp_path: Path
) -> None:
    app = PreviewApp(deck_dir / "demo.yaml", tmp_path / "media")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "1/" in title(app) and "demo/age/main" in title(app)
        await pilot.press("space")
        await pilot.pause()
        answer = app.screen.query_one(".answer-text", Static).content
        assert "37 ans" in str(answer)
        await pilot.press("n", "n")
        await pilot.pause()
        assert "demo/scan/main" in title(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RegionsScreen)
        canvas = app.screen.query_one(RegionCanvas)
        assert canvas.existing == ((10, 10, 40, 30),)
        ox = canvas.origin[0]
        await pilot.mouse_down(RegionCanvas, offset=(ox, 0))
        await pilot.mouse_up(RegionCanvas, offset=(ox + canvas.grid[0] - 1, canvas.grid[1] - 1))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
    assert app.boxes == ["box: [0, 0, 120, 80]"]
    assert not (tmp_path / "store.db").exists()


def shown_question(app: PreviewApp) -> str:
    """The card's question, or "" while the card is being drawn again."""
    found = app.screen.query(".question")
    return str(found.first(Static).content) if found else ""


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """--watch looks at the file every half second: poll the screen, for at most 10 s."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError("the preview never showed it")


async def test_preview_watch_shows_the_saved_text(deck_dir: Path, tmp_path: Path) -> None:
    deck = deck_dir / "demo.yaml"
    app = PreviewApp(deck, tmp_path / "media", "age", watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: "Âge du patient" in shown_question(app))
        deck.write_text(deck.read_text(encoding="utf-8").replace("Âge du", "Âge exact du"))
        await wait_until(pilot, lambda: "Âge exact du patient" in shown_question(app))
        deck.write_text(deck.read_text(encoding="utf-8").replace("    back:", "    bakc:"))
        await wait_until(pilot, lambda: title(app) == "1 problem")
