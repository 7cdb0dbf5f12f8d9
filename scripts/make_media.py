"""Draw the schematic images of the « ostéoporose transitoire migratrice » decks.

Usage: ``python scripts/make_media.py [OUTDIR]`` (default: ``media/`` next to ``scripts/``).
``python scripts/make_media.py --regions`` prints the region boxes the decks use.

Every image is a *schematic* (the source slides lost their pictures): each one says so in a
band at the bottom. Drawing is deterministic: no randomness, no timestamps, the font
shipped by the ``ttf-opensans`` package (Open Sans, pinned in the test extras), shapes drawn at
``SS`` times the final size and reduced with a fixed filter.

Conventions (inventory, section B, [HORS SOURCE] HS1-HS2):
- planar bone scans: uptake in black on a light background; in an anterior view the
  patient's right is on the image's left, in a posterior view it is on the image's right;
- cross-sectional images (CT, MRI) and radiographs: the patient's right on the image's left,
  with D/G markers;
- ANT/POST labels only on images whose card does not ask for the view.

Region boxes (``REGIONS``) are ``(x, y, w, h)`` in pixels of the final image; the decks copy
them and ``tests/test_media_files.py`` checks that they agree.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

Pt = tuple[float, float]
Box = tuple[int, int, int, int]
Gray = int
RGB = tuple[int, int, int]

SS: Final = 3  # supersampling factor: shapes are drawn at SS x the final size
BAND_H: Final = 32  # height of the bottom « Schéma… » band
BAND_FONT: Final = 17
VIEW_FONT: Final = 30

LABEL_EXERCISE: Final = "Schéma d’exercice — non issu du cas"
LABEL_LATERALITY: Final = "Schéma d’exercice de latéralité — non issu du cas"
LABEL_ANATOMY: Final = "Schéma anatomique — non issu du cas"
LABEL_CASE: Final = "Schéma d’après la description du cas — pas l’image originale"
LABEL_COURSE: Final = "Schéma d’après le texte du cours — pas l’image originale"


# --------------------------------------------------------------------------- text


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """Open Sans Regular at ``size`` px, from the ``ttf-opensans`` package (a test extra).

    A real font with the French glyphs (é è ê à ç œ « » —), rather than Pillow's built-in
    font, which has none. The BASIC layout engine (no Raqm shaping) keeps the pixels the same
    wherever Pillow was built with or without Raqm.
    """
    from ttf_opensans import opensans  # imported here: only drawing needs the font

    path = opensans(font_weight=400, italic=False).path
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def text_width(text: str, size: int) -> float:
    return float(font(size).getlength(text))


def draw_text(draw: ImageDraw.ImageDraw, xy: Pt, text: str, size: int, fill: RGB | Gray) -> None:
    """Draw ``text`` with its top-left corner at ``xy``."""
    draw.text(xy, text, font=font(size), fill=fill)


def draw_text_centered(
    draw: ImageDraw.ImageDraw, cx: float, y: float, text: str, size: int, fill: RGB | Gray
) -> None:
    draw_text(draw, (cx - text_width(text, size) / 2, y), text, size, fill)


def add_band(img: Image.Image, label: str, *, dark: bool = False) -> Image.Image:
    """Return ``img`` with a bottom band carrying the « Schéma… » label."""
    w, h = img.size
    out = Image.new("RGB", (w, h + BAND_H), (40, 40, 40) if dark else (232, 232, 232))
    out.paste(img, (0, 0))
    d = ImageDraw.Draw(out)
    d.line([(0, h), (w, h)], fill=(120, 120, 120), width=1)
    color = (235, 235, 235) if dark else (20, 20, 20)
    draw_text_centered(d, w / 2, h + (BAND_H - BAND_FONT) / 2 - 1, label, BAND_FONT, color)
    return out


def label(
    img: Image.Image, xy: Pt, text: str, size: int = VIEW_FONT, fill: RGB = (0, 0, 0)
) -> None:
    draw_text(ImageDraw.Draw(img), xy, text, size, fill)


# --------------------------------------------------------------------------- canvas


class Canvas:
    """A drawing surface ``SS`` times larger than the final image; coordinates in final px."""

    def __init__(self, size: tuple[int, int], bg: Gray = 0) -> None:
        self.size = size
        self.img = Image.new("L", (size[0] * SS, size[1] * SS), bg)
        self.draw = ImageDraw.Draw(self.img)

    @staticmethod
    def _s(pts: Iterable[Pt]) -> list[Pt]:
        return [(x * SS, y * SS) for x, y in pts]

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        fill: Gray | None = None,
        outline: Gray | None = None,
        width: float = 0,
    ) -> None:
        box = [(cx - rx) * SS, (cy - ry) * SS, (cx + rx) * SS, (cy + ry) * SS]
        self.draw.ellipse(box, fill=fill, outline=outline, width=round(width * SS))

    def polygon(
        self,
        pts: Sequence[Pt],
        fill: Gray | None = None,
        outline: Gray | None = None,
        width: float = 0,
    ) -> None:
        self.draw.polygon(self._s(pts), fill=fill, outline=outline, width=round(width * SS))

    def line(self, pts: Sequence[Pt], fill: Gray, width: float, round_caps: bool = True) -> None:
        w = max(1, round(width * SS))
        self.draw.line(self._s(pts), fill=fill, width=w, joint="curve")
        if round_caps and w > 2:
            for x, y in (pts[0], pts[-1]):
                r = width / 2
                self.ellipse(x, y, r, r, fill=fill)

    def arc(
        self, cx: float, cy: float, r: float, start: float, end: float, fill: Gray, width: float
    ) -> None:
        box = [(cx - r) * SS, (cy - r) * SS, (cx + r) * SS, (cy + r) * SS]
        self.draw.arc(box, start, end, fill=fill, width=round(width * SS))

    def blur(self, radius: float) -> None:
        self.img = self.img.filter(ImageFilter.GaussianBlur(radius * SS))
        self.draw = ImageDraw.Draw(self.img)

    def final(self) -> Image.Image:
        return self.img.resize(self.size, Image.Resampling.LANCZOS)


def box_at(x: float, y: float, hw: float, hh: float) -> Box:
    """A region box centred on (x, y) in final pixels."""
    return (round(x - hw), round(y - hh), round(2 * hw), round(2 * hh))


# --------------------------------------------------------------------------- bone scans
# Anatomy in "body units": y from the top of the head downwards, x from the midline with
# x > 0 on the PATIENT's LEFT. A projection turns it into image pixels for a given view.


@dataclass(frozen=True)
class Proj:
    posterior: bool
    zoom: float
    ox: float  # image x of the midline
    oy: float  # image y of body y = y0
    y0: float = 0.0

    def __call__(self, x: float, y: float) -> Pt:
        sx = -x if self.posterior else x  # anterior view: patient's left on the image's right
        return (self.ox + sx * self.zoom, self.oy + (y - self.y0) * self.zoom)


@dataclass(frozen=True)
class Blob:
    value: int
    cx: float
    cy: float
    rx: float
    ry: float


@dataclass(frozen=True)
class Stroke:
    value: int
    pts: tuple[Pt, ...]
    width: float


@dataclass(frozen=True)
class Shape:
    value: int
    pts: tuple[Pt, ...]


Prim = Blob | Stroke | Shape

THORACIC_Y: Final = tuple(180.0 + 16.0 * i for i in range(12))  # centres of T1..T12
LUMBAR_Y: Final = tuple(378.0 + 20.0 * i for i in range(5))  # centres of L1..L5
RIB_HALF_WIDTH: Final = (46, 60, 71, 79, 85, 88, 89, 88, 85, 80, 68, 52)
# (x of the anterior bony end, drop from the posterior origin) for ribs 1..10
RIB_FRONT: Final = (
    (18, 22), (20, 34), (20, 44), (20, 52), (22, 58), (24, 62), (28, 64),
    (40, 64), (52, 62), (64, 58),
)  # fmt: skip
FEMORAL_HEAD: Final = (62.0, 540.0)  # patient's left; mirror x for the right
HUMERAL_HEAD: Final = (100.0, 192.0)
SACRAL_ALA: Final = (20.0, 484.0)
KIDNEY: Final = (42.0, 392.0, 14.0, 27.0)
BLADDER: Final = (0.0, 545.0, 21.0, 14.0)
SCAPULA: Final = ((46.0, 186.0), (90.0, 190.0), (66.0, 290.0))


def _rib_lateral_drop(i: int) -> float:
    """How much lower than its vertebra the lateral bend of rib ``i`` lies."""
    return float(min(26, 6 + 4 * i))


def rib_posterior_arc(i: int) -> tuple[Pt, ...]:
    """Posterior arc of rib ``i`` (1-12), patient's left, from the spine outwards."""
    y = THORACIC_Y[i - 1]
    w = RIB_HALF_WIDTH[i - 1]
    if i == 11:
        return ((11, y), (22, y - 2), (40, y + 2), (w * 0.85, y + 10), (w, y + 18))
    if i == 12:
        return ((11, y), (22, y - 1), (36, y + 3), (w, y + 12))
    lat = _rib_lateral_drop(i)
    return (
        (11, y), (22, y - 2), (min(40.0, w * 0.55), y + 1), (w * 0.78, y + lat * 0.3),
        (w - 3, y + lat * 0.65), (w, y + lat),
    )  # fmt: skip


