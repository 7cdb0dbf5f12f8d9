"""Sane limits, each refused with a message that says what and where: the size of a deck file,
the length of a field, the number of notes; and media that are not what they claim."""

from __future__ import annotations

import os
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from casecards import media
from casecards.deck import load_decks
from casecards.deck.loader import MAX_NOTES
from casecards.deck.source import MAX_FILE_BYTES

HEADER = "deck: {id: demo, name: Démo, lang: fr}\nnotes:\n"
NOTE = "  - {id: n1, type: basic, source: s, front: 'Âge ?', back: '37 ans'}\n"


def problems(tmp_path: Path, text: str | bytes, media_dir: Path | None = None) -> list[str]:
    path = tmp_path / "deck.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    result = load_decks([path], media_dir or tmp_path)
    return [str(p) for p in result.problems]


def test_a_deck_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    at_limit = HEADER + NOTE
    at_limit += "#" * (MAX_FILE_BYTES - len(at_limit.encode()) - 1) + "\n"
    assert len(at_limit.encode()) == MAX_FILE_BYTES
    assert problems(tmp_path, at_limit) == []
    started = time.perf_counter()
    assert problems(tmp_path, at_limit + "\n") == [
        f"{tmp_path / 'deck.yaml'}: file is 4,194,305 bytes, over the limit of 4,194,304"
        " (split the deck into several files)"
    ]
    assert time.perf_counter() - started < 1  # refused from its size, not parsed


def test_a_field_over_the_length_limit_is_refused_where_it_is(tmp_path: Path) -> None:
    assert problems(tmp_path, HEADER + NOTE.replace("37 ans", "x" * 20_000)) == []
    found = problems(tmp_path, HEADER + NOTE.replace("37 ans", "x" * 20_001))
    assert found == [
        f"{tmp_path / 'deck.yaml'}:3:60: note 'n1': text is 20,001 characters, over 20,000"
    ]


def test_too_many_notes_in_one_file_are_refused(tmp_path: Path) -> None:
    text = HEADER + "  - x\n" * (MAX_NOTES + 1)
    assert problems(tmp_path, text) == [
        f"{tmp_path / 'deck.yaml'}:3:3: {MAX_NOTES + 1:,} notes in one file, over {MAX_NOTES:,}"
        " (split the deck)"
    ]


# -- media that are not what they claim ---------------------------------------------------------


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` one-bit pixels but holds almost nothing: the
    shape of a decompression bomb, without the gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    Image.new("RGB", (40, 20), "white").save(folder / "scan.png")
    return folder


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        (
            "notes.png",
            lambda p: p.write_text("these are notes, not a picture"),
            "'notes.png' is not an image Pillow can open",
        ),
        (
            "cut.png",
            lambda p: p.write_bytes((p.parent / "scan.png").read_bytes()[:60]),
            "image 'cut.png' is damaged",
        ),
        (
            "bomb.png",
            lambda p: p.write_bytes(png_header(100_000, 100_000)),
            "image 'bomb.png' claims to be far larger than 40,000,000 pixels"
            " (a decompression bomb?)",
        ),
        (
            "big.png",
            lambda p: p.write_bytes(png_header(10_000, 10_000)),  # Pillow only warns
            "image 'big.png' is 10000x10000 pixels, over 40,000,000",
        ),
        (
            "photo.png",
            lambda p: Image.new("RGB", (8, 8)).save(p, format="JPEG"),
            "'photo.png' is a JPEG image, not PNG: give it the extension of what it is",
        ),
        (
            "escape.png",
            lambda p: os.symlink(p.parent.parent / "outside.png", p),
            "media path 'escape.png' leads outside the media folder (symlink?)",
        ),
    ],
)
def test_media_that_are_not_what_they_claim_are_refused(
    media_dir: Path, name: str, make: object, expected: str
) -> None:
    Image.new("RGB", (8, 8)).save(media_dir.parent / "outside.png")
    make(media_dir / name)  # type: ignore[operator]
    with pytest.raises(media.MediaError) as caught:
        media.inspect(media_dir, name)
    assert str(caught.value).startswith(expected)


def test_the_deck_names_the_refused_image_with_its_line(tmp_path: Path, media_dir: Path) -> None:
    (media_dir / "bomb.png").write_bytes(png_header(100_000, 100_000))
    note = "  - {id: i, type: image, source: s, image: bomb.png, prompt: p, answer: a}\n"
    assert problems(tmp_path, HEADER + note, media_dir) == [
        f"{tmp_path / 'deck.yaml'}:3:44: note 'i': image 'bomb.png' claims to be far larger"
        " than 40,000,000 pixels (a decompression bomb?)"
    ]


def test_real_pictures_of_every_kind_are_accepted(media_dir: Path) -> None:
    Image.new("RGB", (8, 8)).save(media_dir / "photo.jpg", format="JPEG")
    Image.new("P", (8, 8)).save(media_dir / "anim.gif", format="GIF")
    for name in ("scan.png", "photo.jpg", "anim.gif"):
        assert media.inspect(media_dir, name).width in (8, 40)
