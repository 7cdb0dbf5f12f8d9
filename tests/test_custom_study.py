"""Custom study against a real store, once nothing is left: study ahead (the cards due in the
next days, answered for real, SM-2 scheduling an early review as an on-time one), and
practice (a deck's or some cards' drill that changes no schedule, logged as practice, which
the statistics never count); undo works on both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import pytest

from casecards import statistics
from casecards.cards import DeckCards
from casecards.custom_study import AHEAD_DAYS, leftover, parse_days, parse_tag
from casecards.scheduler import review
from casecards.session import Queue, QueueCounts, Session, StudyKind
from casecards.store import Store
from drivers.checks import check_store

MakeDeck = Callable[..., DeckCards]  # the conftest fixture's type

TZ = timezone(timedelta(hours=1))


def at(day: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, day, 9, minute, tzinfo=TZ)


def card(note: str, deck: str = "cardio") -> str:
    return f"{deck}/{note}/main"


def learn(store: Store, day: int) -> None:
    """A session over cardio on ``day`` answering 5 to every card."""
    session = Session(store, now=at(day), deck_ids=["cardio"])
    while (item := session.next_card()) is not None:
        session.answer(item.card_id, 5, now=at(day), duration_ms=1)


@pytest.fixture
def studied(store: Store, make_deck: MakeDeck) -> Store:
    """Cardio's four cards learnt on the 4th (due the 5th), then c1 and c2 reviewed on the
    5th (due the 11th); neuro's two cards new."""
    store.sync(
        [make_deck("cardio", ["c1", "c2", "c3", "c4"]), make_deck("neuro", ["n1", "n2"])], at(4)
    )
    learn(store, 4)
    session = Session(store, now=at(5), deck_ids=["cardio"])
    for _ in range(2):
        item = session.next_card()
        assert item is not None
        session.answer(item.card_id, 4, now=at(5), duration_ms=1)
    return store


def test_study_ahead_takes_the_cards_due_in_the_next_days_soonest_first(
    studied: Store,
) -> None:
    # On the 5th, after the day's session: c3 and c4 are due today (the day's own cards),
    # c1 and c2 on the 11th.
    assert {c.id: c.due for c in studied.due_reviews(date(2024, 3, 5), ["cardio"])} == {
        card("c3"): date(2024, 3, 5),
        card("c4"): date(2024, 3, 5),
    }
    learn(studied, 5)  # c3 and c4 done (due the 11th too): nothing left on the 5th
    assert Session(studied, now=at(5, 30)).next_card() is not None  # neuro's new cards
    assert Session(studied, now=at(5, 30), deck_ids=["cardio"]).next_card() is None
    short = Session.ahead(studied, now=at(5, 30), days=5, deck_ids=["cardio"])
    assert short.next_card() is None  # nothing due by the 10th
    ahead = Session.ahead(studied, now=at(5, 30), days=6, deck_ids=["cardio"])
    assert ahead.kind is StudyKind.AHEAD
    assert ahead.counts() == QueueCounts(0, 0, 0, 0, ahead=4)
    item = ahead.next_card()
    assert item is not None and (item.card_id, item.queue) == (card("c1"), Queue.AHEAD)
    with pytest.raises(ValueError, match="days must be a whole number >= 1"):
        Session.ahead(studied, now=at(5), days=0)


def test_an_early_review_is_scheduled_as_an_on_time_one_from_the_day_it_is_given(
    studied: Store,
) -> None:
    before = studied.card(card("c1"))
    assert (before.due, before.state.interval) == (date(2024, 3, 11), 6)
    ahead = Session.ahead(studied, now=at(6), days=7, deck_ids=["cardio"])
    result = ahead.answer(card("c1"), 4, now=at(6), duration_ms=1)
    # SM-2's next state for the grade, as on time; the interval counts from the 6th.
    assert result.after == review(before.state, 4)
    assert result.due == date(2024, 3, 6) + timedelta(days=result.after.interval)
    assert studied.card(card("c1")).due == result.due
    failed = ahead.answer(card("c2"), 1, now=at(6), duration_ms=1)  # a lapse, as any other
    assert failed.redrill and studied.card(card("c2")).state.repetitions == 0
    item = ahead.next_card()
    assert item is not None and (item.card_id, item.queue) == (card("c2"), Queue.REDRILL)
    assert ahead.undo() is not None and ahead.undo() is not None  # both undone, exactly
    assert studied.card(card("c1")) == before
    check_store(studied.path)