def rib_anterior_arc(i: int) -> tuple[Pt, ...]:
    """Anterior arc of rib ``i`` (1-10), from the lateral bend to the costal cartilage."""
    y = THORACIC_Y[i - 1]
    w = RIB_HALF_WIDTH[i - 1]
    ax, drop = RIB_FRONT[i - 1]
    lat = _rib_lateral_drop(i)
    return (
        (w, y + lat), (w - 4, y + lat + 8), ((w + ax) / 2, max(y + drop - 6, y + lat + 12)),
        (ax, max(y + drop, y + lat + 16)),
    )  # fmt: skip


def point_on_arc(pts: Sequence[Pt], x: float) -> Pt:
    """The point of a polyline (increasing x) at abscissa ``x``."""
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if x0 <= x <= x1:
            t = (x - x0) / (x1 - x0)
            return (x, y0 + t * (y1 - y0))
    raise ValueError(f"x={x} outside the arc")


def _mirror(p: Prim) -> Prim:
    if isinstance(p, Blob):
        return Blob(p.value, -p.cx, p.cy, p.rx, p.ry)
    if isinstance(p, Stroke):
        return Stroke(p.value, tuple((-x, y) for x, y in p.pts), p.width)
    return Shape(p.value, tuple((-x, y) for x, y in p.pts))


def skeleton(posterior: bool) -> list[Prim]:
    """Normal bone-scan appearance of the whole skeleton in one planar view.

    Values are uptake (0-255). Structures near the detector are drawn more intense:
    spine, scapulae, posterior rib arcs, kidneys and sacro-iliac joints in the posterior
    view; sternum, clavicles, face, anterior rib arcs, patellae and bladder in the anterior
    one ([HORS SOURCE] HS1).
    """
    post, ant = posterior, not posterior

    def v(if_ant: int, if_post: int) -> int:
        return if_post if post else if_ant

    bx, by, brx, bry = BLADDER
    central: list[Prim] = [
        # soft tissues: faint background activity
        Blob(14, 0, 58, 46, 58),
        Stroke(14, ((0, 100), (0, 175)), 46),
        Shape(
            14,
            (
                (-62, 168),
                (62, 168),
                (110, 186),
                (114, 250),
                (102, 360),
                (108, 470),
                (116, 545),
                (96, 600),
                (40, 612),
                (-40, 612),
                (-96, 600),
                (-116, 545),
                (-108, 470),
                (-102, 360),
                (-114, 250),
                (-110, 186),
            ),
        ),
        # skull: calvarium ring, then the face (anterior) or the occiput (posterior)
        Blob(105, 0, 58, 38, 50),
        Blob(v(60, 62), 0, 60, 31, 43),
        Blob(v(95, 60), 0, 86, 26, 18) if ant else Blob(78, 0, 92, 22, 12),
        Stroke(v(115, 60), ((-30, 86), (-27, 108), (0, 121), (27, 108), (30, 86)), 5),
        # sternum
        Shape(v(130, 40), ((-13, 180), (13, 180), (9, 203), (-9, 203))),
        Shape(v(125, 40), ((-8, 205), (8, 205), (7, 285), (-7, 285))),
        Blob(v(110, 35), 0, 292, 4, 6),
        # sacrum, pubic symphysis, bladder (urinary excretion of the tracer, HS4)
        Shape(v(85, 160), ((-30, 472), (30, 472), (10, 527), (-10, 527))),
        Blob(v(140, 80), 0, 562, 8, 9),
        Blob(v(205, 150), bx, by, brx, bry),
    ]
    for i in range(7):  # cervical spine
        central.append(Blob(v(70, 150), 0, 112 + 9.5 * i, 8, 4))
    for y in THORACIC_Y:
        central.append(Blob(v(75, 165), 0, y, 10, 6))
        if post:
            central.append(Blob(205, 0, y + 5, 3, 3))  # spinous process
    for y in LUMBAR_Y:
        central.append(Blob(v(80, 170), 0, y, 13, 8))
        if post:
            central.append(Blob(210, 0, y + 6, 3.5, 3.5))

    kx, ky, krx, kry = KIDNEY
    fx, fy = FEMORAL_HEAD
    half: list[Prim] = [
        # clavicle and sterno-clavicular joint
        Stroke(v(135, 70), ((8, 178), (40, 172), (70, 172), (94, 176)), 7),
        Blob(v(165, 60), 10, 180, 5, 5),
        # scapula: body, borders, spine, acromion
        Shape(v(35, 92), SCAPULA),
        Stroke(v(45, 128), (*SCAPULA, SCAPULA[0]), 4),
        Stroke(v(45, 132), ((48, 205), (96, 180)), 4),
        Blob(v(120, 125), 96, 176, 8, 5),
        # humerus, elbow, forearm, wrist, hand
        Blob(120, *HUMERAL_HEAD, 13, 13),
        Stroke(95, ((104, 204), (118, 340)), 11),
        Blob(112, 119, 345, 11, 8),
        Stroke(85, ((118, 352), (134, 455)), 6),
        Stroke(85, ((126, 350), (140, 452)), 6),
        Blob(115, 137, 462, 10, 7),
        *[Stroke(82, ((128 + 5 * k, 470), (126 + 7 * k, 503)), 3) for k in range(4)],
        # kidney
        Blob(v(22, 70), kx, ky, krx, kry),
        # sacro-iliac joint, ilium, acetabulum, pubic and ischial rami
        Stroke(v(92, 190), ((30, 472), (21, 518)), 4),
        Shape(
            v(95, 110),
            (
                (26, 466),
                (40, 446),
                (60, 434),
                (84, 432),
                (100, 444),
                (106, 466),
                (100, 490),
                (92, 510),
                (84, 526),
                (74, 528),
                (62, 526),
                (50, 530),
                (40, 538),
                (32, 528),
                (24, 516),
            ),
        ),
        Stroke(v(105, 120), ((40, 446), (60, 434), (84, 432), (100, 444), (106, 466)), 4),
        Blob(v(132, 95), 98, 490, 5, 5),  # anterior superior iliac spine
        Blob(112, fx - 2, fy - 2, 16, 14),  # acetabulum
        Stroke(
            100,
            (
                (48, 548),
                (30, 553),
                (8, 557),
                (8, 568),
                (22, 584),
                (44, 590),
                (56, 578),
                (56, 556),
                (48, 548),
            ),
            6,
        ),
        # femur
        Blob(122, fx, fy, 12, 12),
        Stroke(108, ((fx, fy), (84, 556)), 12),
        Blob(112, 90, 552, 9, 11),
        Blob(100, 73, 573, 4, 4),
        Stroke(100, ((86, 560), (70, 690)), 13),
        Blob(125, 70, 700, 17, 12),
        Blob(v(170, 70), 70, 694, 8, 10),  # patella
        # tibia, fibula, ankle, foot
        Stroke(100, ((68, 712), (64, 826)), 12),
        Stroke(80, ((84, 716), (80, 820)), 5),
        Blob(118, 66, 831, 12, 7),
        Blob(108, 68, 848, 11, 11),
        # soft tissue of the limbs
        Stroke(14, ((104, 190), (120, 345), (138, 470), (140, 505)), 28),
        Stroke(14, ((62, 580), (68, 700), (66, 850)), 44),
    ]
    if ant:
        half += [Blob(125, 14, 62, 9, 9), Blob(60, 14, 62, 6, 6)]  # orbits
    for i in range(1, 13):
        half.append(Stroke(v(40, 108), rib_posterior_arc(i), 4))
        if i <= 10:
            half.append(Stroke(v(100, 40), rib_anterior_arc(i), 4))
    return central + half + [_mirror(p) for p in half]


def render_scan(
    prims: Iterable[Prim], proj: Proj, size: tuple[int, int], blur: float | None = None
) -> Image.Image:
    """Render primitives as a planar scintigraphy (black uptake on white), RGB."""
    c = Canvas(size, bg=0)
    z = proj.zoom
    for p in sorted(prims, key=lambda q: q.value):  # higher uptake drawn last (~ maximum)
        if isinstance(p, Blob):
            x, y = proj(p.cx, p.cy)
            c.ellipse(x, y, p.rx * z, p.ry * z, fill=p.value)
        elif isinstance(p, Stroke):
            c.line([proj(*q) for q in p.pts], p.value, p.width * z)
        else:
            c.polygon([proj(*q) for q in p.pts], fill=p.value)
    c.blur(blur if blur is not None else 0.9 * z)
    img = c.final().point(lambda a: 255 - round(255 * (a / 255) ** 0.85))
    return img.convert("RGB")


def hot(x: float, y: float, r: float = 5.0, ry: float | None = None) -> Blob:
    return Blob(255, x, y, r, ry if ry is not None else r)


WHOLE_BODY_SIZE: Final = (420, 868)
THORAX_SIZE: Final = (600, 760)
SHOULDERS_SIZE: Final = (780, 500)
PELVIS_SIZE: Final = (760, 600)


def whole_body_proj(posterior: bool) -> Proj:
    return Proj(posterior, 0.99, 210, 6)


def thorax_proj() -> Proj:
    return Proj(True, 2.3, 300, 16, y0=160)


def shoulders_proj(posterior: bool) -> Proj:
    return Proj(posterior, 2.35, 390, 12, y0=140)


def pelvis_proj(posterior: bool) -> Proj:
    return Proj(posterior, 3.0, 380, 14, y0=420)


