"""``export_apkg``: validated decks in, one .apkg out, written safely or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from casecards.deck.model import Deck
from casecards.export.anki import write_apkg
from casecards.export.build import RegionMode, build_package
from casecards.export.package import ExportError, Progress

SUFFIX = ".apkg"


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: Path
    decks: int
    notes: int
    cards: int
    media: int


def export_apkg(
    decks: Sequence[Deck],
    media_dir: Path,
    out: Path,
    *,
    now: datetime,
    regions: RegionMode = RegionMode.OUTLINE,
    progress: Progress | None = None,
) -> ExportSummary:
    """Write ``decks`` to ``out`` as one Anki package stamped with ``now``.

    ``decks`` must have passed validation (``load_decks`` without problems). ``now`` is the
    modification time Anki compares on re-import: pass the current time (the CLI does), or a
    fixed one for byte-identical packages. The file appears whole or not at all: it is
    written beside ``out`` and renamed; an unwritable ``out`` fails before any work.
    """
    partial = _open_beside(out)
    try:
        package = build_package(decks, media_dir, regions=regions, progress=progress)
        write_apkg(package, partial, now=now, progress=progress)
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return ExportSummary(
        out, len(package.decks), package.note_count, package.card_count, len(package.media)
    )


def select_decks(decks: Sequence[Deck], deck_ids: Sequence[str]) -> tuple[Deck, ...]:
    """The decks named by ``deck_ids``, in the order loaded; all of them when none is named."""
    if not deck_ids:
        return tuple(decks)
    known = {deck.id for deck in decks}
    unknown = [deck_id for deck_id in deck_ids if deck_id not in known]
    if unknown:
        listing = ", ".join(sorted(known)) or "none"
        raise ExportError(f"no deck with id {', '.join(unknown)} (decks: {listing})")
    return tuple(deck for deck in decks if deck.id in deck_ids)


def _open_beside(out: Path) -> Path:
    """A new empty file in ``out``'s folder, proving the folder is writable."""
    if out.is_dir():
        raise ExportError(f"'{out}' is a folder; give the path of the {SUFFIX} file to write")
    if out.suffix.lower() != SUFFIX:
        raise ExportError(f"'{out}' must end in {SUFFIX}: Anki imports packages by that name")
    folder = out.parent
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        raise ExportError(f"cannot write '{out}': '{folder}' {why}")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(
            f"cannot write '{out}': {reason.lower()} (choose another path with -o)"
        ) from None
    os.close(handle)
    os.chmod(name, 0o644)  # mkstemp makes it private; a package is meant to be shared
    return Path(name)
