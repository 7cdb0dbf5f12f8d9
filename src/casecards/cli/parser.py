"""The command line's grammar: every command, its options, its help and its example."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Sequence
from pathlib import Path

from casecards import __version__, paths, settings

EPILOG_MAIN = """\
examples:
  casecards                      study the bundled decks in the trainer
  casecards check                validate the bundled decks
  casecards check my-decks/      validate your own decks (media from my-decks/../media)
  casecards stats --json         today's counts and retention, as JSON
  casecards schema > deck.schema.json
  casecards backup list          the backups of your progress
  casecards doctor               check your progress store (and --repair it)
  casecards config               your settings, their values and defaults

The store (your progress) is in the user data folder; choose another with --db PATH
or the CASECARDS_DB environment variable. A backup of it is taken once a day, when the
trainer starts, into backups/ beside it.
"""


_WHERE: dict[str, tuple[str, str]] = {
    "decks": ("DIR", "folder of deck files (default: the bundled decks)"),
    "media": ("DIR", "media folder (default: media/ beside the decks folder)"),
    "db": (
        "PATH",
        f"SQLite store of your progress (default: ${paths.DB_ENV} or the user data folder)",
    ),
}


def where_options(parser: argparse.ArgumentParser, *which: str, top: bool = False) -> None:
    """``--decks``, ``--media`` and ``--db``, those of ``which``: where the decks, their images
    and the store are. A command's own options leave unset what was given before the command
    (``casecards --db x stats``): only the top parser sets defaults."""
    group = parser.add_argument_group("where things are")
    for name in which:
        metavar, help_text = _WHERE[name]
        default = None if top else argparse.SUPPRESS
        group.add_argument(f"--{name}", type=Path, metavar=metavar, help=help_text, default=default)


_TRAINER = frozenset({"decks", "media", "db", "deck"})


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line read; usage errors exit 2 with argparse's message, as for any
    unknown option: an option given before a command that does not use it is one."""
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("decks", "media", "db", "deck"):
        if getattr(args, name) is not None and name not in args.uses:
            parser.error(f"{args.command} does not take --{name}")
    return args


