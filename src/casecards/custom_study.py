"""Custom study, once a session has nothing left: what is left elsewhere (the other decks'
cards today, the cards of the decks studied due in the next days), and the two answers a
student types to start it (how many days ahead, which tag), parsed once, here.

The sessions themselves are ``Session.ahead`` and ``Session.practice``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from casecards.i18n import _
from casecards.store import DeckStats, Store

__all__ = [
    "AHEAD_DAYS",
    "MAX_AHEAD_DAYS",
    "Leftover",
    "leftover",
    "parse_days",
    "parse_tag",
]

#: How far ahead the end of a session counts the cards it could study ahead.
AHEAD_DAYS: Final = 7
MAX_AHEAD_DAYS: Final = 365


@dataclass(frozen=True, slots=True)
class Leftover:
    """``other_decks``: the decks outside the session that still have cards today (the
    daily limits applied); ``ahead``: the cards of the session's decks due in the next
    ``ahead_days`` study days, not today."""

    other_decks: tuple[DeckStats, ...]
    ahead: int
    ahead_days: int = AHEAD_DAYS


def leftover(
    store: Store, today: date, deck_ids: Sequence[str] | None, *, ahead_days: int = AHEAD_DAYS
) -> Leftover:
    """What is left once a session of ``deck_ids`` (None: every deck in use) is done."""
    studied = None if deck_ids is None else frozenset(deck_ids)
    stats = store.stats(today, store.study_settings().new_per_day)
    others = tuple(
        deck
        for deck in stats.decks
        if studied is not None and deck.id not in studied and (deck.new or deck.due or deck.redrill)
    )
    ahead = store.due_ahead(today, today + timedelta(days=ahead_days), deck_ids)
    return Leftover(others, len(ahead), ahead_days)


def parse_days(text: str) -> int:
    """How many days ahead to study, from what the student typed.

    Raises:
        ValueError: If it is not a whole number from 1 to ``MAX_AHEAD_DAYS``; the message
            says what is.
    """
    text = text.strip()
    if not re.fullmatch(r"[0-9]{1,4}", text) or not 1 <= int(text) <= MAX_AHEAD_DAYS:
        raise ValueError(_("A whole number of days, from 1 to {most}").format(most=MAX_AHEAD_DAYS))
    return int(text)


def parse_tag(text: str) -> str:
    """A tag as typed (``#irm``, ``irm`` or ``IRM``) as the notes and Browse spell it.

    Raises:
        ValueError: If it is empty or holds a space.
    """
    tag = text.strip().removeprefix("#").casefold()
    if not tag or any(c.isspace() for c in tag):
        raise ValueError(_("One tag, such as #irm (#leech: the leeches)"))
    return tag