RIB9_FOCUS: Final = point_on_arc(rib_posterior_arc(9), 36)
# IMG-08: round foci on several ribs (posterior view), none elongated along a rib
RIB_FOCI: Final = (
    RIB9_FOCUS,
    point_on_arc(rib_posterior_arc(8), 60),
    point_on_arc(rib_posterior_arc(10), 74),
    (-point_on_arc(rib_posterior_arc(6), 50)[0], point_on_arc(rib_posterior_arc(6), 50)[1]),
    (-point_on_arc(rib_posterior_arc(7), 84)[0], point_on_arc(rib_posterior_arc(7), 84)[1]),
)
L1_FOCUS: Final = (0.0, LUMBAR_Y[0])


def _box(proj: Proj, x: float, y: float, hw: float, hh: float) -> Box:
    px, py = proj(x, y)
    return box_at(px, py, hw, hh)


def scan_whole_body(posterior: bool) -> Image.Image:
    """IMG-01 / IMG-02: normal whole-body scan with no view or side label at all."""
    img = render_scan(skeleton(posterior), whole_body_proj(posterior), WHOLE_BODY_SIZE)
    return add_band(img, LABEL_EXERCISE)


def scan_thorax_rib9() -> Image.Image:
    """IMG-03: posterior thorax, focus on the posterior arc of the left 9th rib."""
    img = render_scan([*skeleton(True), hot(*RIB9_FOCUS, 5, 4)], thorax_proj(), THORAX_SIZE)
    label(img, (14, 10), "POST")
    return add_band(img, LABEL_EXERCISE)


def scan_shoulders(posterior: bool) -> Image.Image:
    """IMG-04 / IMG-05: focus in the right humeral head, anterior or posterior view."""
    x, y = HUMERAL_HEAD
    prims = [*skeleton(posterior), hot(-x, y, 8)]
    img = render_scan(prims, shoulders_proj(posterior), SHOULDERS_SIZE)
    label(img, (14, 10), "POST" if posterior else "ANT")
    return add_band(img, LABEL_LATERALITY)


def scan_thorax_l1() -> Image.Image:
    """IMG-06: posterior view, focus on the vertebra just below T12 (L1)."""
    img = render_scan([*skeleton(True), hot(*L1_FOCUS, 11, 7)], thorax_proj(), THORAX_SIZE)
    label(img, (14, 10), "POST")
    return add_band(img, LABEL_EXERCISE)


def scan_thorax_ribs() -> Image.Image:
    """IMG-08: posterior view, several round rib foci."""
    prims = [*skeleton(True), *(hot(x, y, 4.5, 4) for x, y in RIB_FOCI)]
    img = render_scan(prims, thorax_proj(), THORAX_SIZE)
    label(img, (14, 10), "POST")
    return add_band(img, LABEL_EXERCISE)


def scan_pelvis_heads() -> Image.Image:
    """IMG-09: anterior pelvis, focal uptake in both femoral heads."""
    x, y = FEMORAL_HEAD
    prims = [*skeleton(False), hot(x, y, 10), hot(-x, y, 10)]
    img = render_scan(prims, pelvis_proj(False), PELVIS_SIZE)
    label(img, (14, 10), "ANT")
    return add_band(img, LABEL_LATERALITY)


def scan_pelvis_sacrum(posterior: bool) -> Image.Image:
    """IMG-10 / IMG-11: focus in the left sacral ala, posterior or anterior view."""
    prims = [*skeleton(posterior), hot(*SACRAL_ALA, 5, 11)]
    img = render_scan(prims, pelvis_proj(posterior), PELVIS_SIZE)
    label(img, (14, 10), "POST" if posterior else "ANT")
    return add_band(img, LABEL_LATERALITY)


THREE_PHASE_TILE: Final = (290, 262)
THREE_PHASE_GAP: Final = 14
THREE_PHASE_TOP: Final = 36


def three_phase_proj() -> Proj:
    return Proj(False, 1.15, THREE_PHASE_TILE[0] / 2, 20, y0=418)


def scan_three_phases() -> Image.Image:
    """IMG-18: anterior pelvis at the three phases, increased uptake of the femoral head
    and neck on the image's right (the patient's left) at every phase."""
    x, y = FEMORAL_HEAD
    neck = ((x, y), (84, 556))
    vessels = ((0, 420), (0, 470), (40, 530), (62, 575), (70, 640))
    vessels_r = tuple((-a, b) for a, b in vessels)
    soft = ((-112, 430), (112, 430), (118, 560), (80, 660), (-80, 660), (-118, 560))
    phase1: list[Prim] = [  # vascular (flow): arteries, hyperaemic hip
        Shape(12, soft),
        Stroke(150, vessels, 6),
        Stroke(150, vessels_r, 6),
        Blob(175, x + 6, y + 4, 20, 22),
    ]
    phase2: list[Prim] = [  # early tissue phase (blood pool)
        Shape(45, soft),
        Stroke(95, vessels, 6),
        Stroke(95, vessels_r, 6),
        Blob(110, *BLADDER[:2], 20, 13),
        Blob(190, x + 6, y + 4, 19, 21),
    ]
    phase3: list[Prim] = [*skeleton(False), hot(x, y, 12), Stroke(255, neck, 13)]  # delayed
    tw, th = THREE_PHASE_TILE
    top = THREE_PHASE_TOP
    out = Image.new("RGB", (3 * tw + 2 * THREE_PHASE_GAP, th + top), (255, 255, 255))
    d = ImageDraw.Draw(out)
    for k, (prims, blur) in enumerate(((phase1, 4.0), (phase2, 3.0), (phase3, 1.2))):
        x0 = k * (tw + THREE_PHASE_GAP)
        out.paste(render_scan(prims, three_phase_proj(), (tw, th), blur=blur), (x0, top))
        d.rectangle([x0, top, x0 + tw - 1, top + th - 1], outline=(150, 150, 150))
        draw_text_centered(d, x0 + tw / 2, 5, str(k + 1), 26, (0, 0, 0))
    draw_text(d, (8, 8), "ANT", 22, (0, 0, 0))
    return add_band(out, LABEL_EXERCISE)


# --------------------------------------------------------------------------- SPECT-CT

SPECT_SIZE: Final = (700, 560)
VERTEBRA_BODY: Final = (350.0, 190.0, 118.0, 92.0)  # cx, cy, rx, ry


def spect_ct_vertebra() -> Image.Image:
    """IMG-07: axial CT of a lumbar vertebra with uptake confined to the vertebral body."""
    w, h = SPECT_SIZE
    c = Canvas(SPECT_SIZE, bg=8)
    c.ellipse(w / 2, h / 2 + 10, 330, 250, fill=70)  # trunk
    c.ellipse(w / 2, 130, 300, 140, fill=62)  # abdomen in front
    for s in (-1, 1):
        c.ellipse(w / 2 + s * 190, 215, 62, 70, fill=92)  # psoas
        c.ellipse(w / 2 + s * 95, 430, 80, 72, fill=96)  # paraspinal muscles
    cx, cy, rx, ry = VERTEBRA_BODY
    c.ellipse(cx, cy, rx, ry, fill=228)  # cortex
    c.ellipse(cx, cy, rx - 11, ry - 11, fill=165)  # cancellous bone
    for s in (-1, 1):
        c.polygon(
            [(cx + s * 58, 250), (cx + s * 92, 262), (cx + s * 86, 330), (cx + s * 52, 318)],
            fill=215,
        )  # pedicle
        c.line([(cx + s * 80, 300), (cx + s * 215, 292)], 210, 22)  # transverse process
        c.line([(cx + s * 72, 326), (cx + s * 16, 410)], 215, 24)  # lamina
    c.line([(cx, 405), (cx, 478)], 220, 24)  # spinous process
    c.ellipse(cx, 320, 46, 42, fill=30)  # spinal canal
    c.blur(0.6)
    gray = c.final().convert("RGB")
    heat = Canvas(SPECT_SIZE, bg=0)
    heat.ellipse(cx, cy + 4, rx - 16, ry - 16, fill=255)
    heat.blur(14)
    mask = heat.final()
    img = Image.composite(
        Image.new("RGB", SPECT_SIZE, (255, 60, 0)), gray, mask.point(lambda a: round(a * 0.75))
    )
    img = Image.composite(
        Image.new("RGB", SPECT_SIZE, (255, 230, 40)),
        img,
        mask.point(lambda a: min(255, max(0, (a - 150) * 2))),
    )
    d = ImageDraw.Draw(img)
    draw_text(d, (16, 10), "D", 30, (255, 255, 255))
    draw_text(d, (w - 36, 10), "G", 30, (255, 255, 255))
    draw_text_centered(d, w / 2, 12, "avant", 20, (230, 230, 230))
    draw_text_centered(d, w / 2, h - 30, "arrière", 20, (230, 230, 230))
    draw_text(d, (16, h - 58), "SPECT-CT, coupe axiale", 20, (230, 230, 230))
    return add_band(img, LABEL_EXERCISE, dark=True)


# --------------------------------------------------------------------------- foot

FOOT_LATERAL_SIZE: Final = (840, 480)

