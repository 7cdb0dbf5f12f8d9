"""One widget per card kind: the question, the student's input, then the answer.

Each view takes its card and note as attributes, posts ``CardView.Submitted`` when the student
has finished typing or ordering, and on ``reveal()`` shows the answer and returns the grade it
suggests (None where the student grades alone). Deck text is always shown literally.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar
from weakref import WeakKeyDictionary

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from casecards import grading
from casecards.cards import (
    Card,
    CardKind,
    ClozeFace,
    DifferentialFace,
    ImageFace,
    ModalityFace,
    RegionFace,
    SignFace,
    TimelineFace,
    face,
)
from casecards.cardtext import cloze_marked, item_text, items, phrase, question
from casecards.deck.model import Note
from casecards.i18n import N_, _
from casecards.markup import to_rich, visible
from casecards.matching import match_key
from casecards.tui.widgets.picture import Picture, plan


def rich(text: str, style: str = "") -> Text:
    """Deck text as Rich ``Text`` (markup applied, nothing else interpreted)."""
    result = to_rich(text)
    if style:
        result.stylize(style)
    return result


def plain(text: str, style: str = "") -> Text:
    return Text(visible(text), style=style)


class CardView(Vertical):
    """Base view. Subclasses add input widgets and fill ``#answer`` on reveal."""

    #: What the keys do on the question (English msgid: translated where shown, ``hint``).
    HINT = N_("space or Enter: show the answer")

    @property
    def hint(self) -> str:
        return _(self.HINT)

    class Submitted(Message):
        """The student finished their input: the screen reveals the answer."""

    def __init__(self, card: Card, note: Note, lang: str, media_dir: Path) -> None:
        super().__init__(classes="card-view")
        self.card = card
        self.note = note
        self.lang = lang
        self.media_dir = media_dir
        self.revealed = False
        self.face = face(note, card.part)
        self.question = question(self.face, lang)

    def compose(self) -> ComposeResult:
        yield Static(rich(self.question.text), classes="question")
        yield from self.compose_input()
        yield Vertical(id="answer")

    def compose_input(self) -> ComposeResult:
        return iter(())

    def focus_input(self) -> bool:
        """Give the keyboard to this view's input; False if it has none."""
        return False

    async def reveal(self) -> int | None:
        """Show the answer, the explanation and the source; return a suggested grade."""
        self.revealed = True
        answer = self.query_one("#answer", Vertical)
        suggestion = await self.show_answer(answer)
        if self.note.explanation:
            await answer.mount(Static(rich(self.note.explanation), classes="explanation"))
        source = phrase(self.lang, "source").format(self.note.source)
        await answer.mount(Static(plain(source), classes="source muted"))
        return suggestion

    async def show_answer(self, answer: Vertical) -> int | None:
        await answer.mount(Static(rich(self.question.answer), classes="answer-text"))
        return None


class TextView(CardView):
    """basic and cloze: the front (the sentence with its gap), then the back (filled). A
    cloze marks its own gap on the front and the words that filled it on the back."""

    GAP = "bold cyan"

    def compose(self) -> ComposeResult:
        if isinstance(self.face, ClozeFace):
            front = to_rich(cloze_marked(self.face, reveal=False), marked=self.GAP)
            yield Static(front, classes="question")
            yield Vertical(id="answer")
        else:
            yield from super().compose()

    async def show_answer(self, answer: Vertical) -> int | None:
        if isinstance(self.face, ClozeFace):
            back = to_rich(cloze_marked(self.face, reveal=True), marked=f"{self.GAP} underline")
            self.query_one(".question", Static).update(back)
            return None
        return await super().show_answer(answer)


