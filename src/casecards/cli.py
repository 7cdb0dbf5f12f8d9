"""The ``casecards`` command: a thin layer over the library.

Headless commands (check, schema, stats, export) never import Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from casecards import __version__, paths
from casecards.errors import CasecardsError

if TYPE_CHECKING:
    from casecards.library import Library

EPILOG_MAIN = """\
examples:
  casecards                      study the bundled decks in the trainer
  casecards check                validate the bundled decks
  casecards check my-decks/      validate your own decks (media from my-decks/../media)
  casecards stats --json         today's counts and retention, as JSON
  casecards schema > deck.schema.json
  casecards backup list          the daily backups of your progress
  casecards doctor               check your progress store (and --repair it)

The store (your progress) is in the user data folder; choose another with --db PATH
or the CASECARDS_DB environment variable. A backup of it is taken once a day, when the
trainer starts, into backups/ beside it.
"""


def _common(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("where things are")
    group.add_argument(
        "--decks",
        type=Path,
        metavar="DIR",
        help="folder of deck files (default: the bundled decks)",
    )
    group.add_argument(
        "--media",
        type=Path,
        metavar="DIR",
        help="media folder (default: media/ beside the decks folder)",
    )
    group.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help=f"SQLite store of your progress (default: ${paths.DB_ENV} or the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casecards",
        description="Spaced-repetition trainer for clinical teaching cases.",
        epilog=EPILOG_MAIN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"casecards {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _common(sub)
        return sub

    check = command(
        "check",
        "Validate deck files and report every problem as file:line:col.",
        "casecards check decks/ --media media/",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="deck files or folders (default: --decks)",
    )

    command(
        "schema", "Print the JSON Schema of the deck format.", "casecards schema > deck.schema.json"
    )

    stats = command(
        "stats",
        "Show today's new, due and re-drill counts per deck, reviews and retention.",
        "casecards stats --json --db progress.db",
    )
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")

    drill = command("drill", "Study in the trainer.", "casecards drill --deck otm-01-cas")
    drill.add_argument(
        "--deck", metavar="ID", action="append", help="study only this deck (repeatable)"
    )

    export = command(
        "export",
        "Write the decks as one Anki package that updates the same notes on every re-import.",
        "casecards export --deck otm-01-cas -o otm.apkg",
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE.apkg",
        help="the package to write (replaced if it exists)",
    )
    export.add_argument(
        "--deck", metavar="ID", action="append", help="export only this deck (repeatable)"
    )
    export.add_argument(
        "--regions",
        choices=("outline", "occlusion"),
        default="outline",
        help="image regions as outlined pictures, as in the trainer (default), or as Anki's "
        "own image-occlusion notes (Anki 23.10 or newer); see docs/anki-export.md",
    )
    backup = command(
        "backup",
        "List the daily backups of your progress, take one now, or restore one (after asking).",
        "casecards backup restore 2024-03-04",
    )
    backup.add_argument(
        "action",
        choices=("list", "now", "restore"),
        help="list: the backups kept; now: back up at once; restore: bring one back",
    )
    backup.add_argument(
        "which",
        nargs="?",
        metavar="DAY",
        help="the backup to restore: its day (YYYY-MM-DD) or file name (default: the newest)",
    )
    backup.add_argument("-y", "--yes", action="store_true", help="restore without asking")

    doctor = command(
        "doctor",
        "Check your progress store: integrity, schedules, retired cards, cards whose note "
        "is gone; with --repair, fix what can be fixed.",
        "casecards doctor --repair",
    )
    doctor.add_argument(
        "--repair",
        action="store_true",
        help="rebuild damaged indexes, set schedules from the review log, retire cards whose "
        "note is gone (after a backup)",
    )
    doctor.add_argument(
        "--purge-retired",
        action="store_true",
        help="delete retired cards and their answers, after asking (and a backup)",
    )
    doctor.add_argument("-y", "--yes", action="store_true", help="purge without asking")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        match args.command:
            case "check":
                return cmd_check(args)
            case "schema":
                return cmd_schema()
            case "stats":
                return cmd_stats(args)
            case "drill" | None:
                return cmd_drill(args)
            case "export":
                return cmd_export(args)
            case "backup":
                from casecards.cli_progress import cmd_backup

                return cmd_backup(args)
            case "doctor":
                from casecards.cli_progress import cmd_doctor

                return cmd_doctor(args)
        raise AssertionError(args.command)  # pragma: no cover
    except CasecardsError as error:
        print(f"casecards: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _decks_dir(args: argparse.Namespace) -> Path:
    return args.decks if getattr(args, "decks", None) else paths.default_decks_dir()


def _media_dir(args: argparse.Namespace, decks_dir: Path) -> Path:
    return args.media if getattr(args, "media", None) else paths.media_beside(decks_dir)


def cmd_check(args: argparse.Namespace) -> int:
    from casecards.cards import expand
    from casecards.deck import load_decks

    targets: list[Path] = args.paths or [_decks_dir(args)]
    first = targets[0]
    decks_dir = first if first.is_dir() else first.parent
    result = load_decks(targets, _media_dir(args, decks_dir))
    for problem in result.problems:
        print(problem)
    if result.problems:
        count = len(result.problems)
        files = len({p.path for p in result.problems})
        print(
            f"{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}",
            file=sys.stderr,
        )
        return 1
    notes = sum(len(d.notes) for d in result.decks)
    cards = sum(len(expand(d).cards) for d in result.decks)
    print(f"ok: {len(result.decks)} decks, {notes} notes, {cards} cards", file=sys.stderr)
    return 0


def cmd_schema() -> int:
    from casecards.deck import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _library(args: argparse.Namespace) -> Library:
    from casecards.deck import DeckCache
    from casecards.library import Library

    decks_dir = _decks_dir(args)
    # Parsed decks are cached by content: unchanged files are not parsed again.
    return Library.load(decks_dir, _media_dir(args, decks_dir), cache=DeckCache.default())


def cmd_stats(args: argparse.Namespace) -> int:
    from casecards.session import NEW_PER_DAY, study_day
    from casecards.store import Store

    library = _library(args)
    now = datetime.now().astimezone()
    with Store.open(args.db or paths.default_db()) as store:
        library.sync(store, now)
        stats = store.stats(study_day(now), NEW_PER_DAY)
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


def cmd_drill(args: argparse.Namespace) -> int:
    library = _library(args)
    deck_ids = getattr(args, "deck", None) or None
    if deck_ids:
        library.check_deck_ids(deck_ids)
    db = getattr(args, "db", None) or paths.default_db()
    from casecards.cli_progress import daily_backup

    daily_backup(db)  # before the trainer opens (and perhaps migrates) the store
    # textual-image asks the terminal what it can draw; that must happen before Textual
    # takes the terminal over, so it is imported here, before the app starts.
    import textual_image.widget  # noqa: F401

    from casecards.tui.app import run

    return run(library, db, deck_ids)


def cmd_export(args: argparse.Namespace) -> int:
    from casecards.deck import load_decks
    from casecards.errors import DeckError
    from casecards.export import RegionMode, TerminalProgress, export_apkg, select_decks

    decks_dir = _decks_dir(args)
    media_dir = _media_dir(args, decks_dir)
    result = load_decks([decks_dir], media_dir)
    if result.problems:
        raise DeckError(list(result.problems))
    summary = export_apkg(
        select_decks(result.decks, args.deck or ()),
        media_dir,
        args.output,
        now=datetime.now().astimezone(),  # Anki takes an update only from a newer package
        regions=RegionMode(args.regions),
        progress=TerminalProgress(sys.stderr),
    )
    print(
        f"wrote {summary.path}: {summary.decks} decks, {summary.notes} notes, "
        f"{summary.cards} cards, {summary.media} media files",
        file=sys.stderr,
    )
    return 0
