"""The largest deck files casecards accepts, one per limit that shapes them: what ``check``,
the trainer's load, Browse's index and the export must each handle in seconds and within the
benchmark's memory target (``run.py`` measures them; see docs/benchmarks.md).

Each file is 4 MiB or just under (``MAX_FILE_BYTES``) and is filled up to another limit:

* ``values``: the most YAML values a file may hold (``MAX_VALUES``) in basic notes of French
  text with markup, as much as 4 MiB holds (17,000 notes): the most nodes to compose, notes
  to check and text to index and export;
* ``cards``: the most cards under both limits, modality notes of 40 short signs (about
  146,000 cards): the most cards to expand, sync and index;
* ``repeated``: the most repeated text (``MAX_REPEATED_TEXT``): notes of 20,000 characters,
  some clozes with a hundred deletions, the rest of the 4 MiB plain text. Every card of
  them repeats its note's text in Browse's index and the export;
* ``regions``: the most pixels of region outlines (``MAX_OUTLINED_PIXELS``), image notes of
  ten regions each on one 2-megapixel picture: the export draws each outline.

``write(folder, shape)`` writes ``folder/decks/<shape>.yaml`` and an empty ``folder/media``,
and checks that the file is accepted (a deck the product refuses measures nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from casecards.deck import load_decks
from casecards.deck.loader import MAX_CARDS, MAX_OUTLINED_PIXELS, MAX_REPEATED_TEXT
from casecards.deck.source import MAX_FILE_BYTES, MAX_VALUES

SHAPES = ("values", "cards", "repeated", "regions")
HEAD = "deck:\n  id: largest\n  name: Largest\n  lang: en\nnotes:\n"
HEAD_VALUES = 11  # the root, 'deck' and its three fields, 'notes' and its list
TEXT = 20_000  # characters of the longest field
PICTURE = (1600, 1250)  # pixels of the regions' picture: a large teaching schematic


def write(folder: Path, shape: str) -> Path:
    decks, media = folder / "decks", folder / "media"
    decks.mkdir(parents=True, exist_ok=True)
    media.mkdir(exist_ok=True)
    if shape == "regions":
        _picture(media / "picture.png")
    path = decks / f"{shape}.yaml"
    path.write_text(HEAD + "".join(_fill(NOTES[shape]())), encoding="utf-8")
    problems = load_decks([path], media).problems
    assert not problems, problems[:3]
    return path


# A note: its YAML, its values, its cards, its cards times its characters (see
# MAX_REPEATED_TEXT).
Note = tuple[str, int, int, int]


def _fill(notes: Iterator[Note]) -> Iterator[str]:
    size, values, cards, repeated = len(HEAD), HEAD_VALUES, 0, 0
    for text, count, made, repeats in notes:
        size += len(text.encode())
        values += count
        cards += made
        repeated += repeats
        if (
            size > MAX_FILE_BYTES
            or values > MAX_VALUES
            or cards > MAX_CARDS
            or repeated > MAX_REPEATED_TEXT
        ):
            return
        yield text


def _values() -> Iterator[Note]:
    n = 0
    front = "**Ostéopénie** sévère de la tête fémorale : quelle séquence IRM la montre ?"
    back = "Le *STIR* : hypersignal T2 diffus, hyposignal T1, sans fissure sous-chondrale."
    while True:
        note_id = f"n{n}"
        text = f'- {{id: {note_id}, type: basic, source: s, front: "{front}", back: "{back}"}}\n'
        yield text, 11, 1, len(note_id) + len("basic") + 1 + len(front) + len(back)
        n += 1


def _cards(signs: int = 40) -> Iterator[Note]:
    n = 0
    listed = ", ".join(f"s{k}" for k in range(signs))
    chars = sum(len(f"s{k}") for k in range(signs))
    while True:
        note_id = f"n{n}"
        text = (
            f"- {{id: {note_id}, type: modality_signs, source: s, subject: s, "
            f"modalities: [{{modality: m, signs: [{listed}]}}]}}\n"
        )
        characters = len(note_id) + len("modality_signs") + 3 + chars
        yield text, 16 + signs, 1 + signs, (1 + signs) * characters
        n += 1


def _repeated(clozes: int = 100) -> Iterator[Note]:
    n = 0
    # Clozes first, up to the budget less what plain notes filling the file will count.
    budget = MAX_REPEATED_TEXT - MAX_FILE_BYTES
    answer = "a" * (TEXT // clozes - len("{{c100::}} "))
    cloze = " ".join(f"{{{{c{k}::{answer}}}}}" for k in range(1, clozes + 1))
    spent = 0
    while True:
        note_id = f"n{n}"
        characters = len(note_id) + len("cloze") + 1 + len(cloze)
        if spent + clozes * characters > budget:
            break
        spent += clozes * characters
        text = f'- {{id: {note_id}, type: cloze, source: s, text: "{cloze}"}}\n'
        yield text, 9, clozes, clozes * characters
        n += 1
    plain = "b" * TEXT
    while True:
        note_id = f"n{n}"
        text = f"- {{id: {note_id}, type: basic, source: s, front: f, back: {plain}}}\n"
        yield text, 11, 1, len(note_id) + len("basic") + 3 + TEXT
        n += 1


def _regions(per_note: int = 10) -> Iterator[Note]:
    n = 0
    pixels = PICTURE[0] * PICTURE[1]
    while True:
        note_id = f"n{n}"
        boxes = ", ".join(
            f"{{id: r{k}, box: [{(n * per_note + k) % 1000}, {k * 10}, 200, 150], answer: a}}"
            for k in range(per_note)
        )
        text = (
            f"- {{id: {note_id}, type: image, source: s, image: picture.png, prompt: p, "
            f"answer: a, regions: [{boxes}]}}\n"
        )
        count = 15 + per_note * 12
        characters = len(note_id) + len("image") + 4 + len("picture.png") + per_note * 3
        if (n + 1) * per_note * pixels > MAX_OUTLINED_PIXELS:
            return
        yield text, count, 1 + per_note, (1 + per_note) * characters
        n += 1


def _picture(path: Path) -> None:
    """A schematic with smooth areas and edges, as teaching pictures are (and as PNG
    compresses them: a picture of noise would be a worse case no deck has)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", PICTURE, (20, 24, 30))
    draw = ImageDraw.Draw(image)
    width, height = PICTURE
    for k in range(60):
        x, y = (k * 97) % width, (k * 61) % height
        draw.ellipse((x, y, x + 220, y + 160), fill=(60 + k * 3, 90 + k, 140 - k))
        draw.line((0, k * 20, width, height - k * 20), fill=(200, 200, 200), width=3)
    image.save(path)


NOTES: dict[str, Callable[[], Iterator[Note]]] = {
    "values": _values,
    "cards": _cards,
    "repeated": _repeated,
    "regions": _regions,
}