class ImageView(CardView):
    """The image (a region card: with that region marked) and its prompt. The picture takes
    the room the card leaves, keeping its aspect ratio, beside the text or below it (whichever
    shows it larger, ``picture.plan``); the view fills the card area and only the text
    scrolls, so the picture stays in place when the answer shows."""

    #: Rows the card area loses when the answer shows (the screen's grade bar: a rule, the
    #: keys and their intervals, until a reveal says otherwise), learnt by each screen at a
    #: reveal and left free before the next ones: the picture keeps its size and place when
    #: the answer shows, rather than shrink a little under the student's eyes.
    ANSWER_BAR_ROWS = 3
    answer_bar_rows: ClassVar[WeakKeyDictionary[Screen[object], int]] = WeakKeyDictionary()

    def __init__(self, card: Card, note: Note, lang: str, media_dir: Path) -> None:
        super().__init__(card, note, lang, media_dir)
        self._asked_room: Size | None = None
        # Side by side is the usual plan: a view that starts so is not restyled when planned.
        self.add_class("-side")

    def compose_input(self) -> ComposeResult:
        shown = self.face
        assert isinstance(shown, ImageFace | RegionFace)
        box = shown.region.box if isinstance(shown, RegionFace) else None
        yield Picture(self.media_dir / shown.body.image, box, id="picture")

    def on_mount(self) -> None:
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()
        if self.revealed:  # the room changed under the answer (the grade bar, the terminal)
            self.query_one("#answer").scroll_visible(animate=False)

    def on_picture_loaded(self, message: Picture.Loaded) -> None:
        message.stop()
        self._lay_out()

    async def reveal(self) -> int | None:
        suggestion = await super().reveal()
        self._lay_out()  # stacked, the picture makes room for the answer
        return suggestion

    def _lay_out(self) -> None:
        picture = self.query_one(Picture)
        room = self.outer_size
        if not room.height and isinstance(self.parent, Widget):
            room = self.parent.content_size  # not laid out yet: the card area it will fill
        if picture.image_size is None or not room.width or not room.height:
            return
        rows = room.height
        if not self.revealed:
            self._asked_room = room
            rows = max(1, rows - self.answer_bar_rows.get(self.screen, self.ANSWER_BAR_ROWS))
        elif self._asked_room is not None and self._asked_room.width == room.width:
            lost = self._asked_room.height - room.height
            if 0 < lost <= 4:  # the grade bar; a larger change is the terminal's
                self.answer_bar_rows[self.screen] = lost
        layout = plan(
            picture.image_size,
            picture.cell,
            (room.width, rows),
            lambda width: self._rows(self.query(".question"), width),
            (lambda width: self._rows(self.query("#answer > *"), width)) if self.revealed else None,
        )
        self.set_class(layout.side, "-side")
        self.set_class(not layout.side, "-stacked")
        picture.styles.width, picture.styles.height = layout.box
        picture.fit_in(layout.box)

    def _rows(self, widgets: Iterable[Widget], width: int) -> int:
        """The rows ``widgets`` take, one under the other, at ``width`` columns."""
        rows = 0
        for widget in widgets:
            if not widget.display:
                continue
            styles = widget.styles
            inner = max(1, width - styles.gutter.width - styles.margin.width)
            area = Size(width, self.outer_size.height or 1000)
            height = widget.get_content_height(area, area, inner)
            rows += height + styles.gutter.height + styles.margin.height
        return rows


class RecallInput(Input):
    """The typed answer's field. Before the first letter of an item (the field empty), a
    space or a digit is not typed: keys pressed by habit (space to show, a grade) never reach
    an answer. They go on to the screen's keys instead: a space shows the answer when
    ``space_shows`` (nothing typed yet, as on every other card), digits do nothing before the
    answer. Backspace on the empty field asks to take back the last item (``TakeBack``)."""

    class TakeBack(Message):
        """Backspace on the empty field: the student takes back the last item."""

    def __init__(self, *, placeholder: str, id: str) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.space_shows = True  # set by the view: no item typed yet

    def _habit(self, character: str | None) -> bool:
        return (
            not self.value and character is not None and (character == " " or character.isdigit())
        )

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if self._habit(character):
            # A space with items typed stays here, swallowed; otherwise the screen has it.
            return character == " " and not self.space_shows
        return super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if self._habit(event.character):
            event.prevent_default()  # not typed: Input's own handler does not run
            if not self.check_consume_key(event.key, event.character):
                return  # bubbles up to the screen's bindings
            event.stop()

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.TakeBack())
            return
        super().action_delete_left()


