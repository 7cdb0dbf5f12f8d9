"""Undo and the keys that always work, through Pilot: undo takes back the last action (answer,
suspension, burial, Browse's toggles), on every card, the store checked after each step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.browse import BrowseScreen
from casecards.tui.screens.help import HelpScreen
from casecards.tui.screens.study import Phase, StudyScreen
from casecards.tui.screens.summary import SummaryScreen
from casecards.tui.widgets.cardviews import RecallInput, RecallView

MakeApp = Callable[..., CasecardsApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
AGE, RAVAULT, SCAN = "demo/age/main", "demo/ravault/c1", "demo/scan/main"


def study(app: CasecardsApp) -> StudyScreen:
    screen = app.screen
    assert isinstance(screen, StudyScreen), screen
    return screen


def current(app: CasecardsApp) -> object:
    """The screen on top (typed loosely: mypy keeps no narrowing across key presses)."""
    return app.screen


def showing(app: CasecardsApp) -> str | None:
    item = study(app).item
    return None if item is None else item.card_id


def phase(app: CasecardsApp) -> Phase:
    return study(app).phase


def store_state(tmp_path: Path) -> tuple[list[tuple[str, int]], set[str], set[str]]:
    """The log (card, grade), the suspended cards and the buried ones."""
    with Store.open(tmp_path / "store.db") as store:
        log = [(r.card_id, r.grade) for r in store.reviews()]
        flags = store._conn.execute("SELECT id, suspended, buried_until FROM cards").fetchall()
    return (
        log,
        {card_id for card_id, suspended, _ in flags if suspended},
        {card_id for card_id, _, buried in flags if buried is not None},
    )


def toasts(app: CasecardsApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def keys(pilot: Pilot[None], settle: Settle, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


async def test_undo_after_suspend_unsuspends_that_card_not_the_answer_before(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, settle, "space", "4", "x")
        assert showing(app) == SCAN
        assert store_state(tmp_path) == ([(AGE, 4)], {RAVAULT}, set())
        await keys(pilot, settle, "u")
        assert showing(app) == RAVAULT and phase(app) is Phase.QUESTION
        assert store_state(tmp_path) == ([(AGE, 4)], set(), set())
        assert "Suspension undone: the card is back" in toasts(app)
        assert study(app).counts.done == 1
        await keys(pilot, settle, "u")  # then the answer before it
        assert showing(app) == AGE
        assert store_state(tmp_path) == ([], set(), set())
        assert study(app).counts.done == 0


async def test_undo_after_bury_unburies_that_card(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, settle, "space", "5", "z")
        assert showing(app) == SCAN
        assert store_state(tmp_path) == ([(AGE, 5)], set(), {RAVAULT})
        await keys(pilot, settle, "u")
        assert showing(app) == RAVAULT
        assert store_state(tmp_path) == ([(AGE, 5)], set(), set())
        assert "Burial undone: the card is back" in toasts(app)


async def test_undo_in_study_takes_back_an_unsuspension_made_in_browse(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    """x on a card, unsuspend it in Browse, back to study: u suspends it again (and says so),
    the next u takes back the study's suspension: the card is shown again."""
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, settle, "x")
        assert showing(app) == RAVAULT
        assert store_state(tmp_path) == ([], {AGE}, set())
        await keys(pilot, settle, "B", *"demo/age", "enter")
        assert isinstance(app.screen, BrowseScreen)
        assert [row.card_id for row in app.screen.rows] == [AGE]
        await keys(pilot, settle, "x", "escape")
        assert store_state(tmp_path) == ([], set(), set())
        assert showing(app) == RAVAULT  # unsuspending in Browse does not requeue it
        await keys(pilot, settle, "u")
        assert store_state(tmp_path) == ([], {AGE}, set())
        assert "Unsuspension made in Browse undone: the card is suspended again" in toasts(app)
        assert showing(app) == RAVAULT
        await keys(pilot, settle, "u")
        assert store_state(tmp_path) == ([], set(), set())
        assert showing(app) == AGE


async def test_thirty_one_actions_are_undone_one_by_one_exactly(
    make_app: MakeApp, settle: Settle
) -> None:
    """Answers on every card kind (failed, so they come back) and suspensions, with the keys a
    student presses; then ctrl+z 31 times: after each, the store, the card shown and the
    session's counts are what they were before that action."""

    async def now() -> tuple[object, ...]:
        def read(store: Store) -> tuple[object, ...]:
            flags = store._conn.execute("SELECT id, suspended, buried_until FROM cards")
            return store.reviews(), tuple(flags.fetchall())

        return (*await app.db.run(read), showing(app), study(app).counts)

    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = await now()
        done: list[tuple[str, tuple[object, ...]]] = []
        for k in range(31):
            before = await now()
            assert before[2] is not None, f"nothing left to study after {k} actions"
            if k % 10 == 3:
                typing = isinstance(app.focused, RecallInput)
                await keys(pilot, settle, "ctrl+s" if typing else "x")
                app.clear_notifications()  # toasts piling up would slow every repaint
                done.append(("suspend", before))
            else:
                await keys(pilot, settle, "space", "1")
                done.append(("answer", before))
        assert study(app).counts.done == 28
        for what, before in reversed(done):
            await keys(pilot, settle, "ctrl+z")
            assert await now() == before, what
            app.clear_notifications()
        assert await now() == first and len(app.undo_history) == 0


# -- typed cards: the field has the keyboard ------------------------------------------------

HYPOTHESES, REGION = "demo/hypotheses/main", "demo/scan/region-cote"


