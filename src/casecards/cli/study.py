"""The commands about studying: ``stats`` (headless, read-only) and ``drill`` (the trainer)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import date

from casecards import statistics
from casecards.cli import args as where
from casecards.cli.store import daily_backup, refuse_empty
from casecards.settings import SchedulerKind
from casecards.store import Store


def stats(args: argparse.Namespace) -> int:
    library = where.library(args, skip_broken=True)
    db = where.db_path(args)
    refuse_empty(db)
    # Read-only: no store is created, and no card is retired or restored; the counts are
    # those the decks will have once the trainer syncs them.
    with Store.open_read_only(db) as store:
        settings = store.study_settings()
        limits = settings.new_per_day  # casecards config new-per-day
        stats = store.stats_as_synced(library.deck_cards, where.today(), limits)
        fsrs = settings.scheduler is SchedulerKind.FSRS
        bins = statistics.calibration(store, settings.fsrs) if fsrs else ()
        coming = statistics.forecast(store, where.today(), 7) if fsrs else ()
    if args.json:
        shown = stats.to_dict()
        if fsrs:  # under FSRS: how well it predicts, and what it has due
            shown["calibration"] = [asdict(b) for b in bins]
            shown["forecast"] = {day.isoformat(): n for day, n in coming}
        print(json.dumps(shown, indent=2, ensure_ascii=False))
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
    if fsrs:
        _print_fsrs(bins, coming)
    return 0


def _print_fsrs(
    bins: tuple[statistics.CalibrationBin, ...], coming: tuple[tuple[date, int], ...]
) -> None:
    print("\nFSRS: predicted recall against actual, on reviews on a later day")
    print(f"{'predicted':>11}  {'reviews':>7}  {'mean predicted':>14}  {'recalled':>8}")
    for b in bins:
        span = f"{b.low:.0%}-{b.high:.0%}"
        print(f"{span:>11}  {b.reviews:>7}  {b.predicted:>14.1%}  {b.actual:>8.1%}")
    if not bins:
        print("  (no review on a later day yet)")
    print("due on the next 7 days (FSRS): " + " ".join(str(n) for _, n in coming))


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
