"""An image from the media folder, as large as the room it is given allows, keeping its
aspect ratio; a region marked on it. Decoding, scaling and drawing happen off the UI thread.

Two ways to draw, chosen once from what textual-image found the terminal can do:

* Kitty graphics or Sixel: textual-image's widget, given the picture already scaled to the
  pixels of its cells, so that it draws it sharp and resizes nothing.
* everywhere else (tmux, for one): Unicode half-blocks, two pixels a cell. textual-image's own
  half-block renderable rebuilds every cell's style on the UI thread at each paint (about
  40 ms for a 74x29-cell picture); here the lines are built once per size, on a thread, and
  painted as they are. Tests and the benchmark, which run without a terminal, take this path
  too (textual-image would draw grey shades there, which no student ever sees).

The only widget module that knows textual-image (the CLI imports it early, so that it can
ask the terminal what it draws before Textual takes the terminal over).
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image as PILImage
from PIL import ImageOps
from rich.color import Color
from rich.color_triplet import ColorTriplet
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Container
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from casecards import media
from casecards.i18n import _

Box = tuple[int, int, int, int]
Cells = tuple[int, int]
Pixels = tuple[int, int]
Drawing = Literal["blocks", "graphics"]

# -- geometry ---------------------------------------------------------------------------------

#: Side by side, the text keeps at least this many columns: a French sentence of the decks
#: wraps to six or seven words a line, and the answer's explanation stays readable.
TEXT_MIN = 40
#: Columns between the picture and the text beside it.
GAP = 2
#: A picture narrower than this beside the text is not worth it: stack instead.
PICTURE_MIN = 20
#: Side by side needs this room; at 80 columns the card has 76, so 80x24 is side by side.
SIDE_MIN = TEXT_MIN + GAP + PICTURE_MIN
#: Rows kept for the answer when weighing the stacked layout (an answer, its explanation and
#: its source run to 6-10 rows on the bundled decks).
ANSWER_ROWS = 8
#: Stacked, once the answer shows, the picture keeps at least this share of the rows.
STACKED_MIN_SHARE = 0.4


def fit(image: Pixels, cell: Pixels, room: Cells) -> Cells:
    """The largest box of cells inside ``room`` that shows ``image`` (width, height in
    pixels) with its aspect ratio, on a terminal whose cells are ``cell`` pixels."""
    (width, height), (cell_w, cell_h), (cols, rows) = image, cell, room
    if min(width, height, cols, rows) <= 0:
        return 0, 0
    # Columns the image takes at the full height of the room, then rows at that width.
    cols = max(1, min(cols, round(rows * cell_h * width / (height * cell_w))))
    rows = max(1, min(rows, round(cols * cell_w * height / (width * cell_h))))
    return cols, rows


@dataclass(frozen=True, slots=True)
class Layout:
    """Where an image card puts its picture: ``side`` (left of the text) or below the text,
    in a box of ``box`` cells; the picture is fitted inside it."""

    side: bool
    box: Cells


def plan(
    image: Pixels,
    cell: Pixels,
    room: Cells,
    question_rows: Callable[[int], int],
    answer_rows: Callable[[int], int] | None = None,
) -> Layout:
    """The layout that gives ``image`` the most room on a card of ``room`` cells.

    ``question_rows(width)`` and ``answer_rows(width)`` are the rows the text takes at a
    width (``answer_rows`` is None until the answer shows). Side by side the picture has the
    whole height and the text at least ``TEXT_MIN`` columns; stacked it has the rows the text
    leaves. The choice weighs both with ``ANSWER_ROWS`` kept for the answer, so it does not
    change when the answer shows: the picture stays where the student was looking."""
    cols, rows = room
    asked = question_rows(cols)
    stacked = fit(image, cell, (cols, rows - asked - ANSWER_ROWS))
    if cols >= SIDE_MIN:
        side = fit(image, cell, (cols - TEXT_MIN - GAP, rows))
        if side[0] * side[1] >= stacked[0] * stacked[1]:
            return Layout(True, (side[0], rows))
    free = rows - asked
    if answer_rows is not None:
        free = max(min(free, round(rows * STACKED_MIN_SHARE)), free - answer_rows(cols))
    return Layout(False, (cols, max(1, free)))


# -- what the terminal draws ------------------------------------------------------------------


def cell_pixels() -> Pixels:
    """A cell's size in pixels, as textual-image measured it before Textual started (10x20
    when the terminal does not say, as tmux often does not: half-blocks are then square)."""
    from textual_image._terminal import get_cell_size

    size = get_cell_size()
    return size.width, size.height


def drawing() -> Drawing:
    from textual_image import renderable

    if renderable.Image in (renderable.TGPImage, renderable.SixelImage):
        return "graphics"
    return "blocks"


def pixels_for(cells: Cells, how: Drawing, cell: Pixels) -> Pixels:
    """The pixels a picture of ``cells`` shows: two a cell in half-blocks, else ``cell``."""
    cols, rows = cells
    if how == "blocks":
        return cols, rows * 2
    return cols * cell[0], rows * cell[1]


_colours: dict[bytes, Color] = {}
_styles: dict[bytes, Style] = {}


def half_blocks(image: PILImage.Image) -> tuple[Strip, ...]:
    """``image`` (RGB, an even number of rows) as lines of "▀": the upper pixel the
    foreground, the lower one the background. Runs of a colour pair are one segment, and
    colours and styles are shared between pictures (thread-safe enough: a race only builds
    an equal style twice)."""
    if len(_styles) > 50_000:
        _styles.clear()
        _colours.clear()
    width, height = image.size
    data = image.tobytes()
    row = width * 3
    lines = []
    for y in range(0, height - 1, 2):
        upper, lower = data[y * row : (y + 1) * row], data[(y + 1) * row : (y + 2) * row]
        segments = []
        run, length = b"", 0
        for x in range(0, row, 3):
            pair = upper[x : x + 3] + lower[x : x + 3]
            if pair == run:
                length += 1
                continue
            if length:
                segments.append(Segment("▀" * length, _styles[run]))
            if pair not in _styles:
                _styles[pair] = Style.from_color(_colour(pair[:3]), _colour(pair[3:]))
            run, length = pair, 1
        segments.append(Segment("▀" * length, _styles[run]))
        lines.append(Strip(segments, width))
    return tuple(lines)


def _colour(rgb: bytes) -> Color:
    colour = _colours.get(rgb)
    if colour is None:
        colour = _colours[rgb] = Color.from_triplet(ColorTriplet(rgb[0], rgb[1], rgb[2]))
    return colour


# -- decoded and scaled pictures, kept for reuse ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Rendering:
    """A picture as drawn: ``cells`` on screen, ``image`` its pixels (region marked), and for
    half-blocks its ``lines``."""

    cells: Cells
    image: PILImage.Image
    lines: tuple[Strip, ...]


class _Pictures:
    """Decoded images and their renderings, least recently used dropped first. A file
    changed on disk (its size or modification time) is decoded again."""

    # A decoded bundled image is about 1.5 MB; a half-block rendering a few hundred kB, a
    # Kitty or Sixel one up to 3 MB (the pixels of a whole screen).
    SOURCES = 8
    RENDERINGS = 16

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sources: OrderedDict[Path, tuple[tuple[int, int], PILImage.Image]] = OrderedDict()
        self._renderings: OrderedDict[tuple[object, ...], Rendering] = OrderedDict()
        self.sizes: dict[Path, Pixels] = {}

    def source(self, path: Path) -> tuple[tuple[int, int], PILImage.Image]:
        stat = os.stat(path)
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            kept = self._sources.get(path)
            if kept is not None and kept[0] == stamp:
                self._sources.move_to_end(path)
                return kept
        with PILImage.open(path) as opened:
            image = opened.convert("RGB")
        with self._lock:
            self._sources[path] = (stamp, image)
            self.sizes[path] = image.size
            while len(self._sources) > self.SOURCES:
                self._sources.popitem(last=False)
        return stamp, image

    def render(
        self, path: Path, box: Box | None, cells: Cells, how: Drawing, cell: Pixels
    ) -> Rendering:
        stamp, source = self.source(path)
        key = (path, stamp, box, cells, how, cell)
        with self._lock:
            kept = self._renderings.get(key)
            if kept is not None:
                self._renderings.move_to_end(key)
                return kept
        image = media.region_view(source, pixels_for(cells, how, cell), box)
        # 32 levels a channel in half-blocks: no visible loss (a 256-colour terminal such as
        # tmux shows fewer), and far fewer distinct styles: Textual converts each one at
        # every paint, through a cache of 1,024.
        lines = half_blocks(ImageOps.posterize(image, 5)) if how == "blocks" else ()
        rendering = Rendering(cells, image, lines)
        with self._lock:
            self._renderings[key] = rendering
            while len(self._renderings) > self.RENDERINGS:
                self._renderings.popitem(last=False)
        return rendering


PICTURES = _Pictures()


# -- widgets ----------------------------------------------------------------------------------


class _Blocks(Widget):
    """Half-block lines, painted as they are: blank while those of its size are drawn. It
    takes its size as soon as that is known, so the lines arriving change no layout."""

    def __init__(self) -> None:
        super().__init__(classes="picture")
        self.lines: tuple[Strip, ...] = ()

    def expect(self, cells: Cells) -> None:
        self.styles.width, self.styles.height = cells

    def show(self, rendering: Rendering) -> None:
        self.lines = rendering.lines
        self.expect(rendering.cells)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        lines = self.lines
        if len(lines) == height and y < height and lines[y].cell_length == width:
            return lines[y]
        return Strip.blank(width)  # the lines of another size: those of this one are coming


class Picture(Container):
    """``path``, with ``box`` marked, fitted inside this widget's own size (which the parent
    sets, and may announce with ``fit_in``) and aligned by its CSS; blank or a placeholder
    until the first rendering arrives.

    ``image_size`` is known at once for an image seen before; otherwise ``Picture.Loaded`` is
    posted when it is, for a parent that lays out around it."""

    DEFAULT_CSS = """
    Picture { align: center top; }
    Picture > .picture-wait { color: $text-muted; width: auto; }
    """

    class Loaded(Message):
        """The image's size in pixels is known (``Picture.image_size``)."""

        def __init__(self, picture: Picture) -> None:
            super().__init__()
            self.picture = picture

        @property
        def control(self) -> Picture:
            return self.picture

    def __init__(self, path: Path, box: Box | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.path = path
        self.box = box
        #: How the terminal draws pictures, and its cells' size in pixels.
        self.how = drawing()
        self.cell = cell_pixels()
        #: Width and height in pixels, once known (at once when seen before).
        self.image_size: Pixels | None = PICTURES.sizes.get(path)
        #: What is on screen now, and when it was painted (``time.perf_counter``).
        self.shown: Rendering | None = None
        self.painted_at = 0.0
        self._wanted: Cells | None = None

    def compose(self) -> ComposeResult:
        if self.how == "blocks":
            yield _Blocks()  # mounted now, so that showing the picture mounts nothing
        else:
            yield Static(Text(_("Loading image…")), classes="picture-wait")

    def on_mount(self) -> None:
        if self.image_size is None:
            self._load()

    def on_resize(self) -> None:
        self._want(self.wanted)

    def fit_in(self, box: Cells) -> None:
        """The parent has just given this widget ``box`` cells: start drawing for it now,
        rather than after the layout that applies it."""
        if self.image_size is not None:
            self._want(self._fitted(box))

    @property
    def wanted(self) -> Cells | None:
        """The cells the picture takes in this widget's size; None until that is known."""
        if self.image_size is None:
            return None
        return self._fitted((self.size.width, self.size.height))

    def _fitted(self, box: Cells) -> Cells | None:
        assert self.image_size is not None
        cells = fit(self.image_size, self.cell, box)
        return cells if cells[0] and cells[1] else None

    def _want(self, cells: Cells | None) -> None:
        if cells is None or cells == self._wanted:
            return
        self._wanted = cells
        if self.how == "blocks":
            self.query_one(_Blocks).expect(cells)
        self._draw(cells)

    @work(thread=True, group="picture-load")
    def _load(self) -> None:
        try:
            _, image = PICTURES.source(self.path)
        except OSError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._loaded, image.size)

    def _loaded(self, size: Pixels) -> None:
        self.image_size = size
        self._wanted = None
        self.post_message(self.Loaded(self))
        self._want(self.wanted)

    @work(thread=True, group="picture-render")
    def _draw(self, cells: Cells) -> None:
        try:
            size = PICTURES.source(self.path)[1].size
            if size != self.image_size:  # the file changed since its size was noted
                self.app.call_from_thread(self._loaded, size)
                return
            rendering = PICTURES.render(self.path, self.box, cells, self.how, self.cell)
        except OSError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._show, rendering)

    def _show(self, rendering: Rendering) -> None:
        if rendering.cells != self._wanted:
            return  # the room changed meanwhile: a newer rendering is on its way
        first = self.shown is None
        self.shown = rendering
        if self.how == "blocks":
            self.query_one(_Blocks).show(rendering)
        else:
            from textual_image.widget import Image as TerminalImage

            if first:
                self.query(".picture-wait").remove()
                self.mount(TerminalImage(classes="picture"))
            drawn = self.query_one(".picture", TerminalImage)
            drawn.styles.width, drawn.styles.height = rendering.cells
            drawn.image = rendering.image
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.painted_at = time.perf_counter()

    def _failed(self, reason: str) -> None:
        self.query(".picture-wait, .picture").remove()
        self.mount(
            Static(
                Text(_("Cannot show the image: {reason}").format(reason=reason)), classes="error"
            )
        )