# Lateral foot, toes to the right, in FOOT_LATERAL_SIZE pixels.
FOOT_LAT: Final[dict[str, tuple[Pt, ...]]] = {
    "skin": ((200, 10), (350, 10), (350, 190), (380, 215), (470, 225), (620, 275),
             (760, 330), (815, 380), (820, 420), (760, 440), (600, 432), (420, 440),
             (250, 452), (150, 448), (108, 420), (104, 340), (150, 260), (196, 200)),
    "tibia": ((250, 10), (326, 10), (330, 170), (344, 204), (336, 214), (318, 206),
              (296, 202), (274, 203), (254, 208), (240, 216), (236, 195), (246, 170)),
    "fibula": ((204, 10), (236, 10), (238, 200), (232, 256), (214, 258), (206, 225)),
    "talus": ((226, 256), (232, 236), (244, 224), (262, 215), (284, 211), (306, 212),
              (326, 218), (340, 230), (350, 244), (366, 246), (384, 242), (400, 246),
              (412, 256), (416, 270), (410, 285), (396, 294), (374, 298), (352, 296),
              (336, 288), (318, 298), (290, 306), (254, 302), (234, 290), (222, 272)),
    "calcaneus": ((140, 302), (198, 284), (250, 306), (300, 311), (350, 312), (410, 318),
                  (442, 330), (446, 366), (420, 377), (360, 386), (300, 410), (232, 430),
                  (170, 428), (134, 410), (118, 370), (124, 326)),
    "navicular": ((418, 246), (442, 238), (458, 250), (458, 296), (442, 306), (420, 300),
                  (414, 272)),
    "cuneiforms": ((462, 236), (522, 244), (528, 312), (466, 314), (460, 280)),
    "cuboid": ((448, 318), (514, 318), (524, 372), (476, 384), (448, 368)),
    "metatarsals": ((526, 250), (560, 262), (700, 352), (728, 366), (728, 392), (700, 396),
                    (600, 370), (528, 372)),
    "phalanges": ((730, 364), (790, 384), (808, 404), (790, 414), (730, 396)),
}  # fmt: skip
FOOT_LAT_ORDER: Final = ("skin", "fibula", "tibia", "calcaneus", "talus", "navicular",
                         "cuboid", "cuneiforms", "metatarsals", "phalanges")  # fmt: skip
# Parts of the calcaneus as ellipses (cx, cy, rx, ry) in FOOT_LAT pixels; they do not meet.
CALCANEUS_PARTS: Final[dict[str, tuple[float, float, float, float]]] = {
    "posterieur": (200.0, 366.0, 72.0, 46.0),  # body and tuberosity
    "anterieur": (395.0, 345.0, 56.0, 40.0),
}


def _foot_lateral_drawing(
    c: Canvas,
    t: Callable[[Pt], Pt],
    fills: dict[str, Gray],
    outline: Gray,
    width: float,
    skip: tuple[str, ...] = (),
) -> None:
    for name in FOOT_LAT_ORDER:
        if name in skip:
            continue
        pts = [t(p) for p in FOOT_LAT[name]]
        edge = None if name == "skin" else outline
        c.polygon(pts, fill=fills.get(name, fills["bone"]), outline=edge, width=width)
    c.line([t((490, 240)), t((496, 313))], outline, width * 0.7)  # between cuneiforms
    c.line([t((540, 300)), t((715, 382))], outline, width * 0.7)  # between metatarsals


def foot_lateral() -> Image.Image:
    """IMG-12: lateral foot with the talus (A), calcaneus (B) and navicular (C) lettered."""
    c = Canvas(FOOT_LATERAL_SIZE, bg=250)
    _foot_lateral_drawing(c, lambda p: p, {"skin": 228, "bone": 196}, 40, 2.2)
    c.blur(0.3)
    img = c.final().convert("RGB")
    d = ImageDraw.Draw(img)
    for letter, (x, y) in {"A": (300, 248), "B": (236, 356), "C": (426, 258)}.items():
        draw_text(d, (x, y), letter, 30, (170, 0, 0))
    draw_text(d, (560, 24), "Pied de profil", 24, (0, 0, 0))
    draw_text(d, (560, 54), "(côté non précisé)", 20, (60, 60, 60))
    return add_band(img, LABEL_ANATOMY)


FOOT_DP_SIZE: Final = (560, 860)
MT_BASES: Final = ((188, 404), (238, 420), (281, 410), (320, 412), (364, 424))
MT_HEADS: Final = ((178, 230), (222, 178), (258, 190), (294, 208), (334, 238))
FOOT_DP: Final[dict[str, tuple[Pt, ...]]] = {
    "calcaneus": ((262, 640), (330, 610), (380, 640), (388, 760), (356, 808), (296, 810),
                  (262, 760), (252, 700)),
    "talus": ((204, 540), (246, 520), (300, 536), (326, 580), (322, 640), (286, 664),
              (242, 648), (222, 600), (196, 566)),
    "navicular": ((170, 500), (204, 474), (262, 474), (296, 486), (296, 512), (250, 524),
                  (204, 530), (176, 528)),
    "cuboid": ((300, 482), (352, 452), (390, 470), (386, 540), (336, 566), (304, 540)),
    "cuneiform1": ((162, 420), (214, 418), (214, 470), (172, 494), (158, 466)),
    "cuneiform2": ((218, 432), (258, 430), (260, 470), (218, 472)),
    "cuneiform3": ((262, 422), (300, 420), (304, 482), (264, 470)),
}  # fmt: skip
FOOT_DP_SKIN: Final = (
    (150, 120), (210, 60), (270, 70), (330, 120), (382, 200), (404, 420), (400, 620),
    (392, 790), (340, 836), (260, 836), (220, 790), (200, 640), (150, 470), (130, 300),
)  # fmt: skip
# « les plus touchés : talus, naviculaire, cunéiformes, cuboïde » (slide « Pied et cheville »)
FOOT_DP_COURSE: Final = ("talus", "navicular", "cuboid", "cuneiform1", "cuneiform2",
                         "cuneiform3")  # fmt: skip
# The patient's insufficiency fractures (with the base of the 3rd metatarsal, see _m3_base)
FOOT_DP_PATIENT: Final = ("talus", "calcaneus", "navicular")


def _metatarsal(base: Pt, head: Pt, wb: float, wh: float) -> tuple[Pt, ...]:
    """Outline of a metatarsal: broad base, slender shaft, rounded head."""
    (bx, by), (hx, hy) = base, head
    dx, dy = hx - bx, hy - by
    n = math.hypot(dx, dy)
    ux, uy = dx / n, dy / n
    px, py = -uy, ux
    profile = ((0.0, wb), (0.22, wb * 0.42), (0.78, wb * 0.38), (0.93, wh * 0.8))
    side = [(bx + dx * t + px * w, by + dy * t + py * w) for t, w in profile]
    other = [(bx + dx * t - px * w, by + dy * t - py * w) for t, w in reversed(profile)]
    cap = []
    for degrees in range(0, 181, 20):  # half-circle around the head, from one side to the other
        a = math.radians(degrees)
        cap.append(
            (
                hx + wh * (px * math.cos(a) + ux * math.sin(a)),
                hy + wh * (py * math.cos(a) + uy * math.sin(a)),
            )
        )
    return (*side, *cap, *other)


# Phalanges of each ray from the metatarsal head outwards: (length, width) of each; the
# hallux has two, the other toes three, shorter towards the fifth.
TOES: Final = (
    ((34, 21), (26, 19)),
    ((26, 10), (16, 9), (12, 9)),
    ((23, 9.5), (14, 8.5), (11, 8.5)),
    ((20, 9), (12, 8), (10, 8)),
    ((17, 8.5), (10, 7.5), (9, 7.5)),
)
COURSE_FILL: Final = 150  # grey: the tarsal bones most often affected, according to the course
PATIENT_HATCH: Final = (25, 60, 170)  # blue hatching: the patient's insufficiency fractures


def _hatch(img: Image.Image, shapes: Sequence[Sequence[Pt]], color: RGB, step: int = 9) -> None:
    """Hatch the union of ``shapes`` (final pixels) on ``img`` with diagonal lines."""
    w, h = img.size
    inside = Image.new("L", img.size, 0)
    for pts in shapes:
        ImageDraw.Draw(inside).polygon(list(pts), fill=255)
    lines = Image.new("L", img.size, 0)
    for k in range(-h, w, step):
        ImageDraw.Draw(lines).line([(k, h), (k + h, 0)], fill=255, width=2)
    img.paste(color, mask=ImageChops.multiply(inside, lines))


