"""The commands about the learner's progress file: ``backup`` and ``doctor``, and the daily
backup ``drill`` takes before the trainer starts. Thin: the work is in ``casecards.backup``
and ``casecards.doctor``; only this module asks questions on the terminal.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from casecards import backup, paths
from casecards.cli import _decks_dir, _media_dir


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else paths.default_db()


def _today() -> date:
    from casecards.session import study_day

    return study_day(datetime.now().astimezone())


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


def daily_backup(db: Path) -> None:
    """Today's backup, if not taken yet; a failure is a warning, never a reason not to study."""
    try:
        backup.daily(db, _today())
    except backup.BackupError as error:
        print(f"casecards: warning: {error}", file=sys.stderr)


def _describe(contents: backup.Contents) -> str:
    last = (
        f", the last on {contents.last_answer[:16].replace('T', ' ')}"
        if contents.last_answer
        else ""
    )
    damaged = "" if contents.ok else " (DAMAGED)"
    return f"{contents.reviews:,} answers{last}{damaged}"


def cmd_backup(args: argparse.Namespace) -> int:
    db = _db(args)
    if args.action == "now":
        made = backup.take(db, _today())
        backup.prune(db, _today())
        print(f"backed up {db} to {made}", file=sys.stderr)
        return 0
    if args.action == "list":
        found = backup.backups(db)
        if not found:
            print(f"no backups of {db} yet (one is taken each day the trainer starts)")
            return 0
        print(f"backups of {db}, in {backup.folder(db)}:")
        for item in found:
            print(f"  {item.day.isoformat()}  {_describe(backup.contents(item.path))}")
        return 0
    chosen = backup.find(db, args.which)
    now = f" (now {_describe(backup.contents(db))})" if db.exists() else " (there is none now)"
    question = (
        f"Replace the study database {db}{now}\nwith the backup of {chosen.day.isoformat()} "
        f"({_describe(backup.contents(chosen.path))})? The current one is kept in "
        f"{backup.folder(db)}."
    )
    if not _confirm(question, args.yes):
        print("Not restored: nothing changed.", file=sys.stderr)
        return 1
    kept = backup.restore(db, chosen, datetime.now().astimezone())
    print(f"restored the backup of {chosen.day.isoformat()} into {db}", file=sys.stderr)
    if kept is not None:
        print(f"the study database as it was is in {kept}", file=sys.stderr)
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from casecards import doctor
    from casecards.cards import expand
    from casecards.deck import load_decks

    db = _db(args)
    decks_dir = _decks_dir(args)
    loaded = load_decks([decks_dir], _media_dir(args, decks_dir))
    decks = None if loaded.problems else [expand(deck) for deck in loaded.decks]
    report = doctor.examine(db, decks)
    for line in report.lines():
        print(line)
    if decks is None:
        print(
            f"decks: {len(loaded.problems)} problems in {decks_dir} (see casecards check); "
            "cards whose note is gone were not looked for"
        )
    if args.repair:
        for done in doctor.repair(db, decks, _today()):
            print(f"repaired: {done}")
        report = doctor.examine(db, decks)
    if args.purge_retired:
        cards = sum(d.cards for d in report.health.retired)
        answers = sum(d.reviews for d in report.health.retired)
        question = (
            f"Delete {cards} retired cards and their {answers} answers for good? "
            "A backup is taken first."
        )
        if cards and _confirm(question, args.yes):
            made, cards, answers = doctor.purge_retired(db, _today())
            print(f"purged {cards} retired cards and {answers} answers (backup: {made})")
    if not report.healthy:
        print("casecards doctor: problems found; see above", file=sys.stderr)
    return 0 if report.healthy else 1
