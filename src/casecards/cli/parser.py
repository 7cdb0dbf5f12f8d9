"""The command line's grammar: every command, its options, its help and its example."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Sequence
from pathlib import Path

from casecards import __version__, i18n, paths, settings
from casecards.i18n import _


def _epilog_main() -> str:
    return _("""\
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
""")


def _where() -> dict[str, tuple[str, str]]:
    return {
        "decks": ("DIR", _("folder of deck files (default: the bundled decks)")),
        "media": ("DIR", _("media folder (default: media/ beside the decks folder)")),
        "db": (
            "PATH",
            _("SQLite store of your progress (default: ${env} or the user data folder)").format(
                env=paths.DB_ENV
            ),
        ),
    }


def where_options(parser: argparse.ArgumentParser, *which: str, top: bool = False) -> None:
    """``--decks``, ``--media`` and ``--db``, those of ``which``: where the decks, their images
    and the store are. A command's own options leave unset what was given before the command
    (``casecards --db x stats``): only the top parser sets defaults."""
    group = parser.add_argument_group(_("where things are"))
    where = _where()
    for name in which:
        metavar, help_text = where[name]
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
            parser.error(
                _("{command} does not take --{option}").format(command=args.command, option=name)
            )
    return args


def lang_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """``--lang fr|en``: the language of the messages and the trainer, over the ``lang``
    setting and the locale. Read before the parser is built (``read_lang``), so that the
    help itself is in that language; declared here so that it is listed and checked."""
    parser.add_argument(
        "--lang",
        choices=[language.value for language in i18n.Language],
        default=None if top else argparse.SUPPRESS,
        help=_(
            "language of the messages and the trainer (default: the lang setting, else the "
            "locale: French when LANG is fr_*)"
        ),
    )


def read_lang(argv: Sequence[str]) -> str | None:
    """The ``--lang`` of ``argv``, if any, read before the full parse (which needs the
    language for its help): the last one given wins, as argparse would read it."""
    found: str | None = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    valid = {language.value for language in i18n.Language}
    return found if found in valid else None  # a bad value: the full parse says so


def speak_argparse() -> None:
    """argparse's own words ("usage:", "options", its error messages) in the active
    language: argparse looks up ``_`` and ``ngettext`` in its module when it speaks, so
    they are pointed at ours (``casecards.cli.argparse_words`` lists its msgids)."""
    vars(argparse)["_"] = i18n._
    vars(argparse)["ngettext"] = i18n.ngettext


def _deck_option(parser: argparse.ArgumentParser, what: str, *, top: bool = False) -> None:
    parser.add_argument(
        "--deck",
        metavar="ID",
        action="append",
        default=None if top else argparse.SUPPRESS,
        help=what,
    )


def build_parser() -> argparse.ArgumentParser:
    # No prefix matching: "stats --deck" must not be read as "--decks" (nor anything else).
    speak_argparse()
    parser = argparse.ArgumentParser(
        prog="casecards",
        description=_("Spaced-repetition trainer for clinical teaching cases."),
        epilog=_epilog_main(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"casecards {__version__}",
        help=_("show the version and exit"),
    )
    # "casecards" alone is the trainer, so the trainer's options work without a command too.
    lang_option(parser, top=True)
    where_options(parser, "decks", "media", "db", top=True)
    _deck_option(parser, _("study only this deck (repeatable)"), top=True)
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
            # Raw text keeps the example's layout; the summary is wrapped here instead (D24).
            description=textwrap.fill(summary, width=78),
            epilog=_("example:") + f"\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            allow_abbrev=False,
        )
        where_options(sub, *where)
        lang_option(sub)
        sub.set_defaults(runs=runs, uses=frozenset(where))
        return sub

    check = command(
        "decks.check",
        _("Validate deck files and report every problem as file:line:col."),
        "casecards check decks/ --media media/",
        ("decks", "media", "db"),  # the store only to tell renamed notes
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=_("deck files or folders (default: --decks)"),
    )

    command(
        "decks.schema",
        _("Print the JSON Schema of the deck format."),
        "casecards schema > deck.schema.json",
        (),
    )

    stats = command(
        "study.stats",
        _("Show today's new, due and re-drill counts per deck, reviews and retention."),
        "casecards stats --json --db progress.db",
        ("decks", "media", "db"),
    )
    stats.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))

    drill = command(
        "study.drill",
        _("Study in the trainer (what casecards does with no command)."),
        "casecards drill --deck otm-01-cas",
        ("decks", "media", "db"),
    )
    _deck_option(drill, _("study only this deck (repeatable)"))
    drill.set_defaults(uses=_TRAINER)

    export = command(
        "decks.export",
        _("Write the decks as one Anki package that updates the same notes on every re-import."),
        "casecards export --deck otm-01-cas -o otm.apkg",
        ("decks", "media", "db"),
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE.apkg",
        help=_("the package to write (replaced if it exists)"),
    )
    export.add_argument(
        "--previous",
        type=Path,
        metavar="FILE.apkg",
        help=_(
            "the package students last imported (default: the -o file, if it exists): notes "
            "unchanged since it keep their modification time, so Anki leaves them and what "
            "students added to them as they are; see docs/anki-export.md"
        ),
    )
    _deck_option(export, _("export only this deck (repeatable)"))
    export.set_defaults(uses=frozenset({"decks", "media", "db", "deck"}))
    export.add_argument(
        "--regions",
        choices=("outline", "occlusion"),
        default="outline",
        help=_(
            "image regions as outlined pictures, as in the trainer (default), or as Anki's "
            "own image-occlusion notes (Anki 23.10 or newer); see docs/anki-export.md"
        ),
    )
    new = command(
        "author.new",
        _(
            "Start a deck: DECK-ID.yaml in --decks (default: decks/ in the current folder), "
            "with one example note of each type, the JSON Schema beside it and the example's "
            "picture in the media folder (each written only if missing)."
        ),
        "casecards new knee-mri --decks decks/",
        ("decks", "media"),
    )
    new.add_argument("deck_id", metavar="DECK-ID", help=_("the new deck's id (e.g. knee-mri)"))

    preview = command(
        "author.preview",
        _(
            "Show every card of a deck (or of one note) as the trainer asks and answers it, "
            "without touching your progress: plain text when the output is not a terminal."
        ),
        "casecards preview decks/knee-mri.yaml --note example-image",
        ("media",),
    )
    preview.add_argument("path", type=Path, metavar="PATH", help=_("a deck file (or a folder)"))
    preview.add_argument("--note", metavar="ID", help=_("only the cards of this note"))
    preview.add_argument(
        "--watch", action="store_true", help=_("show the cards again whenever the file is saved")
    )
    preview.add_argument(
        "--plain", action="store_true", help=_("plain text even when the output is a terminal")
    )

    regions = command(
        "author.regions",
        _(
            "Draw a region on a picture with the mouse (or the arrow keys) and print its "
            "box: [x, y, w, h] in the image's pixels, ready to paste into a note."
        ),
        "casecards regions media/knee.png",
        (),
    )
    regions.add_argument("image", type=Path, metavar="IMAGE", help=_("the picture (a file)"))

    backup = command(
        "store.backup",
        _("List the backups of your progress, take one now, or restore one (after asking)."),
        "casecards backup restore 2024-03-04",
        ("db",),
    )
    backup.add_argument(
        "action",
        choices=("list", "now", "restore"),
        help=_("list: the backups kept; now: back up at once; restore: bring one back"),
    )
    backup.add_argument(
        "which",
        nargs="?",
        metavar="NAME",
        help=_(
            "the backup to restore: its name in backup list (a day, YYYY-MM-DD, for a daily "
            "backup) or its file name (default: the newest daily or manual backup)"
        ),
    )
    backup.add_argument("-y", "--yes", action="store_true", help=_("restore without asking"))

    rename = command(
        "renames.rename",
        _("Carry a renamed note's progress (schedules and answers) to its new id."),
        "casecards rename otm-01-cas/ancien-id otm-01-cas/nouvel-id",
        ("decks", "media", "db"),
    )
    rename.add_argument("old", metavar="DECK/OLD", help=_("the note's former id, with its deck's"))
    rename.add_argument("new", metavar="DECK/NEW", help=_("its id now, in a loaded deck"))

    doctor = command(
        "store.doctor",
        _(
            "Check your progress store: integrity, schedules, retired cards, cards whose note "
            "is gone; with --repair, fix what can be fixed."
        ),
        "casecards doctor --repair",
        ("decks", "media", "db"),
    )
    doctor.add_argument(
        "--repair",
        action="store_true",
        help=_(
            "rebuild damaged indexes, set schedules from the review log, retire cards whose "
            "note is gone (after a backup)"
        ),
    )
    doctor.add_argument(
        "--purge-retired",
        action="store_true",
        help=_("delete retired cards and their answers, after asking (and a backup)"),
    )
    doctor.add_argument("-y", "--yes", action="store_true", help=_("purge without asking"))

    optimize = command(
        "optimize.optimize",
        _(
            "Fit FSRS's parameters to your review log (1,000 reviews on a later day than the "
            "card's previous answer at least); kept only if they predict your held-out "
            "reviews better than the defaults."
        ),
        "casecards optimize",
        ("db",),
    )
    held_out = _(
        "One card in five is held out of the fit; log loss and RMSE (bins) of the predicted "
        "recall on its reviews compare the default parameters with the fitted ones. Switch "
        "to FSRS with: casecards config scheduler fsrs"
    )
    optimize.epilog = f"{optimize.epilog}\n\n{textwrap.fill(held_out, width=78)}"

    config = command(
        "config.config",
        _("Read and set your settings, git-config style."),
        "casecards config new-per-day.otm-01-cas 10",
        ("db",),  # the store keeps the settings that change scheduling
    )
    config.add_argument("key", nargs="?", metavar="KEY", help=_("a setting's name (see below)"))
    config.add_argument("value", nargs="?", metavar="VALUE", help=_("its new value"))
    config.add_argument("--unset", metavar="KEY", help=_("put KEY back to its default"))
    config.epilog = f"{config.epilog}\n\n{_settings_help()}"
    return parser


def _settings_help() -> str:
    """The settings, their defaults and allowed values, for ``config --help``."""
    usage = _(
        "casecards config: every setting, its value and default; config KEY: its value; "
        "config KEY VALUE: set it; config --unset KEY: back to the default."
    )
    lines = [*textwrap.wrap(usage, width=78), "", _("settings:")]
    for key in settings.KEYS:
        name = f"{key.name}[.DECK-ID]" if key.per_deck else key.name
        default = (
            _("unset by default")
            if key.default is None
            else _("default {value}").format(value=key.default)
        )
        kept = _("{name} (kept in the {home}; {default})")
        lines.append("  " + kept.format(name=name, home=key.home.label, default=default))
        lines += textwrap.wrap(
            _("{about}; allowed: {allowed}").format(about=key.help, allowed=key.allowed),
            width=78,
            initial_indent="    ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    where = _(
        "The store is the one of --db; the config file is config.toml in the user config "
        "folder, or ${variable}."
    ).format(variable=paths.CONFIG_ENV)
    lines += ["", *textwrap.wrap(where, width=78)]
    return "\n".join(lines)
