"""The trainer through Pilot: every card kind, question → reveal → grade → next, the store after."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, Static

from casecards import media
from casecards.scheduler import Grade, Sm2State
from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.decks import DecksScreen
from casecards.tui.screens.study import Phase, StudyScreen
from casecards.tui.screens.summary import SummaryScreen
from casecards.tui.widgets.cardviews import ChoiceView, RecallView, TimelineView
from casecards.tui.widgets.grades import GradeBar, interval_text
from casecards.tui.widgets.picture import Picture

MakeApp = Callable[..., CasecardsApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def study(app: CasecardsApp) -> StudyScreen:
    screen = app.screen
    assert isinstance(screen, StudyScreen), screen
    return screen


def text_of(screen: StudyScreen) -> str:
    """Everything the card area shows, as plain text (tables of events included)."""
    console = Console(width=200, file=io.StringIO(), record=True)
    for shown in screen.query("#card Static").results(Static):
        if shown.display:
            content = shown.content
            console.print(content if isinstance(content, Text | Table) else str(content))
    return console.export_text()


def phase(screen: StudyScreen) -> Phase:
    """The screen's phase now (a plain read, which mypy does not narrow across key presses)."""
    return screen.phase


def on_card(app: CasecardsApp, card_id: str) -> StudyScreen:
    """The study screen, showing ``card_id`` (the app was made with ``at=card_id``)."""
    screen = study(app)
    assert screen.item is not None and screen.item.card_id == card_id, screen.item
    return screen


def reviews(tmp_path: Path) -> list[tuple[str, int]]:
    with Store.open(tmp_path / "store.db") as store:
        return [(r.card_id, r.grade) for r in store.reviews()]


@pytest.mark.smoke
async def test_basic_flow_reveal_grade_next_and_the_store(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DecksScreen)
        await pilot.press("a")
        await settle(pilot)
        screen = study(app)
        assert screen.item is not None and screen.item.card_id == "demo/age/main"
        assert "Âge du patient" in text_of(screen)
        assert "37" not in text_of(screen)
        await pilot.press("space")
        await settle(pilot)
        assert screen.phase is Phase.ANSWER
        shown = text_of(screen)
        assert "37 ans" in shown and "Homme jeune" in shown and "diapositive 1" in shown
        await pilot.press("4")
        await settle(pilot)
        assert screen.item.card_id == "demo/ravault/c1"
        assert reviews(tmp_path) == [("demo/age/main", 4)]


