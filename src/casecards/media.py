"""Images for image notes: confined lookup, validation with Pillow, region outlines."""

from __future__ import annotations

import difflib
import itertools
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageDraw, UnidentifiedImageError

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
        raise MediaError(f"use '/' in media paths, not '\\': '{reference}'")
    relative = PurePosixPath(reference)
    if relative.is_absolute() or reference.startswith("~"):
        raise MediaError(f"media path '{reference}' must be relative to the media folder")
    if ".." in relative.parts:
        raise MediaError(f"media path '{reference}' must not contain '..'")
    root = media_dir.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise MediaError(f"media path '{reference}' leads outside the media folder (symlink?)")
    return target


def inspect(media_dir: Path, reference: str) -> ImageInfo:
    """Resolve and open an image; MediaError if it is missing, not an image, or too large."""
    path = resolve(media_dir, reference)
    if not path.is_file():
        raise MediaError(
            f"image '{reference}' not found in {media_dir}", _suggest(media_dir, reference)
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
                    f"image '{reference}' is {width}x{height} pixels, over {MAX_PIXELS:,}"
                )
            claimed = CLAIMS.get(path.suffix.lower())
            if claimed is not None and image.format not in claimed:
                raise MediaError(
                    f"'{reference}' is a {image.format} image, not {path.suffix[1:].upper()}: "
                    "give it the extension of what it is"
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
            f"image '{reference}' claims to be far larger than {MAX_PIXELS:,} pixels "
            "(a decompression bomb?)"
        ) from None
    except UnidentifiedImageError as error:
        raise MediaError(f"'{reference}' is not an image Pillow can open ({error})") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise MediaError(f"image '{reference}' is damaged: {error}") from None
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
    return f"did you mean '{close[0]}'?" if close else ""


def outline_region(
    path: Path, box: tuple[int, int, int, int], colour: str = "#ff2d55"
) -> Image.Image:
    """The image with ``box`` outlined, thick enough to see when scaled down."""
    with Image.open(path) as source:
        image = source.convert("RGB")
    x, y, w, h = box
    width = max(3, round(max(image.size) / 150))
    draw = ImageDraw.Draw(image)
    draw.rectangle((x, y, x + w - 1, y + h - 1), outline=colour, width=width)
    return image
