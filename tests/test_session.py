"""Headless study sessions over a real SQLite store: queues, re-drill, undo, days and limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from casecards.cards import DeckCards
from casecards.scheduler import Sm2State
from casecards.session import Queue, QueueCounts, Session, StudyItem, study_day
from casecards.store import Store, StoreError

MakeDeck = Callable[..., DeckCards]
TZ = timezone(timedelta(hours=1))


def at(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=TZ)


def card(note: str, deck: str = "cardio") -> str:
    return f"{deck}/{note}/main"


def taken_back(session: Session) -> str | None:
    """Undo: the card whose action was taken back, or None (nothing to undo, or refused)."""
    undone = session.undo()
    return None if undone is None or undone.refused else undone.card_id


def shown(session: Session) -> tuple[str, Queue] | None:
    item = session.next_card()
    return None if item is None else (item.card_id.split("/")[1], item.queue)


def test_study_day_rolls_over_at_four_local_time() -> None:
    assert study_day(at(5, 3, 59)) == date(2024, 3, 4)
    assert study_day(at(5, 4, 0)) == date(2024, 3, 5)
    assert study_day(at(5, 23, 59)) == date(2024, 3, 5)
    assert study_day(at(5, 5, 59), rollover_hour=6) == date(2024, 3, 4)
    with pytest.raises(ValueError, match="timezone-aware"):
        study_day(datetime(2024, 3, 5, 9, 0))


def test_a_day_of_study_then_the_next_day_then_a_gap(store: Store, make_deck: MakeDeck) -> None:
    store.sync([make_deck("cardio", ["c1", "c2", "c3", "c4", "c5"])], at(4))

    # Day 1 (2024-03-04): five new cards, in deck order.
    day1 = Session(store, now=at(4))
    assert day1.counts() == QueueCounts(review=0, new=5, redrill=0, done=0)
    assert day1.next_card() == StudyItem(card("c1"), Queue.NEW, Sm2State())
    for note, grade, then in [
        ("c1", 5, ("c2", Queue.NEW)),
        ("c2", 4, ("c3", Queue.NEW)),
        ("c3", 2, ("c4", Queue.NEW)),  # failed: back a few cards later, not at once
        ("c4", 3, ("c5", Queue.NEW)),  # hard: SM-2's extra review brings it back too
        ("c5", 4, ("c3", Queue.REDRILL)),
    ]:
        result = day1.answer(card(note), grade, now=at(4, 9, 10), duration_ms=2000)
        assert (result.card_id, result.grade) == (card(note), grade)
        assert shown(day1) == then
    assert day1.counts() == QueueCounts(review=0, new=0, redrill=2, done=5)

    # Two more answers, then two undos: store, log and queues are exactly as before them.
    before = (store.card(card("c3")), store.card(card("c4")), store.reviews(), day1.counts())
    assert day1.answer(card("c3"), 1, now=at(4, 9, 11), duration_ms=1).redrill
    assert shown(day1) == ("c4", Queue.REDRILL)
    assert day1.answer(card("c4"), 3, now=at(4, 9, 11), duration_ms=1).redrill
    assert shown(day1) == ("c3", Queue.REDRILL)
    assert taken_back(day1) == card("c4")
    assert shown(day1) == ("c4", Queue.REDRILL)  # the queues step back with the store
    assert taken_back(day1) == card("c3")
    assert (
        store.card(card("c3")),
        store.card(card("c4")),
        store.reviews(),
        day1.counts(),
    ) == before
    assert shown(day1) == ("c3", Queue.REDRILL)

    result = day1.answer(card("c3"), 4, now=at(4, 9, 12), duration_ms=900)
    assert (result.after, result.due, result.redrill) == (
        Sm2State(2.5, 1, 1),
        date(2024, 3, 5),
        False,
    )
    assert shown(day1) == ("c4", Queue.REDRILL)
    # Still hard: SM-2 changes nothing, the answer is logged, and c4 is the only card left.
    result = day1.answer(card("c4"), 3, now=at(4, 9, 13), duration_ms=700)
    assert result.before == result.after == Sm2State(2.36, 1, 1, extra_review=True)
    assert shown(day1) == ("c4", Queue.REDRILL)  # the student stops here
    assert [(r.card_id.split("/")[1], r.grade) for r in store.reviews()] == [
        ("c1", 5), ("c2", 4), ("c3", 2), ("c4", 3), ("c5", 4), ("c3", 4), ("c4", 3)
    ]  # fmt: skip
    assert {r.day for r in store.reviews()} == {date(2024, 3, 4)}

    # Day 2, 03:30 is still day 1: the carried-over c4 is all there is.
    assert shown(Session(store, now=at(5, 3, 30))) == ("c4", Queue.REDRILL)
    # Day 2 proper: yesterday's successes are due (interval 1), then the carried re-drill.
    day2 = Session(store, now=at(5, 8))
    assert day2.counts() == QueueCounts(review=4, new=0, redrill=1, done=0)
    for note in ["c1", "c2", "c3", "c5"]:
        assert shown(day2) == (note, Queue.REVIEW)
        result = day2.answer(card(note), 4, now=at(5, 8, 30), duration_ms=1000)
        assert (result.after.repetitions, result.after.interval) == (2, 6)
        assert result.due == date(2024, 3, 11)  # second success: 6 days
    assert shown(day2) == ("c4", Queue.REDRILL)
    result = day2.answer(card("c4"), 5, now=at(5, 8, 40), duration_ms=1000)
    assert (result.after, result.due) == (Sm2State(2.36, 1, 1), date(2024, 3, 6))
    assert day2.next_card() is None

    # After a gap, on 2024-03-14: c4 (due on the 6th) is the most overdue, then the others.
    day11 = Session(store, now=at(14, 20))
    order = []
    while (item := day11.next_card()) is not None:
        order.append(item.card_id.split("/")[1])
        day11.answer(item.card_id, 4, now=at(14, 20, 5), duration_ms=1000)
    assert order == ["c4", "c1", "c2", "c3", "c5"]
    assert store.card(card("c4")).due == date(2024, 3, 20)  # 6 days after its second success
    assert store.card(card("c1")).due == date(2024, 3, 30)  # ceil(6 * 2.6) = 16 days
    assert store.card(card("c2")).due == date(2024, 3, 29)  # ceil(6 * 2.5) = 15 days
    last = store.reviews(card_id=card("c1"))[-1]
    assert (last.day, last.due_before, last.due_after) == (
        date(2024, 3, 14), date(2024, 3, 11), date(2024, 3, 30)
    )  # fmt: skip


def test_answers_are_committed_before_answer_returns(
    tmp_path: Path, store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1"])], at(4))
    session = Session(store, now=at(4))
    session.answer(card("c1"), 4, now=at(4), duration_ms=10)
    with Store.open(tmp_path / "casecards.db") as other:  # a second connection sees it
        assert other.card(card("c1")).due == date(2024, 3, 5)
        assert len(other.reviews()) == 1


def test_daily_new_limit_holds_per_deck_across_sessions(store: Store, make_deck: MakeDeck) -> None:
    store.sync([make_deck("cardio", ["c1", "c2", "c3", "c4"]), make_deck("neuro", ["n1"])], at(4))
    first = Session(store, now=at(4, 9), new_per_day=3)
    assert first.counts() == QueueCounts(review=0, new=4, redrill=0, done=0)  # 3 + 1
    for note in ["c1", "c2"]:
        first.answer(card(note), 5, now=at(4, 9), duration_ms=10)

    # Later the same study day (after midnight, before 04:00): one cardio card left today.
    second = Session(store, now=at(5, 1), new_per_day=3, deck_ids=["cardio"])
    assert second.counts() == QueueCounts(review=0, new=1, redrill=0, done=0)
    assert shown(second) == ("c3", Queue.NEW)
    second.answer(card("c3"), 5, now=at(5, 1), duration_ms=10)
    assert Session(store, now=at(5, 2), new_per_day=3, deck_ids=["cardio"]).counts().new == 0
    assert Session(store, now=at(5, 2), new_per_day=3).counts().new == 1  # neuro untouched

    next_day = Session(store, now=at(5, 9), new_per_day=3, deck_ids=["cardio"])
    assert next_day.counts() == QueueCounts(review=3, new=1, redrill=0, done=0)


def test_suspended_and_buried_cards_are_skipped(store: Store, make_deck: MakeDeck) -> None:
    store.sync([make_deck("cardio", ["c1", "c2", "c3", "c4", "c5"])], at(4))
    session = Session(store, now=at(4))
    for note in ["c1", "c2", "c3", "c4"]:
        session.answer(card(note), 4, now=at(4), duration_ms=10)
    store.set_suspended(card("c1"), True)
    store.bury(card("c2"), date(2024, 3, 5))
    store.set_suspended(card("c5"), True)  # a new card

    assert Session(store, now=at(5)).counts() == QueueCounts(review=2, new=0, redrill=0, done=0)
    assert shown(Session(store, now=at(5))) == ("c3", Queue.REVIEW)
    assert Session(store, now=at(6)).counts().review == 3  # the burial is over
    store.set_suspended(card("c5"), False)
    assert Session(store, now=at(6)).counts() == QueueCounts(review=3, new=1, redrill=0, done=0)


def test_answer_must_be_for_the_card_shown(store: Store, make_deck: MakeDeck) -> None:
    store.sync([make_deck("cardio", ["c1", "c2"])], at(4))
    session = Session(store, now=at(4))
    with pytest.raises(ValueError, match="not the card being shown"):
        session.answer(card("c2"), 4, now=at(4), duration_ms=10)
    with pytest.raises(ValueError, match="grade"):
        session.answer(card("c1"), 6, now=at(4), duration_ms=10)
    assert store.reviews() == () and session.undo() is None


def test_dropped_cards_leave_the_session_and_stay_out_after_undo(
    store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1", "c2", "c3"])], at(4))
    session = Session(store, now=at(4))
    session.answer(card("c1"), 5, now=at(4), duration_ms=10)
    assert shown(session) == ("c2", Queue.NEW)
    store.set_suspended(card("c2"), True)
    session.drop(card("c2"))
    assert session.counts() == QueueCounts(review=0, new=1, redrill=0, done=1)
    assert taken_back(session) == card("c1")
    seen = []
    while (item := session.next_card()) is not None:
        seen.append(item.card_id)
        session.answer(item.card_id, 5, now=at(4), duration_ms=10)
    assert seen == [card("c1"), card("c3")]


def test_the_session_owns_its_answers_and_undo_takes_them_back(
    store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1", "c2"])], at(4))
    session = Session(store, now=at(4, 9, 30))
    assert (session.started, session.answers) == (at(4, 9, 30), ())
    first = session.answer(card("c1"), 2, now=at(4, 9, 31), duration_ms=10)
    second = session.answer(card("c2"), 5, now=at(4, 9, 32), duration_ms=10)
    assert session.answers == (first, second)
    assert taken_back(session) == card("c2")
    assert session.answers[-1:] == (first,) and len(session.answers) == 1
    again = session.answer(card("c2"), 4, now=at(4, 9, 33), duration_ms=10)
    assert session.answers == (first, again) and session.counts().done == 2


# -- two windows on one store ---------------------------------------------------------------


@pytest.fixture
def window(tmp_path: Path, store: Store) -> Iterator[Store]:
    """A second connection to the same file: another casecards window."""
    with Store.open(tmp_path / "casecards.db") as other:
        yield other


def test_a_card_answered_in_another_window_is_dropped_when_it_comes_up(
    store: Store, window: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1", "c2", "c3"])], at(4))
    mine, theirs = Session(store, now=at(4)), Session(window, now=at(4))
    assert shown(theirs) == ("c1", Queue.NEW)
    theirs.answer(card("c1"), 5, now=at(4, 9, 1), duration_ms=10)
    assert shown(mine) == ("c2", Queue.NEW)  # c1 was answered over there: not shown again
    assert mine.counts() == QueueCounts(review=0, new=2, redrill=0, done=0, elsewhere=1)
    assert len(store.reviews(card_id=card("c1"))) == 1


def test_the_answer_that_loses_the_race_is_not_recorded_and_the_session_goes_on(
    store: Store, window: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1", "c2"])], at(4))
    mine, theirs = Session(store, now=at(4)), Session(window, now=at(4))
    assert shown(mine) == shown(theirs) == ("c1", Queue.NEW)  # both windows show c1
    won = theirs.answer(card("c1"), 2, now=at(4, 9, 1), duration_ms=10)
    lost = mine.answer(card("c1"), 5, now=at(4, 9, 2), duration_ms=10)
    assert won.recorded and not lost.recorded and lost.review_id is None
    assert (lost.card_id, lost.grade, lost.before, lost.redrill) == (
        card("c1"),
        5,
        Sm2State(),
        False,
    )
    (logged,) = store.reviews()
    assert (logged.grade, logged.before, store.card(card("c1")).state) == (2, Sm2State(), won.after)
    assert shown(mine) == ("c2", Queue.NEW)  # c1 left this session; it re-drills over there
    assert mine.counts() == QueueCounts(review=0, new=1, redrill=0, done=0, elsewhere=1)
    assert mine.undo() is None and mine.answers == ()  # the lost answer is nothing to undo
    assert shown(theirs) == ("c2", Queue.NEW)
    theirs.answer(card("c2"), 4, now=at(4, 9, 3), duration_ms=10)
    assert shown(theirs) == ("c1", Queue.REDRILL)  # its own re-drill is still recognised


def test_undo_of_an_answer_another_window_built_on_changes_nothing(
    store: Store, window: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1", "c2"])], at(4))
    mine = Session(store, now=at(4))
    mine.answer(card("c1"), 5, now=at(4, 9, 1), duration_ms=10)
    mine.answer(card("c2"), 5, now=at(4, 9, 1), duration_ms=10)
    later = Session(window, now=at(5))  # the next day, in another window: c1 is due
    assert shown(later) == ("c1", Queue.REVIEW)
    later.answer(card("c1"), 4, now=at(5), duration_ms=10)
    log = store.reviews()
    assert taken_back(mine) == card("c2")  # c2's answer is still the last one: undone exactly
    assert store.card(card("c2")).is_new
    refused = mine.undo()  # c1 was answered again since: this answer stays
    assert refused is not None and refused.refused and refused.card_id == card("c1")
    assert "answered in another casecards window" in refused.message
    assert store.reviews() == log[::2] and mine.counts().done == 0 and mine.answers == ()
    assert mine.undo() is None


def test_cards_suspended_buried_or_retired_elsewhere_are_dropped(
    store: Store, window: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1", "c2", "c3", "c4"])], at(4))
    mine = Session(store, now=at(4))
    window.set_suspended(card("c1"), True)
    window.bury(card("c2"), date(2024, 3, 4))
    window.sync([make_deck("cardio", ["c1", "c2", "c4"])], at(4))  # c3 left the deck
    assert shown(mine) == ("c4", Queue.NEW)
    assert mine.counts() == QueueCounts(review=0, new=1, redrill=0, done=0)


def test_an_answer_the_disk_cannot_take_leaves_the_session_where_it_was(
    store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1", "c2"])], at(4))
    session = Session(store, now=at(4))
    store._conn.execute("PRAGMA query_only = ON")  # as a file turned read-only would
    with pytest.raises(StoreError, match="is read-only"):
        session.answer(card("c1"), 4, now=at(4), duration_ms=10)
    assert store.reviews() == () and shown(session) == ("c1", Queue.NEW)
    store._conn.execute("PRAGMA query_only = OFF")
    assert session.answer(card("c1"), 4, now=at(4), duration_ms=10).recorded  # then it goes on
    assert shown(session) == ("c2", Queue.NEW)


def test_a_card_answered_without_end_never_overflows_the_calendar(
    store: Store, make_deck: MakeDeck
) -> None:
    """SM-2 has no ceiling on intervals; the due day is capped at a century."""
    store.sync([make_deck("cardio", ["c1"])], at(4))
    today = study_day(at(4))
    huge = Sm2State(ease=2.5, repetitions=60, interval=3_000_000)
    store.record_answer(
        card("c1"), grade=5, after=huge, due=today, day=today, reviewed_at=at(4), duration_ms=1
    )
    session = Session(store, now=at(4))
    assert shown(session) == ("c1", Queue.REVIEW)
    result = session.answer(card("c1"), 5, now=at(4), duration_ms=10)
    assert result.after.interval == 7_800_000  # exact SM-2, kept in the state
    assert result.due == today + timedelta(days=36_500)
    assert store.card(card("c1")).due == result.due


def test_a_session_start_reads_indexes_never_every_card(store: Store, make_deck: MakeDeck) -> None:
    """The start must not grow with the collection: each statement it runs finds its rows
    through an index (a partial one for new and re-drill cards), none reads every card."""
    notes = [f"n{i}" for i in range(60)]
    store.sync([make_deck("cardio", notes), make_deck("neuro", notes)], at(4))
    first = Session(store, now=at(4), new_per_day=5)
    for k in range(10):  # every new card answered once, the first one failed
        item = first.next_card()
        assert item is not None
        first.answer(item.card_id, 1 if k == 0 else 4, now=at(4), duration_ms=1)

    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    Session(store, now=at(5), new_per_day=5)
    store._conn.set_trace_callback(None)

    selects = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert selects
    for sql in selects:
        plan = [row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        scans = [step for step in plan if step.startswith("SCAN") and " INDEX " not in step]
        assert not [s for s in scans if s.split()[1] in ("c", "cards")], (sql, plan)
