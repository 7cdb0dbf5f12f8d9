"""Where an image card puts its picture and how large: ``picture.fit`` and ``picture.plan``,
pinned with the bundled images' shapes at 80x24 and 120x40 (no app started)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PIL import Image

from casecards import paths
from casecards.tui.widgets.picture import (
    SIDE_MIN,
    TEXT_MIN,
    Layout,
    fit,
    half_blocks,
    plan,
)

CELL = (10, 20)  # textual-image's default, and tmux's usual answer: half-blocks are square
WHOLE_BODY = (420, 900)  # scinti-quelle-vue-1.png
THORAX = (600, 792)  # scinti-post-thorax-cote.png
SHOULDERS = (780, 532)  # scinti-ant-epaules.png
THREE_PHASES = (898, 330)  # scinti-3-phases.png
# The card area (the study screen less its header, progress, hint and footer lines and the
# card's padding), with the grade bar's two rows kept free: 80x24 and 120x40.
ROOM_80x24 = (76, 17)
ROOM_120x40 = (116, 33)


def rows(n: int) -> Callable[[int], int]:
    """The text takes ``n`` rows at any width."""
    return lambda width: n


@pytest.mark.parametrize(
    ("image", "cell", "room", "cells"),
    [
        (WHOLE_BODY, CELL, (116, 35), (33, 35)),  # as tall as the room
        (SHOULDERS, CELL, (74, 33), (74, 25)),  # as wide as the room
        (THREE_PHASES, CELL, (116, 21), (114, 21)),
        ((100, 100), (10, 10), (50, 20), (20, 20)),  # square cells
        ((100, 100), (9, 19), (50, 20), (42, 20)),  # a real font's cells
        ((100, 100), CELL, (0, 20), (0, 0)),
        ((0, 100), CELL, (50, 20), (0, 0)),
        ((4000, 10), CELL, (50, 20), (50, 1)),  # never less than a cell
    ],
)
def test_fit_keeps_the_aspect_ratio_inside_the_room(
    image: tuple[int, int], cell: tuple[int, int], room: tuple[int, int], cells: tuple[int, int]
) -> None:
    assert fit(image, cell, room) == cells


@pytest.mark.parametrize(
    ("image", "room", "layout"),
    [
        # A whole-body scan at 120x40: beside the text, the whole height (33 of 33 rows).
        (WHOLE_BODY, ROOM_120x40, Layout(True, (31, 33))),
        (THORAX, ROOM_120x40, Layout(True, (50, 33))),
        # Landscape: as wide as the text's 40 columns allow (74x25 in the box).
        (SHOULDERS, ROOM_120x40, Layout(True, (74, 33))),
        # Three views side by side: larger under the text (116x21) than beside it (74x14).
        (THREE_PHASES, ROOM_120x40, Layout(False, (116, 31))),
        # 80x24: beside the text too, so the answer shows next to the picture.
        (WHOLE_BODY, ROOM_80x24, Layout(True, (16, 17))),
        (SHOULDERS, ROOM_80x24, Layout(True, (34, 17))),
        # Below SIDE_MIN columns there is no room beside: stacked.
        (SHOULDERS, (56, 13), Layout(False, (56, 11))),
    ],
)
def test_plan_gives_the_picture_the_most_room(
    image: tuple[int, int], room: tuple[int, int], layout: Layout
) -> None:
    assert plan(image, CELL, room, rows(2)) == layout


def test_side_by_side_needs_the_text_minimum_beside_a_useful_picture() -> None:
    assert SIDE_MIN == TEXT_MIN + 2 + 20
    assert plan(WHOLE_BODY, CELL, (SIDE_MIN, 17), rows(2)).side
    assert not plan(WHOLE_BODY, CELL, (SIDE_MIN - 1, 17), rows(2)).side


def test_stacked_the_picture_makes_room_for_the_answer_but_keeps_a_share() -> None:
    asked = plan(THREE_PHASES, CELL, ROOM_120x40, rows(2))
    short = plan(THREE_PHASES, CELL, ROOM_120x40, rows(2), rows(8))
    long = plan(THREE_PHASES, CELL, ROOM_120x40, rows(2), rows(40))
    assert (asked.box, short.box, long.box) == ((116, 31), (116, 23), (116, 13))
    assert long.box[1] == round(ROOM_120x40[1] * 0.4)


@pytest.mark.parametrize("room", [ROOM_80x24, ROOM_120x40, (56, 13), (156, 45)])
def test_the_layout_does_not_change_when_the_answer_shows(room: tuple[int, int]) -> None:
    media = paths.media_beside(paths.default_decks_dir())
    for path in sorted(media.glob("*.png")):
        with Image.open(path) as image:
            size = image.size
        before = plan(size, CELL, room, rows(3))
        after = plan(size, CELL, room, rows(3), rows(12))
        assert before.side == after.side, path.name
        if before.side:
            assert before.box == after.box, path.name


def test_half_blocks_paint_two_pixels_a_cell_in_runs() -> None:
    image = Image.new("RGB", (4, 4), "white")
    image.putpixel((3, 1), (255, 0, 0))
    lines = half_blocks(image)
    assert len(lines) == 2 and all(line.cell_length == 4 for line in lines)
    first = list(lines[0])
    assert [s.text for s in first] == ["▀▀▀", "▀"]  # white over white, then white over red
    assert first[1].style is not None and first[1].style.bgcolor is not None
    assert first[1].style.bgcolor.triplet == (255, 0, 0)
    assert [s.text for s in lines[1]] == ["▀▀▀▀"]
