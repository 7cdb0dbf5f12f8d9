"""What a student's history says: streak, due forecast, review calendar, retention by deck and
by tag, the most-failed cards. Headless, no clock: each function takes the store, the library
and ``today`` (a study day). Card search is ``casecards.search``.

Decisions:

* Retention counts answers on review cards only (``repetitions_before > 0``), over the last
  ``days`` study days, today included, as ``Store.stats`` does: first sight of a new card and
  relearning steps after a lapse say nothing about memory.
* A lapse is a failed answer (grade < 3) on a review card, Anki's definition. Failures while
  learning, and the re-drills after a lapse, are not lapses: one forgetting counts once.
* A leech is a card the store marked as it recorded its ``leech-threshold``-th lapse
  (``casecards.settings``); the list shows the leeches of the decks loaded, most lapses first.
* Practice answers (custom study's drill) are in a log of their own: nothing here reads it.
* Tags count as written: a note tagged ``modalite::irm`` is counted under that tag only.
* Deck text is returned as plain text (``markup.to_plain``) or as its markup source; the TUI
  turns either into Rich ``Text`` literally, never through Rich markup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from casecards.cards import Card, CardKind
from casecards.cardtext import label
from casecards.deck import Note
from casecards.fsrs_scheduler import FsrsConfig, FsrsState, rating_of, retrievability, review
from casecards.library import Library
from casecards.store import Store

__all__ = [
    "CalibrationBin",
    "FailedCard",
    "LeechCard",
    "Overview",
    "Retention",
    "RetentionRow",
    "calendar_start",
    "calibration",
    "due_on",
    "forecast",
    "leeches",
    "most_failed",
    "overview",
    "retention",
    "review_calendar",
    "streak",
]


def streak(store: Store, today: date) -> int:
    """Consecutive study days with at least one answer, ending today, or yesterday while
    nothing has been answered yet today (the streak is not lost before the day is over)."""
    return store.streak_ending(today) or store.streak_ending(today - timedelta(days=1))


def forecast(store: Store, today: date, days: int = 30) -> tuple[tuple[date, int], ...]:
    """Answered cards coming up on each of the ``days`` study days from today: overdue and
    re-drill cards count on today; new cards are not counted (their pace is a daily limit)."""
    counts = store.due_counts(today, today + timedelta(days=days - 1))
    return tuple((day, counts.get(day, 0)) for day in _days(today, days))


def due_on(store: Store, day: date) -> int:
    """Answered cards in the queue of study day ``day`` if none is studied before: due on or
    before it, plus the re-drills; for "due tomorrow" after a session."""
    return sum(store.due_counts(day, day).values())


def calendar_start(today: date, weeks: int) -> date:
    """The Monday that opens a calendar of ``weeks`` weeks whose last week holds ``today``."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def review_calendar(store: Store, today: date, weeks: int = 26) -> dict[date, int]:
    """Answers per study day from ``calendar_start(today, weeks)`` to today; days without any
    are left out."""
    return store.reviews_per_day(calendar_start(today, weeks), today)


@dataclass(frozen=True, slots=True)
class RetentionRow:
    """Answers on review cards in the window for one deck or tag, and how many passed."""

    name: str
    answered: int
    passed: int

    @property
    def rate(self) -> float:
        return self.passed / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class Retention:
    """Rows sorted weakest first: lowest rate, then most answers, then name."""

    days: int
    total: RetentionRow
    by_deck: tuple[RetentionRow, ...]
    by_tag: tuple[RetentionRow, ...]


def retention(store: Store, library: Library, today: date, days: int = 30) -> Retention:
    """Retention over the last ``days`` study days by deck (its name) and by note tag.

    The whole log counts, by deck as in total, whether the deck is loaded now or not (a
    retired deck shows as its id); tags are those of the notes of the decks loaded now. Read
    from the store's sums per day (a row per day and deck or tag, whatever the size of the
    history) when its tags are the loaded decks' (``Store.retention_sums``), else counted
    from the window of the log.
    """
    since = today - timedelta(days=days - 1)
    loaded = {deck.deck_id: deck.file_hash for deck in library.deck_cards}
    # A deck loaded in part counts the slow way: the store keeps the tags of a note skipped
    # for its problems (it is not gone), but the library has no such note, so no tags.
    complete = all(deck.complete for deck in library.deck_cards)
    sums = store.retention_sums(since, today, loaded) if complete else None
    if sums is None:
        by_deck_id, by_tag = _retention_from_log(store, library, since, today)
    else:
        by_deck_id, by_tag = sums
    names = store.deck_names()
    by_deck: dict[str, list[int]] = {}
    for deck_id, (answered, passed) in by_deck_id.items():
        counts = by_deck.setdefault(names.get(deck_id, deck_id), [0, 0])
        counts[0] += answered
        counts[1] += passed
    tags = {tag: [answered, passed] for tag, (answered, passed) in by_tag.items()}
    answered = sum(counts[0] for counts in by_deck.values())
    passed = sum(counts[1] for counts in by_deck.values())
    total = RetentionRow("all", answered, passed)
    return Retention(days, total, _weakest_first(by_deck), _weakest_first(tags))


