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
        print(
            f"{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}",
            file=sys.stderr,
        )
        return 1
    for hint in renames_told(result.decks, where.db_path(args)):
        print(f"{hint} (a warning)")
    notes = sum(len(d.notes) for d in result.decks)
    cards = sum(len(expand(d).cards) for d in result.decks)
    print(f"ok: {len(result.decks)} decks, {notes} notes, {cards} cards", file=sys.stderr)
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
    print(
        f"wrote {summary.path}: {summary.decks} decks, {summary.notes} notes, "
        f"{summary.cards} cards, {summary.media} media files",
        file=sys.stderr,
    )
    if summary.previous is not None:
        print(
            f"against {summary.previous}: {summary.changed} notes changed, {summary.new} new, "
            f"{summary.unchanged} unchanged (Anki leaves these as students have them)",
            file=sys.stderr,
        )
    for warning in summary.warnings:
        print(printable(f"casecards: warning: {warning}"), file=sys.stderr)
    return 0