def _deck_option(parser: argparse.ArgumentParser, what: str, *, top: bool = False) -> None:
    parser.add_argument(
        "--deck",
        metavar="ID",
        action="append",
        default=None if top else argparse.SUPPRESS,
        help=f"{what} only this deck (repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    # No prefix matching: "stats --deck" must not be read as "--decks" (nor anything else).
    parser = argparse.ArgumentParser(
        prog="casecards",
        description="Spaced-repetition trainer for clinical teaching cases.",
        epilog=EPILOG_MAIN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"casecards {__version__}")
    # "casecards" alone is the trainer, so the trainer's options work without a command too.
    where_options(parser, "decks", "media", "db", top=True)
    _deck_option(parser, "study", top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    # ``runs`` names the function that runs a command, "module.function" inside casecards.cli,
    # and the command is the function's name: main imports that module only when it runs.
    parser.set_defaults(runs="study.drill", uses=_TRAINER)  # no command: the trainer

    def command(
        runs: str, summary: str, example: str, where: tuple[str, ...]
    ) -> argparse.ArgumentParser:
        """A command, with the where-options it uses (and no others)."""
        name = runs.split(".")[1]
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            allow_abbrev=False,
        )
        where_options(sub, *where)
        sub.set_defaults(runs=runs, uses=frozenset(where))
        return sub

    check = command(
        "decks.check",
        "Validate deck files and report every problem as file:line:col.",
        "casecards check decks/ --media media/",
        ("decks", "media", "db"),  # the store only to tell renamed notes
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
        (),
    )

    stats = command(
        "study.stats",
        "Show today's new, due and re-drill counts per deck, reviews and retention.",
        "casecards stats --json --db progress.db",
        ("decks", "media", "db"),
    )
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")

    drill = command(
        "study.drill",
        "Study in the trainer (what casecards does with no command).",
        "casecards drill --deck otm-01-cas",
        ("decks", "media", "db"),
    )
    _deck_option(drill, "study")
    drill.set_defaults(uses=_TRAINER)

    export = command(
        "decks.export",
        "Write the decks as one Anki package that updates the same notes on every re-import.",
        "casecards export --deck otm-01-cas -o otm.apkg",
        ("decks", "media", "db"),
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
        "--previous",
        type=Path,
        metavar="FILE.apkg",
        help="the package students last imported (default: the -o file, if it exists): "
        "notes unchanged since it keep their modification time, so Anki leaves them and what "
        "students added to them as they are; see docs/anki-export.md",
    )
    _deck_option(export, "export")
    export.set_defaults(uses=frozenset({"decks", "media", "db", "deck"}))
    export.add_argument(
        "--regions",
        choices=("outline", "occlusion"),
        default="outline",
        help="image regions as outlined pictures, as in the trainer (default), or as Anki's "
        "own image-occlusion notes (Anki 23.10 or newer); see docs/anki-export.md",
    )
    new = command(
        "author.new",
        "Start a deck: DECK-ID.yaml in --decks (default: decks/ in the current folder), with "
        "one example note of each type, the JSON Schema beside it and the example's picture "
        "in the media folder (each written only if missing).",
        "casecards new knee-mri --decks decks/",
        ("decks", "media"),
    )
    new.add_argument("deck_id", metavar="DECK-ID", help="the new deck's id (e.g. knee-mri)")

    preview = command(
        "author.preview",
        "Show every card of a deck (or of one note) as the trainer asks and answers it, "
        "without touching your progress: plain text when the output is not a terminal.",
        "casecards preview decks/knee-mri.yaml --note example-image",
        ("media",),
    )
    preview.add_argument("path", type=Path, metavar="PATH", help="a deck file (or a folder)")
    preview.add_argument("--note", metavar="ID", help="only the cards of this note")
    preview.add_argument(
        "--watch", action="store_true", help="show the cards again whenever the file is saved"
    )
    preview.add_argument(
        "--plain", action="store_true", help="plain text even when the output is a terminal"
    )

    regions = command(
        "author.regions",
        "Draw a region on a picture with the mouse (or the arrow keys) and print its "
        "box: [x, y, w, h] in the image's pixels, ready to paste into a note.",
        "casecards regions media/knee.png",
        (),
    )
    regions.add_argument("image", type=Path, metavar="IMAGE", help="the picture (a file)")

    backup = command(
        "store.backup",
        "List the backups of your progress, take one now, or restore one (after asking).",
        "casecards backup restore 2024-03-04",
        ("db",),
    )
    backup.add_argument(
        "action",
        choices=("list", "now", "restore"),
        help="list: the backups kept; now: back up at once; restore: bring one back",
    )
    backup.add_argument(
        "which",
        nargs="?",
        metavar="NAME",
        help="the backup to restore: its name in backup list (a day, YYYY-MM-DD, for a daily "
        "backup) or its file name (default: the newest daily or manual backup)",
    )
    backup.add_argument("-y", "--yes", action="store_true", help="restore without asking")

    rename = command(
        "renames.rename",
        "Carry a renamed note's progress (schedules and answers) to its new id.",
        "casecards rename otm-01-cas/ancien-id otm-01-cas/nouvel-id",
        ("decks", "media", "db"),
    )
    rename.add_argument("old", metavar="DECK/OLD", help="the note's former id, with its deck's")
    rename.add_argument("new", metavar="DECK/NEW", help="its id now, in a loaded deck")

    doctor = command(
        "store.doctor",
        "Check your progress store: integrity, schedules, retired cards, cards whose note "
        "is gone; with --repair, fix what can be fixed.",
        "casecards doctor --repair",
        ("decks", "media", "db"),
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

    optimize = command(
        "optimize.optimize",
        "Fit FSRS's parameters to your review log (1,000 reviews on a later day than the "
        "card's previous answer at least); kept only if they predict your held-out reviews "
        "better than the defaults.",
        "casecards optimize",
        ("db",),
    )
    optimize.epilog = (
        f"{optimize.epilog}\n\nOne card in five is held out of the fit; log loss and RMSE "
        "(bins) of\nthe predicted recall on its reviews compare the default parameters with "
        "the\nfitted ones. Switch to FSRS with: casecards config scheduler fsrs"
    )

    config = command(
        "config.config",
        "Read and set your settings, git-config style.",
        "casecards config new-per-day.otm-01-cas 10",
        ("db",),  # the store keeps the settings that change scheduling
    )
    config.add_argument("key", nargs="?", metavar="KEY", help="a setting's name (see below)")
    config.add_argument("value", nargs="?", metavar="VALUE", help="its new value")
    config.add_argument("--unset", metavar="KEY", help="put KEY back to its default")
    config.epilog = f"{config.epilog}\n\n{_settings_help()}"
    return parser


def _settings_help() -> str:
    """The settings, their defaults and allowed values, for ``config --help``."""
    lines = [
        "casecards config: every setting, its value and default; config KEY: its value;",
        "config KEY VALUE: set it; config --unset KEY: back to the default.",
        "",
        "settings:",
    ]
    for key in settings.KEYS:
        name = f"{key.name}[.DECK-ID]" if key.per_deck else key.name
        default = "unset by default" if key.default is None else f"default {key.default}"
        lines.append(f"  {name} (kept in the {key.home}; {default})")
        lines += textwrap.wrap(
            f"{key.about}; allowed: {key.allowed}",
            width=78,
            initial_indent="    ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    lines += [
        "",
        "The store is the one of --db; the config file is config.toml in the user",
        f"config folder, or ${paths.CONFIG_ENV}.",
    ]
    return "\n".join(lines)
