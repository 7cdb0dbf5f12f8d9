"""All the deck files under some paths: discovery, one id per deck, the deck cache.

``load_decks`` parses every file (what ``check`` and ``export`` need). ``load_entries`` is
the trainer's way in: with a ``DeckCache``, a file whose bytes (and images) are unchanged is
served from the cache without parsing, and its Deck is decoded only when first used. A file
whose ``stat`` is unchanged is not even read (``digests.FileDigests``): an unchanged
collection starts by reading one header line per deck, whatever its size.
"""

from __future__ import annotations

import gc
import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from casecards.deck.cache import DeckCache, Hit, decode
from casecards.deck.digests import FileDigests, ImageDigests
from casecards.deck.loader import ImageCache, load_deck_bytes
from casecards.deck.model import Deck
from casecards.deck.source import read_bytes
from casecards.errors import CasecardsError, Problem
from casecards.i18n import _

DECK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class LoadResult:
    decks: tuple[Deck, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class DeckEntry:
    """One valid deck file: its identity at once, its ``Deck`` parsed already or read from
    the cache on first use (thread-safe). ``complete`` is False for the valid notes of a file
    some of whose notes have problems (a partial load, for the trainer)."""

    __slots__ = (
        "_deck",
        "_load",
        "_lock",
        "complete",
        "file_hash",
        "id",
        "id_line",
        "name",
        "path",
    )

    def __init__(
        self,
        deck_id: str,
        name: str,
        path: str,
        file_hash: str,
        id_line: int,
        deck: Deck | Callable[[], Deck],
        complete: bool = True,
    ) -> None:
        self.id, self.name, self.path, self.file_hash = deck_id, name, path, file_hash
        self.id_line = id_line  # where the file says its id
        self.complete = complete
        self._deck = deck if isinstance(deck, Deck) else None
        self._load = None if isinstance(deck, Deck) else deck
        self._lock = threading.Lock()

    def deck(self) -> Deck:
        with self._lock:
            if self._deck is None:
                assert self._load is not None
                self._deck, self._load = self._load(), None
            return self._deck


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Deck files named by ``paths``: files as given, folders searched recursively, sorted.
    A file named twice (``a.yaml a.yaml``, or a folder and a file in it) is one file."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix in DECK_SUFFIXES and p.is_file())
            if not inside:
                problems.append(
                    Problem(str(path), 0, 0, _("no deck files (*.yaml) in this folder"))
                )
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), 0, 0, _("no such file or folder")))
    return _distinct(found), problems


def _distinct(files: list[Path]) -> list[Path]:
    """``files`` without a second name for a file already listed (by where it resolves)."""
    seen: set[Path] = set()
    kept = []
    for path in files:
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop: keep it, reading it will say why
            real = path.absolute()
        if real not in seen:
            seen.add(real)
            kept.append(path)
    return kept


def load_decks(paths: Sequence[Path], media_dir: Path) -> LoadResult:
    """Load every deck under ``paths``; also refuses a deck id used by two files."""
    entries, problems = load_entries(paths, media_dir)
    return LoadResult(tuple(entry.deck() for entry in entries), problems)


def load_entries(
    paths: Sequence[Path],
    media_dir: Path,
    cache: DeckCache | None = None,
    *,
    partial: bool = False,
) -> tuple[tuple[DeckEntry, ...], tuple[Problem, ...]]:
    """``load_decks``, through ``cache`` when given: the same decks and the same problems.

    ``partial`` (the trainer's way): a file whose problems all lie in some of its notes gives
    an entry of its other notes (``complete`` False, never cached), beside its problems.
    """
    files, problems = discover(paths)
    entries: list[DeckEntry] = []
    first_file: dict[str, str] = {}
    known = cache.files() if cache else FileDigests()
    loader = _Loader(cache, media_dir, known, partial=partial)
    with _collector_paused():
        for path in files:
            entry = loader.entry(path, problems)
            if entry is None:
                continue
            if entry.id in first_file:
                problems.append(
                    Problem(
                        entry.path,
                        entry.id_line,
                        3,
                        _("deck id '{id}' is already used by {path}").format(
                            id=entry.id, path=first_file[entry.id]
                        ),
                        _("deck ids must be unique across files"),
                    )
                )
                continue
            first_file[entry.id] = entry.path
            entries.append(entry)
    known.save()
    return tuple(entries), tuple(sorted(problems, key=lambda p: p.order))


