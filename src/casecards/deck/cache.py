"""The deck cache: validated decks kept by content, so an unchanged collection starts without
parsing a single file.

An entry is found by a key over everything a loaded deck depends on: the SHA-256 of the file's
bytes (hashed again only when its ``stat`` changed: see ``digests``), the name the file
is shown by, the media folder, the language spoken, and the code that reads decks (the source
of ``casecards.deck`` and of the modules it calls, the Python version): any change to them is
another key. The entry also lists the SHA-256 of every image the deck uses, and each is
hashed again before the entry is served, so a changed, missing or newly unsafe image
(``media.resolve``) makes a miss too. A miss parses the file as ``check`` would; only decks
without problems are stored.

Decisions:

* The language is in the key although an entry holds no text of the language today (only decks
  without problems are stored, and problems are the only text the loader writes in it): a
  check in French after one in English must never print English kept from the first, whatever
  the loader stores later. It costs one parse of each file at the first start in a language.
* One file per entry, ``<key>.deck``: a JSON header line (what a start needs: the deck's id,
  name, the line of its id, the images, the body's SHA-256), then the body, the deck as plain
  tuples through ``marshal`` (fast, and it never runs code, unlike pickle). A start reads
  only the header line; the body is read, checked against its hash and decoded when the deck
  is first used. A body found damaged then is a miss like any other: the file is parsed.
* Anything wrong with an entry (truncated, foreign, an old format) is a miss, never an error;
  so is a cache folder that cannot be written. Entries are written whole (temporary file,
  then rename), and entries unused for ``KEEP_DAYS`` are pruned when new ones are written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Final

from casecards import __version__
from casecards.deck.digests import FileDigests, ImageDigests
from casecards.deck.format import NoteType
from casecards.deck.model import (
    Answer,
    Basic,
    Cloze,
    ClozeDeletion,
    Deck,
    Differential,
    Event,
    Image,
    Modality,
    ModalitySigns,
    Note,
    Region,
    Timeline,
)
from casecards.errors import CasecardsError
from casecards.i18n import _, active

FORMAT: Final = 1
# A header names a deck and its images: far below this, unless the file is not an entry.
_MAX_HEADER: Final = 1 << 20
KEEP_DAYS: Final = 30
SUFFIX: Final = ".deck"
# The codes of the model's classes in an encoded deck; NoteType is the only enum.
_CLASSES: Final = (
    Deck,
    Note,
    Basic,
    Cloze,
    ClozeDeletion,
    Image,
    Region,
    Differential,
    Answer,
    Timeline,
    Event,
    ModalitySigns,
    Modality,
)
_CODES: Final = {cls: code for code, cls in enumerate(_CLASSES)}
_NOTE_TYPE: Final = -1
_FIELDS: Final = {cls: tuple(f.name for f in fields(cls)) for cls in _CLASSES}
# What a loaded deck depends on besides its file and images: this code.
_SOURCES: Final = ("deck", "media.py", "text.py", "errors.py", "i18n.py")


@dataclass(frozen=True, slots=True)
class Header:
    """What a start needs of a cached deck without decoding it."""

    deck_id: str
    name: str
    id_line: int
    images: tuple[tuple[str, str], ...]  # (reference, SHA-256 of the file)


@dataclass(frozen=True, slots=True)
class Hit:
    header: Header
    path: Path  # the entry; ``DeckCache.body`` reads its body when the deck is needed
    body_hash: str


class DeckCache:
    """A folder of entries. ``DeckCache.default()`` is the user cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pruned = False

    @classmethod
    def default(cls) -> DeckCache:
        """``$CASECARDS_CACHE`` if set, else ``decks/`` in the user cache folder."""
        chosen = os.environ.get("CASECARDS_CACHE")
        if chosen:
            return cls(Path(chosen).expanduser())
        from platformdirs import user_cache_path

        return cls(user_cache_path("casecards", appauthor=False) / "decks")

    def key(self, display: str, file_hash: str, images: ImageDigests) -> str:
        language = active().value
        parts = (str(FORMAT), _code_fingerprint(), language, display, images.folder, file_hash)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def get(self, key: str, images: ImageDigests) -> Hit | None:
        """The entry ``key`` if its header is whole and every image it lists is unchanged
        (the body is read later, by ``body``)."""
        path = self.folder / f"{key}{SUFFIX}"
        try:
            with path.open("rb") as entry:
                line = entry.readline(_MAX_HEADER)
            raw = json.loads(line)
            if raw["format"] != FORMAT or not line.endswith(b"\n"):
                return None
            header = Header(
                str(raw["id"]),
                str(raw["name"]),
                int(raw["id_line"]),
                tuple((str(ref), str(digest)) for ref, digest in raw["images"]),
            )
            body_hash = str(raw["body"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if any(images.digest(ref) != digest for ref, digest in header.images):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used: keeps it from pruning
        return Hit(header, path, body_hash)

    @staticmethod
    def body(hit: Hit) -> bytes | None:
        """The body of ``hit``'s entry, or None if it is gone or no longer matches its hash."""
        try:
            _, _, body = hit.path.read_bytes().partition(b"\n")
        except OSError:
            return None
        return body if hashlib.sha256(body).hexdigest() == hit.body_hash else None

    def files(self) -> FileDigests:
        """The digests of deck files and images remembered in this folder."""
        return FileDigests(self.folder)

    def put(self, key: str, deck: Deck, id_line: int, images: ImageDigests) -> None:
        """Store ``deck`` (valid, with no problems) under ``key``; failures are ignored."""
        used = sorted({note.body.image for note in deck.notes if isinstance(note.body, Image)})
        digests = [(ref, images.digest(ref)) for ref in used]
        if any(digest is None for _, digest in digests):
            return
        body = marshal.dumps(_encode(deck))
        header = {
            "format": FORMAT,
            "id": deck.id,
            "name": deck.name,
            "id_line": id_line,
            "images": digests,
            "body": hashlib.sha256(body).hexdigest(),
        }
        data = json.dumps(header, ensure_ascii=False).encode() + b"\n" + body
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".", suffix=".part", dir=self.folder)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(name, self.folder / f"{key}{SUFFIX}")
        except OSError:
            return
        self._prune()

    def _prune(self) -> None:
        if self._pruned:
            return
        self._pruned = True
        cutoff = time.time() - KEEP_DAYS * 86400
        with contextlib.suppress(OSError):
            for entry in self.folder.iterdir():
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime < cutoff:
                        entry.unlink()


def decode(body: bytes) -> Deck:
    """The Deck an entry's body holds (a body checked against its hash).

    Raises:
        CasecardsError: If it holds no deck, which only a forged entry can do.
    """
    try:
        deck = _decode(marshal.loads(body))
    except (EOFError, ValueError, TypeError, IndexError) as error:
        deck = error
    if not isinstance(deck, Deck):
        raise CasecardsError(
            _(
                "a deck in casecards' cache cannot be read ({error}); "
                "delete {folder} (it is only a cache) and start again"
            ).format(error=repr(deck), folder=DeckCache.default().folder)
        )
    return deck


def _encode(value: Any) -> Any:
    """Model values as marshal-able plain values: a dataclass becomes a list (its class code,
    then its fields), a NoteType ``[-1, value]``; tuples, text, numbers and None stay."""
    kind = type(value)
    if kind is tuple:
        return tuple(_encode(item) for item in value)
    if kind is NoteType:
        return [_NOTE_TYPE, value.value]
    code = _CODES.get(kind)
    if code is None:
        return value
    return [code, *(_encode(getattr(value, name)) for name in _FIELDS[kind])]


def _decode(value: Any) -> Any:
    kind = type(value)
    if kind is tuple:
        return tuple(_decode(item) for item in value)
    if kind is not list:
        return value
    code, *items = value
    if code == _NOTE_TYPE:
        return NoteType(items[0])
    return _CLASSES[code](*(_decode(item) for item in items))


_FINGERPRINT: list[str] = []


def _code_fingerprint() -> str:
    """A hash of the code that turns a file into a Deck, and of the versions it runs on."""
    if not _FINGERPRINT:
        package = Path(__file__).resolve().parents[1]
        digest = hashlib.sha256(f"{__version__} {sys.version} {marshal.version}".encode())
        for path in _source_files(package):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        _FINGERPRINT.append(digest.hexdigest())
    return _FINGERPRINT[0]


def _source_files(package: Path) -> Iterable[Path]:
    for name in _SOURCES:
        path = package / name
        yield from sorted(path.glob("*.py")) if path.is_dir() else [path]