def _retention_from_log(
    store: Store, library: Library, since: date, until: date
) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """Retention's sums by deck id and by tag counted from the window of the log, with the
    tags of the library's notes: for a store whose tags are not the library's (a deck not
    synced since its file changed, or tags of another deck folder) or without the sums of
    0008 (an older store opened read-only)."""
    answers = store.answers_by_note(since, until)
    # Ten thousand notes answered in a month for a long-time student: one pass summing by
    # deck and by the note's tuple of tags (notes share a handful), then by tag.
    by_deck: dict[str, list[int]] = {}
    by_tags: dict[tuple[str, ...], list[int]] = {}
    deck_id = ""
    notes: Mapping[str, Note] = {}
    deck_counts = [0, 0]
    for (note_deck, note_id), (answered, passed) in answers.items():
        if note_deck != deck_id:
            deck_id, notes = note_deck, library.deck_notes(note_deck)
            deck_counts = by_deck.setdefault(deck_id, [0, 0])
        deck_counts[0] += answered
        deck_counts[1] += passed
        note = notes.get(note_id)
        if note is not None and note.tags:
            counts = by_tags.get(note.tags)
            if counts is None:
                by_tags[note.tags] = [answered, passed]
            else:
                counts[0] += answered
                counts[1] += passed
    tags: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for note_tags, (answered, passed) in by_tags.items():
        for tag in note_tags:
            tags[tag][0] += answered
            tags[tag][1] += passed
    return (
        {deck: (counts[0], counts[1]) for deck, counts in by_deck.items()},
        {tag: (counts[0], counts[1]) for tag, counts in tags.items()},
    )


def _weakest_first(counts: dict[str, list[int]]) -> tuple[RetentionRow, ...]:
    rows = (RetentionRow(name, answered, passed) for name, (answered, passed) in counts.items())
    return tuple(sorted(rows, key=lambda r: (r.rate, -r.answered, r.name)))


@dataclass(frozen=True, slots=True)
class FailedCard:
    card_id: str
    deck: str  # the deck's name
    kind: CardKind
    text: str  # the card's question, plain
    lapses: int


def most_failed(store: Store, library: Library, limit: int = 10) -> tuple[FailedCard, ...]:
    """The cards with the most lapses over the whole history, most first (ties by card id)."""
    failed = []
    for row in store.most_lapsed(limit):
        if (found := _loaded(library, row.card_id)) is not None:
            card, deck, text = found
            failed.append(FailedCard(card.id, deck, card.kind, text, row.lapses))
    return tuple(failed)


def _loaded(library: Library, card_id: str) -> tuple[Card, str, str] | None:
    """A card of the decks loaded now, its deck's name and its label; None for a card they
    no longer hold (no text to show)."""
    try:
        card = library.card(card_id)
        shown = library.face(card)
    except KeyError:
        return None
    return card, library.deck(card.deck_id).name, label(shown)


@dataclass(frozen=True, slots=True)
class LeechCard:
    card_id: str
    deck: str  # the deck's name
    kind: CardKind
    text: str  # the card's question, plain
    lapses: int
    suspended: bool  # suspended now (as a leech, or since)
    since: date  # the study day it became a leech


def leeches(store: Store, library: Library, limit: int = 50) -> tuple[LeechCard, ...]:
    """The leeches of the decks loaded, most lapses first (ties by card id)."""
    found = []
    for row in store.leeches(limit):
        if (loaded := _loaded(library, row.card_id)) is not None:
            card, deck, text = loaded
            found.append(
                LeechCard(card.id, deck, card.kind, text, row.lapses, row.suspended, row.since)
            )
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the statistics screen shows, read in one call on the store's thread."""

    today: date
    streak: int
    reviews_today: int
    #: Every answer ever logged, and the study day of the first (None before any answer).
    answers_total: int
    first_answer: date | None
    forecast: tuple[tuple[date, int], ...]
    calendar_weeks: int
    calendar: dict[date, int]
    retention: Retention
    most_failed: tuple[FailedCard, ...]
    leeches: tuple[LeechCard, ...] = ()


def overview(store: Store, library: Library, today: date, *, weeks: int = 26) -> Overview:
    calendar = review_calendar(store, today, weeks)
    total, first = store.answer_totals()
    return Overview(
        today=today,
        streak=streak(store, today),
        reviews_today=calendar.get(today, 0),
        answers_total=total,
        first_answer=first,
        forecast=forecast(store, today),
        calendar_weeks=weeks,
        calendar=calendar,
        retention=retention(store, library, today),
        most_failed=most_failed(store, library),
        leeches=leeches(store, library),
    )


def _days(start: date, count: int) -> Iterable[date]:
    return (start + timedelta(days=n) for n in range(count))


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """FSRS's predicted recall against the actual, for the reviews whose prediction fell in
    ``[low, high)``: how far to trust its intervals."""

    low: float
    high: float
    reviews: int
    predicted: float  # mean predicted recall
    actual: float  # share recalled (grade 3 or more)


def calibration(store: Store, config: FsrsConfig, bins: int = 10) -> tuple[CalibrationBin, ...]:
    """Every long-term review of the log (on a later day than the card's previous answer),
    with the recall FSRS predicted for it from the answers before it, under ``config``,
    grouped by predicted recall; bins without reviews are left out."""
    groups: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    states: dict[str, tuple[FsrsState, date]] = {}
    for record in store.reviews():
        previous = states.get(record.card_id)
        if previous is not None and record.day > previous[1]:
            predicted = retrievability(previous[0], record.reviewed_at, config)
            groups[min(bins - 1, int(predicted * bins))].append((predicted, record.grade >= 3))
        state = None if previous is None else previous[0]
        after = review(state, rating_of(record.grade), record.reviewed_at, config)
        states[record.card_id] = (after, record.day)
    return tuple(
        CalibrationBin(
            n / bins,
            (n + 1) / bins,
            len(groups[n]),
            sum(p for p, _ in groups[n]) / len(groups[n]),
            sum(1 for _, ok in groups[n] if ok) / len(groups[n]),
        )
        for n in sorted(groups)
    )
