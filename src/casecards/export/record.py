"""What a package remembers of itself, so that the next export changes only what changed.

Anki updates a note on re-import only when the package gives it a newer modification time
than the one the collection holds (the import dialog's "update notes: if newer"), and then
replaces its fields and its tags wholesale: a student's own tags (``marked``, ``leech``,
theirs) and edits go with it. A note type is updated the same way, taking the student's own
template and style changes with it. So a note must look newer only when its content changed.

To know what changed, every package carries a record of what it holds, ``casecards.json``
beside ``collection.anki2`` in the zip (Anki reads the entries it knows by name and ignores
this one): for each note GUID and note type id, its modification time and a digest of its
content; for each cloze note, its cloze numbers; for each deck, its casecards id and name.
The next export reads the record of the package it replaces (or the one named with
``--previous``): an unchanged note keeps its time, a changed one gets a newer time. The record
travels with the package, so any machine holding the package students last imported (a
laptop, a course page, a CI artefact) can make the next one.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casecards.export.package import ExportError
from casecards.i18n import _

#: The zip entry holding the record.
ENTRY = "casecards.json"
#: The record's format; a package with another format is read as having no record.
FORMAT = 1


class RecordError(ExportError):
    """A previous package cannot be read; the message names it and says why."""


@dataclass(frozen=True, slots=True)
class DeckSeen:
    key: str  # the casecards deck id
    name: str  # the Anki deck name


@dataclass(frozen=True, slots=True)
class Record:
    """What a package holds, by Anki identity: notes by GUID, note types and decks by id.

    ``digests`` and ``times`` hold every note's content digest and modification time (seconds,
    what Anki compares); ``clozes`` the cloze numbers of cloze and occlusion notes (Anki makes
    a card per number); ``note_types`` each note type's time and digest. A record also keeps
    what the package before it recorded and this one does not hold (a deck left out with
    ``--deck``, a note removed from its deck): students may still have them.

    Notes are kept as plain mappings, not a value per note: a record of 50,000 notes is read
    and written by every export, and must cost little next to the export itself.
    """

    digests: dict[str, str]
    times: dict[str, int]
    clozes: dict[str, tuple[int, ...]]
    note_types: dict[int, tuple[int, str]]
    decks: dict[int, DeckSeen]

    @property
    def newest(self) -> int:
        """The latest modification time recorded (0 when empty)."""
        times = [mtime for mtime, _ in self.note_types.values()]
        times.append(max(self.times.values(), default=0))
        return max(times)


def empty() -> Record:
    return Record({}, {}, {}, {}, {})


def encode(record: Record) -> bytes:
    # Notes grouped by time: an export stamps every changed note with one time, so a record
    # holds a handful of times, each written once. Each group is one string, "GUID digest GUID
    # digest …" (GUIDs are base 91, digests hex: neither has a space): at 50,000 notes a JSON
    # object per group took four times as long to write and read.
    by_time: dict[int, list[str]] = {}
    digests = record.digests
    for guid, mtime in record.times.items():
        group = by_time.get(mtime)
        if group is None:
            group = by_time[mtime] = []
        group += (guid, digests[guid])
    data = {
        "casecards": FORMAT,
        "decks": {str(i): [d.key, d.name] for i, d in record.decks.items()},
        "note_types": {str(i): [m, d] for i, (m, d) in record.note_types.items()},
        "notes": {str(mtime): " ".join(group) for mtime, group in by_time.items()},
        "clozes": record.clozes,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def read_record(path: Path) -> Record | None:
    """The record of the package at ``path``; None if it has none (a package written by Anki,
    or by casecards before packages kept a record).

    Raises:
        RecordError: If ``path`` cannot be read, is not a zip, or its record is damaged.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                raw = archive.read(ENTRY)
            except KeyError:
                return None
    except (OSError, zipfile.BadZipFile, EOFError) as error:
        reason = _("not an Anki package") if isinstance(error, zipfile.BadZipFile) else error
        raise RecordError(
            _("cannot read the previous package '{path}': {reason}").format(
                path=path, reason=reason
            )
        ) from None
    try:
        return _decode(raw)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise RecordError(
            _(
                "the record of the previous package '{path}' is damaged ({error}); "
                "name another with --previous"
            ).format(path=path, error=error)
        ) from None


def _decode(raw: bytes) -> Record | None:
    data = json.loads(raw)
    if not isinstance(data, dict) or data.get("casecards") != FORMAT:
        return None
    record = empty()
    for mtime, group in _mapping(data["notes"]).items():
        words = group.split(" ")
        if len(words) % 2:
            raise ValueError(f"notes of {mtime}: a GUID without its digest")
        pairs = dict(zip(words[::2], words[1::2], strict=True))
        record.digests.update(pairs)
        record.times.update(dict.fromkeys(pairs, int(mtime)))
    for guid, numbers in _mapping(data["clozes"]).items():
        record.clozes[guid] = tuple(int(n) for n in numbers)
    for key, (mtime, digest) in _mapping(data["note_types"]).items():
        record.note_types[int(key)] = (int(mtime), str(digest))
    for key, (deck, name) in _mapping(data["decks"]).items():
        record.decks[int(key)] = DeckSeen(str(deck), str(name))
    return record


def _mapping(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping, found {type(value).__name__}")
    return value
