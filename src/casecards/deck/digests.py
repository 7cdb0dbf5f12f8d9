"""SHA-256 of files, remembered by their ``stat`` so that an unchanged file is not read again.

A start of the trainer hashes every deck file and every image its decks use, to know what
changed; at 50,000 notes that is 26 MB read and hashed before the first card. ``FileDigests``
keeps, in the deck cache folder, each file's digest with the ``stat`` it had when it was read
(size, modification and change times in nanoseconds, inode, device), and serves the digest
again while the ``stat`` is the same: what git's index and make do.

Decisions:

* A digest is trusted only for a file last modified (and changed) more than ``RACY_NS`` before
  the moment its ``stat`` was taken (git's "racily clean" rule). A write after that moment
  lands in a later timestamp granule, whatever the file system's (two seconds at worst), so
  it changes the modification time even when the size stays; a file written just before it
  is read again every time until it is older. The change time cannot be set back by tools
  that restore modification times (``touch -d``, ``rsync -t``, ``tar``), so an edit they hide
  is still seen.
* The index is one JSON file, ``files.json``, rewritten whole (temporary file, then rename)
  when a load learned something; anything wrong with it is an empty index, never an error.
  Entries not used for ``KEEP_DAYS`` are dropped when it is written. Two programs writing it at
  once lose only each other's entries, which are hashed again next time.
* Without a folder (``check``, ``export``) every file is read and hashed, every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from casecards import media

INDEX_NAME: Final = "files.json"
FORMAT: Final = 1
KEEP_DAYS: Final = 30
RACY_NS: Final = 2_000_000_000
_DAY_NS: Final = 86_400 * 1_000_000_000

# (size, mtime_ns, ctime_ns, inode, device)
Signature = tuple[int, int, int, int, int]


def signature(stat: os.stat_result) -> Signature:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)


@dataclass(slots=True)
class _Known:
    signature: Signature
    taken: int  # when the stat was taken, time.time_ns()
    digest: str
    used: int  # the last day it was served or learned, in days since the epoch

    def row(self) -> list[object]:
        return [*self.signature, self.taken, self.digest, self.used]

    @classmethod
    def of(cls, row: Any) -> _Known:
        """ValueError or TypeError if ``row`` (from the JSON file) is not an entry."""
        size, mtime, ctime, inode, device, taken, digest, used = row
        sig = (int(size), int(mtime), int(ctime), int(inode), int(device))
        return cls(sig, int(taken), str(digest), int(used))


class FileDigests:
    """Digests of files by path, from ``folder/files.json`` when given (see the module)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._today = time.time_ns() // _DAY_NS
        self._entries: dict[str, _Known] = self._read() if folder else {}
        self._dirty = False

    def known(self, path: Path) -> str | None:
        """The digest of ``path`` if its ``stat`` says it is unchanged since it was hashed."""
        if self.folder is None:
            return None
        key = os.path.abspath(path)
        entry = self._entries.get(key)
        if entry is None:
            return None
        try:
            now = signature(path.stat())
        except OSError:
            return None
        if entry.signature != now or not _settled(now, entry.taken):
            return None
        if entry.used != self._today:
            entry.used = self._today
            self._dirty = True
        return entry.digest

    def record(self, path: Path, before: os.stat_result, digest: str, taken: int) -> None:
        """Remember ``digest`` for ``path`` as read after ``before`` (its ``stat``, taken at
        ``taken``, ``time.time_ns()``). A file too fresh to be trusted is not remembered."""
        if self.folder is None:
            return
        sig = signature(before)
        if not _settled(sig, taken):
            return
        self._entries[os.path.abspath(path)] = _Known(sig, taken, digest, self._today)
        self._dirty = True

    def digest(self, path: Path) -> str:
        """The SHA-256 of ``path``: remembered, or read and hashed (and remembered).

        Raises:
            OSError: If the file cannot be read.
        """
        known = self.known(path)
        if known is not None:
            return known
        taken = time.time_ns()
        before = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.record(path, before, digest, taken)
        return digest

    def save(self) -> None:
        """Write the index if this load learned anything; failures are ignored (a cache)."""
        if self.folder is None or not self._dirty:
            return
        oldest = self._today - KEEP_DAYS
        kept = {path: known.row() for path, known in self._entries.items() if known.used >= oldest}
        data = json.dumps({"format": FORMAT, "files": kept}, separators=(",", ":")).encode()
        name = ""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".", suffix=".part", dir=self.folder)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(name, self.folder / INDEX_NAME)
        except OSError:
            if name:
                with contextlib.suppress(OSError):
                    os.unlink(name)
            return
        self._dirty = False

    def _read(self) -> dict[str, _Known]:
        assert self.folder is not None
        try:
            raw = json.loads((self.folder / INDEX_NAME).read_bytes())
            if raw["format"] != FORMAT:
                return {}
            return {str(path): _Known.of(row) for path, row in raw["files"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}


def _settled(sig: Signature, taken: int) -> bool:
    """Modified and changed long enough before ``taken`` for any later write to show."""
    _, mtime, ctime, _, _ = sig
    return max(mtime, ctime) < taken - RACY_NS


class ImageDigests:
    """SHA-256 of the images of one media folder, each looked up once per load; None for an
    image that cannot be used (missing, outside the folder)."""

    def __init__(self, media_dir: Path, files: FileDigests | None = None) -> None:
        self.media_dir = media_dir
        self.folder = str(media_dir.resolve())
        self._files = files or FileDigests()
        self._seen: dict[str, str | None] = {}

    def digest(self, reference: str) -> str | None:
        if reference not in self._seen:
            try:
                path = media.resolve(self.media_dir, reference)
                self._seen[reference] = self._files.digest(path)
            except (OSError, media.MediaError):
                self._seen[reference] = None
        return self._seen[reference]
