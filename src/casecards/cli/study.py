"""The commands about studying: ``stats`` (headless, read-only) and ``drill`` (the trainer)."""

from __future__ import annotations

import argparse
import json

from casecards.cli import args as where
from casecards.cli.store import daily_backup, refuse_empty
from casecards.store import Store


def stats(args: argparse.Namespace) -> int:
    library = where.library(args, skip_broken=True)
    db = where.db_path(args)
    refuse_empty(db)
    # Read-only: no store is created, and no card is retired or restored; the counts are
    # those the decks will have once the trainer syncs them.
    with Store.open_read_only(db) as store:
        limits = store.study_settings().new_per_day  # casecards config new-per-day
        stats = store.stats_as_synced(library.deck_cards, where.today(), limits)
    if args.json:
        print(json.dumps(stats.to_dict(), indent=2, ensure_ascii=False))
        return 0
    width = max([len(d.name) for d in stats.decks] + [4])
    print(f"{'deck':<{width}}  {'new':>5}  {'due':>5}  {'re-drill':>8}")
    for deck in stats.decks:
        print(f"{deck.name:<{width}}  {deck.new:>5}  {deck.due:>5}  {deck.redrill:>8}")
    retention = "-" if stats.retention_30d is None else f"{stats.retention_30d:.0%}"
    print(
        f"\nreviews today: {stats.reviews_today}   in total: {stats.reviews_total}   "
        f"retention of review cards (30 days): {retention}"
    )
    return 0


def drill(args: argparse.Namespace) -> int:
    library = where.library(args, skip_broken=True)
    deck_ids = getattr(args, "deck", None) or None
    if deck_ids:
        library.check_deck_ids(deck_ids)
    db = where.db_path(args)
    refuse_empty(db)  # a store cut short is not a new one
    daily_backup(db)  # before the trainer opens (and perhaps migrates) the store
    # textual-image asks the terminal what it can draw; that must happen before Textual
    # takes the terminal over, so it is imported here, before the app starts.
    import textual_image.widget  # noqa: F401

    from casecards.tui.app import run

    return run(library, db, deck_ids)
