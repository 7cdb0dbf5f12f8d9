"""The deck cache serves a deck only while its file and its images are exactly as they were,
and the lazy library gives the same decks, cards and sync as a full parse."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from casecards import paths
from casecards.cards import expand, note_hash
from casecards.deck import DeckCache, digests, load_decks, load_entries, loader, source
from casecards.deck import collection as collection_module
from casecards.deck.cache import SUFFIX
from casecards.errors import CasecardsError, DeckError
from casecards.library import Library
from casecards.store import Store

NOW = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
IMAGE_DECK = "otm-02-imagerie-du-cas.yaml"  # image notes with regions


@pytest.fixture(
    autouse=True, params=["fresh-files", pytest.param("settled-files", marks=pytest.mark.slow)]
)
def file_age(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs twice: with files written just now, which a load always reads again
    (too fresh for their ``stat`` to be trusted), and as if they had been written an hour
    ago, when an unchanged ``stat`` is trusted and the file is not read."""
    if request.param == "settled-files":
        monkeypatch.setattr(digests, "RACY_NS", -3600 * 10**9)
    return str(request.param)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the bundled decks and media, to edit."""
    bundled = paths.default_decks_dir()
    decks, media = tmp_path / "decks", tmp_path / "media"
    shutil.copytree(bundled, decks)
    shutil.copytree(paths.media_beside(bundled), media)
    return decks, media


@pytest.fixture
def cache(tmp_path: Path) -> DeckCache:
    return DeckCache(tmp_path / "cache")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The files actually parsed (cache misses), in order."""
    parsed: list[str] = []
    real = loader.load_deck_bytes  # spied on where collection calls it

    def spy(
        data: bytes, display: str, images: loader.ImageCache, *, partial: bool = False
    ) -> object:
        parsed.append(Path(display).name)
        return real(data, display, images, partial=partial)

    monkeypatch.setattr(collection_module, "load_deck_bytes", spy)
    yield parsed


def decks_of(decks: Path, media: Path, cache: DeckCache | None) -> tuple[object, ...]:
    entries, problems = load_entries([decks], media, cache)
    assert problems == ()
    return tuple(entry.deck() for entry in entries)


def test_a_second_load_parses_nothing_and_gives_the_same_decks(
    folders: tuple[Path, Path], cache: DeckCache, parses: list[str]
) -> None:
    decks, media = folders
    first = decks_of(decks, media, cache)
    assert len(parses) == 9
    parses.clear()
    assert decks_of(decks, media, cache) == first
    assert parses == []
    assert first == load_decks([decks], media).decks


def test_an_edited_file_is_parsed_again_and_only_it(
    folders: tuple[Path, Path], cache: DeckCache, parses: list[str]
) -> None:
    decks, media = folders
    decks_of(decks, media, cache)
    parses.clear()
    target = decks / "otm-01-cas.yaml"
    target.write_text(target.read_text().replace("37 ans", "38 ans", 1))
    loaded = decks_of(decks, media, cache)
    assert parses[:] == ["otm-01-cas.yaml"]
    assert loaded == load_decks([decks], media).decks
    assert any("38 ans" in str(note) for note in loaded[0].notes)  # type: ignore[attr-defined]


def test_a_changed_image_invalidates_the_decks_that_use_it(
    folders: tuple[Path, Path], cache: DeckCache, parses: list[str]
) -> None:
    decks, media = folders
    decks_of(decks, media, cache)
    parses.clear()
    deck = load_decks([decks / IMAGE_DECK], media).decks[0]
    image = next(n.body.image for n in deck.notes if hasattr(n.body, "image"))
    with Image.open(media / image) as picture:
        picture.convert("RGB").resize((picture.width, picture.height)).save(
            media / image, format="PNG", compress_level=1
        )
    decks_of(decks, media, cache)
    assert IMAGE_DECK in parses
    assert "otm-01-cas.yaml" not in parses  # decks without that image stay cached


def test_a_shrunken_image_is_refused_not_served_from_the_cache(
    folders: tuple[Path, Path], cache: DeckCache
) -> None:
    """A region box that fitted the old image must be checked against the new one."""
    decks, media = folders
    decks_of(decks, media, cache)
    for picture in media.glob("*.png"):
        Image.new("RGB", (8, 8)).save(picture)
    _, problems = load_entries([decks], media, cache)
    assert any("goes outside the image" in p.message for p in problems)
    with pytest.raises(DeckError):
        Library.load(decks, media, cache=cache)


def test_a_missing_image_is_refused_not_served_from_the_cache(
    folders: tuple[Path, Path], cache: DeckCache
) -> None:
    decks, media = folders
    decks_of(decks, media, cache)
    shutil.rmtree(media)
    media.mkdir()
    _, problems = load_entries([decks], media, cache)
    assert any("not found" in p.message for p in problems)