def foot_dorsoplantar() -> Image.Image:
    """IMG-13: dorsoplantar foot; talus (D), navicular (E), cuneiforms (F), cuboid (G) and
    base of the 3rd metatarsal (H). Two markings, each with its legend: grey for the tarsal
    bones the course says are most often affected (talus, navicular, cuneiforms, cuboid),
    hatching for the patient's insufficiency fractures (talus, calcaneus, navicular, base of
    the 3rd metatarsal). The hallux (two phalanges, short thick first metatarsal) marks the
    medial border."""
    c = Canvas(FOOT_DP_SIZE, bg=250)
    c.polygon(FOOT_DP_SKIN, fill=228)
    for k, (base, head) in enumerate(zip(MT_BASES, MT_HEADS, strict=True)):
        (bx, by), (hx, hy) = base, head
        n = math.hypot(hx - bx, hy - by)
        ux, uy = (hx - bx) / n, (hy - by) / n
        wh = 17 if k == 0 else 10
        x, y = hx + ux * (wh + 3), hy + uy * (wh + 3)
        for length, width in TOES[k]:
            end = (x + ux * length, y + uy * length)
            c.line([(x, y), end], 40, width + 4)
            c.line([(x, y), end], 200, width)
            x, y = end[0] + ux * 5, end[1] + uy * 5
        c.polygon(
            _metatarsal(base, head, 34 if k == 0 else 20 if k == 4 else 16, wh),
            fill=200,
            outline=40,
            width=2.2,
        )
    for name, pts in FOOT_DP.items():
        course = name in FOOT_DP_COURSE
        c.polygon(pts, fill=COURSE_FILL if course else 200, outline=40, width=2.2)
    c.blur(0.3)
    img = c.final().convert("RGB")
    m3_base = _m3_base()
    _hatch(img, [*(FOOT_DP[name] for name in FOOT_DP_PATIENT), m3_base], PATIENT_HATCH)
    d = ImageDraw.Draw(img)
    d.polygon(list(m3_base), outline=(40, 40, 40), width=2)
    letters = {"D": (252, 570), "E": (222, 480), "F": (226, 430), "G": (334, 490), "H": (268, 356)}
    for letter, (x, y) in letters.items():
        box = d.textbbox((x, y), letter, font=font(28))
        d.rectangle([box[0] - 3, box[1] - 2, box[2] + 3, box[3] + 2], fill=(250, 250, 250))
        draw_text(d, (x, y), letter, 28, (170, 0, 0))
    draw_text(d, (18, 20), "Pied de face (dorso-plantaire)", 22, (0, 0, 0))
    draw_text(d, (18, 48), "(côté non précisé)", 19, (60, 60, 60))
    x0, y0 = 410, 600
    course = (COURSE_FILL,) * 3
    d.rectangle([x0, y0, x0 + 22, y0 + 18], fill=course, outline=(40, 40, 40))
    for k, line in enumerate(("plus touchés", "selon le cours")):
        draw_text(d, (x0 + 30, y0 - 3 + 20 * k), line, 16, (40, 40, 40))
    y1 = y0 + 62
    swatch = ((x0, y1), (x0 + 22, y1), (x0 + 22, y1 + 18), (x0, y1 + 18))
    d.rectangle([x0, y1, x0 + 22, y1 + 18], fill=(200, 200, 200))
    _hatch(img, [swatch], PATIENT_HATCH, step=6)
    d.rectangle([x0, y1, x0 + 22, y1 + 18], outline=(40, 40, 40))
    for k, line in enumerate(("fractures par", "insuffisance", "osseuse du", "patient")):
        draw_text(d, (x0 + 30, y1 - 3 + 20 * k), line, 16, (40, 40, 40))
    return add_band(img, LABEL_ANATOMY)


def _m3_base() -> tuple[Pt, ...]:
    """The base of the 3rd metatarsal (the proximal quarter of the bone), final pixels."""
    (bx, by), (hx, hy) = MT_BASES[2], MT_HEADS[2]
    dx, dy = (hx - bx) * 0.26, (hy - by) * 0.26
    return ((bx - 16, by), (bx + dx - 10, by + dy), (bx + dx + 10, by + dy), (bx + 16, by))


ANKLE_PANEL: Final = (400, 400)
ANKLE_GAP: Final = 20
ANKLE_SIZE: Final = (2 * ANKLE_PANEL[0] + ANKLE_GAP, ANKLE_PANEL[1] + 40)
ANKLE_SCALE: Final = 0.74
ANKLE_OFFSET: Final = (-64.0, 44.0)


def _ankle_t(p: Pt) -> Pt:
    return (ANKLE_OFFSET[0] + p[0] * ANKLE_SCALE, ANKLE_OFFSET[1] + p[1] * ANKLE_SCALE)


def _ankle_panel(oedema: dict[str, Gray], calcaneus: dict[str, Gray]) -> Image.Image:
    """One sagittal fluid-sensitive MRI slice of the hindfoot (oedema bright, HS7).

    ``oedema`` brightens whole bones; ``calcaneus`` brightens a part of the calcaneus
    (``"posterieur"``: body and tuberosity, ``"anterieur"``: its anterior part). The fibula
    lies lateral to this plane and is not drawn.
    """
    c = Canvas(ANKLE_PANEL, bg=0)
    fills = {"skin": 92, "bone": 52, **oedema}
    _foot_lateral_drawing(c, _ankle_t, fills, 20, 2.0, skip=("fibula",))
    c.blur(1.2)
    if calcaneus:
        bright = Canvas(ANKLE_PANEL, bg=0)
        for part, value in calcaneus.items():
            cx, cy, rx, ry = CALCANEUS_PARTS[part]
            px, py = _ankle_t((cx, cy))
            bright.ellipse(px, py, rx * ANKLE_SCALE, ry * ANKLE_SCALE, fill=value)
        bright.blur(7)
        mask = Canvas(ANKLE_PANEL, bg=0)
        mask.polygon([_ankle_t(p) for p in FOOT_LAT["calcaneus"]], fill=255)
        mask.blur(1.0)
        inside = Image.composite(bright.img, Image.new("L", c.img.size, 0), mask.img)
        c.img = ImageChops.lighter(c.img, inside)
    return c.final().convert("RGB")


def ankle_mri_pair() -> Image.Image:
    """IMG-14: 1 = oedema of the talus, the navicular and the calcaneus (its body: the case
    lists the calcaneus among the first fractures without saying which part), anterior
    calcaneus normal (C6); 2 (follow-up) = partial regression in every bone already affected,
    new marked oedema of the anterior calcaneus."""
    pw = ANKLE_PANEL[0]
    img = Image.new("RGB", ANKLE_SIZE, (90, 90, 90))
    first = _ankle_panel({"talus": 225, "navicular": 215}, {"posterieur": 220})
    follow_up = _ankle_panel(
        {"talus": 132, "navicular": 122}, {"posterieur": 128, "anterieur": 238}
    )
    img.paste(first, (0, 40))
    img.paste(follow_up, (pw + ANKLE_GAP, 40))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, ANKLE_SIZE[0], 39], fill=(0, 0, 0))
    draw_text(d, (14, 6), "1", 26, (255, 255, 255))
    draw_text(d, (pw + ANKLE_GAP + 14, 6), "2 — contrôle", 24, (255, 255, 255))
    draw_text(d, (14, ANKLE_SIZE[1] - 28), "IRM sagittale, blanc = œdème", 17, (225, 225, 225))
    return add_band(img, LABEL_CASE, dark=True)


# --------------------------------------------------------------------------- hips
# One hemipelvis and proximal femur in a frontal (coronal) plane, in units of the femoral
# head radius, head centre at (0, 0), u growing LATERALLY, y downwards.

FEMUR_U: Final = (
    (0.45, -0.85), (1.3, -0.35), (1.75, -0.2), (1.95, -0.45), (2.3, -0.1), (2.35, 0.5),
    (2.15, 1.2), (2.1, 2.5), (2.05, 4.8), (1.15, 4.8), (1.15, 2.5), (1.15, 1.9), (0.9, 1.6),
    (1.05, 1.4), (0.8, 0.85), (0.3, 0.85),
)  # fmt: skip
PELVIS_U: Final = (
    (1.15, -0.92), (1.45, -1.5), (1.8, -2.3), (1.6, -3.2), (0.8, -4.0), (-0.5, -4.4),
    (-1.7, -4.2), (-2.3, -3.5), (-2.45, -2.2), (-2.2, -1.5), (-1.8, -0.8), (-1.6, -0.1),
    (-1.75, 0.45), (-2.5, 0.6), (-3.3, 0.75), (-3.3, 1.6), (-2.6, 2.05), (-1.3, 2.55),
    (-0.3, 2.65), (0.2, 2.3), (-0.05, 1.5), (0.45, 0.98),
)  # fmt: skip
FORAMEN_U: Final = ((-2.6, 1.0), (-1.5, 0.85), (-0.75, 1.3), (-0.7, 1.95), (-1.3, 2.15),
                    (-2.3, 1.75))  # fmt: skip
ISCHIUM_U: Final = ((-0.55, 1.25), (-0.05, 1.45), (0.2, 2.3), (-0.3, 2.62), (-1.2, 2.52),
                    (-0.62, 2.05))  # fmt: skip
NECK_U: Final = ((0.35, -0.8), (1.3, -0.35), (1.45, 0.2), (1.05, 1.3), (0.75, 0.85),
                 (0.3, 0.85))  # fmt: skip
JOINT_R: Final = 1.14  # outer radius of the joint space (normal width)


@dataclass(frozen=True)
class HipFrame:
    """Maps head-centred units to image pixels; ``lateral`` = +1 if lateral is image-right."""

    cx: float
    cy: float
    r: float
    lateral: int

    def __call__(self, u: float, y: float) -> Pt:
        return (self.cx + self.lateral * u * self.r, self.cy + y * self.r)

    def pts(self, pts: Iterable[Pt]) -> list[Pt]:
        return [self(u, y) for u, y in pts]


def _sector(r0: float, r1: float, a0: float, a1: float, n: int = 14) -> tuple[Pt, ...]:
    """A ring sector in head units (angles in degrees, 270 = straight up)."""
    angles = [math.radians(a0 + (a1 - a0) * k / n) for k in range(n + 1)]
    outer = [(r1 * math.cos(a), r1 * math.sin(a)) for a in angles]
    inner = [(r0 * math.cos(a), r0 * math.sin(a)) for a in reversed(angles)]
    return (*outer, *inner)


@dataclass(frozen=True)
class HipLook:
    bone: Gray
    cortex: Gray
    joint: Gray
    background: Gray
    cortex_width: float = 3.0
    head: Gray | None = None  # head and neck density when it differs (osteopenia)
    acetabulum: Gray | None = None


