"""Every key of every screen, read from the screens' own BINDINGS so Help never drifts from them.

The footer shows the keys usable now; Help lists them all, hidden ones (``show=False``)
included: it is where a student finds space, Enter, the grades or the timeline's J and K.
Only Textual's system bindings (ctrl+c's "press ctrl+q to quit" notice) are left out, as
Textual's own key panel leaves them out. Keys a screen handles without a binding (typing in
an input, a table's arrows and Enter) are a short hand-written note under their screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from casecards.i18n import _, pgettext
from casecards.tui.screens.ask import AskScreen
from casecards.tui.screens.base import CasecardsModal, translated
from casecards.tui.screens.browse import BrowseScreen
from casecards.tui.screens.decks import DecksScreen
from casecards.tui.screens.picture import PictureScreen
from casecards.tui.screens.settings import SettingsScreen
from casecards.tui.screens.statistics import StatisticsScreen
from casecards.tui.screens.study import StudyScreen
from casecards.tui.screens.summary import SummaryScreen
from casecards.tui.widgets.cardviews import ChoiceView, RecallView, TimelineView


@dataclass(frozen=True, slots=True)
class Source:
    """One section of Help: the keys ``owner`` binds (its own BINDINGS and its casecards
    bases'), then ``notes``, keys it handles without a binding, as (keys, what) pairs.
    ``title`` empty: the screen's sub-title, else its class name without "Screen"."""

    owner: type[DOMNode]
    title: str = ""
    notes: tuple[tuple[str, str], ...] = ()


def sources() -> tuple[Source, ...]:
    """The sections after "Everywhere", in the order a student meets them. A binding added
    to one of these classes appears in Help by itself; a new screen is added here (the
    tests fail until it is)."""
    return (
        Source(
            DecksScreen, notes=(("↑ ↓", _("Choose a deck; a parent row studies its sub-decks")),)
        ),
        Source(StudyScreen),
        Source(
            RecallView,
            _("Study: typed answers"),
            notes=(
                (_("text ⏎"), _("Add an item (commas separate items too)")),
                (_("⏎ on an empty line"), _("Show the answer")),
                ("space", _("Show the answer, when nothing is typed yet")),
                (_("⌫ on an empty line"), _("Take back the last item")),
                (
                    "space 0 … 9",
                    _("Not typed before an item's first letter: keys pressed by habit"),
                ),
                ("^z ^s ^t ^o f1 esc", _("While typing: undo, suspend, bury, note, help, end")),
            ),
        ),
        Source(
            AskScreen,
            _("Study: custom study's question"),
            notes=(("⏎", _("Start (days ahead, or a tag such as #irm; → takes the suggestion)")),),
        ),
        Source(TimelineView, _("Study: timeline")),
        Source(ChoiceView, _("Study: which modality")),
        Source(PictureScreen, _("Full-screen picture")),
        Source(SummaryScreen, _("Session summary")),
        Source(StatisticsScreen, notes=(("⏎", _("Open the highlighted row in Browse")),)),
        Source(
            BrowseScreen,
            notes=(
                ("⏎", _("From the search to the cards")),
                ("#tag", _("In the search: a tag's cards; #leech: the leeches")),
            ),
        ),
        Source(
            SettingsScreen,
            notes=(
                ("⏎", _("Change the highlighted setting; ⏎ again keeps the value typed")),
                (_("⏎ on an empty value"), _("Back to the default")),
            ),
        ),
        Source(HelpScreen),
    )


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One line of Help. ``bound`` False: a hand-written note, not read from a binding."""

    keys: str
    what: str
    detail: str = ""
    bound: bool = True


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    rows: tuple[KeyRow, ...]


def help_sections(app: App[object]) -> tuple[Section, ...]:
    """Help's content for ``app``: the keys of the app and of every screen in ``sources()``,
    each key as the footer shows it (``App.get_key_display``)."""
    everywhere = [*_bindings(type(app), textual=True), *_bindings(Screen, textual=True)]
    if app.ENABLE_COMMAND_PALETTE:
        # Textual adds this binding to the app object, not to a BINDINGS list.
        everywhere.append(
            Binding(
                app.COMMAND_PALETTE_BINDING,
                "command_palette",
                "Command palette",
                key_display=app.COMMAND_PALETTE_DISPLAY,
                tooltip="screens, light and dark themes",
            )
        )
    sections = [Section(_("Everywhere"), tuple(_rows(app, everywhere)))]
    for source in sources():
        rows = _rows(app, _bindings(source.owner))
        rows += [KeyRow(keys, what, bound=False) for keys, what in source.notes]
        sections.append(Section(source.title or _title(source.owner), tuple(rows)))
    return tuple(sections)


def _title(owner: type[DOMNode]) -> str:
    if issubclass(owner, Screen) and (owner.SUB_TITLE or owner.TITLE):
        return _(str(owner.SUB_TITLE or owner.TITLE))
    name = owner.__name__.removesuffix("Screen")
    # Screen names, nouns: "Study" is a verb on a key ("Étudier") and a noun here ("Étude").
    names = {
        "Decks": pgettext("screen", "Decks"),
        "Study": pgettext("screen", "Study"),
        "Help": pgettext("screen", "Help"),
    }
    return names.get(name) or _(name)


def _bindings(owner: type[DOMNode], *, textual: bool = False) -> list[Binding]:
    """The bindings ``owner`` declares, merged along its classes as Textual merges them (a
    subclass's key replaces its base's), system bindings left out. ``textual`` False: only
    the classes outside Textual, so Textual's own defaults are listed once, under
    "Everywhere", not under every screen. The app's own bindings come before Textual's."""
    ours: dict[str, Binding] = {}
    theirs: dict[str, Binding] = {}
    for base in reversed(owner.__mro__):
        if not issubclass(base, DOMNode):
            continue
        from_textual = base.__module__.partition(".")[0] == "textual"
        if from_textual and not textual:
            continue
        for binding in Binding.make_bindings(base.__dict__.get("BINDINGS", [])):
            (theirs if from_textual else ours)[binding.key] = binding
    merged = {**theirs, **ours}
    keys = [*ours, *(key for key in theirs if key not in ours)]
    return [merged[key] for key in keys if not merged[key].system]


@dataclass(slots=True)
class _Row:
    keys: list[str] = field(default_factory=list)
    what: str = ""
    detail: str = ""


def _rows(app: App[object], bindings: Iterable[Binding]) -> list[KeyRow]:
    """One row per thing done: keys doing the same thing share a row ("esc f q  Close",
    "q ^q  Quit"), and so do keys whose descriptions differ only by the key itself
    ("1"…"9" for "Choice 1"…"Choice 9"); a binding group keeps its keys on one row."""
    rows: dict[tuple[str, str], _Row] = {}
    for binding in map(translated, bindings):
        shown = app.get_key_display(binding)
        if binding.group is not None:
            what = _(binding.group.description)
            merge = ("group", what)
        else:
            # A description made at import ("0 Blank") is translated once its key is off.
            what = _(_without_key(binding.description, shown)) or _action_name(binding)
            merge = (_action_name(binding), what)
        row = rows.setdefault(merge, _Row(what=what))
        if shown not in row.keys:
            row.keys.append(shown)
        row.detail = row.detail or binding.tooltip
    return [KeyRow(_join_keys(row.keys), row.what, row.detail) for row in rows.values()]


def _action_name(binding: Binding) -> str:
    return binding.action.partition("(")[0].rpartition(".")[2].replace("_", " ")


def _without_key(description: str, key: str) -> str:
    """ "0 Blackout" for key 0 reads "Blackout"; "Choice 3" for key 3 reads "Choice"."""
    words = description.split()
    if len(words) > 1 and words[0] == key:
        words = words[1:]
    elif len(words) > 1 and words[-1] == key:
        words = words[:-1]
    return " ".join(words)


def _join_keys(keys: list[str]) -> str:
    digits = [int(key) for key in keys if len(key) == 1 and key.isdigit()]
    if (
        len(keys) >= 3
        and len(digits) == len(keys)
        and digits == list(range(digits[0], digits[-1] + 1))
    ):
        return f"{keys[0]} … {keys[-1]}"
    return " ".join(keys)


class HelpScreen(CasecardsModal):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self) -> None:
        super().__init__()
        self.sections: tuple[Section, ...] = ()

    def compose(self) -> ComposeResult:
        self.sections = help_sections(self.app)
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for number, section in enumerate(self.sections):
            if number:
                table.add_row("", "")
            # A span, not the Text's style: the column's padding stays without an underline.
            table.add_row(Text.assemble((section.title, "bold underline")), "")
            for row in section.rows:
                what = Text(row.what, style="" if row.bound else "italic")
                if row.detail:
                    what.append(f" · {row.detail}", style="dim")
                table.add_row(row.keys, what)
        scroll = VerticalScroll(id="help")
        scroll.border_title = _("Keys")
        close = _rows(self.app, _bindings(HelpScreen))[0]
        scroll.border_subtitle = _("{keys}: {what} · ↑ ↓ pgup pgdn: scroll").format(
            keys=close.keys, what=close.what.lower()
        )
        with scroll:
            yield Static(table)