def test_another_media_folder_is_another_entry(
    folders: tuple[Path, Path], cache: DeckCache, parses: list[str], tmp_path: Path
) -> None:
    decks, media = folders
    decks_of(decks, media, cache)
    parses.clear()
    other = tmp_path / "other-media"
    shutil.copytree(media, other)
    decks_of(decks, other, cache)
    assert len(parses) == 9


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: b"not json\n" + data,
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the body
        lambda data: data.replace(b'"format": 1', b'"format": 99', 1),
    ],
    ids=["empty", "truncated", "garbage", "bit-flip", "other-format"],
)
def test_a_damaged_entry_is_a_miss_and_is_rewritten(
    folders: tuple[Path, Path], cache: DeckCache, parses: list[str], damage: object
) -> None:
    decks, media = folders
    expected = decks_of(decks, media, cache)
    for entry in cache.folder.glob(f"*{SUFFIX}"):
        entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    parses.clear()
    assert decks_of(decks, media, cache) == expected
    assert len(parses) == 9
    parses.clear()
    assert decks_of(decks, media, cache) == expected
    assert parses == []


def test_a_forged_body_with_a_matching_hash_is_an_error_not_a_deck(
    folders: tuple[Path, Path], cache: DeckCache
) -> None:
    """An entry is only ever read as data (marshal runs no code): a body that is not a deck,
    yet matches its header's hash, can only be forged, and is refused with a way out."""
    decks, media = folders
    decks_of(decks, media, cache)
    entry = next(cache.folder.glob(f"*{SUFFIX}"))
    line, _, _ = entry.read_bytes().partition(b"\n")
    header = json.loads(line)
    body = b"\xe9"  # not marshal data
    header["body"] = hashlib.sha256(body).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    with pytest.raises(CasecardsError, match="delete"):
        decks_of(decks, media, cache)


