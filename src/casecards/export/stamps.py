"""Modification times for a package: unchanged since the previous package, a note keeps its
time; new or changed, it gets a newer one. Anki then updates exactly the changed notes.

See ``export.record`` for why and for what a package remembers. Time enters only through
``now``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from casecards.export.notetypes import Kind, NoteTypeSpec
from casecards.export.package import AnkiNote, Package
from casecards.export.record import DeckSeen, Record, empty
from casecards.i18n import _, ngettext


@dataclass(frozen=True, slots=True)
class Stamps:
    """When each note and note type of a package last changed, as Anki will compare it
    (``record.times``, ``note_types``), and the record the package carries for the next
    export."""

    changed: int  # the time of every new or changed note and note type (seconds)
    record: Record
    note_types: dict[int, int]  # note type id -> its time
    new: int  # notes the previous package did not hold
    updated: int  # notes whose content changed since it
    unchanged: int
    warnings: tuple[str, ...] = ()  # what students would meet, for the person exporting

    def note(self, guid: str) -> int:
        return self.record.times[guid]


def stamp(package: Package, previous: Record | None, now: datetime) -> Stamps:
    """Stamp ``package`` against the record of the ``previous`` package (None: no previous
    package, so everything is new, stamped ``now``).

    A changed note is stamped ``now``, or one second after the newest time ``previous``
    recorded if that is later (a clock behind the one of the previous export's machine):
    Anki takes an update only from a strictly newer time.
    """
    changed = int(now.timestamp())
    if previous is None:
        previous = empty()
    else:
        changed = max(changed, previous.newest + 1)
    # The previous record carried forward, then overwritten where this package differs.
    digests, times, clozes = dict(previous.digests), dict(previous.times), dict(previous.clozes)
    new = updated = 0
    warnings: list[str] = []
    for deck in package.decks:
        for note in deck.notes:
            digest = note_digest(note)
            guid = note.guid
            before = digests.get(guid)
            if before == digest:
                continue  # unchanged: its time stays
            if before is None:
                new += 1
            else:
                updated += 1
                gone = sorted(set(clozes.get(guid, ())) - set(note.clozes))
                if gone:
                    warnings.append(clozes_removed(note, gone))
            digests[guid] = digest
            times[guid] = changed
            if note.clozes:
                clozes[guid] = note.clozes
            else:
                clozes.pop(guid, None)
    note_types = dict(previous.note_types)
    for spec in package.note_types:
        digest = note_type_digest(spec)
        if note_types.get(spec.id, (0, ""))[1] != digest:
            note_types[spec.id] = (changed, digest)
    warnings += [
        renamed(deck.key, seen.name, deck.name)
        for deck in package.decks
        if (seen := previous.decks.get(deck.id)) is not None and seen.name != deck.name
    ]
    decks = dict(previous.decks)
    decks.update({deck.id: DeckSeen(deck.key, deck.name) for deck in package.decks})
    record = Record(digests, times, clozes, note_types, decks)
    unchanged = package.note_count - new - updated
    types = {spec.id: note_types[spec.id][0] for spec in package.note_types}
    return Stamps(changed, record, types, new, updated, unchanged, tuple(warnings))


def clozes_removed(note: AnkiNote, numbers: list[int]) -> str:
    """Anki never deletes a card on import: a cloze number gone from the note leaves its card,
    which now renders an error, until the student runs Empty Cards. An occlusion note's
    numbers are its regions, in order."""
    clozes = ", ".join(f"c{n}" for n in numbers)
    if note.note_type.kind is Kind.IMAGE_OCCLUSION:
        gone = ngettext(
            "region {numbers} (cloze {clozes})", "regions {numbers} (cloze {clozes})", len(numbers)
        ).format(numbers=", ".join(str(n) for n in numbers), clozes=clozes)
    else:
        gone = _("cloze {clozes}").format(clozes=clozes)
    return _(
        "note {note} no longer has {gone}: students who imported the previous package keep an "
        "empty card for it, which Anki shows as “No cloze … found on card”; they delete it "
        "with Tools › Empty Cards in Anki on a computer"
    ).format(note=note.key, gone=gone)


def renamed(deck: str, before: str, now: str) -> str:
    """Anki finds a deck by its name, not its id (``import/decks.rs``, ``get_deck_by_name``): a
    renamed deck arrives as a second deck, holding only the cards new since."""
    return _(
        "deck {deck} is named “{now}”, but “{before}” in the previous package: Anki finds decks "
        "by name, so students would get a second deck (with only the new cards in it) beside "
        "their “{before}”; keep the old name, or have students rename “{before}” to “{now}” in "
        "Anki before they import"
    ).format(deck=deck, now=now, before=before)


def note_digest(note: AnkiNote) -> str:
    """A digest of what Anki would replace on update: the note type, the fields, the tags."""
    content = "\x1e".join((note.note_type.key, "\x1f".join(note.fields), " ".join(note.tags)))
    return hashlib.blake2b(content.encode(), digest_size=8).hexdigest()


def note_type_digest(spec: NoteTypeSpec) -> str:
    """A digest of everything of a note type that Anki takes on update."""
    shape = [
        spec.name,
        spec.kind.value,
        spec.fields,
        [[t.name, t.front, t.back] for t in spec.templates],
        spec.css,
        spec.sort_index,
    ]
    return hashlib.blake2b(json.dumps(shape).encode(), digest_size=8).hexdigest()
