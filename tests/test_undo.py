"""Undo as a stack of actions over a real store: answers, suspensions and burials of a session,
Browse's toggles in the same history, each taken back exactly in the store and the queues."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from casecards.cards import DeckCards
from casecards.session import QueueCounts, Session, StudyItem
from casecards.store import Store, StoredCard
from casecards.undo import UNDO_DEPTH, ActionKind, Burial, Suspension, UndoHistory

MakeDeck = Callable[..., DeckCards]
TZ = timezone(timedelta(hours=1))
NOW = datetime(2024, 3, 4, 9, 0, tzinfo=TZ)
TODAY = date(2024, 3, 4)
NOTES = [f"c{n}" for n in range(1, 31)]


def card(note: str) -> str:
    return f"cardio/{note}/main"


@pytest.fixture
def synced(store: Store, make_deck: MakeDeck) -> Store:
    store.sync([make_deck("cardio", NOTES)], NOW)
    return store


@pytest.fixture
def window(tmp_path: Path, synced: Store) -> Iterator[Store]:
    """Another casecards window on the same file."""
    with Store.open(tmp_path / "casecards.db") as other:
        yield other


Snapshot = tuple[
    tuple[StoredCard, ...], tuple[object, ...], QueueCounts, StudyItem | None, tuple[object, ...]
]


def snapshot(store: Store, session: Session) -> Snapshot:
    """Everything undo must put back: every card, the log, the queues, the card shown next
    and the session's answers."""
    cards = tuple(store.card(card(note)) for note in NOTES)
    return cards, store.reviews(), session.counts(), session.next_card(), session.answers


def showing(session: Session) -> str:
    item = session.next_card()
    assert item is not None
    return item.card_id


def test_undo_right_after_a_suspension_unsuspends_that_card_not_an_older_answer(
    synced: Store,
) -> None:
    session = Session(synced, now=NOW)
    session.answer(card("c1"), 4, now=NOW, duration_ms=10)
    before = snapshot(synced, session)
    assert showing(session) == card("c2")
    session.suspend(card("c2"))
    assert synced.card(card("c2")).suspended and showing(session) == card("c3")

    undone = session.undo()
    assert undone is not None and not undone.refused
    assert (undone.kind, undone.card_id) == (ActionKind.SUSPEND, card("c2"))
    assert undone.message == "Suspension undone: the card is back"
    assert snapshot(synced, session) == before  # c2 shown again, c1's answer untouched
    assert len(synced.reviews()) == 1

    undone = session.undo()  # then the answer before it
    assert undone is not None and (undone.kind, undone.card_id) == (ActionKind.ANSWER, card("c1"))
    assert synced.reviews() == () and showing(session) == card("c1")
    assert session.undo() is None


def test_undo_of_a_burial_puts_back_the_day_it_had_and_the_card_in_place(synced: Store) -> None:
    session = Session(synced, now=NOW)
    session.answer(card("c1"), 5, now=NOW, duration_ms=10)
    before = snapshot(synced, session)
    session.bury(card("c2"), TODAY)
    assert synced.card(card("c2")).buried_until == TODAY
    assert showing(session) == card("c3")
    undone = session.undo()
    assert undone is not None and undone.kind is ActionKind.BURY
    assert synced.card(card("c2")).buried_until is None
    assert snapshot(synced, session) == before


def test_thirty_and_more_actions_undone_one_by_one_exactly(synced: Store) -> None:
    """Answers (failed ones come back), suspensions and burials, 40 of them; each undo puts
    the store, the queues and the session's answers back as they were before that action."""
    session = Session(synced, now=NOW)
    grades = [1, 4, 5, 2, 3, 4, 0, 5]
    taken: list[tuple[ActionKind, Snapshot]] = []
    for k in range(40):
        before = snapshot(synced, session)
        shown = before[3]
        if shown is None:
            break
        if k % 9 == 4:
            session.suspend(shown.card_id)
            kind = ActionKind.SUSPEND
        elif k % 11 == 6:
            session.bury(shown.card_id, TODAY)
            kind = ActionKind.BURY
        else:
            session.answer(shown.card_id, grades[k % len(grades)], now=NOW, duration_ms=k)
            kind = ActionKind.ANSWER
        taken.append((kind, before))
    assert len(taken) >= 30, "the deck ran out before 30 actions"
    assert {kind for kind, _ in taken} == {ActionKind.ANSWER, ActionKind.SUSPEND, ActionKind.BURY}
    for kind, before in reversed(taken):
        undone = session.undo()
        assert undone is not None and not undone.refused and undone.kind is kind
        assert snapshot(synced, session) == before
    assert session.undo() is None
    assert synced.reviews() == () and all(synced.card(card(n)).is_new for n in NOTES)


