"""The images an export carries: originals and region outlines, named flat by content.

Anki keeps every media file in one flat folder shared by all decks, so a name must say what
the file is: ``casecards-<sha256>.<ext>`` is unique by content, the same file keeps its name
from one export to the next, and two decks using one picture share it.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path, PurePosixPath

from casecards import media
from casecards.export.package import ExportError, MediaFile
from casecards.i18n import _


def media_name(data: bytes, suffix: str) -> str:
    return f"casecards-{hashlib.sha256(data).hexdigest()[:20]}{suffix}"


class Pictures:
    """Collects media files for one package; each source image is read once, each region
    outline rendered once."""

    def __init__(self, media_dir: Path) -> None:
        self.media_dir = media_dir
        self._files: dict[str, MediaFile] = {}
        self._originals: dict[str, tuple[str, tuple[int, int]]] = {}
        self._outlines: dict[tuple[str, tuple[int, int, int, int]], str] = {}

    @property
    def files(self) -> tuple[MediaFile, ...]:
        return tuple(self._files.values())

    def _add(self, data: bytes, suffix: str) -> str:
        name = media_name(data, suffix)
        self._files.setdefault(name, MediaFile(name, data))
        return name

    def _path(self, reference: str) -> Path:
        try:
            return media.resolve(self.media_dir, reference)
        except media.MediaError as error:  # check passed, so the folder changed since
            raise ExportError(
                _("{error}; run 'casecards check' and export again").format(error=error)
            ) from None

    def original(self, reference: str) -> str:
        """The media name of the image ``reference`` (a path inside the media folder)."""
        return self._original(reference)[0]

    def size(self, reference: str) -> tuple[int, int]:
        """Width and height in pixels of the image ``reference``."""
        return self._original(reference)[1]

    def _original(self, reference: str) -> tuple[str, tuple[int, int]]:
        if reference not in self._originals:
            path = self._path(reference)
            try:
                data = path.read_bytes()
                info = media.inspect(self.media_dir, reference)
            except (OSError, media.MediaError) as error:
                raise ExportError(
                    _("cannot read image '{reference}': {error}").format(
                        reference=reference, error=error
                    )
                ) from None
            suffix = PurePosixPath(reference).suffix.lower() or ".png"
            self._originals[reference] = (self._add(data, suffix), (info.width, info.height))
        return self._originals[reference]

    def outlined(self, reference: str, box: tuple[int, int, int, int]) -> str:
        """The media name of the image with ``box`` outlined as the trainer draws it."""
        key = (reference, box)
        if key not in self._outlines:
            buffer = io.BytesIO()
            try:
                media.outline_region(self._path(reference), box).save(buffer, format="PNG")
            except OSError as error:
                raise ExportError(
                    _("cannot read image '{reference}': {error}").format(
                        reference=reference, error=error
                    )
                ) from None
            self._outlines[key] = self._add(buffer.getvalue(), ".png")
        return self._outlines[key]
