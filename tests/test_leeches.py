"""Leeches against a real store: a card failed ``leech-threshold`` times (lapses: failed
answers on a review card) is marked as the answer is recorded, and suspended when
``leech-action`` says so; the answer tells it; undo takes it all back exactly; Browse finds
leeches with ``#leech`` and Statistics lists them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image

from casecards import statistics
from casecards.cards import DeckCards
from casecards.library import Library
from casecards.search import CardIndex
from casecards.session import AnswerResult, Queue, Session
from casecards.store import LeechMark, Store
from drivers.checks import check_store

MakeDeck = Callable[..., DeckCards]  # the conftest fixture's type

TZ = timezone(timedelta(hours=1))


def at(day: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, day, 9, minute, tzinfo=TZ)


def card(note: str, deck: str = "cardio") -> str:
    return f"{deck}/{note}/main"


def study(session: Session, fail: set[str], day: int) -> list[AnswerResult]:
    """Answer every card the session shows: 1 to a card of ``fail`` the first time it
    shows, 5 otherwise."""
    results: list[AnswerResult] = []
    failed: set[str] = set()
    while (item := session.next_card()) is not None:
        grade = 1 if item.card_id in fail - failed else 5
        failed.add(item.card_id)
        results.append(session.answer(item.card_id, grade, now=at(day), duration_ms=1))
    return results


def lapses_until(store: Store, card_id: str, days: range) -> dict[int, AnswerResult]:
    """A new card is learnt (5) on the first day; then each day it is failed once, then
    passed: one lapse a day (it is due the next day). The failed answer of each day."""
    if store.card(card_id).is_new:
        study(Session(store, now=at(days[0])), set(), days[0])
        days = days[1:]
    found = {}
    for day in days:
        results = study(Session(store, now=at(day)), {card_id}, day)
        found[day] = next(r for r in results if r.card_id == card_id and r.grade == 1)
    return found


def test_the_threshold_th_lapse_marks_a_leech_and_tells_it(
    store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1", "c2"])], at(4))
    store.set_setting("leech-threshold", "3")
    failed = lapses_until(store, card("c1"), range(4, 8))  # learnt; lapses on 5th, 6th, 7th
    assert [failed[day].leech for day in (5, 6)] == [None, None]
    assert failed[7].leech == LeechMark(card("c1"), 3, suspended=False)
    assert store.leech_ids() == {card("c1")}
    assert not store.card(card("c1")).suspended  # "tag", the default: still studied
    (leech,) = store.leeches()
    assert (leech.card_id, leech.lapses, leech.suspended, leech.since) == (
        card("c1"),
        3,
        False,
        at(7).date(),
    )
    check_store(store.path)  # the schedules are SM-2's, the marks changed none


def test_failures_while_learning_are_not_lapses(store: Store, make_deck: MakeDeck) -> None:
    store.sync([make_deck("cardio", ["c1"])], at(4))
    store.set_setting("leech-threshold", "1")
    session = Session(store, now=at(4))
    first = session.answer(card("c1"), 0, now=at(4), duration_ms=1)  # a new card failed
    again = session.answer(card("c1"), 2, now=at(4), duration_ms=1)  # and in its re-drill
    assert (first.leech, again.leech) == (None, None)
    assert store.leech_ids() == frozenset()
    session.answer(card("c1"), 5, now=at(4), duration_ms=1)
    failed = study(Session(store, now=at(5)), {card("c1")}, 5)[0]
    assert failed.leech == LeechMark(card("c1"), 1, suspended=False)  # a review card failed


def test_suspend_takes_the_leech_out_and_undo_puts_everything_back(
    store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1", "c2", "c3"])], at(4))
    store.set_setting("leech-threshold", "2")
    store.set_setting("leech-action", "suspend")
    lapses_until(store, card("c1"), range(4, 6))  # one lapse
    before = store.card(card("c1"))
    log_before = store.reviews()
    session = Session(store, now=at(6))
    assert session.next_card() is not None
    result = session.answer(card("c1"), 1, now=at(6), duration_ms=1)
    assert result.leech == LeechMark(card("c1"), 2, suspended=True)
    assert store.card(card("c1")).suspended
    # Failed, it would come back in this session; suspended, it does not.
    shown = []
    while (item := session.next_card()) is not None:
        shown.append(item.card_id)
        session.answer(item.card_id, 5, now=at(6), duration_ms=1)
    assert card("c1") not in shown
    for _ in shown:
        session.undo()
    undone = session.undo()
    assert undone is not None and undone.card_id == card("c1") and not undone.refused
    assert store.card(card("c1")) == before  # schedule, and not suspended
    assert store.reviews() == log_before
    assert store.leech_ids() == frozenset()
    item = session.next_card()
    assert item is not None and (item.card_id, item.queue) == (card("c1"), Queue.REVIEW)
    # Failed again: a leech again, exactly as the first time.
    assert session.answer(card("c1"), 1, now=at(6), duration_ms=1).leech == result.leech
    check_store(store.path)


def test_a_leech_unsuspended_and_failed_again_is_told_again_every_half_threshold(
    store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1"])], at(1))
    store.set_setting("leech-threshold", "4")
    failed = lapses_until(store, card("c1"), range(1, 10))  # lapses on days 2 … 9
    marked = {day: r.leech.lapses for day, r in failed.items() if r.leech is not None}
    assert marked == {5: 4, 7: 6, 9: 8}  # at 4, then every 2
    store.set_setting("leech-action", "suspend")
    failed = lapses_until(store, card("c1"), range(10, 12))  # lapses 9 and 10
    assert failed[10].leech is None
    assert failed[11].leech == LeechMark(card("c1"), 10, suspended=True)


def test_a_card_past_the_threshold_before_it_was_set_is_marked_at_its_next_lapse(
    store: Store, make_deck: MakeDeck
) -> None:
    store.sync([make_deck("cardio", ["c1"])], at(1))
    store.set_setting("leech-threshold", "99")
    lapses_until(store, card("c1"), range(1, 5))  # 3 lapses, no leech
    assert store.leech_ids() == frozenset()
    store.set_setting("leech-threshold", "2")
    failed = lapses_until(store, card("c1"), range(5, 6))
    assert failed[5].leech == LeechMark(card("c1"), 4, suspended=False)


DECK = """\
deck: {id: cardio, name: "Cardiologie", lang: fr}
notes:
  - {id: c1, type: basic, tags: [irm], source: s, front: "Signe IRM ?", back: "Œdème"}
  - {id: c2, type: basic, source: s, front: "Examen ?", back: "TEP"}
  - {id: c3, type: basic, tags: [leech], source: s, front: "Déjà tagué ?", back: "oui"}
