"""``casecards doctor``: check the study database and repair what can be repaired.

First, whether there is a store to check at all: a file that is missing, empty, a folder, not
an SQLite file, or that SQLite cannot open (a read-only folder) is named as such, "not
checked", never "ok" and never "damaged". Then the checks, each with its repair:

* **integrity**: SQLite's ``integrity_check``. Damaged indexes are rebuilt (``REINDEX``, which
  reads only the tables); anything worse is repaired by restoring the newest backup that
  passes the check, which the report names.
* **foreign keys**: every answer must have its card and every card its deck. The missing
  rows are given back, retired, so that no answer is lost; this is not damage, and the other
  repairs run after it.
* **schema**: the store's migrations against this casecards' (older ones are migrated when
  casecards opens the store; a newer one means casecards must be updated).
* **schedules**: each card's schedule must be what its last logged answer set (a new card's
  if it has none). The log is the truth: repair rewrites the schedule from it.
* **retired cards**: cards whose note left its deck. They keep their history and come back
  with it if their note returns; ``purge_retired`` deletes them and their answers (after a
  backup).
* **cards whose note is gone**: cards still active in the store whose deck is in the decks
  checked but whose note is not (the deck changed since casecards last ran with it); repair
  retires them, keeping their history, as the trainer's start does. The cards of decks not
  in the folder checked belong to another folder: they are counted, not checked.

``examine`` only reads; ``repair`` and ``purge_retired`` write, after a backup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from casecards import backup
from casecards.cards import DeckCards, deck_of
from casecards.errors import CasecardsError
from casecards.i18n import _, pgettext
from casecards.store import Store
from casecards.store.files import no_store
from casecards.store.maintenance import Health, inspect, reindex
from casecards.store.schema import migration_names

_SHOWN = 10  # items listed per check; the count says how many there are in all


@dataclass(frozen=True, slots=True)
class Report:
    """What ``examine`` found. ``healthy`` ignores retired cards, and the cards of decks not
    checked: they are normal."""

    path: Path
    health: Health
    gone: tuple[str, ...]  # active card ids whose deck was checked but whose note is gone
    good_backup: str | None  # the name of the newest backup that passes the integrity check
    elsewhere: tuple[tuple[str, int], ...] = ()  # active cards of each deck not checked
    backups: tuple[str, ...] = ()  # the names of every backup, newest first

    @property
    def healthy(self) -> bool:
        health = self.health
        return not (
            health.unchecked
            or health.integrity
            or health.foreign_keys
            or health.mismatched
            or health.newer
            or self.gone
        )

    def lines(self) -> list[str]:
        """The report for a person: one line per check, then what to do."""
        health = self.health
        out = [_("study database: {path}").format(path=self.path)]
        if health.unchecked is not None:
            out.append(_("not checked: {unchecked}").format(unchecked=health.unchecked))
            out.append(f"  {self._backups()}")
            return out
        out += self._integrity()
        if not health.complete:
            out.append(
                _(
                    "schema, schedules, retired cards, cards whose note is gone: not checked "
                    "(SQLite cannot read the file)"
                )
            )
            return out
        out += self._foreign_keys()
        out.append(_("schema: {schema}").format(schema=self._schema()))
        if health.mismatched:
            out.append(
                _("schedules: {count} cards differ from their last answer").format(
                    count=len(health.mismatched)
                )
            )
            out += [f"  {card}" for card in health.mismatched[:_SHOWN]]
            out.append(_("  repair: casecards doctor --repair (sets them from the review log)"))
        else:
            out.append(_("schedules: ok (each card is where its last answer left it)"))
        retired = sum(d.cards for d in health.retired)
        kept = sum(d.reviews for d in health.retired)
        out.append(
            _("retired cards: {retired}").format(retired=retired)
            + (_(", keeping {kept} answers").format(kept=kept) if retired else "")
        )
        out += [
            _("  {deck_id}: {cards} cards, {reviews} answers").format(
                deck_id=d.deck_id, cards=d.cards, reviews=d.reviews
            )
            for d in health.retired
        ]
        if retired:
            out.append(
                _(
                    "  they come back with their history if their notes return to the decks; "
                    "casecards doctor --purge-retired deletes them and their answers"
                )
            )
        out.append(_("cards whose note is gone: {count}").format(count=len(self.gone)))
        out += [f"  {card}" for card in self.gone[:_SHOWN]]
        if self.gone:
            out.append(
                _(
                    "  repair: casecards doctor --repair retires them, keeping their history "
                    "(the trainer does the same when it starts with these decks)"
                )
            )
        if self.elsewhere:
            cards = sum(count for _, count in self.elsewhere)
            out.append(
                _("cards of other decks: {cards}, not checked: deck not in this folder").format(
                    cards=cards
                )
            )
            out += [
                _("  {deck}: {count} cards").format(deck=deck, count=count)
                for deck, count in self.elsewhere[:_SHOWN]
            ]
        return out

    def _integrity(self) -> list[str]:
        health = self.health
        if not health.integrity:
            return [_("integrity: ok")]
        out = [_("integrity: DAMAGED ({count} problems)").format(count=len(health.integrity))]
        out += [f"  {problem}" for problem in health.integrity[:_SHOWN]]
        if health.complete:
            out.append(_("  repair: casecards doctor --repair (rebuilds damaged indexes)"))
            if self.good_backup is not None:
                out.append(
                    _("  if that is not enough: casecards backup restore {good_backup}").format(
                        good_backup=self.good_backup
                    )
                )
        elif self.good_backup is not None:
            out.append(
                _("  repair: casecards backup restore {good_backup}").format(
                    good_backup=self.good_backup
                )
            )
        else:
            out.append(_("  there is no sound backup to restore: keep a copy of the file"))
        return out

    def _foreign_keys(self) -> list[str]:
        problems = self.health.foreign_keys
        if not problems:
            return [_("foreign keys: ok (every answer has its card, every card its deck)")]
        out = [
            _("foreign keys: {count} rows point at a row the store does not have").format(
                count=len(problems)
            )
        ]
        out += [f"  {problem}" for problem in problems[:_SHOWN]]
        out.append(
            _(
                "  repair: casecards doctor --repair gives the missing cards and decks "
                "back, retired, keeping every answer"
            )
        )
        return out

    def _schema(self) -> str:
        known = migration_names()
        applied = self.health.migrations
        if self.health.newer:
            return _("{value}: from a newer casecards; update casecards to use it").format(
                value=self.health.newer[-1]
            )
        if applied == known:
            return _("{value} (current)").format(value=known[-1])
        last = applied[-1] if applied else _("empty")
        return _("{last}: casecards migrates it to {value} when it opens it").format(
            last=last, value=known[-1]
        )

    def _backups(self) -> str:
        if not self.backups:
            return _("there are no backups of it")
        return _(
            "its backups: {join} (casecards backup restore {value} brings {which} back)"
        ).format(
            join=", ".join(self.backups),
            value=self.good_backup or self.backups[0],
            which=_("the newest sound one") if self.good_backup else pgettext("a backup", "one"),
        )


def examine(db: Path, decks: Sequence[DeckCards] | None) -> Report:
    """Check ``db`` without writing to it; ``decks`` (None: not known) for gone notes.

    Raises:
        StoreError: If there is no file at ``db`` (no progress store yet).
    """
    if not db.exists():
        raise no_store(db)
    health = inspect(db)
    gone: tuple[str, ...] = ()
    elsewhere: Counter[str] = Counter()
    if decks is not None:
        checked = {deck.deck_id for deck in decks}
        present = {card.id for deck in decks for card in deck.cards}
        elsewhere.update(deck_of(c) for c in health.active if deck_of(c) not in checked)
        gone = tuple(sorted(c for c in health.active - present if deck_of(c) in checked))
    found = backup.backups(db)
    good = next((b.name for b in found if backup.contents(b.path).ok), None)
    return Report(
        db, health, gone, good, tuple(sorted(elsewhere.items())), tuple(b.name for b in found)
    )


def repair(db: Path, decks: Sequence[DeckCards] | None, now: datetime) -> list[str]:
    """Repair what ``examine`` finds: rebuild indexes, give back missing rows, set schedules
    from the log, retire cards whose note is gone. Returns what was done, for the user.

    Raises:
        CasecardsError: If the file could not be checked, or is damaged beyond its indexes
            (restore a backup).
    """
    done = []
    report = examine(db, decks)
    if report.health.unchecked is not None:
        raise CasecardsError(
            _("{db} was not checked ({unchecked}): nothing repaired.").format(
                db=db, unchecked=report.health.unchecked
            )
        )
    if report.health.integrity:
        if report.health.complete and reindex(db):
            report = examine(db, decks)
        if report.health.integrity:
            hint = (
                f"restore a backup: casecards backup restore {report.good_backup}"
                if report.good_backup
                else "there is no sound backup to restore; keep a copy of the file"
            )
            raise CasecardsError(
                _("{db} is damaged beyond its indexes; {hint}.").format(db=db, hint=hint)
            )
        done.append("rebuilt the damaged indexes")
    health = report.health
    if health.foreign_keys or health.mismatched or report.gone:
        made = backup.take(db, now, backup.Kind.BEFORE_REPAIR)
        done.append(f"backed up the store to {made}")
        with Store.open(db) as store:
            if health.foreign_keys:
                given, deleted = store.give_back_missing_rows(now)
                done.append(f"gave back {given} missing cards and decks, retired")
                if deleted:
                    done.append(
                        f"deleted {deleted} answers whose card id is no card's (the backup "
                        "keeps them)"
                    )
                report = examine(db, decks)  # the cards given back need their schedules
            if report.health.mismatched:
                store.reset_schedules(report.health.mismatched)
                done.append(f"set {len(report.health.mismatched)} schedules from the review log")
            if report.gone:
                store.retire(report.gone)
                done.append(f"retired {len(report.gone)} cards whose note is gone")
    return done


def purge_retired(db: Path, now: datetime) -> tuple[Path, int, int]:
    """Back up, then delete retired cards, their answers and retired decks left empty;
    return the backup and (cards, answers) deleted."""
    made = backup.take(db, now, backup.Kind.BEFORE_PURGE)
    with Store.open(db) as store:
        cards, answers = store.purge_retired()
    return made, cards, answers
