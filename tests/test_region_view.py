"""A region as the trainer marks it (``media.region_view``): drawn after scaling, so it keeps
its thickness in a picture of a few dozen pixels; the Anki export keeps ``outline_region``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageColor

from casecards import media

OUTLINE = ImageColor.getrgb(media.OUTLINE)
WHITE = (255, 255, 255)
DIMMED = (115, 115, 115)  # white at 45 %
BLACK = (0, 0, 0)


@pytest.fixture
def white() -> Image.Image:
    return Image.new("RGB", (600, 400), "white")


def test_scaled_box_corners_and_never_empty() -> None:
    assert media.scaled_box((100, 100, 200, 100), (600, 400), (60, 40)) == (10, 10, 29, 19)
    # 3 pixels of 600 shown in 60: still one pixel, where the region is.
    assert media.scaled_box((300, 200, 3, 3), (600, 400), (60, 40)) == (30, 20, 30, 20)
    # At the picture's edge: inside the picture.
    assert media.scaled_box((590, 390, 10, 10), (600, 400), (60, 40)) == (59, 39, 59, 39)


def test_the_region_is_kept_the_rest_dimmed_and_a_frame_drawn_around_it(
    white: Image.Image,
) -> None:
    shown = media.region_view(white, (60, 40), (100, 100, 200, 100))
    assert shown.size == (60, 40)
    left, top, right, bottom = 10, 10, 29, 19
    # Inside, untouched: the frame is around the region, not over it.
    assert {shown.getpixel((x, y)) for x in range(left, right + 1) for y in (top, bottom)} == {
        WHITE
    }
    # Two pixels of outline colour all round (a cell wide, a cell tall in half-blocks) ...
    for step in (1, 2):
        assert shown.getpixel((left - step, 15)) == OUTLINE
        assert shown.getpixel((right + step, 15)) == OUTLINE
        assert shown.getpixel((20, top - step)) == OUTLINE
        assert shown.getpixel((20, bottom + step)) == OUTLINE
    # ... a dark rim outside it, and the rest of the picture dimmed.
    assert shown.getpixel((left - 3, 15)) == BLACK
    assert shown.getpixel((left - 4, 15)) == DIMMED
    assert shown.getpixel((50, 35)) == DIMMED


def test_a_region_smaller_than_a_pixel_is_still_marked(white: Image.Image) -> None:
    shown = media.region_view(white, (60, 40), (300, 200, 3, 3))
    assert shown.getpixel((30, 20)) == WHITE
    assert {shown.getpixel(p) for p in [(28, 20), (29, 20), (31, 20), (32, 20)]} == {OUTLINE}


def test_the_frame_thickens_with_the_pixels_shown(white: Image.Image) -> None:
    # Kitty or Sixel show hundreds of pixels: a 2-pixel line would be a hairline there.
    shown = media.region_view(white, (600, 400), (100, 100, 200, 100))
    line = [shown.getpixel((100 - step, 150)) for step in range(1, 7)]
    assert line == [OUTLINE] * 4 + [BLACK, DIMMED]


def test_a_whole_image_card_is_only_scaled(white: Image.Image) -> None:
    shown = media.region_view(white, (60, 40), None)
    assert shown.size == (60, 40) and shown.getcolors() == [(2400, WHITE)]


def test_the_anki_export_keeps_its_own_outline(tmp_path: Path, white: Image.Image) -> None:
    """Anki shows the full picture, where the thin outline is plain: its pixels (and so the
    hashed media names of region cards) do not follow the trainer's marking."""
    white.save(tmp_path / "scan.png")
    outlined = media.outline_region(tmp_path / "scan.png", (100, 100, 200, 100))
    assert outlined.getpixel((100, 150)) == OUTLINE  # on the box's edge, 4 pixels wide
    assert outlined.getpixel((104, 150)) == WHITE
    assert outlined.getpixel((50, 50)) == WHITE  # nothing dimmed
