"""FSRS beside SM-2: the adapter against the pinned ``fsrs`` package, sessions and the store
under FSRS, and switching schedulers on a store with history."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from casecards import doctor
from casecards.fsrs_scheduler import (
    DEFAULT_PARAMETERS,
    FsrsConfig,
    FsrsState,
    Phase,
    Rating,
    due_day,
    grade_of,
    rating_of,
    replay,
)
from casecards.scheduler import Grade, Sm2State, review
from casecards.session import Queue, Session, study_day
from casecards.settings import SchedulerKind, Settings
from casecards.store import Store
from conftest import MakeDeck
from drivers.checks import check_store

ZONE = timezone(timedelta(hours=1))


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2024, 3, 1, hour, minute, tzinfo=ZONE) + timedelta(days=day - 1)


def card(note: str) -> str:
    return f"cardio/{note}/main"


def package_card(state: FsrsState | None) -> tuple[object, ...] | None:
    return None if state is None else (
        int(state.phase), state.step, state.stability, state.difficulty, state.due,
        state.last_review,
    )  # fmt: skip


def by_package(log: list[tuple[int, datetime]]) -> fsrs.Card:
    """The card the package itself makes of these (grade, instant) answers."""
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    state = fsrs.Card(card_id=1)
    for grade, moment in log:
        state, _ = scheduler.review_card(
            state, fsrs.Rating(int(rating_of(grade))), moment.astimezone(UTC)
        )
    return state


def fields(c: fsrs.Card) -> tuple[object, ...]:
    return (int(c.state), c.step, c.stability, c.difficulty, c.due, c.last_review)


def test_the_four_grades_and_the_six_map_onto_each_other() -> None:
    assert [grade_of(r) for r in Rating] == [1, 3, 4, 5]
    assert [rating_of(g) for g in range(6)] == [
        Rating.AGAIN, Rating.AGAIN, Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY
    ]  # fmt: skip
    # An FSRS answer reads back as itself from the log.
    assert all(rating_of(grade_of(r)) is r for r in Rating)
    with pytest.raises(ValueError, match="grade must be an int from 0 to 5"):
        rating_of(6)


def test_the_defaults_are_the_packages() -> None:
    assert tuple(fsrs.Scheduler().parameters) == DEFAULT_PARAMETERS
    with pytest.raises(ValueError, match=r"desired retention must be from 0\.70 to 0\.99"):
        FsrsConfig(desired_retention=0.5)
    with pytest.raises(ValueError, match="Expected 21 parameters"):
        FsrsConfig(parameters=(1.0, 2.0))


def fsrs_store(store: Store, make_deck: MakeDeck, notes: list[str]) -> None:
    store.sync([make_deck("cardio", notes)], at(1))
    store.set_setting("scheduler", "fsrs")


def test_sessions_under_fsrs_schedule_exactly_as_the_package(
    store: Store, make_deck: MakeDeck
) -> None:
    """Sixty days of study with random grades: after every answer the card's state is the
    one the package computes from the same answers, and so is its due day."""
    notes = [f"c{i}" for i in range(6)]
    fsrs_store(store, make_deck, notes)
    pick = random.Random(18)
    logs: dict[str, list[tuple[int, datetime]]] = {card(n): [] for n in notes}
    answers = 0
    for day in range(1, 61):
        now = at(day, 8)
        session = Session(store, now=now)
        assert session.scheduler is SchedulerKind.FSRS
        while (item := session.next_card()) is not None:
            now += timedelta(minutes=pick.choice([1, 3, 12]))
            rating = pick.choices(list(Rating), weights=[2, 2, 6, 1])[0]
            result = session.answer(item.card_id, rating, now=now, duration_ms=1000)
            logs[item.card_id].append((grade_of(rating), now))
            expected = by_package(logs[item.card_id])
            assert package_card(result.fsrs_after) == fields(expected)
            assert result.grade == grade_of(rating) and result.rating is rating
            day_of = study_day(now)
            assert expected.last_review is not None
            if expected.state == fsrs.State.Review:
                assert result.due == day_of + timedelta((expected.due - expected.last_review).days)
                assert not result.redrill
            else:  # a short-term step: back in this session
                assert result.due == day_of and result.redrill
            assert package_card(store.card(item.card_id).fsrs) == fields(expected)
            answers += 1
    assert answers > 100
    # The stored states are also what the log replays to.
    for card_id, log in logs.items():
        assert store.card(card_id).fsrs == replay(log, FsrsConfig())
    check_store(store.path)


def test_a_new_card_goes_through_the_packages_learning_steps(
    store: Store, make_deck: MakeDeck
) -> None:
    fsrs_store(store, make_deck, ["a", "b"])
    session = Session(store, now=at(1))
    first = session.answer(card("a"), Rating.GOOD, now=at(1), duration_ms=1)
    assert first.fsrs_after is not None and first.fsrs_after.phase is Phase.LEARNING
    assert first.fsrs_after.due - first.fsrs_after.last_review == timedelta(minutes=10)
    assert first.redrill
    easy = session.answer(card("b"), Rating.EASY, now=at(1, 9, 1), duration_ms=1)
    assert not easy.redrill and easy.due is not None and easy.due > date(2024, 3, 1)
    item = session.next_card()
    assert item is not None and (item.card_id, item.queue) == (card("a"), Queue.REDRILL)
    assert item.fsrs == first.fsrs_after
    last = session.answer(card("a"), 3, now=at(1, 9, 11), duration_ms=1)
    assert last.fsrs_after is not None and last.fsrs_after.phase is Phase.REVIEW
    assert session.next_card() is None
    # An SM-2 grade, as a typed card suggests it, is mapped: 2 is a failure.
    assert Session(store, now=at(30))._rating(Grade.WRONG_SEEMED_EASY) is Rating.AGAIN
    with pytest.raises(ValueError, match=r"from 1 \(Again\) to 4 \(Easy\)"):
        Session(store, now=at(30)).answer(card("a"), 5, now=at(30), duration_ms=1)


def test_undo_under_fsrs_puts_the_state_back_exactly(store: Store, make_deck: MakeDeck) -> None:
    fsrs_store(store, make_deck, ["a"])
    session = Session(store, now=at(1))
    session.answer(card("a"), Rating.GOOD, now=at(1), duration_ms=1)
    before = store.card(card("a"))
    session.answer(card("a"), Rating.AGAIN, now=at(1, 9, 5), duration_ms=1)
    assert store.card(card("a")) != before
    assert session.undo() is not None
    assert store.card(card("a")) == before


def sm2_replay(grades: list[int]) -> Sm2State:
    state = Sm2State()
    for grade in grades:
        state = review(state, grade)
    return state


def test_switching_sm2_fsrs_sm2_keeps_every_answer_and_passes_the_doctor(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    path = tmp_path / "casecards.db"
    notes = [f"n{i}" for i in range(5)]
    pick = random.Random(7)
    with Store.open(path) as store:
        store.sync([make_deck("cardio", notes)], at(1))

        def study(first: int, last: int) -> None:
            for day in range(first, last + 1):
                session = Session(store, now=at(day))
                minute = 0
                while (item := session.next_card()) is not None:
                    minute += 2
                    grade = (
                        pick.choice(list(Rating))
                        if session.scheduler is SchedulerKind.FSRS
                        else pick.choice([1, 3, 4, 4, 5])
                    )
                    session.answer(item.card_id, grade, now=at(day, 9, minute), duration_ms=1)

        study(1, 20)
        sm2_log = store.reviews()
        settings = Settings(tmp_path / "config.toml", store)
        settings.set("scheduler", "fsrs")
        # Each card's FSRS state is computed from its own log, which is left as it was.
        assert store.reviews() == sm2_log
        for note in notes:
            log = [(r.grade, r.reviewed_at) for r in sm2_log if r.card_id == card(note)]
            stored = store.card(card(note))
            assert package_card(stored.fsrs) == fields(by_package(log))
            last_day = [r.day for r in sm2_log if r.card_id == card(note)][-1]
            assert stored.fsrs is not None
            assert stored.fsrs_due == due_day(stored.fsrs, last_day)
        study(21, 40)
        both = store.reviews()
        assert both[: len(sm2_log)] == sm2_log and len(both) > len(sm2_log)
        settings.set("scheduler", "sm2")
        assert store.reviews() == both
        # SM-2's state is the one the log's grades replay to, under either scheduler.
        for note in notes:
            grades = [r.grade for r in both if r.card_id == card(note)]
            stored = store.card(card(note))
            assert stored.state == sm2_replay(grades)
            assert stored.fsrs is None  # dropped under SM-2, computed again on switching back
        study(41, 45)
        assert store.reviews()[: len(both)] == both
    check_store(path)
    report = doctor.examine(path, None)
    assert report.healthy, report.lines()


def test_desired_retention_changes_the_due_days_not_the_memory(
    store: Store, make_deck: MakeDeck
) -> None:
    fsrs_store(store, make_deck, ["a"])
    session = Session(store, now=at(1))
    session.answer(card("a"), Rating.EASY, now=at(1), duration_ms=1)
    at_90 = store.card(card("a"))
    store.set_setting("desired-retention", "0.80")
    at_80 = store.card(card("a"))
    assert at_80.fsrs is not None and at_90.fsrs is not None
    assert (at_80.fsrs.stability, at_80.fsrs.difficulty) == (
        at_90.fsrs.stability,
        at_90.fsrs.difficulty,
    )
    assert at_80.fsrs_due is not None and at_90.fsrs_due is not None
    assert at_80.fsrs_due > at_90.fsrs_due  # aiming lower: reviews further apart
