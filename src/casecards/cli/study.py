"""The commands about studying: ``stats`` (headless, read-only) and ``drill`` (the trainer)."""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import asdict
from datetime import date

from rich.cells import cell_len

from casecards import i18n, statistics
from casecards.cli import args as where
from casecards.cli.store import daily_backup, refuse_empty
from casecards.i18n import _
from casecards.settings import SchedulerKind
from casecards.store import DeckStats, Stats, Store
from casecards.text import cut


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
    columns = shutil.get_terminal_size().columns
    for line in stats_table(stats, columns):
        print(line)
    if fsrs:
        _print_fsrs(bins, coming)
    return 0


def stats_table(stats: Stats, columns: int) -> list[str]:
    """``casecards stats`` as lines of at most ``columns`` cells (not less than 40): each
    deck under its parent ("Parent::Child" as a heading, then "  Child"), the names cut to
    the room the numbers leave, never the numbers."""
    columns = max(40, columns)
    heads = (_("deck"), _("new"), _("due"), _("re-drill"))
    wide = [max(5, cell_len(head)) for head in heads[1:]]
    numbers = sum(2 + w for w in wide)
    rows: list[tuple[str, str, DeckStats | None]] = []  # indent, name, counts
    parent = ""
    for stat in stats.decks:
        head, _sep, own = stat.name.rpartition("::")
        if head and head != parent:
            rows.append(("", head, None))
        parent = head
        rows.append(("  " if head else "", own, stat))
    longest = max([len(i) + cell_len(n) for i, n, d in rows if d is not None] + [4])
    width = max(longest, cell_len(heads[0]))
    width = min(width, columns - numbers)
    lines = [
        _pad(cut(heads[0], width), width)
        + "".join(f"  {h:>{w}}" for h, w in zip(heads[1:], wide, strict=True))
    ]
    for indent, name, deck in rows:
        if deck is None:
            lines.append(cut(name, columns))
            continue
        shown = _pad(indent + cut(name, width - len(indent)), width)
        counts = (deck.new, deck.due, deck.redrill)
        lines.append(shown + "".join(f"  {n:>{w}}" for n, w in zip(counts, wide, strict=True)))
    retention = "-" if stats.retention_30d is None else i18n.percent(stats.retention_30d)
    totals = _(
        "reviews today: {today}   in total: {total}   "
        "retention of review cards (30 days): {retention}"
    ).format(today=stats.reviews_today, total=stats.reviews_total, retention=retention)
    lines.append("")
    # One line where it fits, else one figure a line (the figures are three spaces apart).
    lines += [totals] if cell_len(totals) <= columns else totals.split("   ")
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def _print_fsrs(
    bins: tuple[statistics.CalibrationBin, ...], coming: tuple[tuple[date, int], ...]
) -> None:
    print("\n" + _("FSRS: predicted recall against actual, on reviews on a later day"))
    headers = (_("predicted"), _("reviews"), _("mean predicted"), _("recalled"))
    widths = [max(len(h), w) for h, w in zip(headers, (11, 7, 14, 8), strict=True)]
    print("  ".join(f"{h:>{w}}" for h, w in zip(headers, widths, strict=True)))
    for b in bins:
        span = f"{i18n.percent(b.low)}-{i18n.percent(b.high)}"
        cells = (span, str(b.reviews), i18n.percent(b.predicted, 1), i18n.percent(b.actual, 1))
        print("  ".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True)))
    if not bins:
        print("  " + _("(no review on a later day yet)"))
    coming_counts = " ".join(str(n) for _day, n in coming)
    print(_("due on the next 7 days (FSRS): {counts}").format(counts=coming_counts))


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

    return run(library, db, deck_ids, lang=getattr(args, "lang", None))
