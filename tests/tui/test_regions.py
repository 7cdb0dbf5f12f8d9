"""The region picker turns mouse drags and arrow keys into the box, in the image's own pixels,
for two image sizes in two terminal sizes (Pilot; half-blocks, cells of 10x20 pixels)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from casecards.tui.regions import RegionCanvas, RegionsApp, box_line, cells_to_box

SIZES = [(400, 300), (120, 300)]
TERMINALS = [(80, 24), (120, 40)]


def picture(tmp_path: Path, size: tuple[int, int]) -> Path:
    path = tmp_path / f"pic-{size[0]}x{size[1]}.png"
    Image.new("RGB", size, "grey").save(path)
    return path


def test_cells_to_pixels_by_hand() -> None:
    # 400x300 on 59x22 cells: a cell is 6.78 pixels across and 13.6 down.
    assert cells_to_box((0, 0, 58, 21), (59, 22), (400, 300)) == (0, 0, 400, 300)
    assert cells_to_box((10, 5, 19, 9), (59, 22), (400, 300)) == (67, 68, 69, 69)
    assert cells_to_box((58, 21, 58, 21), (59, 22), (400, 300)) == (393, 286, 7, 14)


@pytest.mark.parametrize("image", SIZES)
@pytest.mark.parametrize("terminal", TERMINALS)
async def test_a_drag_with_the_mouse_gives_the_box_in_pixels(
    tmp_path: Path, image: tuple[int, int], terminal: tuple[int, int]
) -> None:
    app = RegionsApp(picture(tmp_path, image))
    async with app.run_test(size=terminal) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(RegionCanvas)
        cols, rows = canvas.grid
        # As large as the terminal allows: the picture fills the height or the width left
        # by the two text lines.
        assert rows == terminal[1] - 2 or cols == terminal[0]
        ox = canvas.origin[0]
        # The whole picture, corner to corner (and past it: clamped to the picture).
        await pilot.mouse_down(RegionCanvas, offset=(ox, 0))
        await pilot.hover(RegionCanvas, offset=(ox + cols + 3, rows - 1))
        await pilot.mouse_up(RegionCanvas, offset=(ox + cols + 3, rows - 1))
        assert canvas.box == (0, 0, *image)
        # The top-left quarter, dragged from its bottom-right corner up to the picture's.
        half = (cols // 2 - 1, rows // 2 - 1)
        await pilot.mouse_down(RegionCanvas, offset=(ox + half[0], half[1]))
        await pilot.hover(RegionCanvas, offset=(ox, 0))
        await pilot.mouse_up(RegionCanvas, offset=(ox, 0))
        x, y, w, h = canvas.box or (0, 0, 0, 0)
        assert (x, y) == (0, 0)
        cell_w, cell_h = image[0] / cols, image[1] / rows
        assert abs(w - image[0] / 2) <= cell_w + 1 and abs(h - image[1] / 2) <= cell_h + 1
        assert (w, h) == cells_to_box((0, 0, *half), (cols, rows), image)[2:]
        await pilot.press("enter")
    assert app.return_value == (0, 0, w, h)


@pytest.mark.parametrize("image", SIZES)
@pytest.mark.parametrize("terminal", TERMINALS)
async def test_arrow_keys_move_and_resize_the_box(
    tmp_path: Path, image: tuple[int, int], terminal: tuple[int, int]
) -> None:
    app = RegionsApp(picture(tmp_path, image))
    async with app.run_test(size=terminal) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(RegionCanvas)
        cols, rows = canvas.grid
        await pilot.press("right")  # no box yet: a centred quarter, moved one cell right
        left, top = cols // 4 + 1, rows // 4
        right, bottom = cols - cols // 4, rows - rows // 4 - 1
        assert canvas.selection == (left, top, right, bottom)
        await pilot.press("shift+left", "shift+left", "shift+up", "down", "down")
        assert canvas.selection == (left, top + 2, right - 2, bottom + 1)
        expected = cells_to_box((left, top + 2, right - 2, bottom + 1), (cols, rows), image)
        # Far right: the box stops at the picture's edge, whole.
        await pilot.press(*["right"] * (cols + 5))
        width = right - 2 - left
        assert canvas.selection == (cols - 1 - width, top + 2, cols - 1, bottom + 1)
        assert canvas.box is not None and canvas.box[0] + canvas.box[2] == image[0]
        await pilot.press(*["left"] * (cols - 1 - width - left))
        assert canvas.box == expected
        await pilot.press("enter")
    assert app.return_value == expected
    assert box_line(expected).startswith("box: [")


@pytest.mark.smoke
async def test_existing_regions_are_outlined_and_escape_cancels(tmp_path: Path) -> None:
    path = tmp_path / "black.png"
    Image.new("RGB", (200, 100), "black").save(path)
    app = RegionsApp(path, existing=((50, 25, 100, 50),))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(RegionCanvas)
        drawn = "".join(strip.text for strip in canvas._lines)
        assert drawn and len(canvas._lines) == canvas.grid[1]
        styles = {str(seg.style) for strip in canvas._lines for seg in strip}
        assert any("255,45,85" in s or "ff2d55" in s for s in styles), styles  # the outline
        await pilot.press("escape")
    assert app.return_value is None
