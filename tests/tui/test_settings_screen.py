"""The settings screen through Pilot: reached from the decks screen and the palette, it
changes the same settings as ``casecards config``, through the same code (a bad value is
refused with the allowed ones), and the theme, chosen here or in the palette, is remembered
between runs."""

from __future__ import annotations

import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from casecards import paths
from casecards.settings import Display
from casecards.store import Store
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.decks import DecksScreen
from casecards.tui.screens.settings import SettingsScreen

MakeApp = Callable[..., CasecardsApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def open_settings(pilot: Pilot[None], settle: Settle) -> SettingsScreen:
    await settle(pilot)
    assert isinstance(pilot.app.screen, DecksScreen)
    await pilot.press("comma")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen), screen
    return screen


async def change(pilot: Pilot[None], settle: Settle, name: str, value: str) -> SettingsScreen:
    """Highlight ``name``, Enter, type ``value`` over the old one, Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    table = screen.query_one(DataTable)
    table.move_cursor(row=[e.name for e in screen.entries].index(name))
    table.focus()
    await pilot.press("enter")
    await settle(pilot)
    field = screen.query_one(Input)
    assert field.display and field.has_focus
    assert field.value == (screen.entries[table.cursor_row].value or "")
    field.value = ""
    await pilot.press(*value, "enter")
    await settle(pilot)
    return screen


def shown(screen: SettingsScreen, widget_id: str) -> str:
    return str(screen.query_one(f"#{widget_id}", Static).content)


@pytest.mark.smoke
async def test_new_per_day_set_on_the_screen_is_the_stores_and_the_decks_follow(
    make_app: MakeApp, settle: Settle, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, settle)
        assert [e.name for e in screen.entries] == [
            "lang",
            "theme",
            "new-per-day",
            "new-per-day.demo",
            "leech-threshold",
            "leech-action",
            "scheduler",
            "desired-retention",
            "fsrs-parameters",
        ]
        await change(pilot, settle, "new-per-day.demo", "3")
        assert not screen.query_one(Input).display and screen.error is None
        assert {e.name: e.value for e in screen.entries}["new-per-day.demo"] == "3"
        await pilot.press("escape")
        await settle(pilot)
        decks = pilot.app.screen
        assert isinstance(decks, DecksScreen)
        assert decks.stats is not None and [d.new for d in decks.stats.decks] == [3]
    with Store.open_read_only(tmp_path / "store.db") as store:
        assert store.stored_settings() == {"new-per-day.demo": "3"}


async def test_a_bad_value_is_refused_with_the_allowed_ones_and_d_resets(
    make_app: MakeApp, settle: Settle, tmp_path: Path
) -> None:
    async with make_app().run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, settle)
        await change(pilot, settle, "leech-action", "bury")
        assert screen.error == "leech-action: 'bury' is not allowed; allowed: tag or suspend"
        assert "allowed: tag or suspend" in shown(screen, "settings-error")
        assert screen.query_one(Input).display  # still open, with what was typed
        await pilot.press("escape")  # cancels the change, stays on the screen
        await settle(pilot)
        assert isinstance(pilot.app.screen, SettingsScreen) and screen.editing is None
        await change(pilot, settle, "leech-action", "suspend")
        await change(pilot, settle, "leech-threshold", "4")
        values = {e.name: e.value for e in screen.entries}
        assert (values["leech-action"], values["leech-threshold"]) == ("suspend", "4")
        screen.query_one(DataTable).move_cursor(row=4)  # leech-threshold
        await pilot.press("d")
        await settle(pilot)
        assert {e.name: e.value for e in screen.entries}["leech-threshold"] == "8"
    with Store.open_read_only(tmp_path / "store.db") as store:
        assert store.stored_settings() == {"leech-action": "suspend"}


async def test_the_theme_chosen_is_applied_and_remembered_between_runs(
    make_app: MakeApp, settle: Settle
) -> None:
    config = paths.default_config()
    async with make_app().run_test(size=(100, 30)) as pilot:
        await open_settings(pilot, settle)
        await change(pilot, settle, "theme", "nord")
        assert pilot.app.theme == "nord"
        await change(pilot, settle, "lang", "fr")
    assert tomllib.loads(config.read_text()) == {"theme": "nord", "lang": "fr"}
    async with make_app().run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert pilot.app.theme == "nord"  # the next run starts with it
        pilot.app.theme = "dracula"  # what the palette's Theme command does
        await settle(pilot)
    assert Display.read(config) == Display("fr", "dracula")
    async with make_app().run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert pilot.app.theme == "dracula"


async def test_an_empty_value_puts_the_setting_back_to_its_default(
    make_app: MakeApp, settle: Settle
) -> None:
    async with make_app().run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, settle)
        await change(pilot, settle, "lang", "en")
        assert read_lang() == "en"
        await change(pilot, settle, "lang", "")  # unset: the locale's
        assert read_lang() is None
        assert str(screen.query_one(DataTable).get_row("lang")[1]) == "(locale)"


def read_lang() -> str | None:
    return Display.read(paths.default_config()).lang


async def test_a_config_file_that_cannot_be_read_does_not_stop_the_trainer(
    make_app: MakeApp, settle: Settle
) -> None:
    paths.default_config().write_text('theme = "nord\n')
    async with make_app().run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot, settle)
        assert pilot.app.theme == "textual-dark"
        assert screen.error is not None and "is not a valid TOML file" in screen.error


async def test_the_palette_opens_the_settings(make_app: MakeApp, settle: Settle) -> None:
    async with make_app().run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        commands = [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
        assert "Settings" in commands
        pilot.app.action_settings()  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(pilot.app.screen, SettingsScreen)


def test_the_themes_allowed_are_textuals() -> None:
    from textual.theme import BUILTIN_THEMES

    from casecards.settings import THEMES

    assert sorted(THEMES) == sorted(BUILTIN_THEMES)
