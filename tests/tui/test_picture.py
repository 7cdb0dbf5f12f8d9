"""Image cards through Pilot: the picture takes the room the card leaves (beside the text or
below it), the answer shows without scrolling by hand, a region is marked where the question
says, the picture follows resizes, and full screen says how to close it. Snapshots at 80x24
and 120x40 of an image card before and after the reveal, and of a region card."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageColor, ImageDraw
from textual.pilot import Pilot
from textual.widget import Widget

from casecards import media
from casecards.library import Library
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.picture import PictureScreen
from casecards.tui.screens.study import Phase, StudyScreen
from casecards.tui.widgets.cardviews import ImageView
from casecards.tui.widgets.picture import Picture

MakeApp = Callable[..., CasecardsApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
OUTLINE = ImageColor.getrgb(media.OUTLINE)

DECK = """\
deck: {id: imagerie, name: "Imagerie", lang: fr}
notes:
  - id: corps
    type: image
    source: "schéma 1"
    image: corps.png
    prompt: "Scintigraphie corps entier : vue antérieure ou postérieure ?"
    answer: "Postérieure : rachis net, reins visibles."
    explanation: "Pas de sternum visible."
    regions:
      - {id: rein, box: [190, 330, 50, 70], prompt: "Quelle structure est encadrée ?",
         answer: "Le rein gauche."}
  - id: phases
    type: image
    source: "schéma 2, trois temps d'une scintigraphie du bassin"
    image: phases.png
    prompt: "Nommez les trois temps de cette scintigraphie, et dites ce que montre le troisième."
    answer: "Vasculaire, tissulaire précoce, osseux tardif ; au troisième, la hanche gauche fixe davantage que la droite, signe d'une ostéoporose transitoire."
    explanation: "Les trois temps sont une notion générale ; ce schéma n'est pas celui du patient, il en montre seulement l'aspect typique. Au premier temps, l'afflux sanguin ; au deuxième, le secteur tissulaire ; au troisième, la fixation osseuse, seule à persister."
