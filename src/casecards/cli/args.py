"""What every command shares: where the decks, the media and the store are, the library
loaded from them, and today's study day (the clock is read here, at the edge).

``check`` and ``export`` use this module too and must not open the store: the library and
the study day (both reach the store's package) are imported when asked for.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from casecards import paths
from casecards.i18n import _

if TYPE_CHECKING:
    from casecards.library import Library


def decks_dir(args: argparse.Namespace) -> Path:
    return args.decks if getattr(args, "decks", None) else paths.default_decks_dir()


def media_dir(args: argparse.Namespace, decks: Path) -> Path:
    return args.media if getattr(args, "media", None) else paths.media_beside(decks)


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else paths.default_db()


def now() -> datetime:
    return datetime.now().astimezone()


def today() -> date:
    from casecards.session import study_day

    return study_day(now())


def library(args: argparse.Namespace, *, skip_broken: bool = False) -> Library:
    """The decks, parsed (or served by the deck cache when unchanged). ``skip_broken``: study
    what can be studied; the problems left out are printed as warnings, one per line, with
    what to do (``check`` and ``export`` stay strict and never call this)."""
    from casecards.deck import DeckCache
    from casecards.library import Library

    decks = decks_dir(args)
    loaded = Library.load(
        decks, media_dir(args, decks), cache=DeckCache.default(), skip_broken=skip_broken
    )
    for problem in loaded.skipped:
        print("casecards: " + _("left out: {problem}").format(problem=problem), file=sys.stderr)
    if loaded.skipped:
        print(
            "casecards: " + _("the rest is studied; casecards check shows each problem to fix"),
            file=sys.stderr,
        )
    return loaded