def draw_union(
    c: Canvas, shapes: Callable[[Canvas], None], fill: Gray | None, edge: Gray, width: float
) -> None:
    """Fill the union of ``shapes`` and outline it once (no line where the shapes join)."""
    mask = Canvas(c.size, bg=0)
    shapes(mask)
    inner = mask.img.filter(ImageFilter.MinFilter(2 * round(width * SS / 2) + 1))
    c.img.paste(edge, mask=ImageChops.subtract(mask.img, inner))
    if fill is not None:
        c.img.paste(fill, mask=inner)
    c.draw = ImageDraw.Draw(c.img)


def draw_hip(c: Canvas, f: HipFrame, look: HipLook) -> None:
    """Draw one hemipelvis and proximal femur on ``c``."""
    cw = look.cortex_width
    c.polygon(f.pts(PELVIS_U), fill=look.bone, outline=look.cortex, width=cw)
    c.polygon(f.pts(FORAMEN_U), fill=look.background, outline=look.cortex, width=cw)
    if look.acetabulum is not None:
        c.polygon(f.pts(_sector(JOINT_R, 1.75, 190, 345)), fill=look.acetabulum)
    c.polygon(f.pts(_sector(JOINT_R, JOINT_R + 0.06, 195, 340)), fill=look.cortex)  # roof
    c.polygon(f.pts(_sector(1.0, JOINT_R, 180, 360)), fill=look.joint)  # joint space

    def femur(m: Canvas) -> None:
        m.polygon(f.pts(FEMUR_U), fill=255)
        m.ellipse(*f(0, 0), f.r, f.r, fill=255)

    draw_union(c, femur, look.bone, look.cortex, cw)
    if look.head is not None:  # different density of head and neck (osteopenia)
        c.polygon(f.pts(NECK_U), fill=look.head)
        c.ellipse(*f(0, 0), f.r, f.r, fill=look.head)
        draw_union(c, femur, None, look.cortex, cw)


HIPS_SIZE: Final = (820, 560)
HIP_MID: Final = 410.0
HIP_R: Final = 56.0
HIP_HEAD_U: Final = 190.0  # distance of each femoral head centre from the midline
HIP_HEAD_Y: Final = 300.0


def hips_frame(side: int) -> HipFrame:
    """Frame of the patient's ``side`` hip (+1 = left) on a frontal image of both hips,
    radiological convention: the patient's left on the image's right."""
    return HipFrame(HIP_MID + side * HIP_HEAD_U, HIP_HEAD_Y, HIP_R, side)


SACRUM_M: Final = ((-1.15, -4.0), (1.15, -4.0), (0.95, -2.2), (0.3, -0.7), (-0.3, -0.7),
                   (-0.95, -2.2))  # fmt: skip


def _both_hips(c: Canvas, look: HipLook, sacrum: Gray) -> None:
    c.polygon(
        [(HIP_MID + m * HIP_R, HIP_HEAD_Y + y * HIP_R) for m, y in SACRUM_M],
        fill=sacrum,
        outline=look.cortex,
        width=look.cortex_width,
    )
    for side in (-1, 1):
        draw_hip(c, hips_frame(side), look)


FRACTURE_LINES_U: Final = (
    ((-0.6, -0.35), (-0.4, -0.5), (-0.2, -0.38), (0.05, -0.56), (0.3, -0.42), (0.52, -0.5)),
    ((-0.35, 0.08), (-0.15, -0.04), (0.1, 0.1), (0.34, 0.0)),
)


def hips_mri() -> Image.Image:
    """IMG-15: coronal fluid-sensitive MRI of the hips: fine low-signal lines in both heads,
    marked oedema of the LEFT femoral head (epiphysis) and acetabulum, as the case says; the
    bladder is bright too (fluid), hence the legend « blanc = liquide ou œdème »."""
    w, h = HIPS_SIZE
    look = HipLook(bone=50, cortex=18, joint=105, background=78)
    c = Canvas(HIPS_SIZE, bg=0)
    c.polygon([(30, 14), (790, 14), (806, 546), (14, 546)], fill=78)
    c.ellipse(HIP_MID, 296, 60, 40, fill=235)  # bladder (fluid)
    _both_hips(c, look, sacrum=50)
    c.blur(0.7)
    left, right = hips_frame(1), hips_frame(-1)
    oedema = Canvas(HIPS_SIZE, bg=0)  # « épiphyse et cotyle » (L69), left only
    oedema.ellipse(*left(0, 0.02), HIP_R * 0.92, HIP_R * 0.92, fill=228)
    oedema.polygon(left.pts(_sector(JOINT_R + 0.08, 1.7, 195, 345)), fill=215)
    oedema.blur(4)
    bone = Canvas(HIPS_SIZE, bg=0)
    for f in (left, right):
        bone.polygon(f.pts(PELVIS_U), fill=255)
        bone.polygon(f.pts(FORAMEN_U), fill=0)
        bone.polygon(f.pts(_sector(1.0, JOINT_R + 0.06, 180, 360)), fill=0)
        bone.polygon(f.pts(FEMUR_U), fill=255)
        bone.ellipse(*f(0, 0), HIP_R, HIP_R, fill=255)
    c.img = ImageChops.lighter(c.img, ImageChops.multiply(oedema.img, bone.img))
    c.draw = ImageDraw.Draw(c.img)
    for f in (left, right):
        for line in FRACTURE_LINES_U:
            c.line(f.pts(line), 10, 2.6)
    img = c.final().convert("RGB")
    d = ImageDraw.Draw(img)
    draw_text(d, (20, 24), "D", 32, (255, 255, 255))
    draw_text(d, (w - 44, 24), "G", 32, (255, 255, 255))
    draw_text(d, (24, h - 34), "IRM coronale, blanc = liquide ou œdème", 18, (225, 225, 225))
    return add_band(img, LABEL_CASE, dark=True)


def pelvis_trabeculae() -> Image.Image:
    """IMG-16: frontal pelvis radiograph: sparse trabeculae in the ischia, thickened
    load-bearing trabeculae of the femoral necks, more marked on the right (image left)."""
    w, h = HIPS_SIZE
    look = HipLook(bone=132, cortex=210, joint=52, background=52, cortex_width=4)
    c = Canvas(HIPS_SIZE, bg=10)
    c.polygon([(30, 14), (790, 14), (806, 546), (14, 546)], fill=52)
    _both_hips(c, look, sacrum=120)
    for side in (-1, 1):
        f = hips_frame(side)
        c.polygon(f.pts(ISCHIUM_U), fill=92)  # rarefied non-load-bearing trabeculae
        c.polygon(f.pts(PELVIS_U), outline=look.cortex, width=look.cortex_width)
        c.line(f.pts(((-0.4, 1.6), (-0.1, 2.3))), 122, 1.2)
        c.line(f.pts(((-0.9, 2.3), (-0.2, 2.45))), 122, 1.2)
        for k in range(8):  # ilium: ordinary fine pattern
            c.line(f.pts(((-1.6 + 0.42 * k, -3.7 + 0.1 * k), (-2.0 + 0.42 * k, -1.3))), 155, 1.2)
    for side, width, value in ((-1, 4.4, 236), (1, 2.0, 176)):  # +++ on the right
        f = hips_frame(side)
        for k in range(5):  # compressive (load-bearing) group, along the lines of force
            c.line(
                f.pts(((0.75 + 0.12 * k, 1.15 - 0.08 * k), (-0.45 + 0.22 * k, -0.82))), value, width
            )
        for k in range(3):  # tensile arcs from the lateral cortex over the neck
            c.line(
                f.pts(
                    (
                        (2.1, 1.0 + 0.25 * k),
                        (1.5, -0.2 + 0.15 * k),
                        (0.6, -0.5 + 0.15 * k),
                        (-0.2, -0.15 + 0.2 * k),
                        (-0.6, 0.5),
                    )
                ),
                value,
                width,
            )
    c.blur(0.5)
    img = c.final().convert("RGB")
    d = ImageDraw.Draw(img)
    draw_text(d, (20, 24), "D", 32, (255, 255, 255))
    draw_text(d, (w - 44, 24), "G", 32, (255, 255, 255))
    draw_text(
        d, (24, h - 34), "Bassin de face (modalité non précisée par le cas)", 18, (225, 225, 225)
    )
    return add_band(img, LABEL_CASE, dark=True)


HIP_XRAY_SIZE: Final = (760, 560)
NORMAL_XRAY: Final = HipLook(bone=165, cortex=225, joint=48, background=48, cortex_width=4)


def _hip_radiograph(c: Canvas, f: HipFrame, *, osteopenic: bool, facet: bool) -> None:
    """One hip on a frontal radiograph: normal, transient-osteoporosis or flattened head."""
    if osteopenic:  # severe osteopenia of head and neck, acetabulum discreetly
        look = HipLook(
            bone=150, cortex=200, joint=48, background=48, cortex_width=3, head=100, acetabulum=140
        )
    else:
        look = NORMAL_XRAY
    draw_hip(c, f, look)
    hx, hy = f(0, 0)
    if not osteopenic:  # trabecular texture
        for k in range(6):
            c.line(f.pts(((0.62 + 0.08 * k, 0.8 - 0.05 * k), (-0.5 + 0.2 * k, -0.8))), 195, 1.6)
    if facet:  # small focal flat facet on the upper contour; no sclerotic band
        c.polygon(
            f.pts(((-0.55, -1.02), (0.55, -1.02), (0.36, -0.9), (-0.36, -0.9))), fill=look.joint
        )
        c.arc(hx, hy, f.r - 2, 180, 249, look.cortex, 4)
        c.arc(hx, hy, f.r - 2, 291, 360, look.cortex, 4)
        c.line(f.pts(((-0.36, -0.88), (0.36, -0.88))), look.cortex, 4)
    elif osteopenic:  # faded subchondral plate and a lucent band beneath it
        c.arc(hx, hy, f.r - 2, 195, 345, 124, 3)
        c.polygon(f.pts(_sector(0.8, 0.9, 200, 340)), fill=62)
    else:
        c.arc(hx, hy, f.r - 2, 180, 360, look.cortex, 4)


