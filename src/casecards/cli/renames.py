"""Renamed notes: ``check`` and the trainer say when a note looks renamed, and ``rename``
carries its progress to the new id. ``check`` uses this module and must not open the store
when there is none: the store's package is imported when a store is read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from casecards.cards import expand
from casecards.cli import args as where
from casecards.deck import Deck
from casecards.errors import CasecardsError
from casecards.i18n import _, ngettext


def renames_told(decks: Sequence[Deck], db: Path) -> list[str]:
    """For ``check``: notes of ``decks`` that look renamed since the store at ``db`` last saw
    them, each as ``file:line: hint``. Reads only; nothing to say without a readable store."""
    if not db.is_file():
        return []
    from casecards.store import Store

    try:
        with Store.open_read_only(db) as store:
            found = store.renamed_notes([expand(deck) for deck in decks])
    except CasecardsError:
        return []  # a store that cannot be read is doctor's business, not check's
    by_id = {deck.id: deck for deck in decks}
    return [
        f"{by_id[r.deck_id].path}:{by_id[r.deck_id].note(r.new).line}: {r.message}" for r in found
    ]


def rename(args: argparse.Namespace) -> int:
    """Carry a renamed note's progress to its new id."""
    old, new = _note_key(args.old), _note_key(args.new)
    if old[0] != new[0]:
        raise CasecardsError(
            _(
                "{old} and {new} are in different decks: a note keeps its progress "
                "only within its deck"
            ).format(old=args.old, new=args.new)
        )
    library = where.library(args)
    deck_id = new[0]
    library.check_deck_ids([deck_id])
    if library.find_note(deck_id, new[1]) is None:
        raise CasecardsError(
            _("no note {note} in the decks of {folder}").format(
                note=args.new, folder=where.decks_dir(args)
            )
        )
    db = where.db_path(args)
    from casecards import backup
    from casecards.store import Store
    from casecards.store.files import no_store

    if not db.is_file():
        raise no_store(db)
    now = where.now()
    made = backup.take(db, now, backup.Kind.BEFORE_RENAME)
    with Store.open(db) as store:
        library.sync(store, now)  # the new note's cards must be in the store
        moved = store.move_history(deck_id, old[1], new[1])
    cards = ngettext("{n} card", "{n} cards", moved.cards).format(n=moved.cards)
    answers = ngettext("{n} answer", "{n} answers", moved.answers).format(n=moved.answers)
    print(
        _("moved {cards} and {answers} from {old} to {new} (backup: {backup})").format(
            cards=cards, answers=answers, old=args.old, new=args.new, backup=made.name
        ),
        file=sys.stderr,
    )
    for card_id, why in moved.left:
        print(_("left {card} where it was: {why}").format(card=card_id, why=why), file=sys.stderr)
    return 0


def _note_key(text: str) -> tuple[str, str]:
    deck_id, slash, note_id = text.partition("/")
    if not slash or not deck_id or not note_id or "/" in note_id:
        raise CasecardsError(_("{text!r} is not a note: write DECK-ID/NOTE-ID").format(text=text))
    return deck_id, note_id
