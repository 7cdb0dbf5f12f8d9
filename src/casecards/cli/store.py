"""The commands about the study store (the learner's progress): ``backup`` and ``doctor``,
and the daily backup ``drill`` takes before the trainer starts. Thin: the work is in
``casecards.backup`` and ``casecards.doctor``; only this module asks questions on the terminal.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from casecards import backup as backup_files
from casecards import doctor as checkup
from casecards.cards import expand
from casecards.cli import args as where
from casecards.deck import load_decks
from casecards.errors import CasecardsError
from casecards.store.files import no_store

_SHOWN = 5  # backups named in a message


def _confirm(question: str, assume_yes: bool) -> bool:
    """Ask on the terminal; anything but y/yes (or no terminal to answer) is a no."""
    if assume_yes:
        return True
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except OSError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


def refuse_empty(db: Path) -> None:
    """CasecardsError if the store is a file of 0 bytes, naming its backups: a store cut short
    (by a failed copy or sync) must not pass for a new one. Another window creating the store
    writes its first page within moments, so a file that grows meanwhile is left to it."""
    if not _empty(db):
        return
    time.sleep(0.25)
    if not _empty(db):
        return
    found = backup_files.backups(db)
    if found:
        names = ", ".join(b.name for b in found[:_SHOWN]) + (", …" if len(found) > _SHOWN else "")
        newest = backup_files.find(db, None).name
        way = f"Its backups: {names}; casecards backup restore {newest} brings one back."
    else:
        way = "There are no backups of it."
    raise CasecardsError(
        f"The study database {db} is empty (0 bytes): if it held your progress, it was cut "
        f"short (by a failed copy or sync?). {way} To start afresh instead, delete the file."
    )


def _empty(db: Path) -> bool:
    try:
        return db.is_file() and db.stat().st_size == 0
    except FileNotFoundError:
        return False


def daily_backup(db: Path) -> None:
    """Today's backup, if not taken yet; a failure is a warning, never a reason not to study."""
    try:
        backup_files.daily(db, where.today())
    except backup_files.BackupError as error:
        print(f"casecards: warning: {error}", file=sys.stderr)


_KINDS = {
    backup_files.Kind.DAILY: "daily, before the day's first session",
    backup_files.Kind.MANUAL: "taken by backup now",
    backup_files.Kind.BEFORE_REPAIR: "before doctor --repair",
    backup_files.Kind.BEFORE_PURGE: "before doctor --purge-retired",
    backup_files.Kind.BEFORE_RESTORE: "before a restore",
    backup_files.Kind.BEFORE_RENAME: "before casecards rename",
}


def _describe(contents: backup_files.Contents) -> str:
    last = (
        f", the last on {contents.last_answer[:16].replace('T', ' ')}"
        if contents.last_answer
        else ""
    )
    damaged = "" if contents.ok else " (DAMAGED)"
    return f"{contents.reviews:,} answers{last}{damaged}"


def backup(args: argparse.Namespace) -> int:
    db = where.db_path(args)
    if args.action == "now":
        made = backup_files.take(db, where.now())
        backup_files.prune(db, where.today())
        print(f"backed up {db} to {made}", file=sys.stderr)
        return 0
    if args.action == "list":
        found = backup_files.backups(db)
        if not found:
            if not db.exists():
                raise no_store(db)
            print(f"no backups of {db} yet (one is taken each day the trainer starts)")
            return 0
        if not db.exists():
            print(f"there is no progress store at {db} now; its backups are still there")
        print(
            f"backups of {db}, in {backup_files.folder(db)}, newest first "
            "(casecards backup restore NAME brings one back):"
        )
        width = max(len(item.name) for item in found)
        for item in found:
            described = _describe(backup_files.contents(item.path))
            print(f"  {item.name:<{width}}  {_KINDS[item.kind]}: {described}")
        return 0
    chosen = backup_files.find(db, args.which)
    now = (
        f" (now {_describe(backup_files.contents(db))})" if db.exists() else " (there is none now)"
    )
    question = (
        f"Replace the study database {db}{now}\nwith the backup {chosen.name} "
        f"({_describe(backup_files.contents(chosen.path))})? The current one is kept in "
        f"{backup_files.folder(db)}."
    )
    if not _confirm(question, args.yes):
        print("Not restored: nothing changed.", file=sys.stderr)
        return 1
    kept = backup_files.restore(db, chosen, where.now())
    print(f"restored the backup {chosen.name} into {db}", file=sys.stderr)
    if kept is not None:
        print(
            f"the study database as it was is in {kept} "
            f"(casecards backup restore {backup_files.find(db, kept.name).name} brings it back)",
            file=sys.stderr,
        )
    return 0


def doctor(args: argparse.Namespace) -> int:
    db = where.db_path(args)
    decks_dir = where.decks_dir(args)
    loaded = load_decks([decks_dir], where.media_dir(args, decks_dir))
    decks = None if loaded.problems else [expand(deck) for deck in loaded.decks]
    report = checkup.examine(db, decks)
    for line in report.lines():
        print(line)
    if decks is None:
        print(
            f"decks: {len(loaded.problems)} problems in {decks_dir} (see casecards check); "
            "cards whose note is gone were not looked for"
        )
    if args.repair:
        for done in checkup.repair(db, decks, where.now()):
            print(f"repaired: {done}")
        report = checkup.examine(db, decks)
    if args.purge_retired:
        cards = sum(d.cards for d in report.health.retired)
        answers = sum(d.reviews for d in report.health.retired)
        question = (
            f"Delete {cards} retired cards and their {answers} answers for good? "
            "A backup is taken first."
        )
        if cards and _confirm(question, args.yes):
            made, cards, answers = checkup.purge_retired(db, where.now())
            print(f"purged {cards} retired cards and {answers} answers (backup: {made})")
    if not report.healthy:
        print("casecards doctor: problems found; see above", file=sys.stderr)
    return 0 if report.healthy else 1
