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
from casecards import i18n
from casecards.cards import expand
from casecards.cli import args as where
from casecards.deck import load_decks
from casecards.errors import CasecardsError
from casecards.i18n import N_, _, ngettext
from casecards.store.files import no_store

_SHOWN = 5  # backups named in a message


def _confirm(question: str, assume_yes: bool) -> bool:
    """Ask on the terminal; anything but y/yes (or no terminal to answer) is a no."""
    if assume_yes:
        return True
    # The letters to answer with: "y" always works, as scripts and habits type it.
    yes = {"y", "yes", *_("y|yes").split("|")}
    print(f"{question} {_('[y/N]')} ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except OSError:
        answer = ""
    return answer.strip().lower() in yes


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
        way = _("Its backups: {names}; casecards backup restore {newest} brings one back.").format(
            names=names, newest=newest
        )
    else:
        way = _("There are no backups of it.")
    raise CasecardsError(
        _(
            "The study database {db} is empty (0 bytes): if it held your progress, it was cut "
            "short (by a failed copy or sync?). {way} To start afresh instead, delete the file."
        ).format(db=db, way=way)
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
        print("casecards: " + _("warning: {error}").format(error=error), file=sys.stderr)


_KINDS = {
    backup_files.Kind.DAILY: N_("daily, before the day's first session"),
    backup_files.Kind.MANUAL: N_("taken by backup now"),
    backup_files.Kind.BEFORE_REPAIR: N_("before doctor --repair"),
    backup_files.Kind.BEFORE_PURGE: N_("before doctor --purge-retired"),
    backup_files.Kind.BEFORE_RESTORE: N_("before a restore"),
    backup_files.Kind.BEFORE_RENAME: N_("before casecards rename"),
}


def _describe(contents: backup_files.Contents) -> str:
    text = ngettext("{n} answer", "{n} answers", contents.reviews).format(
        n=i18n.integer(contents.reviews)
    )
    if contents.last_answer:
        last = contents.last_answer[:16].replace("T", " ")
        text += _(", the last on {when}").format(when=last)
    return text if contents.ok else text + _(" (DAMAGED)")


def backup(args: argparse.Namespace) -> int:
    db = where.db_path(args)
    if args.action == "now":
        made = backup_files.take(db, where.now())
        backup_files.prune(db, where.today())
        print(_("backed up {db} to {backup}").format(db=db, backup=made), file=sys.stderr)
        return 0
    if args.action == "list":
        found = backup_files.backups(db)
        if not found:
            if not db.exists():
                raise no_store(db)
            print(
                _("no backups of {db} yet (one is taken each day the trainer starts)").format(db=db)
            )
            return 0
        if not db.exists():
            print(
                _("there is no progress store at {db} now; its backups are still there").format(
                    db=db
                )
            )
        print(
            _(
                "backups of {db}, in {folder}, newest first "
                "(casecards backup restore NAME brings one back):"
            ).format(db=db, folder=backup_files.folder(db))
        )
        width = max(len(item.name) for item in found)
        for item in found:
            described = _describe(backup_files.contents(item.path))
            print(f"  {item.name:<{width}}  {_(_KINDS[item.kind])}: {described}")
        return 0
    chosen = backup_files.find(db, args.which)
    now = (
        _(" (now {contents})").format(contents=_describe(backup_files.contents(db)))
        if db.exists()
        else _(" (there is none now)")
    )
    question = _(
        "Replace the study database {db}{now}\nwith the backup {backup} "
        "({contents})? The current one is kept in {folder}."
    ).format(
        db=db,
        now=now,
        backup=chosen.name,
        contents=_describe(backup_files.contents(chosen.path)),
        folder=backup_files.folder(db),
    )
    if not _confirm(question, args.yes):
        print(_("Not restored: nothing changed."), file=sys.stderr)
        return 1
    kept = backup_files.restore(db, chosen, where.now())
    print(
        _("restored the backup {backup} into {db}").format(backup=chosen.name, db=db),
        file=sys.stderr,
    )
    if kept is not None:
        print(
            _(
                "the study database as it was is in {kept} "
                "(casecards backup restore {name} brings it back)"
            ).format(kept=kept, name=backup_files.find(db, kept.name).name),
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
        problems = ngettext("{n} problem", "{n} problems", len(loaded.problems)).format(
            n=len(loaded.problems)
        )
        print(
            _(
                "decks: {problems} in {folder} (see casecards check); "
                "cards whose note is gone were not looked for"
            ).format(problems=problems, folder=decks_dir)
        )
    if args.repair:
        for done in checkup.repair(db, decks, where.now()):
            print(_("repaired: {what}").format(what=done))
        report = checkup.examine(db, decks)
    if args.purge_retired:
        cards = sum(d.cards for d in report.health.retired)
        answers = sum(d.reviews for d in report.health.retired)
        question = _(
            "Delete {cards} retired cards and their {answers} answers for good? "
            "A backup is taken first."
        ).format(cards=cards, answers=answers)
        if cards and _confirm(question, args.yes):
            made, cards, answers = checkup.purge_retired(db, where.now())
            print(
                _("purged {cards} retired cards and {answers} answers (backup: {backup})").format(
                    cards=cards, answers=answers, backup=made
                )
            )
    if not report.healthy:
        print(_("casecards doctor: problems found; see above"), file=sys.stderr)
    return 0 if report.healthy else 1
