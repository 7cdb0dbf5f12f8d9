"""``casecards doctor``: check the study database and repair what can be repaired.

Checks, each with its repair:

* **integrity**: SQLite's ``integrity_check`` and ``foreign_key_check``. Damaged indexes are
  rebuilt (``REINDEX``, which reads only the tables); anything worse is repaired by
  restoring the newest backup that passes the check, which the report names.
* **schema**: the store's migrations against this casecards' (older ones are migrated when
  casecards opens the store; a newer one means casecards must be updated).
* **schedules**: each card's schedule must be what its last logged answer set (a new card's
  if it has none). The log is the truth: repair rewrites the schedule from it.
* **retired cards**: cards whose note or deck left the decks. They keep their history and
  come back with it if their note returns; ``purge_retired`` deletes them and their answers
  (after a backup).
* **cards whose note is gone**: cards still active in the store whose note is no longer in
  the decks (the decks changed since casecards last ran with them); repair retires them,
  keeping their history, as the trainer's start does.

``examine`` only reads; ``repair`` and ``purge_retired`` write, after a backup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from casecards import backup
from casecards.cards import DeckCards
from casecards.errors import CasecardsError
from casecards.store import Store
from casecards.store.files import no_store
from casecards.store.maintenance import Health, inspect, reindex
from casecards.store.schema import migration_names

_SHOWN = 10  # items listed per check; the count says how many there are in all


@dataclass(frozen=True, slots=True)
class Report:
    """What ``examine`` found. ``healthy`` ignores retired cards: they are normal."""

    path: Path
    health: Health
    gone: tuple[str, ...]  # active card ids whose note is not in the decks
    good_backup: str | None  # the name of the newest backup that passes the integrity check

    @property
    def healthy(self) -> bool:
        health = self.health
        return not (health.integrity or health.mismatched or health.newer or self.gone)

    def lines(self) -> list[str]:
        """The report for a person: one line per check, then what to do."""
        health = self.health
        out = [f"study database: {self.path}"]
        if health.integrity:
            out.append(f"integrity: DAMAGED ({len(health.integrity)} problems)")
            out += [f"  {problem}" for problem in health.integrity[:_SHOWN]]
            out.append("  repair: casecards doctor --repair (rebuilds damaged indexes)")
            if self.good_backup is not None:
                out.append(f"  if that is not enough: casecards backup restore {self.good_backup}")
        else:
            out.append("integrity: ok")
        out.append(f"schema: {self._schema()}")
        if health.mismatched:
            out.append(f"schedules: {len(health.mismatched)} cards differ from their last answer")
            out += [f"  {card}" for card in health.mismatched[:_SHOWN]]
            out.append("  repair: casecards doctor --repair (sets them from the review log)")
        else:
            out.append("schedules: ok (each card is where its last answer left it)")
        retired = sum(d.cards for d in health.retired)
        kept = sum(d.reviews for d in health.retired)
        out.append(f"retired cards: {retired}" + (f", keeping {kept} answers" if retired else ""))
        out += [f"  {d.deck_id}: {d.cards} cards, {d.reviews} answers" for d in health.retired]
        if retired:
            out.append(
                "  they come back with their history if their notes return to the decks; "
                "casecards doctor --purge-retired deletes them and their answers"
            )
        out.append(f"cards whose note is gone: {len(self.gone)}")
        out += [f"  {card}" for card in self.gone[:_SHOWN]]
        if self.gone:
            out.append(
                "  repair: casecards doctor --repair retires them, keeping their history "
                "(the trainer does the same when it starts with these decks)"
            )
        return out

    def _schema(self) -> str:
        known = migration_names()
        applied = self.health.migrations
        if self.health.newer:
            return f"{self.health.newer[-1]}: from a newer casecards; update casecards to use it"
        if applied == known:
            return f"{known[-1]} (current)"
        last = applied[-1] if applied else "empty"
        return f"{last}: casecards migrates it to {known[-1]} when it opens it"


def examine(db: Path, decks: Sequence[DeckCards] | None) -> Report:
    """Check ``db`` without writing to it; ``decks`` (None: not known) for gone notes.

    Raises:
        StoreError: If there is no file at ``db`` (no progress store yet).
    """
    if not db.exists():
        raise no_store(db)
    health = inspect(db)
    present = None if decks is None else {card.id for deck in decks for card in deck.cards}
    gone = () if present is None else tuple(sorted(health.active - present))
    good = next((b.name for b in backup.backups(db) if backup.contents(b.path).ok), None)
    return Report(db, health, gone, good)


def repair(db: Path, decks: Sequence[DeckCards] | None, now: datetime) -> list[str]:
    """Repair what ``examine`` finds: rebuild indexes, set schedules from the log, retire
    cards whose note is gone. Returns what was done, for the user.

    Raises:
        CasecardsError: If the file is damaged beyond its indexes (restore a backup).
    """
    done = []
    report = examine(db, decks)
    if report.health.integrity:
        if reindex(db):
            report = examine(db, decks)
        if report.health.integrity:
            hint = (
                f"restore a backup: casecards backup restore {report.good_backup}"
                if report.good_backup
                else "there is no sound backup to restore; keep a copy of the file"
            )
            raise CasecardsError(f"{db} is damaged beyond its indexes; {hint}.")
        done.append("rebuilt the damaged indexes")
    health = report.health
    if health.mismatched or report.gone:
        made = backup.take(db, now, backup.Kind.BEFORE_REPAIR)
        done.append(f"backed up the store to {made}")
        with Store.open(db) as store:
            if health.mismatched:
                store.reset_schedules(health.mismatched)
                done.append(f"set {len(health.mismatched)} schedules from the review log")
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
