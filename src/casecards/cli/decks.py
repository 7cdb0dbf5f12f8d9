"""The commands about deck files: ``check``, ``schema`` and ``export``. Headless: none of
them loads Textual or opens the store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from casecards.cards import expand
from casecards.cli import args as where
from casecards.cli.renames import renames_told
from casecards.deck import json_schema, load_decks
from casecards.errors import DeckError
from casecards.i18n import _, ngettext
from casecards.text import printable


def check(args: argparse.Namespace) -> int:
    targets: list[Path] = args.paths or [where.decks_dir(args)]
    first = targets[0]
    decks_dir = first if first.is_dir() else first.parent
    result = load_decks(targets, where.media_dir(args, decks_dir))
    for problem in result.problems:
        print(problem)
    if result.problems:
        count = len(result.problems)
        files = len({p.path for p in result.problems})
        problems = ngettext("{count} problem", "{count} problems", count).format(count=count)
        in_files = ngettext("in {files} file", "in {files} files", files).format(files=files)
        print(f"{problems} {in_files}", file=sys.stderr)
        return 1
    for hint in renames_told(result.decks, where.db_path(args)):
        print(_("{hint} (a warning)").format(hint=hint))
    notes = sum(len(d.notes) for d in result.decks)
    cards = sum(len(expand(d).cards) for d in result.decks)
    print(_("ok: {counts}").format(counts=counts(len(result.decks), notes, cards)), file=sys.stderr)
    return 0


def schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def export(args: argparse.Namespace) -> int:
    # genanki and Pillow's drawing are loaded by the export only, not by check.
    from casecards.export import RegionMode, TerminalProgress, export_apkg, select_decks

    decks_dir = where.decks_dir(args)
    media_dir = where.media_dir(args, decks_dir)
    result = load_decks([decks_dir], media_dir)
    if result.problems:
        raise DeckError(list(result.problems))
    summary = export_apkg(
        select_decks(result.decks, args.deck or ()),
        media_dir,
        args.output,
        now=where.now(),  # Anki takes an update only from a newer package
        regions=RegionMode(args.regions),
        progress=TerminalProgress(sys.stderr),
        store=where.db_path(args),  # never written over, under whatever name (D9)
        previous=args.previous,
    )
    media = ngettext("{n} media file", "{n} media files", summary.media).format(n=summary.media)
    print(
        _("wrote {path}: {counts}, {media}").format(
            path=summary.path,
            counts=counts(summary.decks, summary.notes, summary.cards),
            media=media,
        ),
        file=sys.stderr,
    )
    if summary.previous is not None:
        print(
            _(
                "against {path}: notes changed {changed}, new {new}, unchanged {unchanged} "
                "(Anki leaves the unchanged ones as students have them)"
            ).format(
                path=summary.previous,
                changed=summary.changed,
                new=summary.new,
                unchanged=summary.unchanged,
            ),
            file=sys.stderr,
        )
    for warning in summary.warnings:
        print(
            printable("casecards: " + _("warning: {error}").format(error=warning)),
            file=sys.stderr,
        )
    return 0


def counts(decks: int, notes: int, cards: int) -> str:
    """``1 deck, 6 notes, 11 cards``, each noun as its number wants it (D24)."""
    return ", ".join(
        (
            ngettext("{n} deck", "{n} decks", decks).format(n=decks),
            ngettext("{n} note", "{n} notes", notes).format(n=notes),
            ngettext("{n} card", "{n} cards", cards).format(n=cards),
        )
    )