class RecallView(CardView):
    """differential and "what does this modality show": type the items, then see each one
    marked recalled or missed, and the extra items typed."""

    HINT = N_(
        "type an item and Enter (commas separate items) · Enter on an empty line: show the answer"
    )

    def __init__(self, card: Card, note: Note, lang: str, media_dir: Path) -> None:
        super().__init__(card, note, lang, media_dir)
        self.items: list[str] = []
        assert isinstance(self.face, DifferentialFace | ModalityFace)
        self.expected = items(self.face)
        self.result: grading.RecallResult | None = None

    def compose_input(self) -> ComposeResult:
        if isinstance(self.face, ModalityFace) and self.face.modality.timing:
            timing = self.face.modality.timing
            yield Static(plain(f"{phrase(self.lang, 'timing')} : {timing}"), classes="muted")
        yield Static(Text(""), id="typed")
        yield RecallInput(placeholder=self._placeholder(), id="recall")

    def focus_input(self) -> bool:
        self.query_one("#recall", Input).focus()
        return True

    def _placeholder(self) -> str:
        if not self.items:
            return _("Type an item, Enter to add it; Enter on an empty line shows the answer")
        return _("Next item · Enter: show the answer · Backspace: take back the last item")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.revealed:
            return
        new = grading.split_items(event.value)
        event.input.value = ""
        if not new:
            self.post_message(self.Submitted())
            return
        self.items.extend(new)
        self._paint_items()

    def on_recall_input_take_back(self, message: RecallInput.TakeBack) -> None:
        message.stop()
        if self.items and not self.revealed:
            self.items.pop()
            self._paint_items()

    def _paint_items(self) -> None:
        """The items typed so far, above the field, which stays in sight below them."""
        typed = Text()
        for item in self.items:
            typed.append("• " + visible(item) + "\n")
        self.query_one("#typed", Static).update(typed)
        field = self.query_one("#recall", RecallInput)
        field.space_shows = not self.items
        field.placeholder = self._placeholder()
        field.scroll_visible(animate=False)

    async def reveal(self) -> int | None:
        recall = self.query_one("#recall", Input)
        # Text still in the input when the student reveals counts as typed.
        self.items.extend(grading.split_items(recall.value))
        recall.display = False
        self.query_one("#typed", Static).display = False
        return await super().reveal()

    async def show_answer(self, answer: Vertical) -> int | None:
        self.result = grading.match_items(self.items, self.expected)
        lines = Text()
        for item in self.result.items:
            mark, style = ("✓ ", "bold green") if item.recalled else ("✗ ", "bold red")
            lines.append(mark, style=style)
            expected = item_text(item.answer.text)
            lines.append_text(rich(expected))
            if item.matched_by and match_key(item.matched_by) != match_key(expected):
                typed = _("(typed: {text})").format(text=visible(item.matched_by))
                lines.append(f"  {typed}", style="dim")
            lines.append("\n")
        for extra in self.result.extras:
            lines.append("+ ", style="bold yellow")
            lines.append(visible(extra) + "  " + _("(not expected)") + "\n", style="yellow")
        for repeat in self.result.repeats:
            lines.append("= ", style="dim")
            lines.append(visible(repeat) + "  " + _("(typed twice)") + "\n", style="dim")
        summary = _("{recalled} / {total} recalled").format(
            recalled=self.result.recalled, total=self.result.total
        )
        lines.append(summary, style="bold")
        await answer.mount(Static(lines, classes="recall-result"))
        return int(self.result.suggested_grade)


class TimelineView(CardView, can_focus=True):
    """The events shuffled (anew at each showing, never as shown last time); ↑/↓ choose one,
    shift+↑/↓ (or K/J) move it; then the true order with the events the student must move
    marked, and the ``when`` of each. Wrapped events keep a hanging indent."""

    HINT = N_("↑ ↓: choose an event · shift+↑ ↓ (or K J): move it · Enter: show the true order")

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Previous", show=False),
        Binding("down,j", "cursor(1)", "Next", show=False),
        # Not in the footer: the hint line says them, and the footer has no room for them.
        Binding("shift+up,K", "move(-1)", "Move up", show=False),
        Binding("shift+down,J", "move(1)", "Move down", show=False),
    ]

    def __init__(
        self,
        card: Card,
        note: Note,
        lang: str,
        media_dir: Path,
        seed: str,
        avoid: Sequence[int] = (),
    ) -> None:
        super().__init__(card, note, lang, media_dir)
        assert isinstance(self.face, TimelineFace)
        self.events = self.face.body.events
        self.order = grading.shuffle_order(len(self.events), seed, avoid)
        self.shown = tuple(self.order)  # as first shown, before the student moves anything
        self.order_result: grading.OrderResult | None = None
        self.cursor = 0

    def compose_input(self) -> ComposeResult:
        yield Static(self._listing(), id="events")

    def focus_input(self) -> bool:
        self.focus()
        return True

    def _listing(self) -> Table:
        rows = _hanging()
        for position, index in enumerate(self.order):
            chosen = position == self.cursor
            rows.add_row(
                Text("▶" if chosen else " ", style="bold"),
                Text(f"{position + 1}.", style="dim"),
                rich(self.events[index].text, "reverse" if chosen else ""),
            )
        return rows

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.revealed

    def action_cursor(self, step: int) -> None:
        self.cursor = max(0, min(len(self.order) - 1, self.cursor + step))
        self.query_one("#events", Static).update(self._listing())

    def action_move(self, step: int) -> None:
        target = self.cursor + step
        if 0 <= target < len(self.order):
            order = self.order
            order[self.cursor], order[target] = order[target], order[self.cursor]
            self.cursor = target
            self.query_one("#events", Static).update(self._listing())

    async def show_answer(self, answer: Vertical) -> int | None:
        result = grading.order_result(self.order)
        self.order_result = result
        self.query_one("#events", Static).display = False
        wrong = result.misplaced_events
        rows = _hanging()
        for position, event in enumerate(self.events):
            ok = position not in wrong
            line = Text()
            if event.when:
                line.append(visible(event.when), style="bold")
                line.append(" — ")
            line.append_text(rich(event.text))
            if not ok:
                put = _("(you put it {position})").format(position=self.order.index(position) + 1)
                line.append(f"  {put}", style="dim")
            rows.add_row(
                Text("✓" if ok else "✗", style="bold green" if ok else "bold red"),
                Text(f"{position + 1}."),
                line,
            )
        await answer.mount(Static(rows, classes="timeline-result"))
        return int(result.suggested_grade)