class _Loader:
    """One load's way from a deck file to a ``DeckEntry``: the file's digest (remembered, or
    read), then the cache (a header now, the body when the deck is used), else a parse."""

    def __init__(
        self, cache: DeckCache | None, media_dir: Path, known: FileDigests, *, partial: bool
    ) -> None:
        self.cache = cache
        self.partial = partial
        self.known = known
        self.images = ImageCache(media_dir)
        self.digests = ImageDigests(media_dir, known)

    def entry(self, path: Path, problems: list[Problem]) -> DeckEntry | None:
        display = str(path)
        cache = self.cache
        remembered = self.known.known(path) if cache else None
        read = None if remembered else self._read(path, display, problems)
        if read is None and remembered is None:
            return None
        file_hash = read[1] if read else remembered
        assert file_hash is not None
        key = cache.key(display, file_hash, self.digests) if cache else ""
        hit = cache.get(key, self.digests) if cache else None
        if hit is not None:
            header = hit.header
            fetch = partial(self._cached, hit, key, path, display, file_hash)
            return DeckEntry(header.deck_id, header.name, display, file_hash, header.id_line, fetch)
        if read is None:  # remembered, yet not cached: read it now
            read = self._read(path, display, problems)
            if read is None:
                return None
            if read[1] != file_hash:  # changed since its stat: the key of what was read
                file_hash = read[1]
                key = cache.key(display, file_hash, self.digests) if cache else ""
        told = len(problems)
        deck, id_line = self._parse(read[0], display, key, problems, partial=self.partial)
        if deck is None:
            return None
        complete = len(problems) == told
        return DeckEntry(deck.id, deck.name, display, file_hash, id_line, deck, complete)

    def _read(self, path: Path, display: str, problems: list[Problem]) -> tuple[bytes, str] | None:
        """The file's bytes and digest (remembered for the next load), or None and why not."""
        taken = time.time_ns()
        try:
            before = path.stat()
        except OSError:
            before = None
        data, file_problems = read_bytes(path, display)
        if data is None:
            problems.extend(file_problems)
            return None
        file_hash = hashlib.sha256(data).hexdigest()
        if before is not None:
            self.known.record(path, before, file_hash, taken)
        return data, file_hash

    def _parse(
        self, data: bytes, display: str, key: str, problems: list[Problem], *, partial: bool
    ) -> tuple[Deck | None, int]:
        """The deck (None if it has problems, but see ``partial``) and the line of its id;
        cached if valid and whole."""
        deck, file_problems, id_line = load_deck_bytes(data, display, self.images, partial=partial)
        problems.extend(file_problems)
        if deck is not None and not file_problems and self.cache:
            self.cache.put(key, deck, id_line, self.digests)
        return deck, id_line

    def _cached(self, hit: Hit, key: str, path: Path, display: str, file_hash: str) -> Deck:
        """The deck of a cache hit, on first use: its body, or, if the entry was damaged since
        the start, the file parsed again (and the entry rewritten), as long as the file is
        still the one the start saw."""
        assert self.cache is not None
        body = self.cache.body(hit)
        if body is not None:
            return decode(body)
        problems: list[Problem] = []
        read = self._read(path, display, problems)
        deck = None
        if read is not None and read[1] == file_hash:
            deck, _line = self._parse(read[0], display, key, problems, partial=False)
        if deck is None or deck.id != hit.header.deck_id:
            raise CasecardsError(
                _(
                    "{path} changed while casecards was running (and its cached copy is "
                    "damaged); start casecards again to read it anew"
                ).format(path=display)
            )
        return deck


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds hundreds of thousands of objects and no reference cycles; the cyclic
    collector would walk the growing collection again and again (a third of the time of a
    50,000-note load) and find nothing, so it waits until the load is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