HIP_OT: Final = HipFrame(300.0, 300.0, 80.0, 1)  # left hip: lateral on the image's right
HIP_INSET: Final = (520, 16, 224, 176)  # x, y, w, h of the comparison vignette


def hip_xray_transient() -> Image.Image:
    """IMG-17: left hip with the radiographic signs of transient osteoporosis, and a normal
    hip in a vignette for comparison."""
    w, h = HIP_XRAY_SIZE
    c = Canvas(HIP_XRAY_SIZE, bg=48)
    _hip_radiograph(c, HIP_OT, osteopenic=True, facet=False)
    c.blur(1.2)
    img = c.final().convert("RGB")
    ix, iy, iw, ih = HIP_INSET
    inset = Canvas((iw, ih), bg=48)
    _hip_radiograph(inset, HipFrame(iw * 0.42, ih * 0.5, 34, 1), osteopenic=False, facet=False)
    inset.blur(0.5)
    img.paste(inset.final().convert("RGB"), (ix, iy))
    d = ImageDraw.Draw(img)
    d.rectangle([ix, iy + ih, ix + iw - 1, iy + ih + 24], fill=(20, 20, 20))  # caption strip
    d.rectangle([ix, iy, ix + iw - 1, iy + ih + 24], outline=(235, 235, 235), width=2)
    draw_text_centered(d, ix + iw / 2, iy + ih + 1, "hanche normale", 16, (240, 240, 240))
    draw_text(d, (18, 16), "G", 32, (255, 255, 255))
    draw_text(d, (w - 250, h - 34), "Hanche gauche de face", 18, (225, 225, 225))
    return add_band(img, LABEL_COURSE, dark=True)


HIP_FACET: Final = HipFrame(330.0, 290.0, 84.0, 1)


def hip_xray_facet() -> Image.Image:
    """IMG-20: frontal hip with a small focal flattening of the upper head contour."""
    c = Canvas(HIP_XRAY_SIZE, bg=48)
    _hip_radiograph(c, HIP_FACET, osteopenic=False, facet=True)
    c.blur(0.8)
    img = c.final().convert("RGB")
    d = ImageDraw.Draw(img)
    x = HIP_XRAY_SIZE[0] - 262
    draw_text(d, (x, 14), "Hanche de face (radiographie)", 18, (225, 225, 225))
    draw_text(d, (x, 40), "côté non précisé", 18, (225, 225, 225))
    return add_band(img, LABEL_COURSE, dark=True)


# --------------------------------------------------------------------------- fissure / necrosis

FISSURE_PANEL: Final = (300, 220)
FISSURE_X0: Final = 150  # x of the first column
FISSURE_Y0: Final = 50  # y of the first row
FISSURE_GAP: Final = 16
FISSURE_SIZE: Final = (FISSURE_X0 + 2 * FISSURE_PANEL[0] + FISSURE_GAP + 14,
                       FISSURE_Y0 + 2 * FISSURE_PANEL[1] + FISSURE_GAP + 40)  # fmt: skip
FISSURE_HEAD_R: Final = 70.0


def _mri_head_panel(kind: str, plane: str) -> Image.Image:
    """A femoral head on a T1-weighted slice with a low-signal line. ``fissure``: the line
    stops short of the edges and lies in diffuse oedema (the whole head in low T1 signal,
    fading into the neck), the setting of a fissure in algodystrophy or an insufficiency
    fracture; ``necrose``: fatty (bright) marrow, and a rim running from edge to edge that
    delimits a subchondral segment which keeps its fatty signal."""
    pw, ph = FISSURE_PANEL
    c = Canvas(FISSURE_PANEL, bg=70)
    cx, cy, r = pw / 2, ph * 0.55, FISSURE_HEAD_R
    c.arc(cx, cy, r + 22, 195, 345, 25, 18)  # acetabulum (low-signal cortex)
    if plane == "frontale":
        neck = [(cx + 20, cy + 30), (cx + 90, cy + 70), (cx + 110, ph + 5), (cx + 30, ph + 5)]
    else:
        neck = [(cx - 34, cy + 40), (cx + 34, cy + 40), (cx + 40, ph + 5), (cx - 40, ph + 5)]
    oedema = kind == "fissure"
    c.polygon(neck, fill=150 if oedema else 190, outline=20, width=3)
    c.ellipse(cx, cy, r, r, fill=112 if oedema else 200, outline=20, width=3)
    if kind == "fissure":
        if plane == "frontale":
            pts = [(cx - 34, cy - 30), (cx - 14, cy - 38), (cx + 4, cy - 30), (cx + 22, cy - 40)]
        else:
            pts = [(cx - 26, cy - 14), (cx - 8, cy - 24), (cx + 10, cy - 16), (cx + 28, cy - 22)]
        c.line(pts, 25, 4)
    else:
        # from one edge of the head to the other, sagging towards the centre
        a0, a1 = (
            (math.radians(205), math.radians(335))
            if plane == "frontale"
            else (
                math.radians(210),
                math.radians(330),
            )
        )
        x0, y0 = cx + (r - 1) * math.cos(a0), cy + (r - 1) * math.sin(a0)
        x1, y1 = cx + (r - 1) * math.cos(a1), cy + (r - 1) * math.sin(a1)
        pts = []
        for j in range(25):
            t = j / 24
            sag = 16 * math.sin(math.pi * t) + 1.5 * math.sin(5 * math.pi * t)
            pts.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t + sag))
        c.line(pts, 25, 5)
    c.blur(0.4)
    return c.final().convert("RGB")


def fissure_vs_necrosis() -> Image.Image:
    """IMG-19: A = fissure line not reaching both edges of the head; B = low-signal rim
    from one edge to the other; each on a frontal and a sagittal slice."""
    h = FISSURE_SIZE[1]
    pw, ph = FISSURE_PANEL
    img = Image.new("RGB", FISSURE_SIZE, (245, 245, 245))
    d = ImageDraw.Draw(img)
    for col, kind in enumerate(("fissure", "necrose")):
        x0 = FISSURE_X0 + col * (pw + FISSURE_GAP)
        draw_text_centered(d, x0 + pw / 2, 8, "AB"[col], 32, (0, 0, 0))
        for row, plane in enumerate(("frontale", "sagittale")):
            img.paste(_mri_head_panel(kind, plane), (x0, FISSURE_Y0 + row * (ph + FISSURE_GAP)))
    for row, plane in enumerate(("frontale", "sagittale")):
        y = FISSURE_Y0 + row * (ph + FISSURE_GAP) + ph / 2 - 24
        draw_text(d, (14, y), "coupe", 20, (0, 0, 0))
        draw_text(d, (14, y + 26), plane, 20, (0, 0, 0))
    draw_text(
        d,
        (14, h - 30),
        "IRM pondérée T1 : graisse claire, œdème gris, hyposignal = trait noir",
        17,
        (40, 40, 40),
    )
    return add_band(img, LABEL_COURSE)


# --------------------------------------------------------------------------- shoulder

SHOULDER_SIZE: Final = (720, 560)
SHOULDER_HEAD: Final = (300.0, 262.0, 96.0)


def shoulder_coronal() -> Image.Image:
    """IMG-21: coronal slice of the RIGHT shoulder (radiological convention: humerus on the
    image's left), irregular lines in the epiphyseal cancellous bone of the humeral head."""
    w, h = SHOULDER_SIZE
    cx, cy, r = SHOULDER_HEAD
    bone, cortex, soft = 150, 228, 70
    c = Canvas(SHOULDER_SIZE, bg=8)
    c.polygon([(0, 70), (w, 24), (w, h), (0, h)], fill=soft)
    # scapula: glenoid facing the head, neck running medially (image right)
    c.polygon([(cx + r + 4, cy - 92), (cx + r + 70, cy - 70), (w, cy - 40), (w, cy + 150),
               (cx + r + 70, cy + 110), (cx + r + 4, cy + 84)],
              fill=bone, outline=cortex, width=5)  # fmt: skip
    # acromion above the head
    c.polygon([(cx - 130, cy - 150), (cx + 80, cy - 158), (w, cy - 200), (w, cy - 150),
               (cx + 90, cy - 122), (cx - 120, cy - 124)],
              fill=bone, outline=cortex, width=5)  # fmt: skip
    c.ellipse(cx, cy, r + 13, r + 13, fill=soft)  # joint space
    # humerus: head, greater tuberosity laterally, shaft downwards

    def humerus(m: Canvas) -> None:
        m.polygon([(cx - 40, cy - 90), (cx - 112, cy - 40), (cx - 110, cy + 40),
                   (cx - 70, cy + 120), (cx - 60, h + 8), (cx + 40, h + 8), (cx + 50, cy + 130),
                   (cx + 60, cy + 60)], fill=255)  # fmt: skip
        m.ellipse(cx, cy, r, r, fill=255)

    draw_union(c, humerus, bone, cortex, 5)
    for pts in (
        [
            (cx - 56, cy - 30),
            (cx - 30, cy - 46),
            (cx - 6, cy - 34),
            (cx + 18, cy - 52),
            (cx + 44, cy - 40),
        ],
        [(cx - 44, cy + 10), (cx - 18, cy - 2), (cx + 6, cy + 12), (cx + 32, cy + 2)],
    ):
        c.line(pts, 30, 4)
    c.blur(0.6)
    img = c.final().convert("RGB")
    d = ImageDraw.Draw(img)
    draw_text(d, (18, 20), "D", 32, (255, 255, 255))
    draw_text(
        d,
        (18, h - 34),
        "Coupe frontale de l’épaule droite (modalité non précisée)",
        18,
        (225, 225, 225),
    )
    return add_band(img, LABEL_CASE, dark=True)