def field(app: CasecardsApp) -> RecallInput:
    focused = app.focused
    assert isinstance(focused, RecallInput), focused
    return focused


def footer(app: CasecardsApp) -> dict[str, str]:
    """The footer's keys: action -> key."""
    return {key.action: key.key for key in app.screen.query(FooterKey)}


def typed(app: CasecardsApp) -> str:
    return str(app.screen.query_one("#typed", Static).render())


async def test_ctrl_z_on_a_typed_card_undoes_the_previous_answer_with_the_field_focused(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at=REGION)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = store_state(tmp_path)
        await keys(pilot, settle, "space", "4")
        assert showing(app) == HYPOTHESES
        assert store_state(tmp_path)[0] == [*before[0], (REGION, 4)]
        await pilot.press(*"lupu")
        assert field(app).value == "lupu"  # u is typed: the field has it
        shown = footer(app)
        assert (shown["undo"], shown["suspend"], shown["bury"]) == ("ctrl+z", "ctrl+s", "ctrl+t")
        assert (shown["help"], shown["leave"]) == ("f1", "escape")
        await keys(pilot, settle, "ctrl+z")
        assert showing(app) == REGION and phase(app) is Phase.QUESTION
        assert store_state(tmp_path) == before
        assert "Answer undone: the card is back" in toasts(app)
        assert footer(app)["undo"] == "u"  # no field: the letters again


async def test_suspend_bury_help_and_end_work_on_a_typed_card_before_the_answer(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at=HYPOTHESES)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = store_state(tmp_path)
        await pilot.press(*"xz")
        assert field(app).value == "xz" and store_state(tmp_path) == before
        await keys(pilot, settle, "ctrl+s")
        assert showing(app) != HYPOTHESES
        assert HYPOTHESES in store_state(tmp_path)[1]
        await keys(pilot, settle, "ctrl+z")
        assert showing(app) == HYPOTHESES and store_state(tmp_path) == before
        await keys(pilot, settle, "ctrl+t")
        assert HYPOTHESES in store_state(tmp_path)[2]
        await keys(pilot, settle, "ctrl+z")
        assert showing(app) == HYPOTHESES and store_state(tmp_path) == before
        field(app)  # the field has the keyboard again
        await keys(pilot, settle, "f1")
        assert isinstance(app.screen, HelpScreen)
        await keys(pilot, settle, "escape")
        assert showing(app) == HYPOTHESES and field(app).value == ""
        await keys(pilot, settle, "escape")
        assert isinstance(app.screen, SummaryScreen)


async def test_habit_keys_before_an_items_first_letter_do_not_reach_the_field(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at=HYPOTHESES)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, settle, "5", "3")  # a grade out of habit: nothing
        assert field(app).value == "" and phase(app) is Phase.QUESTION
        await pilot.press(*"osteonecrose", "enter")
        await keys(pilot, settle, "space", "5")  # items typed: space does not show yet
        assert field(app).value == "" and phase(app) is Phase.QUESTION
        await pilot.press(*"sdrc 1")  # after a letter, spaces and digits are typed
        assert field(app).value == "sdrc 1"
        await keys(pilot, settle, "enter", "enter")
        assert phase(app) is Phase.ANSWER
        view = study(app).view
        assert isinstance(view, RecallView) and view.items == ["osteonecrose", "sdrc 1"]
        assert view.result is not None and view.result.extras == ()


async def test_space_on_a_typed_card_with_nothing_typed_shows_the_answer(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at=HYPOTHESES)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, settle, "space")
        assert phase(app) is Phase.ANSWER


async def test_backspace_on_the_empty_field_takes_back_the_last_item(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at=HYPOTHESES)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first_placeholder = field(app).placeholder
        await pilot.press(*"lupus", "enter", *"osteonecrose", "enter")
        await settle(pilot)
        assert typed(app) == "• lupus\n• osteonecrose\n"
        assert "Backspace: take back" in field(app).placeholder
        await pilot.press("backspace")
        await settle(pilot)
        assert typed(app) == "• lupus\n"
        await pilot.press(*"al", "backspace")  # in a word, Backspace deletes a letter
        assert field(app).value == "a" and typed(app) == "• lupus\n"
        await pilot.press("backspace", "backspace", "backspace")
        await settle(pilot)
        assert field(app).value == "" and typed(app) == ""
        assert field(app).placeholder == first_placeholder
        await pilot.press(*"osteonecrose", "enter", "enter")
        await settle(pilot)
        view = study(app).view
        assert isinstance(view, RecallView) and view.result is not None
        assert [i.recalled for i in view.result.items] == [False, False, True]
        assert view.result.extras == ()


# -- the command palette ----------------------------------------------------------------------


async def test_the_palette_offers_help_not_textuals_keys_and_esc_keeps_the_session(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at=HYPOTHESES)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = study(app)
        await pilot.press(*"lupus", "enter", *"os")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Help" in titles and "Keys" not in titles
        await keys(pilot, settle, "ctrl+p")
        assert isinstance(current(app), CommandPalette)
        await pilot.press(*"keys")
        await settle(pilot)
        await keys(pilot, settle, "escape")
        assert current(app) is screen and phase(app) is Phase.QUESTION
        assert field(app).value == "os" and typed(app) == "• lupus\n"  # nothing lost
        await keys(pilot, settle, "ctrl+p", *"help")
        await keys(pilot, settle, "enter")
        assert isinstance(current(app), HelpScreen)
        await keys(pilot, settle, "escape")
        assert current(app) is screen and phase(app) is Phase.QUESTION
