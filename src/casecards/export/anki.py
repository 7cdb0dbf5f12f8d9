"""Write a ``Package`` as an Anki package (.apkg): the only module that touches genanki.

genanki is untyped; ``write_apkg`` is the typed interface around it. genanki builds the
collection (schema, note types, decks, notes and cards); this module writes the zip itself so
that the same package and the same ``now`` give the same bytes (genanki would stamp the zip
entries with the clock and store the collection uncompressed).

Time enters through ``now`` (the collection, the zip entries) and ``stamps``: each note and
note type carries the modification time ``export.stamps`` gave it, and Anki takes an update
only when that time is newer than what it holds. The package's record (``export.record``)
goes into the zip beside the collection.
"""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import genanki

from casecards.export.notetypes import ANKI_IMAGE_OCCLUSION_KIND, Kind, NoteTypeSpec
from casecards.export.package import MediaFile, Package, Progress
from casecards.export.record import ENTRY, encode
from casecards.export.stamps import Stamps

# Zip dates start in 1980; a ``now`` before that (only tests pass one) is written as 1980.
_ZIP_EPOCH = 315532800
# Anki's stock image-occlusion fields carry these markers; its editor relies on them.
_OCCLUSION_FIELD_TAGS = 5
_OCCLUSION_UNDELETABLE = 4
# The collection goes into the zip in pieces of this size: at 50,000 notes it is about 60 MB,
# which read whole (and deflated whole) was the export's peak memory.
_CHUNK = 1 << 20


def write_apkg(
    package: Package,
    path: Path,
    *,
    now: datetime,
    stamps: Stamps,
    progress: Progress | None = None,
) -> None:
    """Write ``package`` to ``path`` (overwriting it), made at ``now``, its notes and note
    types modified at the times of ``stamps``, with ``stamps.record``."""
    timestamp = now.timestamp()
    with tempfile.TemporaryDirectory(prefix="casecards-export-") as work:
        database = Path(work) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            _write_collection(connection.cursor(), package, timestamp, stamps, progress)
            connection.commit()
        finally:
            connection.close()
        _write_zip(path, database, package.media, encode(stamps.record), timestamp)


def _write_collection(
    cursor: sqlite3.Cursor,
    package: Package,
    timestamp: float,
    stamps: Stamps,
    progress: Progress | None,
) -> None:
    models = {spec.key: _model(spec) for spec in package.note_types}
    # genanki numbers notes and cards from the timestamp in milliseconds, as Anki does.
    ids: Iterator[int] = itertools.count(int(timestamp * 1000))
    genanki.Package([]).write_to_db(cursor, timestamp, ids)  # schema and the collection row
    total = package.note_count
    done = 0
    for deck in package.decks:
        target = genanki.Deck(deck.id, deck.name, deck.description)
        for key in dict.fromkeys(note.note_type.key for note in deck.notes):
            target.add_model(models[key])
        target.write_to_db(cursor, timestamp, ids)  # the deck and its note types
        for position, note in enumerate(deck.notes):
            # ``due`` keeps the deck's order for new cards, as in the trainer.
            genanki.Note(
                model=models[note.note_type.key],
                fields=list(note.fields),
                tags=note.tags,
                guid=note.guid,
                due=position,
            ).write_to_db(cursor, stamps.note(note.guid), deck.id, ids)
            done += 1
            if progress is not None:
                progress("writing", done, total)
    _finish_note_types(cursor, package.note_types, stamps)


def _model(spec: NoteTypeSpec) -> Any:
    fields: list[dict[str, Any]] = [{"name": name} for name in spec.fields]
    if spec.kind is Kind.IMAGE_OCCLUSION:
        for index, field in enumerate(fields[:_OCCLUSION_FIELD_TAGS]):
            field["tag"] = index
            field["preventDeletion"] = index < _OCCLUSION_UNDELETABLE
    return genanki.Model(
        spec.id,
        spec.name,
        fields=fields,
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in spec.templates],
        css=spec.css,
        model_type=genanki.Model.FRONT_BACK if spec.kind is Kind.STANDARD else genanki.Model.CLOZE,
        sort_field_index=spec.sort_index,
    )


def _finish_note_types(
    cursor: sqlite3.Cursor, specs: tuple[NoteTypeSpec, ...], stamps: Stamps
) -> None:
    """What genanki cannot write: each note type's own modification time (genanki stamps them
    all with the package's), and ``originalStockKind``, without which Anki's occlusion editor
    does not open an image-occlusion note type."""
    (stored,) = cursor.execute("SELECT models FROM col").fetchone()
    models = json.loads(stored)
    for spec in specs:
        model = models[str(spec.id)]
        model["mod"] = stamps.note_types[spec.id]
        if spec.kind is Kind.IMAGE_OCCLUSION:
            model["originalStockKind"] = ANKI_IMAGE_OCCLUSION_KIND
    cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))


def _write_zip(
    path: Path, database: Path, media: tuple[MediaFile, ...], record: bytes, timestamp: float
) -> None:
    stamp = time.gmtime(max(int(timestamp), _ZIP_EPOCH))[:6]

    def entry(name: str, compress: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = compress
        info.external_attr = 0o644 << 16
        return info

    # Pictures are compressed already; the collection and the media index are text, which
    # deflate's fastest level shrinks about as well as its default, in half the time.
    with zipfile.ZipFile(path, "w") as archive:
        collection = entry("collection.anki2", zipfile.ZIP_DEFLATED)
        collection.file_size = database.stat().st_size  # as writestr: decides zip64 up front
        _set_compress_level(collection, 1)
        with database.open("rb") as source, archive.open(collection, "w") as target:
            shutil.copyfileobj(source, target, _CHUNK)
        index = {str(number): file.name for number, file in enumerate(media)}
        archive.writestr(entry("media", zipfile.ZIP_DEFLATED), json.dumps(index), compresslevel=1)
        archive.writestr(entry(ENTRY, zipfile.ZIP_DEFLATED), record, compresslevel=1)
        for number, file in enumerate(media):
            archive.writestr(entry(str(number), zipfile.ZIP_STORED), file.data)


def _set_compress_level(info: zipfile.ZipInfo, level: int) -> None:
    """``ZipFile.open(info, "w")`` takes no level; ``writestr`` sets this same attribute,
    named ``compress_level`` from Python 3.13."""
    if sys.version_info >= (3, 13):
        info.compress_level = level
    else:
        info._compresslevel = level  # type: ignore[attr-defined]
