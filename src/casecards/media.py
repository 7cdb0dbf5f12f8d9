"""Images for image notes: confined lookup, validation with Pillow, region outlines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageDraw, UnidentifiedImageError

# Pillow warns from 89 Mpx and refuses from twice that; teaching schematics are far smaller.
MAX_PIXELS = 40_000_000


class MediaError(ValueError):
    """An image reference that cannot be used; the message says why, for the deck's author."""


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
        raise MediaError(f"image '{reference}' not found in {media_dir}")
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise MediaError(
                    f"image '{reference}' is {width}x{height} pixels, over {MAX_PIXELS:,}"
                )
            image.verify()
    except MediaError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise MediaError(f"'{reference}' is not an image Pillow can open ({error})") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise MediaError(f"image '{reference}' is damaged: {error}") from None
    return ImageInfo(path, width, height)


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