async def test_cloze_shows_the_gap_then_the_sentence(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(deck_ids=["demo"], at="demo/ravault/c1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/ravault/c1")
        assert "Décrite par […] en 1947." in text_of(screen)
        await pilot.press("enter")
        await settle(pilot)
        assert "Décrite par Ravault en 1947." in text_of(screen)


async def test_undo_restores_the_card_and_removes_the_review(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = study(app)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert reviews(tmp_path) == [("demo/age/main", 2)]
        await pilot.press("u")
        await settle(pilot)
        assert screen.item is not None and screen.item.card_id == "demo/age/main"
        assert screen.phase is Phase.QUESTION
        assert reviews(tmp_path) == []
        with Store.open(tmp_path / "store.db") as store:
            assert store.card("demo/age/main").is_new


async def test_failed_card_comes_back_in_the_session(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = study(app)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert screen.counts.redrill == 1
        seen = []
        for _ in range(4):
            assert screen.item is not None
            seen.append(screen.item.card_id)
            screen.action_reveal()
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
        assert "demo/age/main" in seen[1:]


async def test_differential_typed_recall_suggests_a_grade(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at="demo/hypotheses/main")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/hypotheses/main")
        assert isinstance(screen.view, RecallView)
        assert isinstance(app.focused, Input)
        await pilot.press(*"fracture par insufisance osseuse, sdrc 1")
        await pilot.press("enter")
        await pilot.press(*"lupus")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.phase is Phase.QUESTION
        await pilot.press("enter")  # empty line: reveal
        await settle(pilot)
        assert phase(screen) is Phase.ANSWER
        result = screen.view.result
        assert result is not None
        assert [i.recalled for i in result.items] == [True, True, False]
        assert result.extras == ("lupus",)
        shown = text_of(screen)
        assert "✓ fracture par insuffisance osseuse" in shown and "✗ ostéonécrose" in shown
        assert "lupus" in shown
        assert app.screen.query_one(GradeBar).selected == 3  # 2 of 3 recalled
        await pilot.press("left", "enter")  # the student lowers the suggestion and confirms
        await settle(pilot)
        assert ("demo/hypotheses/main", 2) in reviews(tmp_path)


async def test_timeline_reorder_and_reveal(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at="demo/episode/main")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/episode/main")
        view = screen.view
        assert isinstance(view, TimelineView)
        assert view.order != [0, 1, 2]
        # Put the events in true order with the keyboard: bubble each to its place.
        for target in range(3):
            position = view.order.index(target)
            while view.cursor != position:
                await pilot.press("down" if view.cursor < position else "up")
            while position > target:
                await pilot.press("shift+up")
                position -= 1
        assert view.order == [0, 1, 2]
        await pilot.press("enter")
        await settle(pilot)
        assert view.order_result is not None and view.order_result.distance == 0
        assert "J0" in text_of(screen) and "M6" in text_of(screen)
        assert app.screen.query_one(GradeBar).selected == 5


async def test_which_modality_choice(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(deck_ids=["demo"], at="demo/signes/sign-irm-1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/signes/sign-irm-1")
        assert isinstance(screen.view, ChoiceView)
        assert "œdème médullaire" in text_of(screen)
        await pilot.press("1")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(GradeBar).selected == 5


async def test_modality_card_types_signs(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(deck_ids=["demo"], at="demo/signes/modality-irm")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/signes/modality-irm")
        assert "précoce" in text_of(screen)
        await pilot.press(*"oedeme medulaire", "enter", "enter")
        await settle(pilot)
        assert app.screen.query_one(GradeBar).selected == 5


async def test_image_and_region_cards_draw_the_picture(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(deck_ids=["demo"], at="demo/scan/region-cote")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/scan/region-cote")
        picture = screen.query_one(Picture)
        assert picture.box == (10, 10, 40, 30)
        assert picture.shown is not None
        # The outline is drawn in the picture: a red pixel just left of the box, as shown.
        left, top, _, bottom = media.scaled_box(
            (10, 10, 40, 30), (120, 80), picture.shown.image.size
        )
        assert picture.shown.image.getpixel((left - 1, (top + bottom) // 2)) == (255, 45, 85)
        assert "Que montre la zone encadrée" in text_of(screen)
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.query_one(Picture).box == (10, 10, 40, 30)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_suspend_and_bury_take_cards_out(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = study(app)
        await pilot.press("x")
        await settle(pilot)
        assert screen.item is not None and screen.item.card_id == "demo/ravault/c1"
        await pilot.press("z")
        await settle(pilot)
        assert screen.item is not None and screen.item.card_id == "demo/scan/main"
    with Store.open(tmp_path / "store.db") as store:
        assert store.card("demo/age/main").suspended
        assert store.card("demo/ravault/c1").buried_until is not None


async def test_finishing_shows_the_summary_and_quitting_keeps_redrill(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = study(app)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("0")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        summary = app.screen
        assert [a.grade for a in summary.answers] == [0]
        assert summary.left.redrill == 1
        assert summary.due_tomorrow == 1  # the failed card, if not re-drilled today
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DecksScreen)
        await pilot.press("q")
    # A new app the same day: the failed card is back, in the re-drill queue.
    again = make_app(deck_ids=["demo"])
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = study(again)
        assert screen.counts.redrill == 1


async def test_hostile_text_is_shown_literally(
    make_app: MakeApp, deck_dir: Path, settle: Settle
) -> None:
    from casecards.library import Library

    hostile = deck_dir / "demo.yaml"
    hostile.write_text(
        hostile.read_text().replace(
            'front: "Âge du patient ?"', "front: '[bold red]rouge[/] <script>x</script> **gras**'"
        ),
        encoding="utf-8",
    )
    lib = Library.load(deck_dir, deck_dir.parent / "media")
    app = make_app(deck_ids=["demo"], lib=lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = text_of(study(app))
        assert "[bold red]rouge[/] <script>x</script> gras" in shown


async def test_a_store_that_stops_taking_writes_ends_the_app_cleanly(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    """A store that fails mid-session (here read-only; full disks take the same path, see
    tests/test_store.py) stops the app with exit code 1 and the store's message: no
    traceback, and every answer before it kept."""
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await app.db.run(lambda store: store._conn.execute("PRAGMA query_only = ON"))
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
    assert app.return_code == 1
    assert reviews(tmp_path) == [("demo/age/main", 4)]
    with Store.open(tmp_path / "store.db") as store:
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_the_footer_keeps_its_keys_and_dims_those_not_usable_now(
    make_app: MakeApp, settle: Settle
) -> None:
    """From card to card the footer's keys stay the same widgets (Textual would rebuild them
    all on every change of availability); a key that cannot be used is dimmed, not hidden."""
    from textual.widgets._footer import FooterKey

    def keys(screen: StudyScreen) -> dict[str, FooterKey]:
        return {key.action: key for key in screen.query(FooterKey)}

    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = study(app)
        before = keys(screen)
        assert before["undo"].has_class("-disabled")  # nothing answered yet
        assert before["fullscreen"].has_class("-disabled")  # no picture on this card
        assert not before["suspend"].has_class("-disabled")
        await pilot.press("u")  # a dimmed key does nothing
        await settle(pilot)
        assert screen.counts.done == 0 and screen.phase is Phase.QUESTION
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        after = keys(screen)
        assert all(after[action] is key for action, key in before.items())
        assert not after["undo"].has_class("-disabled")
        await pilot.press("u")
        await settle(pilot)
        assert screen.counts.done == 0


async def test_the_summary_shows_the_sessions_answers_without_those_undone(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("space", "2", "u", "space", "4", "escape"):
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert [a.grade for a in app.screen.answers] == [4]


async def test_after_the_answer_4_is_highlighted_and_space_grades_it(
    make_app: MakeApp, tmp_path: Path, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/age/main")
        await pilot.press("space")
        await settle(pilot)
        bar = screen.query_one(GradeBar)

        def selected() -> Grade | None:  # read anew: mypy would narrow the attribute
            return bar.selected

        assert selected() is Grade.CORRECT_HESITANT
        hint = screen.query_one("#hint", Static).content
        assert isinstance(hint, Text) and hint.plain.startswith("Space or Enter: 4 Good")
        await pilot.press("left")
        assert selected() is Grade.CORRECT_HARD
        hint = screen.query_one("#hint", Static).content
        assert isinstance(hint, Text) and hint.plain.startswith("Space or Enter: 3 Hard")
        await pilot.press("right", "space")
        await settle(pilot)
        assert reviews(tmp_path) == [("demo/age/main", 4)]


async def test_each_grade_shows_what_it_would_schedule(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(deck_ids=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/age/main")
        await pilot.press("space")
        await settle(pilot)
        console = Console(width=78, file=io.StringIO(), record=True)
        console.print(screen.query_one(GradeBar).render())
        names, intervals = console.export_text().splitlines()
        assert names.split() == [
            "0",
            "Blank",
            "1",
            "Wrong",
            "2",
            "Almost",
            "3",
            "Hard",
            "4",
            "Good",
            "5",
            "Easy",
        ]
        assert intervals.split() == [
            "again",
            "again",
            "again",
            "today",
            "+",
            "1",
            "d",
            "1",
            "d",
            "1",
            "d",
        ]


def test_interval_text_reads_as_anki_buttons_do() -> None:
    new = Sm2State()
    assert [interval_text(new, g) for g in Grade] == ["again"] * 3 + ["today + 1 d", "1 d", "1 d"]
    third = Sm2State(ease=2.5, repetitions=2, interval=6)
    assert interval_text(third, Grade.CORRECT_HESITANT) == "15 d"
    assert interval_text(Sm2State(ease=2.5, repetitions=5, interval=40), Grade.PERFECT) == "3 mo"
    assert interval_text(Sm2State(ease=2.8, repetitions=9, interval=900), Grade.PERFECT) == "7.1 y"


async def test_the_cloze_gap_and_then_its_answer_are_marked(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at="demo/ravault/c1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/ravault/c1")

        def marked() -> list[str]:
            question = screen.query_one(".question", Static).content
            assert isinstance(question, Text)
            return [
                question.plain[s.start : s.end] for s in question.spans if "cyan" in str(s.style)
            ]

        assert marked() == ["[…]"]
        await pilot.press("space")
        await settle(pilot)
        assert marked() == ["Ravault"]


async def test_the_which_modality_hint_says_how_to_answer(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at="demo/signes/sign-irm-1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        on_card(app, "demo/signes/sign-irm-1")
        hint = app.screen.query_one("#hint", Static).content
        assert isinstance(hint, Text) and hint.plain == "1–2: tick or untick · Enter: check"


async def test_a_redrilled_timeline_comes_back_in_a_new_order(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(deck_ids=["demo"], at="demo/episode/main")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = on_card(app, "demo/episode/main")
        shown: list[tuple[int, ...]] = []
        while len(shown) < 2 and screen.view is not None:
            view = screen.view
            if isinstance(view, TimelineView):
                shown.append(view.shown)
                assert view.shown != (0, 1, 2)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("1" if isinstance(view, TimelineView) else "5")
            await settle(pilot)
        assert len(shown) == 2 and shown[0] != shown[1]
