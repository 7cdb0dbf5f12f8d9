"""The trainer in French, through Pilot: Help, the session summary and the footers show no
English string the catalog translates; and the French snapshots of the screens swept."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from rich.console import Console
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static

import i18n_tools  # scripts/, on the path from conftest
from casecards import i18n
from casecards.tui.app import CasecardsApp
from casecards.tui.screens.browse import BrowseScreen
from casecards.tui.screens.help import HelpScreen
from casecards.tui.screens.summary import SummaryScreen
from test_i18n import _texts

MakeApp = Callable[..., CasecardsApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def _english_words() -> list[str]:
    """The catalog's msgids whose French differs, long enough (4 letters) not to be found by
    chance inside French text, without fields: any of them on a French screen is a leak."""
    found = []
    for message in i18n_tools.read("fr"):
        strings = _texts(message.string)
        for msgid in _texts(message.id):
            plain = "{" not in msgid and "%" not in msgid
            if len(msgid.strip()) >= 4 and plain and msgid not in strings:
                found.append(msgid.strip())
    return found


ENGLISH = _english_words()


def leaks(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def rendered(widget: Static) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


@pytest.fixture
def french() -> None:
    i18n.activate(i18n.Language.FR)


def test_the_leak_finder_finds_english() -> None:
    assert "Session summary" in ENGLISH and "Quit" in ENGLISH
    assert leaks("Bilan de la séance · Session summary") == ["Session summary"]
    assert leaks("Quitter l’application") == []


@pytest.mark.smoke
@pytest.mark.usefixtures("french")
async def test_help_and_footer_in_french(make_app: MakeApp, settle: Settle) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = [b.binding.description for b in pilot.app.screen.active_bindings.values()]
        assert "Quitter" in footer and "Aide" in footer
        assert leaks(" · ".join(footer)) == []
        await pilot.press("question_mark")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HelpScreen)
        scroll = screen.query_one("#help", VerticalScroll)
        text = rendered(scroll.query_one(Static))
        assert "Partout" in text and "Bilan de la séance" in text and "Oubli" in text
        assert leaks(text) == []
        assert leaks(f"{scroll.border_title} {scroll.border_subtitle}") == []


@pytest.mark.usefixtures("french")
async def test_summary_in_french(make_app: MakeApp, settle: Settle) -> None:
    async with make_app(deck_ids=["demo"]).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ("space", "5", "space", "1", "escape"):
            await pilot.press(key)
            await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SummaryScreen)
        text = rendered(screen.query_one("#summary", Static))
        assert "Bilan de la séance" in text and "Facile" in text and "Faux" in text
        assert "1 révision" in text or "0 révision" in text
        assert leaks(text) == []
        footer = [b.binding.description for b in screen.active_bindings.values()]
        assert "Retour aux paquets" in footer and leaks(" · ".join(footer)) == []


SIZES = [(80, 24), (120, 40)]


@pytest.mark.usefixtures("french")
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "keys", [("question_mark",), ("space", "5", "space", "1", "escape")], ids=["help", "summary"]
)
def test_french_snapshots(
    snap_compare: Any,
    make_app: MakeApp,
    settle: Settle,
    keys: tuple[str, ...],
    size: tuple[int, int],
) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    deck_ids = ["demo"] if "escape" in keys else None
    assert snap_compare(make_app(deck_ids=deck_ids), terminal_size=size, run_before=run)


# The second pass: the student's screens in French, each also checked for English leaks.
# Keys from the decks screen (study: the demo deck, at its first card).
FRENCH_SCREENS: dict[str, tuple[list[str] | None, tuple[str, ...]]] = {
    "decks": (None, ()),
    "card-question": (["demo"], ()),
    "card-answer": (["demo"], ("space",)),
    "statistics": (None, ("S",)),
    "browse": (None, ("B", "down")),  # the cards focused: no blinking cursor in the search
    "settings": (None, ("comma", "down", "down", "down", "down")),
}


@pytest.mark.usefixtures("french")
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(FRENCH_SCREENS))
def test_french_screen_snapshots(
    snap_compare: Any,
    make_app: MakeApp,
    settle: Settle,
    name: str,
    size: tuple[int, int],
) -> None:
    deck_ids, keys = FRENCH_SCREENS[name]

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await browsed(pilot, settle)

    assert snap_compare(make_app(deck_ids=deck_ids), terminal_size=size, run_before=run)


async def browsed(pilot: Pilot[None], settle: Settle) -> None:
    """On Browse: until the highlighted card's history is read (a worker after the search)."""
    screen = pilot.app.screen
    if not isinstance(screen, BrowseScreen):
        return
    for _attempt in range(100):
        history = screen.query_one("#browse-history", Static).content
        if screen.current is not None and "…" not in str(history):
            return
        await settle(pilot)
    raise AssertionError("Browse never showed the card's history")


@pytest.mark.usefixtures("french")
@pytest.mark.parametrize("name", list(FRENCH_SCREENS))
async def test_french_screens_show_no_english(make_app: MakeApp, settle: Settle, name: str) -> None:
    deck_ids, keys = FRENCH_SCREENS[name]
    async with make_app(deck_ids=deck_ids).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        shown = pilot.app.export_screenshot()
        text = re.sub(r"<[^>]+>", " ", shown).replace("&#160;", " ")
        # The card's own text is the deck's (French already); the trainer's is checked.
        assert leaks(text) == [], name


async def test_the_lang_setting_speaks_at_once_on_the_settings_screen(
    make_app: MakeApp, settle: Settle
) -> None:
    """lang set to fr on the settings screen: this screen, its keys and the decks screen
    under it speak French at once, with no restart; set back to en, English again."""
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        assert pilot.app.screen.sub_title == "Settings"
        for key in ("enter", *"fr", "enter"):  # lang is the first row
            await pilot.press(key)
        await settle(pilot)
        screen = pilot.app.screen
        assert i18n.active() is i18n.Language.FR
        assert screen.sub_title == "Réglages"
        footer = [b.binding.description for b in screen.active_bindings.values()]
        assert "Retour" in footer, footer
        hint = screen.query_one("#settings-hint", Static).content
        assert str(hint).startswith("Entrée\u00a0: changer")
        await pilot.press("escape")
        await settle(pilot)
        today = pilot.app.screen.query_one("#today", Static).content
        assert str(today).startswith(" Aujourd’hui\u00a0:"), today
        await pilot.press("comma")
        await settle(pilot)
        for key in ("enter", "ctrl+u", *"en", "enter"):
            await pilot.press(key)
        await settle(pilot)
        assert i18n.active() is i18n.Language.EN and pilot.app.screen.sub_title == "Settings"
