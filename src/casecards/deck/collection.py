"""All the deck files under some paths: discovery, one id per deck, the deck cache.

``load_decks`` parses every file (what ``check`` and ``export`` need). ``load_entries`` is
the trainer's way in: with a ``DeckCache``, a file whose bytes (and images) are unchanged is
served from the cache without parsing, and its Deck is decoded only when first used.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from casecards.deck.cache import DeckCache, ImageDigests, decode
from casecards.deck.loader import ImageCache, load_deck_bytes
from casecards.deck.model import Deck
from casecards.deck.source import read_bytes
from casecards.errors import Problem

DECK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class LoadResult:
    decks: tuple[Deck, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class DeckEntry:
    """One valid deck file: its identity at once, its ``Deck`` parsed already or decoded from
    the cache on first use (thread-safe)."""

    __slots__ = ("_body", "_deck", "_lock", "file_hash", "id", "name", "path")

    def __init__(
        self, deck_id: str, name: str, path: str, file_hash: str, deck: Deck | bytes
    ) -> None:
        self.id, self.name, self.path, self.file_hash = deck_id, name, path, file_hash
        self._deck = deck if isinstance(deck, Deck) else None
        self._body = deck if isinstance(deck, bytes) else None
        self._lock = threading.Lock()

    def deck(self) -> Deck:
        with self._lock:
            if self._deck is None:
                assert self._body is not None
                self._deck, self._body = decode(self._body), None
            return self._deck


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Deck files named by ``paths``: files as given, folders searched recursively, sorted."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix in DECK_SUFFIXES and p.is_file())
            if not inside:
                problems.append(Problem(str(path), 0, 0, "no deck files (*.yaml) in this folder"))
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), 0, 0, "no such file or folder"))
    return found, problems


def load_decks(paths: Sequence[Path], media_dir: Path) -> LoadResult:
    """Load every deck under ``paths``; also refuses a deck id used by two files."""
    entries, problems = load_entries(paths, media_dir)
    return LoadResult(tuple(entry.deck() for entry in entries), problems)


def load_entries(
    paths: Sequence[Path], media_dir: Path, cache: DeckCache | None = None
) -> tuple[tuple[DeckEntry, ...], tuple[Problem, ...]]:
    """``load_decks``, through ``cache`` when given: the same decks and the same problems."""
    files, problems = discover(paths)
    entries: list[DeckEntry] = []
    first_file: dict[str, str] = {}
    images = ImageCache(media_dir)
    digests = ImageDigests(media_dir)
    with _collector_paused():
        for path in files:
            display = str(path)
            data, file_problems = read_bytes(path, display)
            if data is None:
                problems.extend(file_problems)
                continue
            file_hash = hashlib.sha256(data).hexdigest()
            key = cache.key(display, file_hash, digests) if cache else ""
            hit = cache.get(key, digests) if cache else None
            if hit is not None:
                header = hit.header
                entry = DeckEntry(header.deck_id, header.name, display, file_hash, hit.body)
                id_line = header.id_line
            else:
                deck, file_problems, id_line = load_deck_bytes(data, display, images)
                problems.extend(file_problems)
                if deck is None:
                    continue
                if cache:
                    cache.put(key, deck, id_line, digests)
                entry = DeckEntry(deck.id, deck.name, display, file_hash, deck)
            if entry.id in first_file:
                problems.append(
                    Problem(
                        display,
                        id_line,
                        3,
                        f"deck id '{entry.id}' is already used by {first_file[entry.id]}",
                        "deck ids must be unique across files",
                    )
                )
                continue
            first_file[entry.id] = display
            entries.append(entry)
    return tuple(entries), tuple(problems)


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
