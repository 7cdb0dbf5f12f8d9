"""``export_apkg``: validated decks in, one .apkg out, written safely or not at all."""

from __future__ import annotations

import errno
import gc
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from casecards import paths
from casecards.deck.model import Deck
from casecards.export.anki import write_apkg
from casecards.export.build import RegionMode, build_package
from casecards.export.package import ExportError, Progress
from casecards.export.record import Record, RecordError, read_record
from casecards.export.stamps import stamp
from casecards.i18n import _

SUFFIX = ".apkg"


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What was written. ``previous`` is the package it was compared with (None: none), and
    ``new``, ``changed`` and ``unchanged`` count the notes against it; ``warnings`` are for the
    person exporting (one line each)."""

    path: Path
    decks: int
    notes: int
    cards: int
    media: int
    previous: Path | None = None
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    warnings: tuple[str, ...] = ()


def export_apkg(
    decks: Sequence[Deck],
    media_dir: Path,
    out: Path,
    *,
    now: datetime,
    regions: RegionMode = RegionMode.OUTLINE,
    progress: Progress | None = None,
    store: Path | None = None,
    previous: Path | None = None,
) -> ExportSummary:
    """Write ``decks`` to ``out`` as one Anki package, compared with the previous one.

    ``decks`` must have passed validation (``load_decks`` without problems). ``previous`` is
    the package students last imported (default: ``out``, when it exists): a note unchanged
    since it keeps its modification time, so Anki leaves it, and what the student added to it,
    as it is; a new or changed note is stamped ``now`` (pass the current time, as the CLI does,
    or a fixed one: the same decks, ``now`` and previous package give the same bytes). The file
    appears whole or not at all: it is written beside ``out`` and renamed; an unwritable
    ``out`` fails before any work.

    ``out`` never replaces an SQLite file, nor ``store``, the progress store in use (default:
    ``paths.default_db()``), whatever name or link leads to it.

    Raises:
        ExportError: If ``out`` cannot or must not be written, ``previous`` cannot be read, a
            picture cannot be read, or the disk fills up; nothing is left behind.
    """
    _refuse_a_store(out, paths.default_db() if store is None else store)
    partial = _open_beside(out)
    try:
        with _collector_paused():
            compared, record, warnings = _previous(out, previous)
            package = build_package(decks, media_dir, regions=regions, progress=progress)
            stamps = stamp(package, record, now)
            try:
                write_apkg(package, partial, now=now, stamps=stamps, progress=progress)
                os.replace(partial, out)
            except (OSError, sqlite3.Error) as error:
                raise ExportError(
                    _("cannot write '{out}': {reason}; nothing was written").format(
                        out=out, reason=_reason(error)
                    )
                ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return ExportSummary(
        out,
        len(package.decks),
        package.note_count,
        package.card_count,
        len(package.media),
        compared,
        stamps.new,
        stamps.updated,
        stamps.unchanged,
        (*warnings, *stamps.warnings),
    )


def _every_note() -> str:
    """What exporting without a previous package costs the students, said in every such
    warning (translated when said, not when imported)."""
    return _(
        "every note counts as changed: a student who imported an earlier package gets every "
        "note replaced, and loses the tags and edits they added to it"
    )


def _previous(out: Path, named: Path | None) -> tuple[Path | None, Record | None, list[str]]:
    """The previous package (``named``, or ``out`` when it exists), its record and warnings.
    A package named with --previous must be readable; ``out`` unreadable is only a warning."""
    if named is None and not out.exists():
        return (
            None,
            None,
            [
                _(
                    "no previous package to compare with (name the one students last imported "
                    "with --previous): {why}"
                ).format(why=_every_note())
            ],
        )
    path = out if named is None else named
    try:
        record = read_record(path)
    except RecordError as error:
        if named is not None:
            raise
        return None, None, [_("{error}: {why}").format(error=error, why=_every_note())]
    if record is None:
        return (
            None,
            None,
            [
                _(
                    "'{path}' has no casecards record of its notes (Anki or an older casecards "
                    "wrote it): {why}"
                ).format(path=path, why=_every_note())
            ],
        )
    return path, record, []


@contextmanager
def _collector_paused() -> Iterator[None]:
    """An export builds hundreds of thousands of objects (notes, fields, the record) and no
    reference cycles; the cyclic collector would walk them again and again and find nothing
    (at 50,000 notes, encoding the record took five times as long with it), so it waits
    until the export is done, as it does for the deck load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def select_decks(decks: Sequence[Deck], deck_ids: Sequence[str]) -> tuple[Deck, ...]:
    """The decks named by ``deck_ids``, in the order loaded; all of them when none is named."""
    if not deck_ids:
        return tuple(decks)
    known = {deck.id for deck in decks}
    unknown = [deck_id for deck_id in deck_ids if deck_id not in known]
    if unknown:
        listing = ", ".join(sorted(known)) or "none"
        raise ExportError(
            _("no deck with id {join} (decks: {listing})").format(
                join=", ".join(unknown), listing=listing
            )
        )
    return tuple(deck for deck in decks if deck.id in deck_ids)


def _refuse_a_store(out: Path, store: Path) -> None:
    """ExportError if ``out`` is the store in use (the same file, through any link) or any
    other SQLite file: a package written there would destroy a learner's progress."""
    try:
        found, used = out.stat(), store.stat()
    except OSError:
        pass  # one of them does not exist (or cannot be read): they are not the same file
    else:
        if (found.st_dev, found.st_ino) == (used.st_dev, used.st_ino):
            raise ExportError(
                _(
                    "'{out}' is your progress store ({store}): export never replaces it; "
                    "choose another path with -o"
                ).format(out=out, store=store)
            )
    try:
        is_sqlite = out.is_file() and paths.is_sqlite_file(out)
    except OSError:
        return  # cannot be read: writing will say why
    if is_sqlite:
        raise ExportError(
            _(
                "'{out}' is an SQLite database (a progress store?): export never "
                "replaces one; choose another path with -o"
            ).format(out=out)
        )


def _reason(error: OSError | sqlite3.Error) -> str:
    """Why a write failed, for the user: a full disk, a refused permission, or what it says."""
    if isinstance(error, sqlite3.Error):  # the collection, built in the temporary folder
        return f"{error} (in the temporary folder)"
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if isinstance(error, PermissionError):
        return "permission denied (is it read-only?)"
    return (error.strerror or str(error)).lower()


def _open_beside(out: Path) -> Path:
    """A new empty file in ``out``'s folder, proving the folder is writable."""
    if out.is_dir():
        raise ExportError(
            _("'{out}' is a folder; give the path of the {SUFFIX} file to write").format(
                out=out, SUFFIX=SUFFIX
            )
        )
    if out.suffix.lower() != SUFFIX:
        raise ExportError(
            _("'{out}' must end in {SUFFIX}: Anki imports packages by that name").format(
                out=out, SUFFIX=SUFFIX
            )
        )
    folder = out.parent
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        raise ExportError(
            _("cannot write '{out}': '{folder}' {why}").format(out=out, folder=folder, why=why)
        )
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(
            _("cannot write '{out}': {lower} (choose another path with -o)").format(
                out=out, lower=reason.lower()
            )
        ) from None
    os.close(handle)
    os.chmod(name, 0o644)  # mkstemp makes it private; a package is meant to be shared
    return Path(name)