"""


@pytest.fixture
def library(tmp_path: Path) -> Library:
    decks, media = tmp_path / "decks", tmp_path / "media"
    decks.mkdir()
    media.mkdir()
    Image.new("RGB", (4, 4)).save(media / "x.png")
    (decks / "cardio.yaml").write_text(DECK, encoding="utf-8")
    return Library.load(decks, media)


def test_browse_finds_leeches_with_hash_leech_and_statistics_lists_them(
    store: Store, library: Library
) -> None:
    library.sync(store, at(4))
    store.set_setting("leech-threshold", "2")
    lapses_until(store, card("c1"), range(4, 7))
    index = CardIndex.build(library)
    found = index.search(store, "#leech")
    # The store's leech, and a note the deck itself tags "leech".
    assert [row.card_id for row in found.rows] == [card("c1"), card("c3")]
    assert [r.card_id for r in index.search(store, "#leech examen").rows] == []
    assert [r.card_id for r in index.search(store, "#leech #irm").rows] == [card("c1")]
    assert [r.card_id for r in index.search(store, "#irm").rows] == [card("c1")]
    (listed,) = statistics.leeches(store, library)
    assert (listed.card_id, listed.deck, listed.text, listed.lapses, listed.suspended) == (
        card("c1"),
        "Cardiologie",
        "Signe IRM ?",
        2,
        False,
    )
    assert statistics.overview(store, library, at(7).date()).leeches == (listed,)
    # A retired leech, or one of a deck not loaded now, is not listed.
    store.use_decks(["other"])
    assert store.leeches() == ()


def test_the_leech_queries_read_small_indexes(store: Store, make_deck: MakeDeck) -> None:
    store.sync([make_deck("cardio", ["c1"])], at(4))
    store.set_setting("leech-threshold", "1")
    lapses_until(store, card("c1"), range(4, 6))
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    store.leech_ids()
    store.leeches()
    store._conn.set_trace_callback(None)
    for sql in statements:
        plan = [row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        on_log = [step for step in plan if " reviews" in step or step.split()[1] in ("r", "l")]
        assert on_log and all("COVERING INDEX reviews_" in step for step in on_log), plan
    # The answer's own check: its lapses through reviews_lapses, the marks through theirs.
    statements.clear()
    store._conn.set_trace_callback(statements.append)
    study(Session(store, now=at(6)), {card("c1")}, 6)
    store._conn.set_trace_callback(None)
    counts = [s for s in statements if "COUNT(*) FROM reviews" in s]
    assert counts
    for sql in counts:
        plan = [row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert any("COVERING INDEX reviews_lapses" in step for step in plan), plan