def _hanging() -> Table:
    """A mark, a number, and the text: a wrapped text stays in its column (hanging indent)."""
    rows = Table.grid(padding=(0, 1, 0, 0))
    rows.add_column(no_wrap=True)
    rows.add_column(no_wrap=True, justify="right")
    rows.add_column(ratio=1)
    return rows


class ChoiceView(CardView, can_focus=True):
    """ "Which modality shows this sign?": toggle choices with their number keys."""

    BINDINGS = [
        Binding(
            str(n),
            f"pick({n})",
            f"Choice {n}",
            show=False,
            group=Binding.Group(N_("Tick or untick a modality")),
        )
        for n in range(1, 10)
    ]

    def __init__(self, card: Card, note: Note, lang: str, media_dir: Path) -> None:
        super().__init__(card, note, lang, media_dir)
        assert isinstance(self.face, SignFace)
        self.options = self.face.body.modalities
        self.correct = frozenset(self.face.modality_ids)
        self.chosen: set[str] = set()

    @property
    def hint(self) -> str:
        return _("1–{last}: tick or untick · Enter: check").format(last=len(self.options))

    def compose_input(self) -> ComposeResult:
        yield Static(self._listing(), id="choices")

    def focus_input(self) -> bool:
        self.focus()
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return not self.revealed and int(str(parameters[0])) <= len(self.options)
        return True

    def action_pick(self, number: int) -> None:
        option = self.options[number - 1].id
        self.chosen.symmetric_difference_update({option})
        self.query_one("#choices", Static).update(self._listing())

    def _listing(self, reveal: bool = False) -> Text:
        text = Text()
        for number, option in enumerate(self.options, start=1):
            picked = option.id in self.chosen
            text.append(f"[{'x' if picked else ' '}] {number}. ", style="bold" if picked else "")
            text.append(visible(option.modality))
            if reveal:
                right = option.id in self.correct
                if right:
                    text.append("  ✓", style="bold green")
                if picked and not right:
                    text.append("  ✗", style="bold red")
            text.append("\n")
        return text

    async def show_answer(self, answer: Vertical) -> int | None:
        self.query_one("#choices", Static).update(self._listing(reveal=True))
        return int(grading.grade_choice(self.chosen, self.correct))


def view_for(
    card: Card, note: Note, lang: str, media_dir: Path, seed: str, avoid: Sequence[int] = ()
) -> CardView:
    """The view that drills ``card``; ``seed`` makes the timeline shuffle reproducible, and
    ``avoid`` is the order a timeline was shown in last time (never shown again)."""
    match card.kind:
        case CardKind.BASIC | CardKind.CLOZE:
            return TextView(card, note, lang, media_dir)
        case CardKind.IMAGE | CardKind.IMAGE_REGION:
            return ImageView(card, note, lang, media_dir)
        case CardKind.DIFFERENTIAL | CardKind.MODALITY_SIGNS:
            return RecallView(card, note, lang, media_dir)
        case CardKind.TIMELINE:
            return TimelineView(card, note, lang, media_dir, seed, avoid)
        case CardKind.WHICH_MODALITY:
            return ChoiceView(card, note, lang, media_dir)
    raise AssertionError(card.kind)  # pragma: no cover
