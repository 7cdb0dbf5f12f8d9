"""Help through Pilot: every binding of the app, of every screen and of every card widget is
listed under its screen, with the key as the footer shows it; a binding added to any of them
appears without touching help.py; Help scrolls at 80x24."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Awaitable, Callable

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import Static

import casecards.tui.screens
import casecards.tui.widgets
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.help import HelpScreen, KeyRow, Section, sources
from casecards.tui.screens.study import StudyScreen

MakeApp = Callable[..., CasecardsApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def binding_owners() -> list[type[DOMNode]]:
    """The app, and every screen and widget class of casecards declaring BINDINGS: found by
    walking the packages, so a new screen is checked without being named here."""
    owners: list[type[DOMNode]] = [CasecardsApp]
    for package in (casecards.tui.screens, casecards.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, DOMNode)
                    and value.__module__ == module.__name__
                    and value.__dict__.get("BINDINGS")
                ):
                    owners.append(value)
    return owners


async def open_help(pilot: Pilot[None], settle: Settle) -> HelpScreen:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HelpScreen), screen
    return screen


def section_of(screen: HelpScreen, owner: type[DOMNode]) -> Section:
    """The app's keys are "Everywhere", the first section; then one per source, in order."""
    if owner is CasecardsApp:
        return screen.sections[0]
    owners = [source.owner for source in sources()]
    assert owner in owners, f"{owner.__name__} has bindings but no section in Help"
    return screen.sections[1 + owners.index(owner)]


def row_for(section: Section, key: str) -> KeyRow | None:
    """The row listing ``key`` (as displayed), a digit inside a range "1 … 9" included."""
    for row in section.rows:
        if not row.bound:
            continue
        keys = row.keys.split(" ")
        if key in keys:
            return row
        ranged = len(keys) == 3 and keys[1] == "…" and key.isdigit()
        if ranged and int(keys[0]) <= int(key) <= int(keys[2]):
            return row
    return None


def shown_text(screen: HelpScreen) -> str:
    """What Help shows, rendered wide enough that no line wraps."""
    content = screen.query_one("#help", VerticalScroll).query_one(Static).content
    console = Console(width=200, record=True, color_system=None)
    console.print(content)
    return console.export_text()


def on_one_line(text: str, keys: str, what: str) -> bool:
    return re.search(rf"^{re.escape(keys)} +{re.escape(what)}", text, re.MULTILINE) is not None


def assert_listed(screen: HelpScreen, owner: type[DOMNode], binding: Binding) -> None:
    section = section_of(screen, owner)
    shown = screen.app.get_key_display(binding)
    row = row_for(section, shown)
    where = f"{owner.__name__}: {binding.key!r} ({binding.description!r}) in {section.title!r}"
    assert row is not None, f"missing from Help: {where}"
    described = binding.group.description if binding.group else binding.description
    assert row.what and row.what in (described or binding.action.replace("_", " ")), where


@pytest.mark.smoke
async def test_every_binding_of_every_screen_is_listed(make_app: MakeApp, settle: Settle) -> None:
    owners = binding_owners()
    assert {StudyScreen, HelpScreen, CasecardsApp} <= set(owners)
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_help(pilot, settle)
        text = shown_text(screen)
        for owner in owners:
            for binding in Binding.make_bindings(owner.__dict__["BINDINGS"]):
                if not binding.system:
                    assert_listed(screen, owner, binding)
        for section in screen.sections:
            assert section.title in text
            for row in section.rows:
                assert on_one_line(text, row.keys, row.what), row


async def test_a_new_binding_shows_in_help(
    make_app: MakeApp, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every owner gets a binding at once (one app start, not one per owner), each its own
    description, so a section showing another owner's binding fails as well."""
    owners = binding_owners()
    for owner in owners:
        added = [
            Binding("ctrl+w", "wiggle", f"Wiggle {owner.__name__}", show=False),  # hidden: listed
            Binding("ctrl+y", "system_only", "Internal", system=True),  # system: left out
        ]
        monkeypatch.setattr(owner, "BINDINGS", [*owner.__dict__["BINDINGS"], *added])
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_help(pilot, settle)
        text = shown_text(screen)
        for owner in owners:
            section = section_of(screen, owner)
            wiggle = f"Wiggle {owner.__name__}"
            assert row_for(section, "^w") == KeyRow("^w", wiggle), section.title
            assert row_for(section, "^y") is None, section.title
            assert on_one_line(text, "^w", wiggle), section.title


async def test_hidden_keys_grades_and_notes(make_app: MakeApp, settle: Settle) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_help(pilot, settle)
        study = section_of(screen, StudyScreen)
        space = row_for(study, "space")
        assert space is not None and (space.keys, space.what) == ("space ⏎", "Show / confirm")
        assert "4 Good unless a grade is suggested" in space.detail
        blank, easy = row_for(study, "0"), row_for(study, "5")
        assert blank == KeyRow("0", "Blank", "no recall at all")
        assert easy == KeyRow("5", "Easy", "right at once")
        everywhere = screen.sections[0]
        assert row_for(everywhere, "q") == row_for(everywhere, "^q")  # same action, one row
        assert row_for(everywhere, "^p") is not None  # the command palette
        assert [row.what for row in everywhere.rows].count("help quit") == 0  # system binding
        typed = next(s for s in screen.sections if s.title == "Study: typed answers")
        assert typed.rows and not any(row.bound for row in typed.rows)


async def test_help_scrolls_at_80x24_and_closes(make_app: MakeApp, settle: Settle) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_help(pilot, settle)
        scroll = screen.query_one("#help", VerticalScroll)
        assert scroll.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)