def test_practice_changes_no_schedule_logs_practice_and_drills_the_failed_again(
    studied: Store,
) -> None:
    cards_before = {c: studied.card(c) for c in map(card, ["c1", "c2", "c3", "c4"])}
    log_before = studied.reviews()
    drill = Session.practice(studied, now=at(6), deck_ids=["cardio", "neuro"])
    assert drill.kind is StudyKind.PRACTICE
    assert drill.counts() == QueueCounts(0, 0, 0, 0, practice=6)  # new cards included
    grades = {card("c2"): 1, card("n1", "neuro"): 3}
    order: list[str] = []
    while (item := drill.next_card()) is not None:
        assert item.queue is Queue.PRACTICE
        order.append(item.card_id)
        grade = grades.pop(item.card_id, 5)
        result = drill.answer(item.card_id, grade, now=at(6, len(order)), duration_ms=7)
        assert result.practice and result.after == result.before
        assert result.redrill == (grade < 4)
    # Deck order; each card failed (below 4) back three cards later.
    assert order == [
        card("c1"),
        card("c2"),
        card("c3"),
        card("c4"),
        card("n1", "neuro"),
        card("c2"),
        card("n2", "neuro"),
        card("n1", "neuro"),
    ]
    assert {c: studied.card(c) for c in cards_before} == cards_before
    assert studied.card(card("n1", "neuro")).is_new  # practised, still new
    assert studied.reviews() == log_before
    log = studied.practice_log()
    assert [(p.card_id, p.grade, p.day, p.duration_ms) for p in log][:2] == [
        (card("c1"), 5, date(2024, 3, 6), 7),
        (card("c2"), 1, date(2024, 3, 6), 7),
    ]
    assert len(log) == len(order) == len(drill.answers)
    check_store(studied.path)


def test_undo_works_on_practice_answers(studied: Store) -> None:
    drill = Session.practice(studied, now=at(6), deck_ids=["cardio"])
    drill.answer(card("c1"), 2, now=at(6), duration_ms=1)
    drill.answer(card("c2"), 5, now=at(6), duration_ms=1)
    undone = drill.undo()
    assert undone is not None and undone.card_id == card("c2") and not undone.refused
    assert [p.card_id for p in studied.practice_log()] == [card("c1")]
    item = drill.next_card()
    assert item is not None and item.card_id == card("c2")
    assert drill.counts() == QueueCounts(0, 0, 0, 1, practice=4)  # c1 waits for its re-drill
    drill.undo()
    assert studied.practice_log() == ()
    assert drill.counts() == QueueCounts(0, 0, 0, 0, practice=4)


def test_practice_of_chosen_cards_keeps_their_order_and_leaves_out_hidden_ones(
    studied: Store,
) -> None:
    studied.set_suspended(card("c2"), True)
    studied.bury(card("c3"), date(2024, 3, 6))
    drill = Session.practice(
        studied,
        now=at(6),
        card_ids=[card("c4"), card("c2"), card("c3"), card("n2", "neuro"), card("c4"), "x/y/main"],
    )
    shown = []
    while (item := drill.next_card()) is not None:
        shown.append(item.card_id)
        drill.answer(item.card_id, 5, now=at(6), duration_ms=1)
    assert shown == [card("c4"), card("n2", "neuro")]


