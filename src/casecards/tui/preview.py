"""``casecards preview`` in a terminal: each card drawn by the trainer's own views (pictures
included), front then back, with no store and no grading. ``r`` on an image card opens the
region picker with the note's regions outlined; ``--watch`` reads the deck again whenever a
deck file or picture changes, and stays on the card shown."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from casecards.cards import ImageFace, RegionFace
from casecards.deck import Deck, load_decks
from casecards.errors import Problem
from casecards.i18n import _, ngettext
from casecards.preview import PreviewCard, file_stamps, preview_cards
from casecards.tui.regions import Box, RegionsScreen, box_line
from casecards.tui.screens.base import translated_bindings
from casecards.tui.widgets.cardviews import CardView, view_for

WATCH_SECONDS = 0.5


class PreviewScreen(Screen[None]):
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated_bindings(super().active_bindings)

    BINDINGS = [
        Binding("space,enter", "reveal", "Show the back"),
        Binding("n,right,pagedown", "step(1)", "Next card"),
        Binding("p,left,pageup", "step(-1)", "Previous card"),
        Binding("r", "regions", "Draw a region"),
        Binding("q,escape", "app.quit", "Quit"),
    ]

    def __init__(self, target: Path, media_dir: Path, note: str | None, *, watch: bool) -> None:
        super().__init__()
        self.target, self.media_dir, self.note = target, media_dir, note
        self.watching = watch
        self.cards: list[tuple[Deck, PreviewCard]] = []
        self.problems: tuple[Problem, ...] = ()
        self.index = 0
        self.view: CardView | None = None
        self._stamps: object = None

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="preview-title")
        yield VerticalScroll(id="card")
        yield Static(Text(""), id="preview-hint", classes="muted")

    async def on_mount(self) -> None:
        await self._load()
        if self.watching:
            self.set_interval(WATCH_SECONDS, self._look)

    async def _look(self) -> None:
        if file_stamps(self.target, self.media_dir) != self._stamps:
            await self._load()

    async def _load(self) -> None:
        self._stamps = file_stamps(self.target, self.media_dir)
        shown = self.cards[self.index][1].card.id if self.cards else None
        result = load_decks([self.target], self.media_dir)
        self.problems = result.problems
        if not result.problems:
            self.cards = [
                (deck, card)
                for deck in result.decks
                for card in preview_cards(deck, None)
                if self.note is None or card.note.id == self.note
            ]
            ids = [card.card.id for _, card in self.cards]
            self.index = ids.index(shown) if shown in ids else min(self.index, len(ids) - 1)
        await self._show()

    async def _show(self) -> None:
        container = self.query_one("#card", VerticalScroll)
        await container.remove_children()
        title = self.query_one("#preview-title", Static)
        self.view = None
        if self.problems:
            count = len(self.problems)
            problems = ngettext("{n} problem", "{n} problems", count).format(n=count)
            title.update(Text(problems, style="bold red"))
            lines = "\n".join(str(p) for p in self.problems)
            await container.mount(Static(Text(lines)))
            self._hint()
            return
        if not self.cards:
            title.update(Text(_("No cards"), style="bold"))
            self._hint()
            return
        deck, shown = self.cards[self.index]
        title.update(
            Text(f" {self.index + 1}/{len(self.cards)}  {shown.card.id} · {shown.card.kind}")
        )
        self.view = view_for(shown.card, shown.note, deck.lang, self.media_dir, seed=shown.card.id)
        await container.mount(self.view)
        self._hint()

    def _hint(self) -> None:
        parts = [_("Space: the back"), _("n/p: next/previous")]
        if self.view is not None and isinstance(self.view.face, ImageFace | RegionFace):
            parts.append(_("r: draw a region"))
        if self.watching:
            parts.append(_("watching {file}").format(file=self.target.name))
        parts.append(_("q: quit"))
        self.query_one("#preview-hint", Static).update(Text(" · ".join(parts)))

    async def action_reveal(self) -> None:
        if self.view is not None and not self.view.revealed:
            await self.view.reveal()
            self.view.query_one("#answer").scroll_visible(animate=False)

    async def action_step(self, step: int) -> None:
        if self.cards:
            self.index = max(0, min(len(self.cards) - 1, self.index + step))
            await self._show()

    def action_regions(self) -> None:
        shown = self.view.face if self.view is not None else None
        if not isinstance(shown, ImageFace | RegionFace):
            self.notify(_("r draws a region on an image card"), timeout=3)
            return
        existing = tuple(region.box for region in shown.body.regions)
        path = self.media_dir / shown.body.image
        self.app.push_screen(RegionsScreen(path, existing), callback=self._drawn)

    def _drawn(self, box: Box | None) -> None:
        if box is None:
            return
        app = self.app
        if isinstance(app, PreviewApp):
            app.boxes.append(box_line(box))
        self.notify(_("{box} (printed when you quit)").format(box=box_line(box)), timeout=10)


class PreviewApp(App[None]):
    CSS_PATH = "casecards.tcss"
    TITLE = "casecards preview"

    def __init__(
        self, target: Path, media_dir: Path, note: str | None = None, *, watch: bool = False
    ) -> None:
        super().__init__()
        self.target, self.media_dir, self.note = target, media_dir, note
        self.watching = watch
        #: The boxes drawn with ``r``, as YAML lines, for the command to print at the end.
        self.boxes: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(PreviewScreen(self.target, self.media_dir, self.note, watch=self.watching))


def run_preview(target: Path, media_dir: Path, note: str | None, *, watch: bool) -> list[str]:
    """Run the preview; the boxes drawn, as ``box: [...]`` lines."""
    app = PreviewApp(target, media_dir, note, watch=watch)
    app.run()
    return app.boxes