def test_an_unwritable_cache_folder_only_costs_the_parse(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    decks, media = folders
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert decks_of(decks, media, DeckCache(blocker / "cache")) == load_decks([decks], media).decks


def test_duplicate_deck_ids_are_refused_with_cached_decks_too(
    folders: tuple[Path, Path], cache: DeckCache
) -> None:
    decks, media = folders
    decks_of(decks, media, cache)
    shutil.copy(decks / "otm-01-cas.yaml", decks / "zz-copy.yaml")
    _, uncached = load_entries([decks], media)
    _, cached = load_entries([decks], media, cache)
    assert cached == uncached
    assert len(cached) == 1 and "already used by" in cached[0].message


def test_the_lazy_library_syncs_unchanged_decks_without_expanding_them(
    folders: tuple[Path, Path], cache: DeckCache, tmp_path: Path
) -> None:
    decks, media = folders
    eager = load_decks([decks], media).decks
    with Store.open(tmp_path / "a.db") as store:
        first = Library.load(decks, media, cache=cache)
        assert first.sync(store, NOW).added == sum(len(expand(d).cards) for d in eager)
        again = Library.load(decks, media, cache=cache)
        report = again.sync(store, NOW)
        assert report.skipped_decks == len(eager) and report.added == 0
        assert again._expanded == {}  # nothing decoded nor expanded to start
        card = expand(eager[3]).cards[5]
        assert again.card(card.id) == card
        assert again.note(card) == eager[3].note(card.note_id)
        assert list(again._expanded) == [eager[3].id]
        assert again.decks == eager
        assert again.cards == tuple(c for d in eager for c in expand(d).cards)


def test_a_changed_deck_syncs_its_cards_through_the_lazy_library(
    folders: tuple[Path, Path], cache: DeckCache, tmp_path: Path
) -> None:
    decks, media = folders
    with Store.open(tmp_path / "a.db") as store:
        Library.load(decks, media, cache=cache).sync(store, NOW)
        target = decks / "otm-01-cas.yaml"
        target.write_text(target.read_text().replace("37 ans", "38 ans", 1))
        report = Library.load(decks, media, cache=cache).sync(store, NOW)
        assert report.updated > 0 and report.added == 0 and report.skipped_decks == 8


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The deck files read (their bytes, to hash or parse them), in order."""
    read: list[str] = []
    real = source.read_bytes  # spied on where collection calls it

    def spy(path: Path, display: str) -> object:
        read.append(path.name)
        return real(path, display)

    monkeypatch.setattr(collection_module, "read_bytes", spy)
    yield read


def test_an_unchanged_collection_is_not_read_until_a_deck_is_used(
    folders: tuple[Path, Path],
    cache: DeckCache,
    reads: list[str],
    monkeypatch: pytest.MonkeyPatch,
    file_age: str,
) -> None:
    decks, media = folders
    expected = decks_of(decks, media, cache)
    reads.clear()
    bodies: list[Path] = []
    real_body = DeckCache.body

    def body(hit: object) -> bytes | None:
        bodies.append(hit.path)  # type: ignore[attr-defined]
        return real_body(hit)  # type: ignore[arg-type]

    monkeypatch.setattr(DeckCache, "body", staticmethod(body))
    entries, problems = load_entries([decks], media, cache)
    assert problems == ()
    assert len(reads) == (0 if file_age == "settled-files" else 9)
    assert bodies == []  # headers only
    assert entries[4].deck() == expected[4]
    assert len(bodies) == 1
    assert tuple(e.deck() for e in entries) == expected


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_seen(
    folders: tuple[Path, Path], cache: DeckCache, parses: list[str]
) -> None:
    """Tools that restore modification times (``touch -d``, ``rsync -t``) cannot hide an
    edit: the change time moves, and the file is read again."""
    decks, media = folders
    decks_of(decks, media, cache)
    target = decks / "otm-01-cas.yaml"
    before = target.stat()
    target.write_text(target.read_text().replace("37 ans", "38 ans", 1))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size
    parses.clear()
    loaded = decks_of(decks, media, cache)
    assert parses == ["otm-01-cas.yaml"]
    assert any("38 ans" in str(note) for note in loaded[0].notes)  # type: ignore[attr-defined]


def test_a_file_too_fresh_to_trust_is_read_again_every_time(
    folders: tuple[Path, Path], cache: DeckCache, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written less than two seconds before it was hashed could change again within
    the same timestamp: its digest is never served from its ``stat``."""
    monkeypatch.setattr(digests, "RACY_NS", 2 * 10**9)
    decks, media = folders
    decks_of(decks, media, cache)
    reads.clear()
    decks_of(decks, media, cache)
    assert len(reads) == 9


def test_a_damaged_file_index_is_an_empty_one_and_is_rewritten(
    folders: tuple[Path, Path], cache: DeckCache, parses: list[str], reads: list[str], file_age: str
) -> None:
    decks, media = folders
    expected = decks_of(decks, media, cache)
    index = cache.folder / digests.INDEX_NAME
    assert index.is_file() or file_age == "fresh-files"
    index.write_bytes(b'{"format": 1, "files": {"x": [1, 2]}}')
    parses.clear()
    reads.clear()
    assert decks_of(decks, media, cache) == expected
    assert parses == []  # the deck entries are still found, by the files' digests
    assert len(reads) == 9
    if file_age == "settled-files":
        reads.clear()
        decks_of(decks, media, cache)
        assert reads == []


def test_index_entries_unused_for_a_month_are_dropped(
    folders: tuple[Path, Path], cache: DeckCache, file_age: str
) -> None:
    decks, media = folders
    cache.folder.mkdir(parents=True)
    today = datetime.now(UTC).timestamp() // 86400
    stale = [1, 2, 3, 4, 5, 6, "0" * 64, today - digests.KEEP_DAYS - 1]
    recent = [1, 2, 3, 4, 5, 6, "0" * 64, today - digests.KEEP_DAYS + 1]
    index = cache.folder / digests.INDEX_NAME
    index.write_text(json.dumps({"format": 1, "files": {"/gone": stale, "/kept": recent}}))
    decks_of(decks, media, cache)
    files = json.loads(index.read_text())["files"]
    if file_age == "fresh-files":  # nothing learned (too fresh to remember): not rewritten
        assert set(files) == {"/gone", "/kept"}
        return
    assert "/gone" not in files and "/kept" in files
    assert len(files) == 1 + 9 + len(list(media.glob("*.png")))


def test_a_cached_body_damaged_after_the_start_is_parsed_from_its_file(
    folders: tuple[Path, Path], cache: DeckCache, parses: list[str]
) -> None:
    decks, media = folders
    expected = decks_of(decks, media, cache)
    entries, _ = load_entries([decks], media, cache)
    for entry in cache.folder.glob(f"*{SUFFIX}"):
        entry.write_bytes(entry.read_bytes()[:-1])
    parses.clear()
    assert entries[0].deck() == expected[0]
    assert parses == ["otm-01-cas.yaml"]
    parses.clear()
    assert decks_of(decks, media, cache)[0] == expected[0]  # and its entry was rewritten
    assert parses == [p.name for p in sorted(decks.glob("*.yaml"))][1:]


def test_a_damaged_body_of_a_file_changed_since_the_start_is_an_error(
    folders: tuple[Path, Path], cache: DeckCache
) -> None:
    decks, media = folders
    decks_of(decks, media, cache)
    entries, _ = load_entries([decks], media, cache)
    for entry in cache.folder.glob(f"*{SUFFIX}"):
        entry.write_bytes(entry.read_bytes()[:-1])
    target = decks / "otm-01-cas.yaml"
    target.write_text(target.read_text().replace("37 ans", "38 ans", 1))
    with pytest.raises(CasecardsError, match="changed while casecards was running"):
        entries[0].deck()


def test_unknown_ids_are_key_errors() -> None:
    decks = paths.default_decks_dir()
    library = Library.load(decks, paths.media_beside(decks))
    with pytest.raises(KeyError):
        library.card("nope/nope/main")
    with pytest.raises(KeyError):
        library.card("otm-01-cas/nope/main")


def test_note_hash_is_the_hash_of_asdict() -> None:
    """The fast hash keeps every stored content hash valid."""
    decks = paths.default_decks_dir()
    for deck in load_decks([decks], paths.media_beside(decks)).decks:
        for note in deck.notes:
            content = dataclasses.asdict(note)
            content.pop("line")
            text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
            assert note_hash(note) == hashlib.sha256(text.encode()).hexdigest()[:16]
