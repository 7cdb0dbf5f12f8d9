"""The committed schematics in media/ are exactly what scripts/make_media.py draws, and the
decks only point at images (and regions) that exist."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "media"
DECKS = ROOT / "decks"
SCRIPT = ROOT / "scripts" / "make_media.py"


@pytest.fixture(scope="module")
def make_media() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_media", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_media"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop("make_media", None)
    return module


def image_notes() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(DECKS.glob("*.yaml")):
        deck = yaml.safe_load(path.read_text(encoding="utf-8"))
        for note in deck["notes"]:
            if note["type"] == "image":
                yield path.name, note


def pixels(path: Path) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(path) as image:
        return image.mode, image.size, image.tobytes()


def test_the_script_draws_the_committed_set_of_files(make_media: ModuleType) -> None:
    # make_media.build writes exactly one file per entry of IMAGES.
    assert set(make_media.IMAGES) == {p.name for p in MEDIA.glob("*.png")}


@pytest.mark.slow  # up to 5 s of drawing each: one test per image, so workers share them
@pytest.mark.parametrize("name", sorted(p.name for p in MEDIA.glob("*.png")))
def test_the_committed_image_has_the_pixels_the_script_draws(
    make_media: ModuleType, name: str
) -> None:
    drawn = make_media.IMAGES[name]()  # what build() saves, losslessly, as PNG
    assert (drawn.mode, drawn.size, drawn.tobytes()) == pixels(MEDIA / name), (
        f"re-run scripts/make_media.py and commit media/: {name} differs"
    )


def test_drawing_twice_gives_the_same_pixels(make_media: ModuleType) -> None:
    draw = make_media.IMAGES["scinti-quelle-vue-1.png"]
    assert draw().tobytes() == draw().tobytes()


def test_images_are_sized_for_terminal_and_anki() -> None:
    for path in sorted(MEDIA.glob("*.png")):
        with Image.open(path) as image:
            assert 600 <= max(image.size) <= 950, (path.name, image.size)


def test_every_deck_image_exists() -> None:
    missing = [
        (deck, note["id"], note["image"])
        for deck, note in image_notes()
        if not (MEDIA / note["image"]).is_file()
    ]
    assert not missing


def test_every_drawn_image_is_used_by_a_deck(make_media: ModuleType) -> None:
    used = {note["image"] for _, note in image_notes()}
    assert set(make_media.IMAGES) - used == set()


def test_deck_regions_are_the_script_regions_and_lie_inside_the_image(
    make_media: ModuleType,
) -> None:
    for deck, note in image_notes():
        known = make_media.REGIONS.get(note["image"], {})
        with Image.open(MEDIA / note["image"]) as image:
            width, height = image.size
        for region in note.get("regions", []):
            where = f"{deck}: note {note['id']}, region {region['id']}"
            assert region["id"] in known, f"{where} is not in make_media.REGIONS"
            assert tuple(region["box"]) == known[region["id"]], where
            x, y, w, h = region["box"]
            assert x >= 0 and y >= 0 and w > 0 and h > 0, where
            assert x + w <= width and y + h <= height, where


# --------------------------------------------------------------------------- what they show


def luminance(name: str, xy: tuple[float, float], half: int = 3) -> float:
    """Mean grey level of the committed image ``name`` in a small square around ``xy``."""
    x, y = round(xy[0]), round(xy[1])
    with Image.open(MEDIA / name) as image:
        patch = image.convert("L").crop((x - half, y - half, x + half + 1, y + half + 1))
        values = list(patch.tobytes())
    return sum(values) / len(values)


def test_text_is_drawn_with_a_packaged_font_that_has_french_glyphs(
    make_media: ModuleType,
) -> None:
    """Content review m33: no hand-drawn accents; the font comes from a package."""
    import ttf_opensans

    font = make_media.font(20)
    assert Path(font.path) == ttf_opensans.opensans().path
    missing = "\ue000"  # a private-use code point: the font's « no glyph » box
    for glyph in "éèêàâçôûœÉ«»—’":
        assert font.getmask(glyph).getbbox() is not None, glyph
        assert bytes(font.getmask(glyph)) != bytes(font.getmask(missing)), glyph


def test_ankle_mri_calcaneus_is_already_oedematous_on_the_first_exam(
    make_media: ModuleType,
) -> None:
    """Content review M-1: the calcaneus is among the first fractures (L98-100); only its
    anterior part is new at follow-up (L106-110, inventory C6)."""
    name = "irm-cheville-avant-apres.png"
    top = 40  # panels sit under a 40-pixel title strip
    second = make_media.ANKLE_PANEL[0] + make_media.ANKLE_GAP

    def at(part: str, x0: float) -> float:
        cx, cy, _, _ = make_media.CALCANEUS_PARTS[part]
        px, py = make_media._ankle_t((cx, cy))
        return luminance(name, (x0 + px, top + py))

    assert at("posterieur", 0) > 180  # first exam: oedema in the body of the calcaneus
    assert at("anterieur", 0) < 90  # ... its anterior part still normal
    assert at("anterieur", second) > 180  # follow-up: new marked anterior oedema
    assert 90 < at("posterieur", second) < at("posterieur", 0)  # partial regression


def test_foot_schematic_tells_the_course_list_from_the_patient(make_media: ModuleType) -> None:
    """Content review M-2: the course's « les plus touchés » (L330-334) and the patient's
    insufficiency fractures (L98-100, calcaneus included) are two different markings."""
    assert set(make_media.FOOT_DP_COURSE) == {
        "talus",
        "navicular",
        "cuboid",
        "cuneiform1",
        "cuneiform2",
        "cuneiform3",
    }
    assert set(make_media.FOOT_DP_PATIENT) == {"talus", "calcaneus", "navicular"}


def test_hip_mri_oedema_is_left_head_and_acetabulum_only(make_media: ModuleType) -> None:
    """Content review m9: « côté gauche (épiphyse et cotyle) » (L67-69), nothing on the right,
    not down the neck."""
    name = "irm-hanches-coronale.png"
    left, right = make_media.hips_frame(1), make_media.hips_frame(-1)
    assert luminance(name, left(0, 0.55)) > 180  # left femoral head
    assert luminance(name, left(0, -1.45)) > 150  # left acetabulum
    assert luminance(name, right(0, 0.55)) < 90  # right head: fracture lines only
    assert luminance(name, left(1.1, 0.9)) < 90  # left neck: no oedema
