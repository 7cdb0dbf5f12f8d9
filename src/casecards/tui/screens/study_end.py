"""The end of a session, in the study screen: "Nothing left to study now", the other decks
that still have cards today (review D24), and custom study (a: study ahead, p: practise the
decks, t: practise a tag), each of which starts a new study screen with a ``CustomStudy``.

The strings a person reads are the constants below (English msgids, marked with ``N_``:
translated where shown) and the messages built in the functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len
from rich.text import Text

from casecards import i18n
from casecards.custom_study import Leftover
from casecards.i18n import N_, _, ngettext, pgettext
from casecards.session import QueueCounts, Session, StudyKind
from casecards.store import LeechMark, Store
from casecards.undo import UndoHistory

NOTHING_LEFT = N_("Nothing left to study now.")
OTHER_DECKS = N_("Other decks still have cards today:")
NO_OTHER_DECKS = N_("No other deck has cards left today.")
CUSTOM = N_("Custom study:")
AHEAD = N_("study ahead: cards due in the next days ({ahead} within {days} days)")
AHEAD_NOTE = N_("SM-2 takes an early review as an on-time one")
PRACTISE_DECKS = N_("practise these decks: every card, no schedule changed")
PRACTISE_TAG = N_("practise a tag (#leech: the leeches), no schedule changed")
HINT = N_("Enter: summary · u: undo · a p t: custom study")
ASK_DAYS = N_("Study ahead: the cards due in how many days?")
ASK_TAG = N_("Practise the cards of which tag?")
NO_TAG = N_("No card has the tag #{tag}")
NO_LEECHES = N_("No card is a leech")
PRACTICE = N_("Practice, no schedule changes")


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


def nothing_left(left: Leftover, width: int = 80) -> Text:
    """The body of the study screen once nothing is left, laid out for ``width`` columns: a
    deck's counts beside its name where both fit, else on the line under it (a line of
    counts is never broken in the middle)."""
    text = Text(_(NOTHING_LEFT) + "\n\n", style="bold")
    if left.other_decks:
        text.append(_(OTHER_DECKS) + "\n")
        rows = [
            (
                leaf(deck.name),
                _("{new} new · {due} due · {redrill} re-drill").format(
                    new=i18n.integer(deck.new),
                    due=i18n.integer(deck.due),
                    redrill=i18n.integer(deck.redrill),
                ),
            )
            for deck in left.other_decks
        ]
        names = max(cell_len(name) for name, _counts in rows)
        beside = 2 + names + 2 + max(cell_len(counts) for _name, counts in rows) <= width
        for name, counts in rows:
            if beside:
                text.append(f"  {name}{' ' * max(0, names - cell_len(name))}  ", style="bold")
                text.append(counts + "\n")
            else:
                shown = Text(name)
                shown.truncate(max(1, width - 2), overflow="ellipsis")
                text.append(f"  {shown.plain}\n", style="bold")
                text.append(f"    {counts}\n")
    else:
        text.append(_(NO_OTHER_DECKS) + "\n")
    text.append("\n" + _(CUSTOM) + "\n")
    text.append("  a  ", style="bold")
    text.append(_(AHEAD).format(ahead=i18n.integer(left.ahead), days=left.ahead_days))
    text.append(f"\n     {_(AHEAD_NOTE)}\n", style="dim")
    text.append("  p  ", style="bold")
    text.append(_(PRACTISE_DECKS) + "\n")
    text.append("  t  ", style="bold")
    text.append(_(PRACTISE_TAG))
    return text


def leaf(name: str) -> str:
    """A deck's own name, without its parents' (``Parent::01 · Le cas`` -> ``01 · Le cas``)."""
    return name.rpartition("::")[2].strip() or name


def progress(custom: CustomStudy, counts: QueueCounts) -> Text:
    """The progress line of a custom study session."""
    text = Text()
    if custom.kind is StudyKind.AHEAD:
        text.append(f" {pgettext('progress line', 'Study ahead')} ", style="bold magenta")
        left = counts.ahead
    else:
        text.append(f" {_(PRACTICE)} ", style="bold magenta")
        if custom.tag is not None:
            text.append(f"#{custom.tag} ", style="bold")
        left = counts.practice
    done = ngettext("{n} done", "{n} done", counts.done).format(n=i18n.integer(counts.done))
    text.append(f"· {done} " + _("· left: "))
    text.append(str(left), style="bold" if left else "dim")
    if counts.redrill:
        redrill = pgettext("queue", "{n} re-drill").format(n=i18n.integer(counts.redrill))
        text.append(f" · {redrill}", style="bold yellow")
    return text


def leech_told(mark: LeechMark) -> str:
    """What to tell the student when an answer made its card a leech."""
    failed = ngettext("Failed once", "Failed {n} times", mark.lapses).format(n=mark.lapses)
    if mark.suspended:
        told = _(
            "{failed}: this card is a leech, and is suspended (unsuspend it in Browse;"
            " #leech finds the leeches). Rewrite it, or split it in two."
        )
    else:
        told = _(
            "{failed}: this card is a leech (#leech in Browse finds the leeches)."
            " Rewrite it, or split it in two."
        )
    return told.format(failed=failed)
