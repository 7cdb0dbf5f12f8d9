"""The command line's grammar: every command, its options, its help and its example."""

from __future__ import annotations

import argparse
from pathlib import Path

from casecards import __version__, paths

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


def where_options(parser: argparse.ArgumentParser) -> None:
    """``--decks``, ``--media`` and ``--db``: where the decks, their images and the store are."""
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

    # ``runs`` names the function that runs a command, "module.function" inside casecards.cli,
    # and the command is the function's name: main imports that module only when it runs.
    parser.set_defaults(runs="study.drill")  # no command: the trainer

    def command(runs: str, summary: str, example: str) -> argparse.ArgumentParser:
        name = runs.split(".")[1]
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        where_options(sub)
        sub.set_defaults(runs=runs)
        return sub

    check = command(
        "decks.check",
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
        "decks.schema",
        "Print the JSON Schema of the deck format.",
        "casecards schema > deck.schema.json",
    )

    stats = command(
        "study.stats",
        "Show today's new, due and re-drill counts per deck, reviews and retention.",
        "casecards stats --json --db progress.db",
    )
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")

    drill = command("study.drill", "Study in the trainer.", "casecards drill --deck otm-01-cas")
    drill.add_argument(
        "--deck", metavar="ID", action="append", help="study only this deck (repeatable)"
    )

    export = command(
        "decks.export",
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
        "store.backup",
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
        "store.doctor",
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
