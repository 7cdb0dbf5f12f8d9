"""Studying: question → reveal → grade → next card, with undo, suspend, bury and re-drill.

Every answer is committed (on the store thread) before the next card is shown, so quitting
at any moment loses nothing. Keys are ignored while a write is under way.

Keys while a typed answer's field has the focus: letters and signs are typed, so each action
also has a key the field lets through: Anki's ctrl+z for undo, ctrl+s (suspend), ctrl+t (bury),
ctrl+o (the note in Browse), f1 (help), esc (end). Each action's letter is bound first: where
the field takes the letter, the footer shows the chord instead, so every key it shows works.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections import Counter
from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Header, Static

from casecards import i18n
from casecards.cards import ImageFace, RegionFace
from casecards.custom_study import AHEAD_DAYS, Leftover, leftover, parse_days, parse_tag
from casecards.fsrs_scheduler import rating_of
from casecards.i18n import _, ngettext, pgettext
from casecards.scheduler import Grade
from casecards.search import LEECH_TAG
from casecards.session import AnswerResult, QueueCounts, Session, StudyItem, StudyKind
from casecards.store import Store
from casecards.tui.db import until_stopped
from casecards.tui.editing import edit_note
from casecards.tui.screens import study_end
from casecards.tui.screens.ask import AskScreen
from casecards.tui.screens.base import CasecardsScreen
from casecards.tui.screens.picture import PictureScreen
from casecards.tui.screens.study_end import CustomStudy
from casecards.tui.screens.summary import SummaryScreen
from casecards.tui.widgets.cardviews import CardView, TimelineView, view_for
from casecards.tui.widgets.footer import StableFooter
from casecards.tui.widgets.grades import GradeBar

_FOOTER_ACTIONS = ("undo", "suspend", "bury", "fullscreen", "open_note")


def queue_label(queue: str) -> str:
    """The queue a card came from, as the progress line names it (English: its value)."""
    labels = {
        "review": pgettext("a card's queue", "review"),
        "new": pgettext("a card's queue", "new"),
        "redrill": pgettext("a card's queue", "redrill"),
        "ahead": pgettext("a card's queue", "ahead"),
        "practice": pgettext("a card's queue", "practice"),
    }
    return labels.get(queue, queue)


class KeyHint(Static, can_focus=True):
    """What the keys do now. It also holds the focus between cards that take no typing:
    a focus that stays put spares a rebuild of the footer on every card."""


class Phase(enum.Enum):
    LOADING = "loading"
    QUESTION = "question"
    ANSWER = "answer"
    BUSY = "busy"
    DONE = "done"


class StudyScreen(CasecardsScreen):
    BINDINGS = [
        Binding(
            "space,enter",
            "enter",
            "Show / confirm",
            show=False,
            tooltip="show the answer, then grade it with the highlighted grade (4 Good unless "
            "a grade is suggested)",
        ),
        *(
            Binding(
                str(int(g)),
                f"grade({int(g)})",
                f"{int(g)} {g.label}",
                show=False,
                tooltip=g.meaning,
            )
            for g in Grade
        ),
        Binding("left", "select(-1)", "Grade −", show=False, tooltip="move the highlighted grade"),
        Binding("right", "select(1)", "Grade +", show=False, tooltip="move the highlighted grade"),
        Binding(
            "u,ctrl+z",
            "undo",
            "Undo",
            tooltip="take back the last answer, suspension or burial",
        ),
        Binding(
            "x,ctrl+s",
            "suspend",
            "Suspend",
            tooltip="never shown until unsuspended in Browse",
        ),
        Binding("z,ctrl+t", "bury", "Bury", tooltip="hide the card until tomorrow"),
        Binding("f", "fullscreen", "Full image"),
        Binding(
            "o,ctrl+o",
            "open_note",
            "Browse note",
            tooltip="the card's note, its schedule and history",
        ),
        Binding(
            "e",
            "edit_note",
            "Edit note",
            show=False,
            tooltip="open the note's file in $VISUAL or $EDITOR at its line, then read it again",
        ),
        Binding("escape", "leave", "End", tooltip="end the session: its summary"),
        Binding(
            "a",
            "ahead",
            "Study ahead",
            show=False,
            tooltip="once nothing is left: the cards due in the next days, answered for real",
        ),
        Binding(
            "p",
            "practise",
            "Practise the decks",
            show=False,
            tooltip="once nothing is left: every card of the decks, no schedule changes",
        ),
        Binding(
            "t",
            "practise_tag",
            "Practise a tag",
            show=False,
            tooltip="once nothing is left: the cards of a tag, no schedule changes",
        ),
        Binding("pageup", "scroll_card(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_card(1)", "Scroll down", show=False),
    ]

    def __init__(
        self, deck_ids: Sequence[str] | None = None, *, custom: CustomStudy | None = None
    ) -> None:
        super().__init__()
        self.deck_ids = tuple(deck_ids) if deck_ids else None
        self.custom = custom  # None: the day's cards
        self.leftover: Leftover | None = None  # once nothing is left
        self.phase = Phase.LOADING
        self.session: Session | None = None
        self.item: StudyItem | None = None
        self.view: CardView | None = None
        self.shown_at = 0.0
        self.painted_at = 0.0
        self._footer: tuple[bool, ...] = ()
        # Timelines: how often each was shown in this screen, and the order shown last, so
        # that a re-drilled timeline comes back in a new order (view state, not the domain's).
        self._showings: Counter[str] = Counter()
        self._last_order: dict[str, tuple[int, ...]] = {}
        self.counts = QueueCounts(0, 0, 0, 0)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(""), id="progress")
        yield VerticalScroll(id="card")
        yield KeyHint(Text(""), id="hint", classes="muted")
        yield GradeBar(id="grades")
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one(GradeBar).display = False
        self.run_worker(self._begin(), group="study")

    @until_stopped
    async def _begin(self) -> None:
        app = self.casecards
        custom = self.custom

        def start(store: Store) -> Session:
            if custom is not None:
                return custom.start(
                    store,
                    now=app.now(),
                    deck_ids=self.deck_ids,
                    shows=app.library.has_card,
                    history=app.undo_history,
                )
            return Session(
                store,
                now=app.now(),
                deck_ids=self.deck_ids,
                shows=app.library.has_card,
                history=app.undo_history,
            )

        self.session = await app.db.run(start)
        await self._show_next()

    # -- showing cards ------------------------------------------------------------------------

    async def _show_next(self) -> None:
        session = self.session
        assert session is not None
        await self._show(*await self.casecards.db.run(lambda store: self._peek(store, session)))

    def _peek(
        self, store: Store, session: Session
    ) -> tuple[StudyItem | None, QueueCounts, Leftover | None]:
        """The next card and the counts, read on the store thread with the change before it
        (one hop between threads per key press, not two); when nothing is left, what is
        left elsewhere."""
        item = session.next_card()
        left = None
        if item is None:
            left = leftover(store, session.day, session.deck_ids, ahead_days=AHEAD_DAYS)
        return item, session.counts(), left

    async def _show(
        self, item: StudyItem | None, counts: QueueCounts, left: Leftover | None = None
    ) -> None:
        self.item, self.counts, self.leftover = item, counts, left
        self._paint_progress()
        container = self.query_one("#card", VerticalScroll)
        await container.remove_children()
        grades = self.query_one(GradeBar)
        grades.display = False
        grades.selected = None
        grades.state = item.state if item is not None else None
        grades.fsrs = None
        if item is not None and self.session is not None and self.session.fsrs_on:
            grades.fsrs = (self.session.fsrs, item.fsrs, self.casecards.now())
        if item is None:
            self.view = None
            room = container.content_size.width or self.app.size.width
            body = study_end.nothing_left(left or Leftover((), 0), room - 8)  # .done: padding
            await container.mount(Static(body, classes="done"))
            self._set_phase(Phase.DONE)
            return
        library = self.casecards.library
        card = library.card(item.card_id)
        deck = library.deck(card.deck_id)
        self._showings[card.id] += 1
        seed = f"{card.id}@{self.casecards.now().isoformat()}#{self._showings[card.id]}"
        avoid = self._last_order.get(card.id, ())
        self.view = view_for(card, library.note(card), deck.lang, library.media_dir, seed, avoid)
        if isinstance(self.view, TimelineView):
            self._last_order[card.id] = self.view.shown
        await container.mount(self.view)
        container.scroll_home(animate=False)
        if not self.view.focus_input():
            self._park_focus()
        self.shown_at = time.monotonic()
        self._set_phase(Phase.QUESTION)
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        # When the card reached the screen: the benchmark's "grade key -> next card painted".
        self.painted_at = time.perf_counter()
        self.casecards.first_paint()

    def _paint_progress(self) -> None:
        c = self.counts
        if self.custom is not None:
            self.query_one("#progress", Static).update(study_end.progress(self.custom, c))
            return
        text = Text()
        done = ngettext("{n} done", "{n} done", c.done).format(n=i18n.integer(c.done))
        text.append(f" {done} ", style="bold")
        text.append(_("· left: "))
        # A count beside its queue's name, as the decks screen's columns: no plural.
        review = pgettext("queue", "{n} review").format(n=i18n.integer(c.review))
        text.append(review, style="bold blue" if c.review else "dim")
        text.append(" · ")
        new = ngettext("{n} new", "{n} new", c.new).format(n=i18n.integer(c.new))
        text.append(new, style="bold green" if c.new else "dim")
        text.append(" · ")
        redrill = pgettext("queue", "{n} re-drill").format(n=i18n.integer(c.redrill))
        text.append(redrill, style="bold yellow" if c.redrill else "dim")
        if self.item is not None:
            text.append(f"   [{queue_label(self.item.queue.value)}]", style="dim")
        self.query_one("#progress", Static).update(text)

    def _park_focus(self) -> None:
        hint = self.query_one(KeyHint)
        if self.focused is not hint:
            hint.focus(scroll_visible=False)

    def action_scroll_card(self, pages: int) -> None:
        card: Widget = self.query_one("#card", VerticalScroll)
        if self.view is not None and self.view.allow_vertical_scroll:
            card = self.view  # an image card scrolls its text beside its picture
        card.scroll_to(y=card.scroll_y + pages * card.size.height * 0.8, animate=False)

    def _set_phase(self, phase: Phase) -> None:
        """Change phase; the hint line says what can be done now. The footer is refreshed only
        when one of its keys changes availability, and then restyles those keys in place
        (``StableFooter``): Textual's own rebuild costs more than everything else between a
        grade key and the next card."""
        self.phase = phase
        self._paint_hint()
        if phase in (Phase.BUSY, Phase.LOADING):
            return  # a moment between two states: keys are ignored, the footer can wait
        self._refresh_footer()

    def _refresh_footer(self) -> None:
        footer = tuple(bool(self.check_action(a, ())) for a in _FOOTER_ACTIONS)
        if footer != self._footer:
            self._footer = footer
            self.refresh_bindings()

    def _paint_hint(self) -> None:
        hint = Text()
        if self.phase is Phase.QUESTION and self.view is not None:
            hint.append(self.view.hint)
        elif self.phase is Phase.ANSWER:
            bar = self.query_one(GradeBar)
            selected = bar.selected or Grade.CORRECT_HESITANT
            if bar.fsrs is not None:  # FSRS: Anki's four grades
                rating = rating_of(int(selected))
                grade = _("Space or Enter: {number} {label}")
                hint.append(grade.format(number=int(rating), label=rating.label), style="bold")
                hint.append(_(" · 1–4: another grade · ← →: move"))
            else:
                grade = _("Space or Enter: {number} {label}")
                hint.append(grade.format(number=int(selected), label=selected.label), style="bold")
                hint.append(_(" · 0–5: another grade · ← →: move"))
        elif self.phase is Phase.DONE:
            hint.append(_(study_end.HINT))
        self.query_one("#hint", Static).update(hint)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys in the footer are dimmed when they cannot be used now (None), never hidden:
        the footer keeps its keys in place from card to card (see ``StableFooter``)."""
        allowed = self._allowed(action)
        return True if allowed else (None if action in _FOOTER_ACTIONS else False)

    def _allowed(self, action: str) -> bool:
        match action:
            case "reveal":
                return self.phase is Phase.QUESTION
            case "grade" | "select":
                return self.phase is Phase.ANSWER
            case "undo":
                return self._can_undo()
            case "suspend" | "bury" | "open_note":
                return self.phase in (Phase.QUESTION, Phase.ANSWER)
            case "fullscreen":
                return self.view is not None and isinstance(self.view.face, ImageFace | RegionFace)
            case "ahead" | "practise" | "practise_tag":
                return self.phase is Phase.DONE
        return True

    # -- actions ------------------------------------------------------------------------------

    def on_card_view_submitted(self, message: CardView.Submitted) -> None:
        message.stop()
        self.action_reveal()

    def action_enter(self) -> None:
        if self.phase is Phase.QUESTION:
            self.action_reveal()
        elif self.phase is Phase.ANSWER:
            selected = self.query_one(GradeBar).selected
            if selected is not None:
                self.action_grade(selected)
        elif self.phase is Phase.DONE:
            self._finish()

    def action_reveal(self) -> None:
        if self.phase is not Phase.QUESTION or self.view is None:
            return
        self._set_phase(Phase.BUSY)
        self.run_worker(self._reveal(self.view), group="study")

    async def _reveal(self, view: CardView) -> None:
        suggestion = await view.reveal()
        grades = self.query_one(GradeBar)
        # Anki's habit: after the answer, Space grades. With no suggestion, 4 (Good).
        grades.selected = Grade.CORRECT_HESITANT if suggestion is None else Grade(suggestion)
        grades.display = True
        self._park_focus()
        self._set_phase(Phase.ANSWER)
        # The answer on screen without scrolling by hand (as much of it as fits, from its top),
        # once laid out with the grade bar.
        view.query_one("#answer").scroll_visible(animate=False)

    def action_select(self, step: int) -> None:
        self.query_one(GradeBar).move(step)
        self._paint_hint()

    def action_grade(self, grade: int) -> None:
        if self.phase is not Phase.ANSWER or self.item is None:
            return
        # Under FSRS a key is one of the four (1-4); Enter passes the selected SM-2 Grade.
        fsrs = self.session is not None and self.session.fsrs_on
        if fsrs and not isinstance(grade, Grade) and not 1 <= grade <= 4:
            return
        self._set_phase(Phase.BUSY)
        self.run_worker(self._grade(self.item.card_id, grade), group="study")

    @until_stopped
    async def _grade(self, card_id: str, grade: int) -> None:
        session = self.session
        assert session is not None
        app = self.casecards
        duration = round((time.monotonic() - self.shown_at) * 1000)
        now = app.now()

        def answer(
            store: Store,
        ) -> tuple[AnswerResult, StudyItem | None, QueueCounts, Leftover | None]:
            result = session.answer(card_id, grade, now=now, duration_ms=duration)
            return (result, *self._peek(store, session))

        result, item, counts, left = await app.db.run(answer)
        if not result.recorded:
            self.notify(
                _(
                    "This card was answered in another casecards window meanwhile;"
                    " this answer was not recorded."
                ),
                severity="warning",
            )
        if result.leech is not None:  # told at the moment it becomes one
            self.notify(study_end.leech_told(result.leech), severity="warning", timeout=8)
        await self._show(item, counts, left)

    def _can_undo(self) -> bool:
        # The app's history: an action done in Browse is undone here too.
        history = self.casecards.undo_history
        return self.phase in (Phase.QUESTION, Phase.ANSWER, Phase.DONE) and len(history) > 0

    def on_screen_resume(self) -> None:
        # Back from Browse, which may have added to the undo history (or from Help, or from
        # the settings, where the language may have changed).
        if self.phase not in (Phase.BUSY, Phase.LOADING):
            self._paint_progress()
            self._paint_hint()
            self._refresh_footer()

    def on_unmount(self) -> None:
        # The session ends: its actions can no longer be undone (Browse's stay).
        if self.session is not None:
            self.casecards.undo_history.forget(self.session)

    def action_undo(self) -> None:
        if not self._can_undo():
            return
        self._set_phase(Phase.BUSY)
        self.run_worker(self._undo(), group="study")

    @until_stopped
    async def _undo(self) -> None:
        session = self.session
        assert session is not None
        undone, item, counts, left = await self.casecards.db.run(
            lambda store: (session.undo(), *self._peek(store, session))
        )
        if undone is not None and undone.refused:
            self.notify(undone.message, severity="warning", timeout=5)
        elif undone is not None:
            self.notify(undone.message, timeout=3)
        await self._show(item, counts, left)

    def action_suspend(self) -> None:
        self._set_aside("suspend")

    def action_bury(self) -> None:
        self._set_aside("bury")

    def _set_aside(self, how: str) -> None:
        if self.phase not in (Phase.QUESTION, Phase.ANSWER) or self.item is None:
            return
        self._set_phase(Phase.BUSY)
        self.run_worker(self._put_aside(self.item.card_id, how), group="study")

    @until_stopped
    async def _put_aside(self, card_id: str, how: str) -> None:
        session = self.session
        assert session is not None
        today = self.casecards.today()

        def put_aside(store: Store) -> tuple[StudyItem | None, QueueCounts, Leftover | None]:
            if how == "suspend":
                session.suspend(card_id)
            else:
                session.bury(card_id, today)
            return self._peek(store, session)

        item, counts, left = await self.casecards.db.run(put_aside)
        done = (
            _("Card suspended · ctrl+z undoes; later, unsuspend it in Browse")
            if how == "suspend"
            else _("Card buried until tomorrow · ctrl+z undoes")
        )
        self.notify(done, timeout=3)
        await self._show(item, counts, left)

    def action_fullscreen(self) -> None:
        shown = self.view.face if self.view is not None else None
        if not isinstance(shown, ImageFace | RegionFace):
            return
        box = shown.region.box if isinstance(shown, RegionFace) else None
        path = self.casecards.library.media_dir / shown.body.image
        self.app.push_screen(PictureScreen(path, box))

    def action_open_note(self) -> None:
        if self.view is not None:
            self.casecards.action_browse(
                query=f"{self.view.card.deck_id}/{self.view.card.note_id}/"
            )

    # -- custom study, once nothing is left ---------------------------------------------------

    def action_ahead(self) -> None:
        if self.phase is not Phase.DONE:
            return

        def check(answer: str) -> str | None:
            try:
                parse_days(answer)
            except ValueError as error:
                return str(error)
            return None

        def chosen(answer: str | None) -> None:
            if answer is not None:
                self._custom(CustomStudy(StudyKind.AHEAD, days=parse_days(answer)))

        ask = AskScreen(_(study_end.ASK_DAYS), str(AHEAD_DAYS), check=check)
        self.app.push_screen(ask, chosen)

    def action_practise(self) -> None:
        if self.phase is Phase.DONE:
            self._custom(CustomStudy(StudyKind.PRACTICE))

    def action_practise_tag(self) -> None:
        if self.phase is Phase.DONE:
            self.run_worker(self._ask_tag(), group="study")

    @until_stopped
    async def _ask_tag(self) -> None:
        app = self.casecards
        index = await asyncio.to_thread(app.card_index)  # built once per app, off the UI

        def check(answer: str) -> str | None:
            try:
                tag = parse_tag(answer)
            except ValueError as error:
                return str(error)
            return (
                None
                if tag == LEECH_TAG or index.has_tag(tag)
                else _(study_end.NO_TAG).format(tag=tag)
            )

        async def start(tag: str) -> None:
            found = await app.db.run(lambda store: index.search(store, f"#{tag}"))
            card_ids = tuple(row.card_id for row in found.rows)
            if not card_ids:  # only #leech can find none here
                self.notify(_(study_end.NO_LEECHES), severity="warning")
                return
            self._custom(CustomStudy(StudyKind.PRACTICE, tag=tag, card_ids=card_ids))

        def chosen(answer: str | None) -> None:
            if answer is not None:
                self.run_worker(start(parse_tag(answer)), group="study")

        tags = (*index.tags(), LEECH_TAG)
        suggestions = [*(f"#{tag}" for tag in tags), *tags]  # typed with or without #
        self.app.push_screen(
            AskScreen(_(study_end.ASK_TAG), check=check, suggestions=suggestions), chosen
        )

    def _custom(self, custom: CustomStudy) -> None:
        """A new study screen in place of this one (whose session has nothing left)."""
        self.app.switch_screen(StudyScreen(self.deck_ids, custom=custom))

    def action_edit_note(self) -> None:
        if self.phase not in (Phase.QUESTION, Phase.ANSWER) or self.view is None:
            return
        card = self.view.card
        edit = edit_note(self.casecards, self.app, card.deck_id, card.note_id, self._edited)
        self.run_worker(edit, group="study-edit")

    async def _edited(self) -> None:
        """The deck was read again: the same card with its new text (or the next one, if the
        edit took this card away)."""
        if self.phase not in (Phase.QUESTION, Phase.ANSWER) or self.item is None:
            return
        if self.casecards.library.has_card(self.item.card_id):
            await self._show(self.item, self.counts)
        else:
            await self._show_next()

    def action_leave(self) -> None:
        if self.phase is Phase.BUSY:
            return
        self._finish()

    def _finish(self) -> None:
        session = self.session
        answers = session.answers if session is not None else ()
        # Both times by the app's clock: a test's fixed clock gives a fixed summary.
        seconds = (self.casecards.now() - session.started).total_seconds() if session else 0.0
        self.app.switch_screen(SummaryScreen(answers, seconds, self.counts))
