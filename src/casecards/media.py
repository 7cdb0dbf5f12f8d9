"""Images for image notes: confined lookup, validation with Pillow, region outlines."""

from __future__ import annotations

import difflib
import itertools
import math
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageDraw, UnidentifiedImageError

from casecards.i18n import _, integer

# Pillow warns from 89 Mpx and refuses from twice that; teaching schematics are far smaller.
MAX_PIXELS = 40_000_000
# What a file's extension claims, as Pillow names formats; a file must be what it claims.
# (MPO is the JPEG some cameras write, with extra pictures in it.)
CLAIMS = {
    ".png": {"PNG"},
    ".jpg": {"JPEG", "MPO"},
    ".jpeg": {"JPEG", "MPO"},
    ".gif": {"GIF"},
    ".webp": {"WEBP"},
    ".bmp": {"BMP"},
    ".tif": {"TIFF"},
    ".tiff": {"TIFF"},
}


# Files looked at for a "did you mean" (a media folder is a few hundred pictures at most).
MAX_SUGGESTION_FILES = 10_000


class MediaError(ValueError):
    """An image reference that cannot be used; the message says why, for the deck's author,
    and ``hint`` what to do, when there is more to say."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True, slots=True)
class ImageInfo:
    path: Path
    width: int
    height: int


def resolve(media_dir: Path, reference: str) -> Path:
    """The file ``reference`` names inside ``media_dir``; refuses anything that leaves it."""
    if "\\" in reference:
        raise MediaError(_("use '/' in media paths, not '\\': '{path}'").format(path=reference))
    relative = PurePosixPath(reference)
    if relative.is_absolute() or reference.startswith("~"):
        raise MediaError(
            _("media path '{path}' must be relative to the media folder").format(path=reference)
        )
    if ".." in relative.parts:
        raise MediaError(_("media path '{path}' must not contain '..'").format(path=reference))
    root = media_dir.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise MediaError(
            _("media path '{path}' leads outside the media folder (symlink?)").format(
                path=reference
            )
        )
    return target


def inspect(media_dir: Path, reference: str) -> ImageInfo:
    """Resolve and open an image; MediaError if it is missing, not an image, or too large."""
    path = resolve(media_dir, reference)
    if not path.is_file():
        raise MediaError(
            _("image '{path}' not found in {folder}").format(path=reference, folder=media_dir),
            _suggest(media_dir, reference),
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 Mpx; the check below refuses far sooner, with a message.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(path)
        with opened as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise MediaError(
                    _("image '{path}' is {width}x{height} pixels, over {most}").format(
                        path=reference, width=width, height=height, most=integer(MAX_PIXELS)
                    )
                )
            claimed = CLAIMS.get(path.suffix.lower())
            if claimed is not None and image.format not in claimed:
                raise MediaError(
                    _(
                        "'{path}' is a {format} image, not {extension}: "
                        "give it the extension of what it is"
                    ).format(path=reference, format=image.format, extension=path.suffix[1:].upper())
                )
            image.verify()
        # verify() checks the chunks' checksums only; decoding every pixel (within the size
        # checked above) finds data that is broken under sound checksums, which the trainer
        # and the export would otherwise meet one at a time.
        with Image.open(path) as image:
            image.load()
    except MediaError:
        raise
    except Image.DecompressionBombError:
        # Pillow refuses to open it at all: its header claims more pixels than any picture
        # has, which is how a small file that decompresses to gigabytes looks.
        raise MediaError(
            _(
                "image '{path}' claims to be far larger than {most} pixels (a decompression bomb?)"
            ).format(path=reference, most=integer(MAX_PIXELS))
        ) from None
    except UnidentifiedImageError as error:
        raise MediaError(
            _("'{path}' is not an image Pillow can open ({error})").format(
                path=reference, error=error
            )
        ) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise MediaError(
            _("image '{path}' is damaged: {error}").format(path=reference, error=error)
        ) from None
    return ImageInfo(path, width, height)


def _suggest(media_dir: Path, reference: str) -> str:
    """ "did you mean 'x'?" for a missing image: the closest name in the media folder."""
    try:
        found = (
            p.relative_to(media_dir).as_posix()
            for p in media_dir.rglob("*")
            if p.suffix.lower() in CLAIMS and not p.name.startswith(".")
        )
        names = list(itertools.islice(found, MAX_SUGGESTION_FILES))
    except OSError:
        return ""
    close = difflib.get_close_matches(reference, names, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(PurePosixPath(reference).name, names, n=1, cutoff=0.6)
    return _("did you mean '{name}'?").format(name=close[0]) if close else ""


#: The colour of a region's outline, in the trainer and in the Anki export alike.
OUTLINE = "#ff2d55"
#: How much of its brightness the picture keeps around a marked region in the trainer.
SURROUNDINGS = 0.45


def outline_region(
    path: Path, box: tuple[int, int, int, int], colour: str = OUTLINE
) -> Image.Image:
    """The image with ``box`` outlined, thick enough to see when scaled down."""
    with Image.open(path) as source:
        image = source.convert("RGB")
    x, y, w, h = box
    width = max(3, round(max(image.size) / 150))
    draw = ImageDraw.Draw(image)
    draw.rectangle((x, y, x + w - 1, y + h - 1), outline=colour, width=width)
    return image


def scaled_box(
    box: tuple[int, int, int, int], source: tuple[int, int], size: tuple[int, int]
) -> tuple[int, int, int, int]:
    """``box`` (x, y, width, height in ``source`` pixels) as corners (left, top, right, bottom,
    inclusive) in a copy scaled to ``size``; never empty, so a small region stays findable."""
    x, y, w, h = box
    sx, sy = size[0] / source[0], size[1] / source[1]
    left, top = min(size[0] - 1, int(x * sx)), min(size[1] - 1, int(y * sy))
    right = max(left, min(size[0] - 1, math.ceil((x + w) * sx) - 1))
    bottom = max(top, min(size[1] - 1, math.ceil((y + h) * sy) - 1))
    return left, top, right, bottom


def region_view(
    source: Image.Image, size: tuple[int, int], box: tuple[int, int, int, int] | None
) -> Image.Image:
    """``source`` (RGB) scaled to ``size`` as the trainer shows it; with ``box``, the region
    marked for a screen that may show only a few dozen pixels: the rest dimmed, and a frame
    drawn around the region (not over it, so a region a few pixels wide stays visible) after
    scaling, so that it keeps its thickness however small the picture is. The frame is the
    outline colour with a dark rim outside it, which stands out on light and dark pictures.

    The Anki export keeps ``outline_region``: Anki shows the picture at full resolution,
    where a thin line is plain and the rest needs no dimming."""
    scaled = source.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    if box is None:
        return scaled
    left, top, right, bottom = scaled_box(box, source.size, size)
    inside = scaled.crop((left, top, right + 1, bottom + 1))
    shown = scaled.point(lambda value: round(value * SURROUNDINGS))
    shown.paste(inside, (left, top))
    line = max(2, round(max(size) / 150))
    draw = ImageDraw.Draw(shown)
    for step in range(1, line + 2):
        colour = OUTLINE if step <= line else "#000000"
        draw.rectangle((left - step, top - step, right + step, bottom + step), outline=colour)
    return shown