def test_the_history_keeps_the_last_actions_only() -> None:
    assert UNDO_DEPTH >= 30
    history = UndoHistory(depth=3)
    for n in range(5):
        history.push(Suspension(card(f"c{n}"), True, False))
    assert len(history) == 3
    last = history.last
    assert last is not None and last.card_id == card("c4")
    with pytest.raises(ValueError, match="depth"):
        UndoHistory(depth=0)


def test_browse_toggles_share_the_history_and_change_the_store_alone(synced: Store) -> None:
    """A suspension in study, an unsuspension in Browse, then undo twice: Browse's is taken
    back first (the card is suspended again), then the session's (back in its place)."""
    history = UndoHistory()
    session = Session(synced, now=NOW, history=history)
    session.answer(card("c1"), 4, now=NOW, duration_ms=10)
    before = snapshot(synced, session)
    session.suspend(card("c2"))
    unsuspended = Suspension.make(synced, card("c2"), False)  # what Browse's x does
    assert unsuspended.changed and unsuspended.kind is ActionKind.UNSUSPEND
    history.push(unsuspended)
    assert not synced.card(card("c2")).suspended
    assert showing(session) == card("c3")  # unsuspending in Browse does not requeue it

    undone = session.undo()
    assert undone is not None and undone.action is unsuspended and undone.action.owner is None
    assert undone.message == "Unsuspension made in Browse undone: the card is suspended again"
    assert synced.card(card("c2")).suspended and showing(session) == card("c3")
    undone = session.undo()
    assert undone is not None and undone.kind is ActionKind.SUSPEND
    assert snapshot(synced, session) == before
    assert not Suspension.make(synced, card("c1"), False).changed  # nothing to take back


def test_an_action_another_window_changed_since_is_refused_and_the_next_undo_goes_on(
    synced: Store, window: Store
) -> None:
    session = Session(synced, now=NOW)
    session.answer(card("c1"), 4, now=NOW, duration_ms=10)
    session.suspend(card("c2"))
    session.bury(card("c3"), TODAY)
    window.bury(card("c3"), TODAY + timedelta(days=2))  # over there: buried longer
    window.set_suspended(card("c2"), False)  # over there: unsuspended

    refused = session.undo()
    assert refused is not None and refused.refused and refused.kind is ActionKind.BURY
    assert "burial can no longer be undone" in refused.message
    assert synced.card(card("c3")).buried_until == TODAY + timedelta(days=2)  # theirs stays
    refused = session.undo()
    assert refused is not None and refused.refused and refused.kind is ActionKind.SUSPEND
    undone = session.undo()
    assert undone is not None and not undone.refused and undone.kind is ActionKind.ANSWER
    assert synced.reviews() == ()


def test_a_burial_over_a_later_one_is_undone_to_that_later_day(synced: Store) -> None:
    later = TODAY + timedelta(days=5)
    synced.bury(card("c4"), later)
    burial = Burial.make(synced, card("c4"), TODAY)
    assert burial.was == later
    burial.undo(synced)
    assert synced.card(card("c4")).buried_until == later


def test_a_session_that_ends_leaves_the_history_but_browse_actions_stay(synced: Store) -> None:
    history = UndoHistory()
    first = Session(synced, now=NOW, history=history)
    first.answer(card("c1"), 4, now=NOW, duration_ms=10)
    history.push(Suspension.make(synced, card("c8"), True))
    first.suspend(card("c2"))
    history.forget(first)
    assert len(history) == 1
    second = Session(synced, now=NOW, history=history)
    undone = second.undo()
    assert undone is not None and undone.card_id == card("c8")
    assert not synced.card(card("c8")).suspended
    assert second.undo() is None
    assert len(synced.reviews()) == 1  # the first session's answer stays
