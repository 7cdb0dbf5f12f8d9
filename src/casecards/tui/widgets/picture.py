"""An image from the media folder, decoded (and a region outlined) off the UI thread.

textual-image draws it with the terminal's best protocol: Kitty graphics or Sixel where the
terminal supports them, Unicode half-blocks elsewhere (tmux, for one).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image as PILImage
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Container
from textual.widgets import Static

from casecards import media


def load_picture(path: Path, box: tuple[int, int, int, int] | None) -> PILImage.Image:
    """The image as RGB, with ``box`` outlined (the same rendering as the Anki export)."""
    if box is not None:
        return media.outline_region(path, box)
    with PILImage.open(path) as source:
        return source.convert("RGB")


class Picture(Container):
    """``path`` shown whole, or with ``box`` outlined; a placeholder until decoded."""

    DEFAULT_CSS = """
    Picture { height: auto; align-horizontal: center; }
    Picture > .picture-wait { color: $text-muted; }
    """

    def __init__(
        self, path: Path, box: tuple[int, int, int, int] | None = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.path = path
        self.box = box
        self.loaded: PILImage.Image | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading image…"), classes="picture-wait")

    def on_mount(self) -> None:
        self._decode()

    @work(thread=True, exclusive=True, group="picture")
    def _decode(self) -> None:
        try:
            image = load_picture(self.path, self.box)
        except OSError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._show, image)

    def _show(self, image: PILImage.Image) -> None:
        from textual_image.widget import Image as TerminalImage

        self.loaded = image
        self.query(".picture-wait").remove()
        self.mount(TerminalImage(image, classes="picture"))

    def _failed(self, reason: str) -> None:
        self.query(".picture-wait").remove()
        self.mount(Static(Text(f"Cannot show the image: {reason}"), classes="error"))
