"""The end of a session, in the study screen: "Nothing left to study now", the other decks
that still have cards today (review D24), and custom study (a: study ahead, p: practise the
decks, t: practise a tag), each of which starts a new study screen with a ``CustomStudy``.

The strings a person reads are the constants and f-strings below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from casecards.custom_study import Leftover
from casecards.session import QueueCounts, Session, StudyKind
from casecards.store import LeechMark, Store
from casecards.undo import UndoHistory

NOTHING_LEFT = "Nothing left to study now."
OTHER_DECKS = "Other decks still have cards today:"
NO_OTHER_DECKS = "No other deck has cards left today."
CUSTOM = "Custom study:"
AHEAD = "study ahead: cards due in the next days ({ahead} within {days} days)"
AHEAD_NOTE = "SM-2 takes an early review as an on-time one"
PRACTISE_DECKS = "practise these decks: every card, no schedule changed"
PRACTISE_TAG = "practise a tag (#leech: the leeches), no schedule changed"
HINT = "Enter: summary · u: undo · a p t: custom study"
ASK_DAYS = "Study ahead: the cards due in how many days?"
ASK_TAG = "Practise the cards of which tag?"
NO_TAG = "No card has the tag #{tag}"
NO_LEECHES = "No card is a leech"
STUDY_AHEAD = "Study ahead"
PRACTICE = "Practice, no schedule changes"


@dataclass(frozen=True, slots=True)
class CustomStudy:
    """A custom study session to start: ``AHEAD`` the cards due in the next ``days``;
    ``PRACTICE`` the cards of ``tag`` (``card_ids``, in deck order) or, with no tag, every
    card of the decks studied."""

    kind: StudyKind
    days: int = 0
    tag: str | None = None
    card_ids: tuple[str, ...] | None = None

    def start(
        self,
        store: Store,
        *,
        now: datetime,
        deck_ids: Sequence[str] | None,
        shows: Callable[[str], bool],
        history: UndoHistory,
    ) -> Session:
        if self.kind is StudyKind.AHEAD:
            return Session.ahead(
                store, now=now, days=self.days, deck_ids=deck_ids, shows=shows, history=history
            )
        return Session.practice(
            store,
            now=now,
            deck_ids=deck_ids,
            card_ids=self.card_ids,
            shows=shows,
            history=history,
        )


def nothing_left(left: Leftover) -> Text:
    """The body of the study screen once nothing is left."""
    text = Text(NOTHING_LEFT + "\n\n", style="bold")
    if left.other_decks:
        text.append(OTHER_DECKS + "\n")
        width = min(40, max(len(leaf(d.name)) for d in left.other_decks))
        for deck in left.other_decks:
            text.append(f"  {leaf(deck.name).ljust(width)}  ", style="bold")
            text.append(f"{deck.new} new · {deck.due} due · {deck.redrill} re-drill\n")
    else:
        text.append(NO_OTHER_DECKS + "\n")
    text.append("\n" + CUSTOM + "\n")
    text.append("  a  ", style="bold")
    text.append(AHEAD.format(ahead=left.ahead, days=left.ahead_days))
    text.append(f"\n     {AHEAD_NOTE}\n", style="dim")
    text.append("  p  ", style="bold")
    text.append(PRACTISE_DECKS + "\n")
    text.append("  t  ", style="bold")
    text.append(PRACTISE_TAG)
    return text


def leaf(name: str) -> str:
    """A deck's own name, without its parents' (``Parent::01 · Le cas`` -> ``01 · Le cas``)."""
    return name.rpartition("::")[2].strip() or name


def progress(custom: CustomStudy, counts: QueueCounts) -> Text:
    """The progress line of a custom study session."""
    text = Text()
    if custom.kind is StudyKind.AHEAD:
        text.append(f" {STUDY_AHEAD} ", style="bold magenta")
        left = counts.ahead
    else:
        text.append(f" {PRACTICE} ", style="bold magenta")
        if custom.tag is not None:
            text.append(f"#{custom.tag} ", style="bold")
        left = counts.practice
    text.append(f"· {counts.done} done · left: ")
    text.append(str(left), style="bold" if left else "dim")
    if counts.redrill:
        text.append(f" · {counts.redrill} re-drill", style="bold yellow")
    return text


def leech_told(mark: LeechMark) -> str:
    """What to tell the student when an answer made its card a leech."""
    failed = "Failed once" if mark.lapses == 1 else f"Failed {mark.lapses} times"
    if mark.suspended:
        return (
            f"{failed}: this card is a leech, and is suspended (unsuspend it in Browse;"
            " #leech finds the leeches). Rewrite it, or split it in two."
        )
    return (
        f"{failed}: this card is a leech (#leech in Browse finds the leeches)."
        " Rewrite it, or split it in two."
    )
