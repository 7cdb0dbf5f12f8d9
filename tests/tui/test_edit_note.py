"""``e`` edits the note on screen (study and Browse): the editor is a small Python script set
as EDITOR, which edits the deck file as an author would; the card then shows the new text. A
broken edit keeps the previous deck and shows the problem; progress is never touched."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.editing import EditProblemsScreen
from casecards.tui.screens.browse import BrowseScreen
from casecards.tui.screens.study import StudyScreen

MakeApp = Callable[..., CasecardsApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]

EDITOR = """\
#!{python}
# An author at work: note the command line, then replace OLD with NEW in the file.
import sys
from pathlib import Path
Path({log!r}).write_text(" ".join(sys.argv[1:]), encoding="utf-8")
deck = Path(sys.argv[-1])
deck.write_text(deck.read_text(encoding="utf-8").replace({old!r}, {new!r}), encoding="utf-8")
"""


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> Path:
    """EDITOR set to a script that replaces ``old`` with ``new``; returns where it writes
    the arguments it was given."""
    log = tmp_path / "editor-args.txt"
    script = tmp_path / "fake-editor"
    script.write_text(
        EDITOR.format(python=sys.executable, log=str(log), old=old, new=new), encoding="utf-8"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return log


def question(app: CasecardsApp) -> str:
    widget = app.screen.query_one(".question", Static)
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def reviews(db: Path) -> list[tuple[str, int]]:
    with Store.open(db) as store:
        return [(r.card_id, r.grade) for r in store.reviews()]


def cards(db: Path) -> list[tuple[object, ...]]:
    """Every card row of the store, schedule and status: what an edit must leave alone."""
    with Store.open(db) as store:
        return [tuple(row) for row in store._conn.execute("SELECT * FROM cards ORDER BY id")]


def line_of(deck: Path, note_id: str) -> int:
    return deck.read_text(encoding="utf-8").splitlines().index(f"  - id: {note_id}") + 1


@pytest.mark.smoke
async def test_e_opens_the_note_at_its_line_and_shows_the_new_text(
    make_app: MakeApp,
    settle: Settle,
    deck_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = editor(tmp_path, monkeypatch, "Décrite par", "Décrite en premier par")
    app = make_app(deck_ids=["demo"], at="demo/ravault/c1")
    before = reviews(tmp_path / "store.db")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert question(app) == "Décrite par […] en 1947."
        await pilot.press("e")
        await settle(pilot)
        deck = deck_dir / "demo.yaml"
        assert (
            log.read_text(encoding="utf-8") == f"+{line_of(deck, 'ravault')} {deck}"
        )  # the note's line
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.item is not None and screen.item.card_id == "demo/ravault/c1"
        assert question(app) == "Décrite en premier par […] en 1947."
        # The store knows the new text, and nothing else moved: no answer, no card lost.
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
    assert reviews(tmp_path / "store.db") == [*before, ("demo/ravault/c1", 5)]
    assert "Décrite en premier" in app.library.deck("demo").notes[1].body.text  # type: ignore[union-attr]


async def test_a_broken_edit_keeps_the_previous_deck_and_shows_the_problem(
    make_app: MakeApp,
    settle: Settle,
    deck_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor(tmp_path, monkeypatch, "    back:", "    bakc:")
    app = make_app(deck_ids=["demo"], at="demo/age/main")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        cards_before = cards(tmp_path / "store.db")
        await pilot.press("e")
        await settle(pilot)
        problems = app.screen
        assert isinstance(problems, EditProblemsScreen)
        said = str(problems.query_one(Static).content)
        deck = deck_dir / "demo.yaml"
        line = deck.read_text(encoding="utf-8").splitlines().index('    bakc: "**37** ans"') + 1
        assert f"{deck}:{line}:5: note 'age': unknown field 'bakc'" in said
        assert "the previous version of the deck stays in use" in said
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert question(app) == "Âge du patient ?"
        assert app.library.has_card("demo/age/main")
        assert cards(tmp_path / "store.db") == cards_before  # the store untouched
        # Still broken after another edit; fixed on the next, from the problems ("e" there
        # opens the editor again): the new version is in use.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditProblemsScreen)
        editor(tmp_path, monkeypatch, '    bakc: "**37** ans"', '    back: "**38** ans"')
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("space")
        await settle(pilot)
        assert "38 ans" in str(app.screen.query_one(".answer-text", Static).content)
    after = cards(tmp_path / "store.db")  # fixed: the text's hash changed, nothing else
    assert [r[:6] + r[7:] for r in after] == [r[:6] + r[7:] for r in cards_before]


async def test_no_editor_says_what_to_set(
    make_app: MakeApp, settle: Settle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # neither nano nor vi
    app = make_app(deck_ids=["demo"], at="demo/age/main")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("No editor found: set VISUAL or EDITOR" in m for m in said), said
        assert isinstance(app.screen, StudyScreen)
        assert question(app) == "Âge du patient ?"


async def test_e_in_browse_edits_the_highlighted_card(
    make_app: MakeApp,
    settle: Settle,
    deck_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = editor(tmp_path, monkeypatch, "Hypothèses ?", "Hypothèses diagnostiques ?")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_browse("hypotheses")
        await settle(pilot)
        await pilot.press("enter")  # from the search to the cards
        await pilot.press("e")
        await settle(pilot)
        assert log.read_text(encoding="utf-8").startswith(
            f"+{line_of(deck_dir / 'demo.yaml', 'hypotheses')} "
        )
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        assert browse.current is not None and browse.current.card_id == "demo/hypotheses/main"
        shown = str(browse.query_one("#browse-card", Static).content)
        assert "Hypothèses diagnostiques ?" in shown


def test_the_editor_command_line() -> None:
    from casecards.editor import command

    deck = Path("decks/knee.yaml")
    env = {"PATH": os.defpath}
    assert command(deck, 12, {**env, "EDITOR": "vim"}) == ["vim", "+12", "decks/knee.yaml"]
    assert command(deck, 12, {**env, "VISUAL": "emacs -nw", "EDITOR": "vi"}) == [
        "emacs",
        "-nw",
        "+12",
        "decks/knee.yaml",
    ]
    assert command(deck, 3, {**env, "EDITOR": "code"}) == [
        "code",
        "--wait",
        "--goto",
        "decks/knee.yaml:3",
    ]
    assert command(deck, 3, {**env, "EDITOR": "/usr/bin/codium -w"}) == [
        "/usr/bin/codium",
        "-w",
        "--goto",
        "decks/knee.yaml:3",
    ]
    assert command(deck, 3, {"PATH": "/nonexistent"}) is None
