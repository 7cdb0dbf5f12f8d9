"""Every key of every screen, with what it does (the footer shows the ones usable now)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = [
    (
        "Everywhere",
        [
            ("q", "quit (every answer is already saved)"),
            ("?", "this help"),
            ("S", "statistics"),
            ("B", "browse cards"),
            ("ctrl+p", "command palette: screens, themes (light and dark)"),
        ],
    ),
    (
        "Decks",
        [
            ("↑ ↓", "choose a deck (a parent row studies all its sub-decks)"),
            ("Enter", "study it"),
            ("a", "study every deck"),
        ],
    ),
    (
        "Study",
        [
            ("space / Enter", "show the answer"),
            (
                "0 … 5",
                "grade: 0 blackout, 1 wrong but remembered, 2 wrong but seemed easy,"
                " 3 correct with difficulty, 4 correct after hesitation, 5 perfect",
            ),
            ("← → Enter", "move the suggested grade, confirm it"),
            ("u", "undo the last answer"),
            ("x", "suspend the card"),
            ("z", "bury it until tomorrow"),
            ("f", "image full screen"),
            ("o", "open the note in Browse"),
            ("PgUp PgDn", "scroll a long card"),
            ("Esc", "end the session (summary)"),
        ],
    ),
    (
        "Typed recall",
        [
            ("text, Enter", "add an item (commas separate items too)"),
            ("Enter on an empty line", "show the answer"),
        ],
    ),
    (
        "Timeline",
        [
            ("↑ ↓", "choose an event"),
            ("shift+↑ ↓ or K J", "move it"),
            ("Enter", "show the true order"),
        ],
    ),
    ("Which modality", [("1 … 9", "tick or untick a modality"), ("Enter", "show the answer")]),
    (
        "Statistics",
        [
            ("r", "reload"),
            ("b / Enter", "open the highlighted card, tag or deck in Browse"),
            ("Esc", "back"),
        ],
    ),
    (
        "Browse",
        [
            ("/", "search (text; #tag filters by tag)"),
            ("↓ / Enter", "from the search to the cards"),
            ("x", "suspend or unsuspend the highlighted card"),
            ("Esc", "back"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for section, keys in HELP:
            table.add_row(Text(section, style="bold underline"), "")
            for key, what in keys:
                table.add_row(key, what)
            table.add_row("", "")
        with VerticalScroll(id="help"):
            yield Static(table)