# --------------------------------------------------------------------------- regions


def _regions() -> dict[str, dict[str, Box]]:
    wb_post, wb_ant = whole_body_proj(True), whole_body_proj(False)
    th = thorax_proj()
    sh_a, sh_p = shoulders_proj(False), shoulders_proj(True)
    pv_a, pv_p = pelvis_proj(False), pelvis_proj(True)
    fx, fy = FEMORAL_HEAD
    hx, hy = HUMERAL_HEAD
    kx, ky, _, _ = KIDNEY
    bx, by, _, _ = BLADDER
    tile = three_phase_proj()(fx + 8, fy + 6)
    step = THREE_PHASE_TILE[0] + THREE_PHASE_GAP
    vcx, vcy, vrx, vry = VERTEBRA_BODY
    acx, acy, arx, ary = CALCANEUS_PARTS["anterieur"]
    pcx, pcy, prx, pry = CALCANEUS_PARTS["posterieur"]
    pw, ph = FISSURE_PANEL
    left, right = hips_frame(1), hips_frame(-1)
    scx, scy, scr = SHOULDER_HEAD
    a2x, a2y = _ankle_t((acx, acy))
    p1x, p1y = _ankle_t((pcx, pcy))
    t1x, t1y = _ankle_t((318, 262))
    return {
        "scinti-quelle-vue-1.png": {
            "scapula": _box(wb_post, 68, 238, 28, 56),
            "rein": _box(wb_post, kx, ky, 19, 32),
            "rachis": _box(wb_post, 0, 300, 16, 90),
            "sacro-iliaque": _box(wb_post, 26, 496, 12, 28),
        },
        "scinti-quelle-vue-2.png": {
            "sternum": _box(wb_ant, 0, 236, 16, 60),
            "clavicule": _box(wb_ant, 52, 175, 48, 12),
            "massif-facial": _box(wb_ant, 0, 82, 34, 36),
            "vessie": _box(wb_ant, bx, by, 28, 20),
            "rotule": _box(wb_ant, 70, 694, 16, 18),
        },
        "scinti-post-thorax-cote.png": {"foyer": _box(th, *RIB9_FOCUS, 26, 22)},
        "scinti-ant-epaules.png": {"foyer": _box(sh_a, -hx, hy, 34, 34)},
        "scinti-post-epaules.png": {
            "foyer": _box(sh_p, -hx, hy, 34, 34),
            "scapula": _box(sh_p, 68, 238, 64, 128),
        },
        "scinti-post-rachis-niveau.png": {
            "foyer": _box(th, *L1_FOCUS, 36, 24),
            "rein": _box(th, kx, ky, 40, 70),
        },
        "spect-ct-vertebre.png": {
            "corps": box_at(vcx, vcy, vrx + 8, vry + 8),
            "arc-posterieur": (round(vcx) - 100, 292, 200, 196),
        },
        "scinti-post-cotes-multiples.png": {"foyer-1": _box(th, *RIB_FOCI[0], 20, 18)},
        "scinti-ant-bassin-tetes.png": {
            "foyer-droit": _box(pv_a, -fx, fy, 38, 38),
            "foyer-gauche": _box(pv_a, fx, fy, 38, 38),
            "vessie": _box(pv_a, bx, by, 70, 48),
        },
        "scinti-post-bassin-sacrum.png": {"foyer": _box(pv_p, *SACRAL_ALA, 30, 44)},
        "scinti-ant-bassin-sacrum.png": {
            "foyer": _box(pv_a, *SACRAL_ALA, 30, 44),
            "vessie": _box(pv_a, bx, by, 70, 48),
        },
        "pied-profil.png": {
            "a": (226, 208, 192, 96),
            "b": (116, 282, 334, 150),
            "c": (410, 234, 52, 76),
        },
        "pied-face.png": {
            "d": (192, 516, 138, 152),
            "e": (166, 470, 134, 62),
            "f": (154, 414, 154, 56),
            "g": (296, 448, 98, 122),
            "h": (260, 356, 44, 60),
        },
        "irm-cheville-avant-apres.png": {
            "talus-1": box_at(t1x, 40 + t1y, 74, 42),
            "calcaneum-1": box_at(p1x, 40 + p1y, prx * ANKLE_SCALE + 8, pry * ANKLE_SCALE + 8),
            "calcaneum-anterieur-2": box_at(
                ANKLE_PANEL[0] + ANKLE_GAP + a2x,
                40 + a2y,
                arx * ANKLE_SCALE + 10,
                ary * ANKLE_SCALE + 10,
            ),
        },
        "irm-hanches-coronale.png": {
            "tete-col-gauche": box_at(*left(0, 0.06), 62, 62),
            "cotyle-gauche": box_at(*left(0, -1.5), 92, 22),
            "tete-droite": box_at(*right(0, 0), 62, 62),
        },
        "bassin-trabeculations.png": {
            "ischion-droit": box_at(*right(-0.5, 1.95), 46, 52),
            "col-droit": box_at(*right(0.6, 0.05), 80, 74),
        },
        "radio-hanche-ot.png": {
            "tete": box_at(*HIP_OT(0.3, 0.3), 118, 110),
            "sous-chondral": box_at(*HIP_OT(0, -0.9), 70, 18),
            "interligne": box_at(*HIP_OT(0.68, -0.88), 24, 24),
        },
        "scinti-3-phases.png": {
            f"temps-{k + 1}": box_at(k * step + tile[0], THREE_PHASE_TOP + tile[1], 40, 44)
            for k in range(3)
        },
        "irm-fissure-ou-necrose.png": {
            "a": (FISSURE_X0, FISSURE_Y0, pw, 2 * ph + FISSURE_GAP),
            "b": (FISSURE_X0 + pw + FISSURE_GAP, FISSURE_Y0, pw, 2 * ph + FISSURE_GAP),
        },
        "radio-hanche-meplat.png": {"meplat": box_at(*HIP_FACET(0, -0.98), 58, 24)},
        "coupe-epaule-humerus.png": {
            "tete-humerale": box_at(scx - 6, scy - 12, 74, 58),
            "glene": box_at(scx + scr + 26, scy, 24, 86),
        },
    }


REGIONS: Final[dict[str, dict[str, Box]]] = _regions()

IMAGES: Final[dict[str, Callable[[], Image.Image]]] = {
    "scinti-quelle-vue-1.png": lambda: scan_whole_body(True),  # IMG-01 (posterior)
    "scinti-quelle-vue-2.png": lambda: scan_whole_body(False),  # IMG-02 (anterior)
    "scinti-post-thorax-cote.png": scan_thorax_rib9,  # IMG-03
    "scinti-ant-epaules.png": lambda: scan_shoulders(False),  # IMG-04
    "scinti-post-epaules.png": lambda: scan_shoulders(True),  # IMG-05
    "scinti-post-rachis-niveau.png": scan_thorax_l1,  # IMG-06
    "spect-ct-vertebre.png": spect_ct_vertebra,  # IMG-07
    "scinti-post-cotes-multiples.png": scan_thorax_ribs,  # IMG-08
    "scinti-ant-bassin-tetes.png": scan_pelvis_heads,  # IMG-09
    "scinti-post-bassin-sacrum.png": lambda: scan_pelvis_sacrum(True),  # IMG-10
    "scinti-ant-bassin-sacrum.png": lambda: scan_pelvis_sacrum(False),  # IMG-11
    "pied-profil.png": foot_lateral,  # IMG-12
    "pied-face.png": foot_dorsoplantar,  # IMG-13
    "irm-cheville-avant-apres.png": ankle_mri_pair,  # IMG-14
    "irm-hanches-coronale.png": hips_mri,  # IMG-15
    "bassin-trabeculations.png": pelvis_trabeculae,  # IMG-16
    "radio-hanche-ot.png": hip_xray_transient,  # IMG-17
    "scinti-3-phases.png": scan_three_phases,  # IMG-18
    "irm-fissure-ou-necrose.png": fissure_vs_necrosis,  # IMG-19
    "radio-hanche-meplat.png": hip_xray_facet,  # IMG-20
    "coupe-epaule-humerus.png": shoulder_coronal,  # IMG-21
}


def build(outdir: Path) -> list[Path]:
    """Draw every image into ``outdir``; return the paths written."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in IMAGES.items():
        path = outdir / name
        draw().save(path, format="PNG", optimize=False, compress_level=9)
        written.append(path)
    return written


def main(argv: Sequence[str]) -> int:
    if argv and argv[0] == "--regions":
        for name, regions in REGIONS.items():
            print(name)
            for rid, box in regions.items():
                print(f"  {rid}: [{', '.join(map(str, box))}]")
        return 0
    outdir = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "media"
    for path in build(outdir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