def test_the_statistics_ignore_practice(studied: Store) -> None:
    today = date(2024, 3, 6)
    before = (
        studied.stats(today, 20),
        statistics.review_calendar(studied, today),
        statistics.streak(studied, today),
        studied.most_lapsed(10),
        studied.answers_by_note(today - timedelta(days=29), today),
    )
    drill = Session.practice(studied, now=at(6), deck_ids=["cardio"])
    while (item := drill.next_card()) is not None:
        drill.answer(item.card_id, 1 if item.card_id == card("c1") else 5, now=at(6), duration_ms=1)
        if len(drill.answers) > 6:
            break
    after = (
        studied.stats(today, 20),
        statistics.review_calendar(studied, today),
        statistics.streak(studied, today),
        studied.most_lapsed(10),
        studied.answers_by_note(today - timedelta(days=29), today),
    )
    assert after == before
    assert studied.leech_ids() == frozenset()  # practice failures are no lapses


def test_custom_study_reads_indexes_never_every_card(studied: Store) -> None:
    statements: list[str] = []
    studied._conn.set_trace_callback(statements.append)
    Session.ahead(studied, now=at(6), days=30)
    Session.practice(studied, now=at(6), deck_ids=["cardio"])
    Session.practice(studied, now=at(6))
    studied._conn.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) >= 4
    for sql in selects:
        plan = [row[3] for row in studied._conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        scans = [step for step in plan if step.startswith("SCAN") and " INDEX " not in step]
        assert not [s for s in scans if s.split()[1] in ("c", "cards")], (sql, plan)


def test_purging_or_renaming_cards_takes_their_practice_along(
    studied: Store, make_deck: MakeDeck
) -> None:
    drill = Session.practice(studied, now=at(6), deck_ids=["cardio"])
    for _ in range(2):
        item = drill.next_card()
        assert item is not None
        drill.answer(item.card_id, 5, now=at(6), duration_ms=1)
    studied.sync([make_deck("cardio", ["c2", "c3", "c4", "c9"])], at(7))  # c1 retired
    assert studied.move_history("cardio", "c2", "c9").cards == 1
    assert [p.card_id for p in studied.practice_log()] == [card("c1"), card("c9")]
    assert studied.purge_retired()[0] >= 1
    assert [p.card_id for p in studied.practice_log()] == [card("c9")]
    check_store(studied.path)


def test_what_is_left_names_the_other_decks_and_counts_the_cards_ahead(studied: Store) -> None:
    learn(studied, 5)  # cardio: nothing left on the 5th; c1..c4 due on the 11th
    day = date(2024, 3, 5)
    left = leftover(studied, day, ["cardio"])
    assert [(d.id, d.new, d.due, d.redrill) for d in left.other_decks] == [("neuro", 2, 0, 0)]
    assert (left.ahead, left.ahead_days) == (4, AHEAD_DAYS)  # the 11th is within 7 days
    assert leftover(studied, day, ["cardio"], ahead_days=5).ahead == 0  # up to the 10th
    studied.set_setting("new-per-day.neuro", "1")  # the daily limits apply
    assert [d.new for d in leftover(studied, day, ["cardio"]).other_decks] == [1]
    studied.set_setting("new-per-day.neuro", "0")
    assert leftover(studied, day, ["cardio"]).other_decks == ()
    studied.unset_setting("new-per-day.neuro")
    assert leftover(studied, day, None).other_decks == ()  # every deck was studied


def test_days_and_tags_as_typed() -> None:
    assert (parse_days(" 3 "), parse_days("365")) == (3, 365)
    for bad in ("0", "366", "-1", "2.5", "", "trois"):
        with pytest.raises(ValueError, match="A whole number of days, from 1 to 365"):
            parse_days(bad)
    assert [parse_tag(t) for t in ("#irm", "IRM", " modalite::irm ")] == [
        "irm",
        "irm",
        "modalite::irm",
    ]
    for bad in ("", "#", "deux mots"):
        with pytest.raises(ValueError, match=r"One tag, such as #irm"):
            parse_tag(bad)
