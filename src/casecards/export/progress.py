"""A one-line progress bar for long exports, drawn on a terminal and nowhere else."""

from __future__ import annotations

from typing import TextIO

# Below this many notes an export takes about a second: no bar.
MIN_NOTES = 2_000


class TerminalProgress:
    """A ``Progress`` callback: ``building ▕█████     ▏  52%  26,000/50,000``.

    Draws only when ``stream`` is a terminal and the export has at least ``minimum`` notes,
    and redraws only when the percentage changes, so it costs nothing per note.
    """

    def __init__(self, stream: TextIO, *, minimum: int = MIN_NOTES, width: int = 24) -> None:
        self.stream = stream
        self.minimum = minimum
        self.width = width
        self.enabled = stream.isatty()
        self._last: tuple[str, int] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < self.minimum:
            return
        percent = done * 100 // total
        if (stage, percent) == self._last:
            return
        self._last = (stage, percent)
        filled = self.width * done // total
        bar = "█" * filled + " " * (self.width - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r{stage:<9}▕{bar}▏ {percent:3d}%  {done:,}/{total:,}{end}")
        self.stream.flush()
