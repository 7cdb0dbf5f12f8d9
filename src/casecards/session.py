"""A study session: the day's queues, the daily new-card limit, same-day re-drill, and undo.

No UI and no clock: every moment comes in as an argument. Each answer is committed to the store
before ``answer`` returns, so quitting at any point loses nothing.

Decisions:

* The queues are built once, at start: due reviews (most overdue first), then new cards in deck
  order up to each deck's daily allowance, then re-drill cards left over from earlier sessions.
  Cards that become due while the session runs wait for the next session.
* A card that still ``needs_redrill`` after an answer goes back ``REDRILL_GAP`` cards later (or
  at the end of a shorter queue), so the student sees it again after a short break.
* Each answer belongs to the study day of its own ``now``: a session running past the rollover
  logs its later answers, and counts its new cards, on the new day.
* Card states are read from the store when needed, never cached: the store is the one truth.
  Each queued card carries the ``Schedule`` the session expects it to have (as read when the
  queue was built, or as its own last answer left it). Another window may answer the same
  card: ``next_card`` then finds a different schedule and drops the card, and an answer is
  written only if the card still has the schedule it was computed from (the store compares
  and sets under its write lock). The answer that loses is not recorded, the card leaves the
  session, and the session goes on: one recall never schedules a card twice.
* Cards suspended, buried or retired since the queue was built (from another window too) are
  dropped when they come up.
* Custom study, when nothing is left (``Session.ahead``, ``Session.practice``). Study ahead
  takes the cards due in the next days and answers them for real. SM-2 as published has no
  early review (its intervals count repetitions, not the days waited), so an early answer
  is scheduled as an on-time one, by the same pure ``scheduler.review``: the next interval
  is the one the on-time review would have set, counted from the day of the early answer,
  and a failure is a lapse like any other. Practice (drilling a deck or a tag) changes no
  schedule: its answers go to the practice log (``Store.record_practice``), which the
  statistics never read; a card graded below 4 comes back later in the drill.
* Leeches: the store marks a card a leech as it records the answer that reaches the
  ``leech-threshold`` (and suspends it when so set); the answer's result says so
  (``AnswerResult.leech``), and undoing the answer takes the mark and the suspension back.
* Undo takes back the last action, not only the last answer: the session records each of
  its answers, suspensions and burials in an ``UndoHistory`` (the app's, shared with Browse),
  with the queue as it was before, so that undoing one puts the store and the queue back
  exactly (see ``casecards.undo``).
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from casecards import fsrs_scheduler
from casecards.fsrs_scheduler import FsrsConfig, FsrsState, Rating, grade_of, rating_of
from casecards.scheduler import Grade, Sm2State, needs_redrill, review
from casecards.settings import NewPerDay, SchedulerKind
from casecards.store import (
    CardChangedError,
    CardStatus,
    LeechMark,
    Schedule,
    Store,
    StoredCard,
)
from casecards.undo import ActionKind, Burial, Suspension, UndoHistory, Undone

__all__ = [
    "NEW_PER_DAY",
    "REDRILL_GAP",
    "AnswerResult",
    "Queue",
    "QueueCounts",
    "Session",
    "StudyItem",
    "StudyKind",
    "study_day",
]

#: Cards shown between a re-drilled card and its next appearance.
REDRILL_GAP: Final = 3
#: SM-2 sets no ceiling on intervals (a card graded 5 over and over grows past year 9999 and
#: out of Python's dates); the due day is capped at a century, as Anki caps intervals. The
#: stored SM-2 state keeps the exact interval.
MAX_DUE_DAYS: Final = 36_500
#: New cards per deck per study day unless the student says otherwise (Anki's default too;
#: the ``new-per-day`` setting).
NEW_PER_DAY: Final = 20
#: A practice answer below this brings the card back later in the drill (SM-2 step 6's bar).
_PRACTICE_PASS: Final = 4


def study_day(now: datetime, rollover_hour: int = 4) -> date:
    """The study day ``now`` belongs to: days roll over at ``rollover_hour`` local time.

    ``now`` must be timezone-aware and already in the student's local zone, so 03:59 on the
    5th belongs to the 4th and 04:00 to the 5th.

    Raises:
        ValueError: If ``now`` is naive, or ``rollover_hour`` is not from 0 to 23.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware (the student's local time), got {now!r}")
    if not 0 <= rollover_hour <= 23:
        raise ValueError(f"rollover_hour must be from 0 to 23, got {rollover_hour}")
    # Wall-clock arithmetic on the local time: no DST surprises, as no zone conversion happens.
    return (now.replace(tzinfo=None) - timedelta(hours=rollover_hour)).date()


class Queue(enum.StrEnum):
    REVIEW = "review"
    NEW = "new"
    REDRILL = "redrill"
    AHEAD = "ahead"  # not due yet: studied ahead
    PRACTICE = "practice"  # drilled: no schedule changes


class StudyKind(enum.StrEnum):
    """What a session studies: the day's cards, or custom study once they are done."""

    NORMAL = "normal"
    AHEAD = "ahead"  # the cards due in the next days, answered for real
    PRACTICE = "practice"  # a deck's or a tag's cards, answers logged as practice


@dataclass(frozen=True, slots=True)
class StudyItem:
    """The card to show next, the queue it came from, and its current SM-2 state (and its
    FSRS state under FSRS; None while new)."""

    card_id: str
    queue: Queue
    state: Sm2State
    fsrs: FsrsState | None = None


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """What one answer did: the logged review, the states around it, and the new due day.

    ``review_id`` is None when the answer was not recorded because another casecards window
    answered the card first: the card has left the session, ``after`` and ``due`` are what
    this answer would have set.
    """

    review_id: int | None  # a practice answer's id in the practice log
    card_id: str
    grade: int
    before: Sm2State
    after: Sm2State
    due: date | None  # None: a new card practised (it stays new)
    redrill: bool  # the card comes back later in this session
    leech: LeechMark | None = None  # this answer made the card a leech
    practice: bool = False  # logged as practice: no schedule changed
    rating: Rating | None = None  # under FSRS, the grade given (``grade`` is how it is logged)
    fsrs_after: FsrsState | None = None  # under FSRS, the card's state after the answer

    @property
    def recorded(self) -> bool:
        return self.review_id is not None


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """Cards waiting in each queue, and answers given in this session (undo takes one back)."""

    review: int
    new: int
    redrill: int
    done: int
    elsewhere: int = 0  # cards dropped because another window answered them first
    ahead: int = 0  # study ahead: cards not due yet
    practice: int = 0  # practice: cards to drill (a card graded below 4 counts again)


@dataclass(frozen=True, slots=True)
class _Entry:
    card_id: str
    queue: Queue
    expected: Schedule  # the card's schedule when it comes up, unless another window acted

    @classmethod
    def of(cls, card: StoredCard, queue: Queue) -> _Entry:
        return cls(card.id, queue, card.schedule)


@dataclass(frozen=True, slots=True, eq=False)
class _Answered:
    """An answer of this session, as the undo history holds it (``undo.Action``)."""

    session: Session
    result: AnswerResult
    queue_before: tuple[_Entry, ...]

    @property
    def review_id(self) -> int:
        assert self.result.review_id is not None  # only recorded answers are kept
        return self.result.review_id

    @property
    def kind(self) -> ActionKind:
        return ActionKind.ANSWER

    @property
    def card_id(self) -> str:
        return self.result.card_id

    @property
    def owner(self) -> Session:
        return self.session

    def undo(self, store: Store) -> None:
        self.session._take_back(self, store)


@dataclass(frozen=True, slots=True, eq=False)
class _SetAside:
    """A suspension or burial of this session's card, as the undo history holds it."""

    session: Session
    change: Suspension | Burial
    queue_before: tuple[_Entry, ...]

    @property
    def kind(self) -> ActionKind:
        return self.change.kind

    @property
    def card_id(self) -> str:
        return self.change.card_id

    @property
    def owner(self) -> Session:
        return self.session

    def undo(self, store: Store) -> None:
        self.change.undo(store)
        self.session._put_back(self)


class Session:
    """One sitting: shows cards one at a time, records answers, re-drills, and undoes.

    The session owns the sitting's answers (``answers``, undone ones removed) and its start
    (``started``, the ``now`` it was built with): a screen shows them, never keeps a copy.
    ``day`` is the study day of ``now``, for which the queues are built. ``shows`` tells
    the cards the caller can show (the trainer: those of the notes it loaded; a note skipped
    for its problems keeps its cards in the store); the others are left out. ``deck_ids`` limits
    the session to those decks (None: all). ``new_per_day`` caps new cards per deck per study
    day (an int for every deck, a ``NewPerDay`` per deck; None: the store's ``new-per-day``
    settings), counting those other sessions already introduced that day. ``history``
    records the session's actions for undo (None: a history of its own); the app passes its
    own, so that Browse's actions take turns with the session's.

    ``Session.ahead`` and ``Session.practice`` start custom study instead (``kind``).

    Raises:
        ValueError: If ``now`` is naive or ``new_per_day`` is negative.
    """

    _queue: list[_Entry]
    _answered: list[_Answered]
    _dropped: set[str]  # taken out of the session: suspended, buried, retired elsewhere
    _elsewhere: set[str]  # answered (or changed) in another window

    def __init__(
        self,
        store: Store,
        *,
        now: datetime,
        deck_ids: Sequence[str] | None = None,
        new_per_day: int | NewPerDay | None = None,
        rollover_hour: int = 4,
        shows: Callable[[str], bool] | None = None,
        history: UndoHistory | None = None,
    ) -> None:
        limits = (
            store.study_settings().new_per_day if new_per_day is None else NewPerDay.of(new_per_day)
        )
        self._setup(store, now, rollover_hour, shows, history, StudyKind.NORMAL, deck_ids)
        decks = self.deck_ids
        new = [
            _Entry.of(card, Queue.NEW) for card in store.new_cards(self.day, decks, per_deck=limits)
        ]
        self._queue = [
            *(_Entry.of(c, Queue.REVIEW) for c in store.due_reviews(self.day, decks)),
            *new,
            *(_Entry.of(c, Queue.REDRILL) for c in store.redrill_cards(self.day, decks)),
        ]

    def _setup(
        self,
        store: Store,
        now: datetime,
        rollover_hour: int,
        shows: Callable[[str], bool] | None,
        history: UndoHistory | None,
        kind: StudyKind,
        deck_ids: Sequence[str] | None,
    ) -> None:
        self._store = store
        self.history = UndoHistory() if history is None else history
        self._rollover_hour = rollover_hour
        self._shows = shows
        self.started = now
        self.day = study_day(now, rollover_hour)
        self.kind = kind
        # The scheduler the session follows, as the store's settings were at its start.
        settings = store.study_settings()
        self.scheduler: SchedulerKind = settings.scheduler
        self.fsrs: FsrsConfig = settings.fsrs
        #: The decks studied (None: all), for custom study and "what is left elsewhere".
        self.deck_ids = None if deck_ids is None else tuple(deck_ids)
        self._queue = []
        self._answered = []
        self._dropped = set()
        self._elsewhere = set()

    @classmethod
    def ahead(
        cls,
        store: Store,
        *,
        now: datetime,
        days: int,
        deck_ids: Sequence[str] | None = None,
        rollover_hour: int = 4,
        shows: Callable[[str], bool] | None = None,
        history: UndoHistory | None = None,
    ) -> Session:
        """Study ahead: the answered cards of ``deck_ids`` due in the next ``days`` study days
        (not today's: those are the normal session's), soonest first, answered for real
        (see the module's decisions for how SM-2 schedules an early review).

        Raises:
            ValueError: If ``days`` is below 1, or ``now`` is naive.
        """
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ValueError(f"days must be a whole number >= 1, got {days!r}")
        session = cls.__new__(cls)
        session._setup(store, now, rollover_hour, shows, history, StudyKind.AHEAD, deck_ids)
        until = session.day + timedelta(days=days)
        session._queue = [
            _Entry.of(c, Queue.AHEAD) for c in store.due_ahead(session.day, until, session.deck_ids)
        ]
        return session

    @classmethod
    def practice(
        cls,
        store: Store,
        *,
        now: datetime,
        deck_ids: Sequence[str] | None = None,
        card_ids: Sequence[str] | None = None,
        rollover_hour: int = 4,
        shows: Callable[[str], bool] | None = None,
        history: UndoHistory | None = None,
    ) -> Session:
        """Practice: every card of ``deck_ids`` (None: all decks) in deck order, or the cards
        ``card_ids`` in their order (a tag's), new ones included, suspended and buried ones
        left out; the answers are logged as practice and change no schedule."""
        session = cls.__new__(cls)
        session._setup(store, now, rollover_hour, shows, history, StudyKind.PRACTICE, deck_ids)
        if card_ids is None:
            cards: Sequence[StoredCard] = store.deck_cards(session.day, session.deck_ids)
        else:
            found = store.cards_by_id(card_ids)
            cards = [found[i] for i in dict.fromkeys(card_ids) if i in found]
            cards = [c for c in cards if session._visible(c)]
        session._queue = [_Entry.of(c, Queue.PRACTICE) for c in cards]
        return session

    def next_card(self) -> StudyItem | None:
        """The card to show now, or None when the session is finished. Does not advance:
        calling it twice without an answer returns the same card, unless another window
        answered, suspended, buried or retired it in between: such a card is dropped."""
        while self._queue:
            head = self._queue[0]
            card = self._store.find_card(head.card_id)
            if self._shows is not None and not self._shows(head.card_id):
                self.drop(head.card_id)  # its note was left out of the decks loaded now
                continue
            if card is not None and card.schedule == head.expected and self._visible(card):
                return StudyItem(head.card_id, head.queue, card.state, card.fsrs)
            if card is None or card.schedule != head.expected:
                self._elsewhere.add(head.card_id)
            self.drop(head.card_id)
        return None

    def _visible(self, card: StoredCard) -> bool:
        buried = card.buried_until is not None and card.buried_until >= self.day
        return card.status is CardStatus.ACTIVE and not card.suspended and not buried

    def answer(
        self, card_id: str, grade: Grade | Rating | int, *, now: datetime, duration_ms: int
    ) -> AnswerResult:
        """Grade the card being shown, store the new state and the log row, and move on.

        The new state is ``scheduler.review(state, grade)``, due ``interval`` days after the
        study day of ``now``; it is committed before this returns. If the card still
        ``needs_redrill``, it comes back later in this session.

        Under FSRS (``scheduler``), ``grade`` is one of Anki's four (a ``Rating``, or an int
        from 1 to 4; a ``Grade`` is mapped by ``rating_of``): the card's FSRS state is the
        package's next one, due on its day, and it comes back in this session while in a
        short-term step. The log keeps the grade as SM-2 reads it (``grade_of``), and the
        card's SM-2 state follows it too, so switching back to SM-2 finds it as the log implies.

        If another window answered the card since it came up, nothing is written: the card
        leaves the session and the result says ``recorded`` False.

        Raises:
            ValueError: If ``card_id`` is not the card ``next_card`` shows, or the grade, ``now``
                or ``duration_ms`` is invalid.
        """
        if not self._queue or self._queue[0].card_id != card_id:
            raise ValueError(f"{card_id!r} is not the card being shown")
        head = self._queue[0]
        rating = self._rating(grade)
        if rating is not None:
            grade = grade_of(rating)
        if head.queue is Queue.PRACTICE:
            return self._practise(head, grade, now, duration_ms)
        before = head.expected.state
        after = review(before, grade)
        day = study_day(now, self._rollover_hour)
        due = day + timedelta(days=min(after.interval, MAX_DUE_DAYS))
        again = needs_redrill(after)
        fsrs_after = None
        shown_due = due
        if rating is not None:
            fsrs_after = fsrs_scheduler.review(head.expected.fsrs, rating, now, self.fsrs)
            shown_due = fsrs_scheduler.due_day(fsrs_after, day)
            again = fsrs_scheduler.needs_redrill(fsrs_after)
        try:
            review_id = self._store.record_answer(
                card_id,
                grade=int(grade),
                after=after,
                due=due,
                day=day,
                reviewed_at=now,
                duration_ms=duration_ms,
                expected=head.expected,
                fsrs=fsrs_after,
            )
        except CardChangedError:
            self._elsewhere.add(card_id)
            self.drop(card_id)
            return AnswerResult(
                None, card_id, int(grade), before, after, shown_due, False,
                rating=rating, fsrs_after=fsrs_after,
            )  # fmt: skip
        queue_before = tuple(self._queue)
        del self._queue[0]
        if again:
            # Exactly what the store now holds, so the next showing recognises the card.
            introduced = head.expected.introduced_day or day
            entry = _Entry(
                card_id, Queue.REDRILL, Schedule(after, due, introduced, now, fsrs_after)
            )
            self._queue.insert(min(REDRILL_GAP, len(self._queue)), entry)
        lapse = int(grade) < 3 and before.repetitions > 0
        leech = self._store.leech_mark(review_id) if lapse else None
        result = AnswerResult(
            review_id, card_id, int(grade), before, after, shown_due, again, leech,
            rating=rating, fsrs_after=fsrs_after,
        )  # fmt: skip
        self._keep(result, queue_before)
        return result

    @property
    def fsrs_on(self) -> bool:
        """The session follows FSRS: grades are Anki's four."""
        return self.scheduler is SchedulerKind.FSRS

    def _rating(self, grade: Grade | Rating | int) -> Rating | None:
        """Under FSRS, ``grade`` as one of the four (None under SM-2)."""
        if self.scheduler is not SchedulerKind.FSRS:
            return None
        if isinstance(grade, Grade):
            return rating_of(int(grade))
        if isinstance(grade, bool) or not isinstance(grade, int) or not 1 <= grade <= 4:
            raise ValueError(f"grade must be an int from 1 (Again) to 4 (Easy), got {grade!r}")
        return Rating(grade)

    def _practise(
        self, head: _Entry, grade: Grade | int, now: datetime, duration_ms: int
    ) -> AnswerResult:
        """A practice answer: logged as such, no schedule changed; below 4, the card comes
        back ``REDRILL_GAP`` cards later."""
        if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 5:
            raise ValueError(f"grade must be an int from 0 to 5, got {grade!r}")
        practice_id = self._store.record_practice(
            head.card_id,
            grade=int(grade),
            day=study_day(now, self._rollover_hour),
            reviewed_at=now,
            duration_ms=duration_ms,
        )
        queue_before = tuple(self._queue)
        del self._queue[0]
        again = int(grade) < _PRACTICE_PASS
        if again:
            self._queue.insert(min(REDRILL_GAP, len(self._queue)), head)
        state, due = head.expected.state, head.expected.due
        result = AnswerResult(
            practice_id, head.card_id, int(grade), state, state, due, again, practice=True
        )
        self._keep(result, queue_before)
        return result

    def _keep(self, result: AnswerResult, queue_before: tuple[_Entry, ...]) -> None:
        answered = _Answered(self, result, queue_before)
        self._answered.append(answered)
        self.history.push(answered)

    def undo(self) -> Undone | None:
        """Take back the last action of ``history``: this session's, or Browse's when they
        share it; None if there is none.

        An answer: the card's stored state is restored exactly and its log row deleted, and
        the queues go back to what they were before it, so the card is shown next. A
        suspension or burial: the card gets back the flag or the day it had, and its place
        in the queue. An action another window has since built on (it answered the same
        card again, or changed its flag) can no longer be undone: it is forgotten, nothing
        changes, and the result says ``refused``.
        """
        return self.history.undo(self._store)

    def suspend(self, card_id: str) -> None:
        """Suspend the card in the store (never shown until unsuspended) and take it out of
        the session; undo puts it back where it was."""
        self._set_aside(Suspension.make(self._store, card_id, True))

    def bury(self, card_id: str, through: date) -> None:
        """Hide the card in the store through the study day ``through`` and take it out of
        the session; undo puts back its burial as it was, and the card where it was."""
        self._set_aside(Burial.make(self._store, card_id, through))

    def _set_aside(self, change: Suspension | Burial) -> None:
        queue_before = tuple(self._queue)
        self.drop(change.card_id)
        self.history.push(_SetAside(self, change, queue_before))

    def _take_back(self, answered: _Answered, store: Store) -> None:
        """Undo of one of this session's answers (called by the history)."""
        result = answered.result
        try:
            if result.practice:
                store.undo_practice(answered.review_id)
            else:
                store.undo_review(answered.review_id)
        except CardChangedError:
            # Another window built on it: it stays in the store, and leaves the session.
            self._forget(answered)
            raise
        if result.leech is not None and result.leech.suspended:
            self._dropped.discard(result.card_id)  # the undo unsuspended it
        self._forget(answered)
        self._restore(answered.queue_before)

    def _forget(self, answered: _Answered) -> None:
        self._answered = [a for a in self._answered if a is not answered]

    def _put_back(self, set_aside: _SetAside) -> None:
        """Undo of a suspension or burial, once the store has taken it back."""
        self._dropped.discard(set_aside.card_id)
        self._restore(set_aside.queue_before)

    def _restore(self, queue: tuple[_Entry, ...]) -> None:
        # A card suspended or buried since then stays out, even though it was queued then.
        self._queue = [e for e in queue if e.card_id not in self._dropped]

    @property
    def answers(self) -> tuple[AnswerResult, ...]:
        """This session's recorded answers, in order, without those undone or forgotten
        (another window built on them): what a summary of the session shows."""
        return tuple(answered.result for answered in self._answered)

    def drop(self, card_id: str) -> None:
        """Take a card out of this session (it was suspended, buried or retired elsewhere)."""
        self._dropped.add(card_id)
        self._queue = [e for e in self._queue if e.card_id != card_id]

    def counts(self) -> QueueCounts:
        """Cards left in each queue (a re-drill card counts once per pending showing)."""
        waiting = Counter(entry.queue for entry in self._queue)
        return QueueCounts(
            waiting[Queue.REVIEW],
            waiting[Queue.NEW],
            waiting[Queue.REDRILL],
            len(self._answered),
            len(self._elsewhere),
            waiting[Queue.AHEAD],
            waiting[Queue.PRACTICE],
        )
