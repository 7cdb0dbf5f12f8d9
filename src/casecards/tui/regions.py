"""Draw a region on a picture: the picture as large as the terminal allows, a box dragged with
the mouse or moved with the arrow keys (shift+arrows resize it), the note's existing regions
outlined; Enter gives the box in the image's own pixels, ready to paste as ``box: [x, y, w, h]``.

The box is kept in cells (what the mouse and the keys can point at) and turned into pixels
once: a cell covers ``width / cols`` pixels across and ``height / rows`` down, and a box of
cells covers every pixel any of its cells shows (``cells_to_box``).

An authoring tool, not a screen of the trainer: it lives beside the preview, out of the
trainer's Help, and says its keys on its own hint line.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from casecards import media
from casecards.i18n import _
from casecards.tui.screens.base import translated_bindings
from casecards.tui.widgets import picture as pictures

Box = tuple[int, int, int, int]
#: A box of cells: left, top, right, bottom (inclusive).
CellBox = tuple[int, int, int, int]
SELECTION = "#ffd60a"


def cells_to_box(cells: CellBox, grid: tuple[int, int], image: tuple[int, int]) -> Box:
    """The pixels of ``image`` (width, height) that the cells of ``cells`` show, on a picture
    drawn on ``grid`` (cols, rows) cells: [x, y, width, height]."""
    (left, top, right, bottom), (cols, rows), (width, height) = cells, grid, image
    x = math.floor(left * width / cols)
    y = math.floor(top * height / rows)
    x2 = min(width, math.ceil((right + 1) * width / cols))
    y2 = min(height, math.ceil((bottom + 1) * height / rows))
    return x, y, x2 - x, y2 - y


def box_to_cells(box: Box, grid: tuple[int, int], image: tuple[int, int]) -> CellBox:
    """The cells that show ``box`` (the other way, for an existing region)."""
    (x, y, w, h), (cols, rows), (width, height) = box, grid, image
    left = min(cols - 1, x * cols // width)
    top = min(rows - 1, y * rows // height)
    right = max(left, min(cols - 1, math.ceil((x + w) * cols / width) - 1))
    bottom = max(top, min(rows - 1, math.ceil((y + h) * rows / height) - 1))
    return left, top, right, bottom


class RegionCanvas(Widget, can_focus=True):
    """The picture fitted in this widget, the ``existing`` regions outlined and the box being
    drawn in yellow. Posts ``RegionCanvas.Changed`` whenever the box changes."""

    BINDINGS = [
        Binding("left", "move(-1, 0)", "Move", show=False),
        Binding("right", "move(1, 0)", "Move", show=False),
        Binding("up", "move(0, -1)", "Move", show=False),
        Binding("down", "move(0, 1)", "Move", show=False),
        Binding("shift+left", "resize(-1, 0)", "Resize", show=False),
        Binding("shift+right", "resize(1, 0)", "Resize", show=False),
        Binding("shift+up", "resize(0, -1)", "Resize", show=False),
        Binding("shift+down", "resize(0, 1)", "Resize", show=False),
    ]

    class Changed(Message):
        def __init__(self, box: Box | None) -> None:
            super().__init__()
            self.box = box

    def __init__(self, path: Path, existing: tuple[Box, ...] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.path = path
        self.existing = existing
        self.how = pictures.drawing()
        self.cell = pictures.cell_pixels()
        _, self.source = pictures.PICTURES.source(path)
        #: Cells the picture takes (cols, rows) and where it starts in this widget.
        self.grid: tuple[int, int] = (0, 0)
        self.origin = (0, 0)
        self.selection: CellBox | None = None
        self._anchor: tuple[int, int] | None = None
        self._scaled: tuple[tuple[int, int], PILImage.Image] | None = None
        self._lines: tuple[Strip, ...] = ()

    @property
    def image_size(self) -> tuple[int, int]:
        return self.source.size

    @property
    def box(self) -> Box | None:
        """The box drawn, in the image's pixels."""
        if self.selection is None or not self.grid[0]:
            return None
        return cells_to_box(self.selection, self.grid, self.image_size)

    def on_resize(self) -> None:
        box = self.box
        self.grid = pictures.fit(self.image_size, self.cell, (self.size.width, self.size.height))
        self.origin = ((self.size.width - self.grid[0]) // 2, 0)
        if box is not None and self.grid[0]:
            self.selection = box_to_cells(box, self.grid, self.image_size)
        self._draw()

    # -- drawing ------------------------------------------------------------------------------

    def _draw(self) -> None:
        cols, rows = self.grid
        if not cols or not rows:
            return
        size = pictures.pixels_for(self.grid, self.how, self.cell)
        if self._scaled is None or self._scaled[0] != size:
            scaled = self.source.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=2.0)
            self._scaled = (size, scaled)
        image = self._scaled[1].copy()
        draw = ImageDraw.Draw(image)
        for region in self.existing:
            draw.rectangle(media.scaled_box(region, self.image_size, size), outline=media.OUTLINE)
        if self.selection is not None:
            left, top, right, bottom = self.selection
            across, down = size[0] / cols, size[1] / rows
            corners = (
                round(left * across),
                round(top * down),
                round((right + 1) * across) - 1,
                round((bottom + 1) * down) - 1,
            )
            draw.rectangle(corners, outline=SELECTION, width=max(1, round(across / 4)))
        if self.how == "blocks":
            self._lines = pictures.half_blocks(image)
        else:
            self._show_graphics(image)
        self.refresh()

    def _show_graphics(self, image: PILImage.Image) -> None:
        from textual_image.widget import Image as TerminalImage

        shown = self.query(TerminalImage)
        drawn = shown.first() if shown else None
        if drawn is None:
            drawn = TerminalImage()
            self.mount(drawn)
        drawn.styles.width, drawn.styles.height = self.grid
        drawn.styles.offset = self.origin
        drawn.image = image

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self.how != "blocks" or y >= len(self._lines):
            return Strip.blank(width)
        left = Strip.blank(self.origin[0])
        line = self._lines[y]
        right = Strip.blank(max(0, width - self.origin[0] - line.cell_length))
        return Strip.join([left, line, right])

    # -- the box ------------------------------------------------------------------------------

    def _set(self, selection: CellBox | None) -> None:
        self.selection = selection
        self._draw()
        self.post_message(self.Changed(self.box))

    def _cell_at(self, x: int, y: int) -> tuple[int, int]:
        cols, rows = self.grid
        return (
            max(0, min(cols - 1, x - self.origin[0])),
            max(0, min(rows - 1, y - self.origin[1])),
        )

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if not self.grid[0]:
            return
        self._anchor = self._cell_at(event.x, event.y)
        self.capture_mouse()
        self._set((*self._anchor, *self._anchor))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._drag_to(event.x, event.y)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._anchor is not None:
            self._drag_to(event.x, event.y)
            self._anchor = None
            self.release_mouse()

    def _drag_to(self, x: int, y: int) -> None:
        if self._anchor is None:
            return
        (ax, ay), (cx, cy) = self._anchor, self._cell_at(x, y)
        self._set((min(ax, cx), min(ay, cy), max(ax, cx), max(ay, cy)))

    def _start(self) -> CellBox:
        """A box to move with the keys before any was drawn: a quarter of the picture,
        centred."""
        cols, rows = self.grid
        left, top = cols // 4, rows // 4
        return left, top, max(left, cols - cols // 4 - 1), max(top, rows - rows // 4 - 1)

    def action_move(self, dx: int, dy: int) -> None:
        if not self.grid[0]:
            return
        left, top, right, bottom = self.selection or self._start()
        cols, rows = self.grid
        dx = max(-left, min(dx, cols - 1 - right))
        dy = max(-top, min(dy, rows - 1 - bottom))
        self._set((left + dx, top + dy, right + dx, bottom + dy))

    def action_resize(self, dx: int, dy: int) -> None:
        if not self.grid[0]:
            return
        left, top, right, bottom = self.selection or self._start()
        cols, rows = self.grid
        right = max(left, min(cols - 1, right + dx))
        bottom = max(top, min(rows - 1, bottom + dy))
        self._set((left, top, right, bottom))


def box_line(box: Box) -> str:
    """The YAML to paste into a region."""
    return f"box: [{', '.join(map(str, box))}]"


class RegionsScreen(Screen[Box | None]):
    """The picker: dismissed with the box in pixels (Enter), or None (Esc)."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated_bindings(super().active_bindings)

    BINDINGS = [
        Binding("enter", "done", "Print the box"),
        Binding("escape,q", "cancel", "Cancel"),
    ]
    DEFAULT_CSS = """
    RegionsScreen RegionCanvas { height: 1fr; width: 1fr; }
    RegionsScreen #regions-hint { height: 1; color: $text-muted; }
    RegionsScreen #regions-box { height: 1; text-style: bold; }
    """

    def __init__(self, path: Path, existing: tuple[Box, ...] = ()) -> None:
        super().__init__()
        self.path = path
        self.existing = existing

    def compose(self) -> ComposeResult:
        canvas = RegionCanvas(self.path, self.existing, id="regions-canvas")
        yield canvas
        width, height = canvas.image_size
        outlined = _(" · existing regions outlined in red") if self.existing else ""
        size = _("{file}: {width}x{height} pixels{outlined}").format(
            file=self.path.name, width=width, height=height, outlined=outlined
        )
        yield Static(Text(size), id="regions-box")
        yield Static(
            Text(
                _("drag, or arrows move · shift+arrows resize · Enter: print the box · Esc: cancel")
            ),
            id="regions-hint",
        )

    def on_mount(self) -> None:
        self.query_one(RegionCanvas).focus()

    def on_region_canvas_changed(self, message: RegionCanvas.Changed) -> None:
        if message.box is not None:
            self.query_one("#regions-box", Static).update(Text(box_line(message.box)))

    def action_done(self) -> None:
        self.dismiss(self.query_one(RegionCanvas).box)

    def action_cancel(self) -> None:
        self.dismiss(None)


class RegionsApp(App[Box | None]):
    """``casecards regions IMAGE``: the picker alone; its result is the app's."""

    TITLE = "casecards regions"

    def __init__(self, path: Path, existing: tuple[Box, ...] = ()) -> None:
        super().__init__()
        self.path = path
        self.existing = existing

    def on_mount(self) -> None:
        self.push_screen(RegionsScreen(self.path, self.existing), callback=self.exit)