"""


def body(path: Path) -> None:
    """A whole-body schematic, 300x640: head, spine, ribs, kidneys, pelvis, legs."""
    image = Image.new("RGB", (300, 640), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((115, 10, 185, 90), fill=(90, 90, 90))
    draw.rectangle((142, 90, 158, 420), fill=(40, 40, 40))
    for y in range(120, 300, 22):
        draw.arc((70, y - 30, 230, y + 30), 20, 160, fill=(120, 120, 120), width=5)
    draw.ellipse((195, 335, 235, 395), fill=(150, 150, 150))
    draw.ellipse((65, 335, 105, 395), fill=(150, 150, 150))
    draw.polygon([(80, 420), (220, 420), (200, 470), (100, 470)], fill=(70, 70, 70))
    draw.rectangle((105, 470, 125, 630), fill=(100, 100, 100))
    draw.rectangle((175, 470, 195, 630), fill=(100, 100, 100))
    image.save(path)


def phases(path: Path) -> None:
    """Three pelvis views side by side, 900x330."""
    image = Image.new("RGB", (900, 330), (20, 20, 20))
    draw = ImageDraw.Draw(image)
    for n in range(3):
        x = 20 + n * 300
        draw.rectangle((x, 20, x + 260, 310), outline=(200, 200, 200), width=3)
        draw.ellipse((x + 40, 120, x + 110, 190), fill=(90 + 50 * n, 90, 90))
        draw.ellipse((x + 150, 120, x + 220, 190), fill=(200, 200, 60 * n))
    image.save(path)


@pytest.fixture
def pictures(tmp_path: Path) -> Library:
    decks, images = tmp_path / "picture-decks", tmp_path / "picture-media"
    decks.mkdir()
    images.mkdir()
    (decks / "imagerie.yaml").write_text(DECK, encoding="utf-8")
    body(images / "corps.png")
    phases(images / "phases.png")
    return Library.load(decks, images)


def study(app: CasecardsApp) -> StudyScreen:
    screen = app.screen
    assert isinstance(screen, StudyScreen), screen
    return screen


def view(app: CasecardsApp) -> ImageView:
    shown = study(app).view
    assert isinstance(shown, ImageView), shown
    return shown


def fully_on_screen(app: CasecardsApp, widget: Widget) -> bool:
    """``widget`` is painted whole: nothing of it scrolled away or cut off."""
    geometry = app.screen.find_widget(widget)
    return geometry.visible_region == geometry.region and geometry.region.area > 0


async def test_a_tall_scan_fills_the_height_beside_the_text_at_120x40(
    make_app: MakeApp, pictures: Library, settle: Settle
) -> None:
    app = make_app(lib=pictures, deck_ids=["imagerie"], at="imagerie/corps/main")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        card = view(app)
        picture = card.query_one(Picture)
        assert card.has_class("-side")
        assert picture.shown is not None
        cols, rows = picture.shown.cells
        # The card area has 35 rows, three of them kept for the grade bar (a rule, the keys,
        # their intervals): 32 rows of picture (the fixed 14 rows it had before), at its
        # aspect ratio: 300x640 in 10x20 cells.
        assert rows == 32 and cols == round(rows * 20 * 300 / (640 * 10))
        assert picture.shown.image.size == (cols, rows * 2)  # half-blocks: 2 pixels a cell
        question = card.query_one(".question")
        assert question.region.x >= picture.region.right + 2  # the text beside it
        assert fully_on_screen(app, picture) and fully_on_screen(app, question)
        assert picture.painted_at > 0  # painted: with the card or just after, by load


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_after_the_reveal_the_answer_and_the_picture_are_on_screen(
    make_app: MakeApp, pictures: Library, settle: Settle, size: tuple[int, int]
) -> None:
    app = make_app(lib=pictures, deck_ids=["imagerie"], at="imagerie/corps/main")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        card = view(app)
        picture = card.query_one(Picture)
        before = picture.shown
        await pilot.press("space")
        await settle(pilot)
        assert study(app).phase is Phase.ANSWER
        for part in card.query("#answer > *"):
            assert fully_on_screen(app, part), part
        assert fully_on_screen(app, picture)
        assert picture.shown == before  # the grade bar's rows were kept: nothing moved


async def test_a_wide_picture_goes_under_the_text_and_makes_room_for_the_answer(
    make_app: MakeApp, pictures: Library, settle: Settle
) -> None:
    app = make_app(lib=pictures, deck_ids=["imagerie"], at="imagerie/phases/main")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        card = view(app)
        picture = card.query_one(Picture)
        assert card.has_class("-stacked")
        assert picture.shown is not None
        asked, room = picture.shown.cells, picture.region.height
        assert asked[0] == 116  # the whole width of the card
        await pilot.press("space")
        await settle(pilot)
        assert picture.region.height < room  # its box leaves the answer its rows
        assert picture.shown.cells[1] <= picture.region.height
        for part in card.query("#answer > *"):
            assert fully_on_screen(app, part), part
        assert fully_on_screen(app, picture)
        assert card.query_one(".question").region.bottom <= picture.region.y


async def test_a_long_answer_at_80x24_is_scrolled_into_view_and_pages_beside_the_picture(
    make_app: MakeApp, pictures: Library, settle: Settle
) -> None:
    app = make_app(lib=pictures, deck_ids=["imagerie"], at="imagerie/phases/main")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        card = view(app)
        answer = card.query_one(".answer-text")
        assert fully_on_screen(app, answer)
        picture = card.query_one(Picture)
        assert fully_on_screen(app, picture)
        # The text is longer than the card: scrolled to the answer, and PageUp/PageDown
        # move the text alone, beside the picture.
        assert card.has_class("-side") and card.scroll_y > 0
        at = card.scroll_y
        await pilot.press("pageup")
        await settle(pilot)
        assert card.scroll_y < at and fully_on_screen(app, picture)
        await pilot.press("pagedown")
        await settle(pilot)
        assert card.scroll_y > 0 and fully_on_screen(app, picture)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_region_is_marked_where_the_question_says(
    make_app: MakeApp, pictures: Library, settle: Settle, size: tuple[int, int]
) -> None:
    app = make_app(lib=pictures, deck_ids=["imagerie"], at="imagerie/corps/region-rein")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        card = view(app)
        assert "encadrée" in str(card.query_one(".question").render())
        picture = card.query_one(Picture)
        face = card.face
        assert picture.box == face.region.box  # type: ignore[union-attr]
        shown = picture.shown
        assert shown is not None
        left, top, right, bottom = media.scaled_box(
            (190, 330, 50, 70), (300, 640), shown.image.size
        )
        middle = (top + bottom) // 2
        # A frame two pixels thick around the box (a cell wide, a cell tall) ...
        for x in (left - 1, left - 2, right + 1, right + 2):
            assert shown.image.getpixel((x, middle)) == OUTLINE
        # ... and the rest of the picture dimmed: its white background is grey.
        assert shown.image.getpixel((2, 2)) == (115, 115, 115)


async def test_the_picture_follows_the_terminal_when_it_is_resized(
    make_app: MakeApp, pictures: Library, settle: Settle
) -> None:
    app = make_app(lib=pictures, deck_ids=["imagerie"], at="imagerie/corps/main")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        picture = view(app).query_one(Picture)
        assert picture.shown is not None
        large = picture.shown.cells
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        small = picture.shown.cells
        assert small[1] < large[1] and small[1] == 16
        assert fully_on_screen(app, picture)
        await pilot.resize_terminal(60, 18)  # narrower than side by side allows
        await settle(pilot)
        assert view(app).has_class("-stacked")
        assert fully_on_screen(app, picture)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert picture.shown.cells == large


@pytest.mark.parametrize("close", ["escape", "f", "q"])
async def test_full_screen_uses_the_whole_screen_and_says_how_to_close_it(
    make_app: MakeApp, pictures: Library, settle: Settle, close: str
) -> None:
    app = make_app(lib=pictures, deck_ids=["imagerie"], at="imagerie/corps/region-rein")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = study(app)
        await pilot.press("f")
        await settle(pilot)
        full = app.screen
        assert isinstance(full, PictureScreen)
        assert "Esc, f or q: close" in str(full.query_one("#fullscreen-hint").render())
        picture = full.query_one(Picture)
        assert picture.box == (190, 330, 50, 70)
        assert picture.shown is not None
        assert picture.region.height == 23  # every row but the hint's
        assert picture.shown.cells[1] == 23  # as tall as that (the picture is tall)
        await pilot.press(close)
        await settle(pilot)
        assert app.screen is screen


SNAPSHOTS = {
    "image-question": ("corps/main", []),
    "image-answer": ("corps/main", ["space"]),
    "region-question": ("corps/region-rein", []),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SNAPSHOTS))
def test_snapshot(
    snap_compare: Any,
    make_app: MakeApp,
    pictures: Library,
    settle: Settle,
    name: str,
    size: tuple[int, int],
) -> None:
    at, keys = SNAPSHOTS[name]
    app = make_app(lib=pictures, deck_ids=["imagerie"], at=f"imagerie/{at}")

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_kitty_or_sixel_get_the_picture_scaled_to_the_pixels_of_its_cells(
    make_app: MakeApp, pictures: Library, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the terminal draws pixels, textual-image's widget gets the picture already
    scaled to its cells' pixels (so it resizes nothing) and the cells to fill."""
    from textual_image.widget import Image as TerminalImage

    from casecards.tui.widgets import picture as module

    monkeypatch.setattr(module, "drawing", lambda: "graphics")
    monkeypatch.setattr(module, "cell_pixels", lambda: (9, 18))
    app = make_app(lib=pictures, deck_ids=["imagerie"], at="imagerie/corps/region-rein")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        picture = view(app).query_one(Picture)
        assert picture.shown is not None
        cols, rows = picture.shown.cells
        assert rows == 32 and picture.shown.image.size == (cols * 9, rows * 18)
        assert picture.shown.lines == ()
        drawn = picture.query_one(TerminalImage)
        assert drawn.image is picture.shown.image
        assert (drawn.size.width, drawn.size.height) == (cols, rows)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert picture.query_one(TerminalImage).image is picture.shown.image
        assert picture.shown.cells[1] == 16
