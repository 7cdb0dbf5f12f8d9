"""The end of a session through Pilot: "Nothing left to study now" names the other decks
that still have cards today, and offers custom study (a: study ahead, p: practise the decks,
t: practise a tag); and a card that becomes a leech is told at once, its undo taking it all
back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from casecards.library import Library
from casecards.session import Session, StudyKind
from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.ask import AskScreen
from casecards.tui.screens.study import Phase, StudyScreen

MakeApp = Callable[..., CasecardsApp]
NOON = datetime(2026, 3, 4, 12, 0, tzinfo=timezone(timedelta(hours=1)))  # the apps' clock
Settle = Callable[[Pilot[None]], Awaitable[None]]


def notices(app: App[None]) -> list[str]:
    return [str(n.message) for n in app._notifications]


def study_screen(pilot: Pilot[None]) -> StudyScreen:
    screen = pilot.app.screen
    assert isinstance(screen, StudyScreen), screen
    return screen


def done_text(screen: StudyScreen) -> str:
    return str(screen.query_one(".done", Static).content)


async def finish(pilot: Pilot[None], settle: Settle) -> StudyScreen:
    """Answer 5 to every card until nothing is left."""
    await settle(pilot)
    screen = study_screen(pilot)
    while screen.phase is not Phase.DONE:
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
    return screen


async def answer_in(pilot: Pilot[None], settle: Settle, question: str, answer: str) -> None:
    await settle(pilot)
    ask = pilot.app.screen
    assert isinstance(ask, AskScreen) and ask.question == question
    field = ask.query_one(Input)
    field.value = ""
    await pilot.press(*answer, "enter")
    await settle(pilot)


@pytest.mark.smoke
async def test_nothing_left_names_the_other_decks_and_studies_ahead(
    make_app: MakeApp, settle: Settle, history_library: Library, tmp_path: Path
) -> None:
    app = make_app(lib=history_library, deck_ids=["cardio"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await finish(pilot, settle)
        text = done_text(screen)
        assert "Nothing left to study now." in text
        assert "Other decks still have cards today" in text
        assert "Radiologie  3 new · 0 due · 0 re-drill" in text
        assert "(1 within 7 days)" in text  # the card just answered, due tomorrow
        assert "SM-2 takes an early review as an on-time one" in text
        await pilot.press("a")
        await answer_in(pilot, settle, "Study ahead: the cards due in how many days?", "0")
        ask = pilot.app.screen
        assert isinstance(ask, AskScreen) and ask.error == "A whole number of days, from 1 to 365"
        ask.query_one(Input).value = ""
        await pilot.press("3", "enter")
        await settle(pilot)
        ahead = study_screen(pilot)
        assert ahead is not screen and ahead.session is not None
        assert ahead.session.kind is StudyKind.AHEAD
        assert ahead.item is not None and ahead.item.card_id == "cardio/hostile/main"
        assert str(ahead.query_one("#progress", Static).content).startswith(" Study ahead ")
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert ahead.phase is Phase.DONE
    with Store.open(tmp_path / "store.db") as store:
        card = store.card("cardio/hostile/main")
        assert card.state.repetitions == 2  # answered for real: its second review
        assert card.due == NOON.date() + timedelta(days=6)


async def test_practice_changes_no_schedule_and_undo_takes_it_back(
    make_app: MakeApp, settle: Settle, history_library: Library, tmp_path: Path
) -> None:
    app = make_app(lib=history_library, deck_ids=["cardio"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await finish(pilot, settle)
        with Store.open(tmp_path / "store.db") as store:
            before = store.card("cardio/hostile/main")
        await pilot.press("p")
        await settle(pilot)
        drill = study_screen(pilot)
        assert drill is not screen and drill.session is not None
        assert drill.session.kind is StudyKind.PRACTICE
        assert "Practice, no schedule changes" in str(drill.query_one("#progress", Static).content)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("1")  # failed: comes back
        await settle(pilot)
        assert drill.item is not None and drill.item.card_id == "cardio/hostile/main"
        with Store.open(tmp_path / "store.db") as store:
            assert store.card("cardio/hostile/main") == before
            assert [p.grade for p in store.practice_log()] == [1]
        await pilot.press("u")
        await settle(pilot)
        assert "Answer undone: the card is back" in notices(pilot.app)
        with Store.open(tmp_path / "store.db") as store:
            assert store.practice_log() == ()


async def test_practise_a_tag(
    make_app: MakeApp, settle: Settle, history_library: Library, tmp_path: Path
) -> None:
    app = make_app(lib=history_library, deck_ids=["cardio"])
    async with app.run_test(size=(100, 30)) as pilot:
        await finish(pilot, settle)
        await pilot.press("t")
        await answer_in(pilot, settle, "Practise the cards of which tag?", "nope")
        ask = pilot.app.screen
        assert isinstance(ask, AskScreen) and ask.error == "No card has the tag #nope"
        ask.query_one(Input).value = ""
        await pilot.press(*"#irm", "enter")
        await settle(pilot)
        drill = study_screen(pilot)
        assert drill.session is not None and drill.session.kind is StudyKind.PRACTICE
        assert drill.counts.practice == 2  # radio's ot-irm and cardio's hostile card
        shown = []
        while drill.phase is not Phase.DONE:
            assert drill.item is not None
            shown.append(drill.item.card_id)
            await pilot.press("space")
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
        assert shown == ["cardio/hostile/main", "radio/ot-irm/main"]  # deck order
    with Store.open(tmp_path / "store.db") as store:
        assert store.card("radio/ot-irm/main").is_new  # practised, still new


async def test_a_leech_is_told_when_it_becomes_one_and_undo_takes_it_back(
    make_app: MakeApp, settle: Settle, library: Library, tmp_path: Path
) -> None:
    db = tmp_path / "store.db"
    with Store.open(db) as store:  # "age" learnt yesterday: due today, a review card
        library.sync(store, NOON)
        store.set_setting("leech-threshold", "1")
        store.set_setting("leech-action", "suspend")
        yesterday = Session(store, now=NOON - timedelta(days=1), deck_ids=["demo"])
        yesterday.answer("demo/age/main", 5, now=NOON - timedelta(days=1), duration_ms=1)
    async with make_app(deck_ids=["demo"]).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = study_screen(pilot)
        assert screen.item is not None and screen.item.card_id == "demo/age/main"
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert any(
            n.startswith("Failed once: this card is a leech, and is suspended")
            for n in notices(pilot.app)
        )
        assert screen.item is not None and screen.item.card_id != "demo/age/main"
        with Store.open(db) as store:
            assert store.card("demo/age/main").suspended
        await pilot.press("u")
        await settle(pilot)
        assert screen.item is not None and screen.item.card_id == "demo/age/main"
        with Store.open(db) as store:
            assert not store.card("demo/age/main").suspended
            assert store.leech_ids() == frozenset()


@pytest.mark.parametrize("width", [72, 40])
def test_nothing_left_puts_a_decks_counts_under_a_long_name_whole(width: int) -> None:
    """At 80 columns (72 inside the padding) a long deck name leaves the counts no room:
    they go under it, whole, rather than wrap in the middle."""
    from casecards.custom_study import Leftover
    from casecards.store import DeckStats
    from casecards.tui.screens.study_end import nothing_left

    long_name = "Case::08 · Ostéoporose systémique, algodystrophie, ostéonécrose, hanche"
    decks = (DeckStats("a", "Case::01 · Le cas", 20, 0, 0), DeckStats("b", long_name, 20, 1, 2))
    lines = nothing_left(Leftover(decks, 0), width).plain.splitlines()
    assert "    20 new · 1 due · 2 re-drill" in lines
    assert "    20 new · 0 due · 0 re-drill" in lines
    assert all(len(line) <= width for line in lines[:8])
    wide = nothing_left(Leftover(decks, 0), 120).plain.splitlines()
    name = "08 · Ostéoporose systémique, algodystrophie, ostéonécrose, hanche"
    assert f"  {'01 · Le cas'.ljust(len(name))}  20 new · 0 due · 0 re-drill" in wide
    assert f"  {name}  20 new · 1 due · 2 re-drill" in wide
