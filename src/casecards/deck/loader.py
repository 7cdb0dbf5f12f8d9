"""Load deck files: compose YAML, validate against the format, build the Deck model.

Every problem in a file is collected (``file:line:col: message (hint)``); loading never stops
at the first one and never raises on bad input. ``collection`` loads whole folders.
"""

from __future__ import annotations

import difflib
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from casecards import media
from casecards.deck import cloze
from casecards.deck.format import BY_TYPE, COMMON, DECK, NOTE_SHAPES, NoteType
from casecards.deck.model import (
    Answer,
    Basic,
    Body,
    Cloze,
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
from casecards.deck.optional import display as shown
from casecards.deck.shapes import INVALID, Context, describe
from casecards.deck.source import parse_source, read_bytes
from casecards.errors import Problem
from casecards.i18n import _, integer
from casecards.text import normalise, slugify

# What one file may cost past the check, so that the trainer, Browse and the export handle
# the largest file accepted in seconds (``benchmarks/largest.py`` measures each path on it).
# The bundled decks make 1.3 to 3.6 cards a note, and 4 MiB of one of them holds 4,800 to
# 8,300 notes (within ``source.MAX_VALUES``): 11,000 to 19,000 cards.
MAX_NOTES = 25_000
MAX_CARDS = 25_000
# Cards repeat their note's text: Browse lists each card with its note's text, the Anki
# export writes a note per region, modality or sign card with the note's source and
# explanation. So each note counts its characters once per card, and a file's notes may
# count at most this many: the bundled decks count 1.4 to 5.5 times their text, so 4 MiB of
# the most repetitive of them (modality signs) would count 15 million. Without a bound, a
# 4 MiB file of clozes with a thousand deletions each is billions of characters.
MAX_REPEATED_TEXT = 16_000_000
# Each region card shows its whole image outlined, which the export draws and compresses
# once per distinct box (about 70 ms a million pixels): 50 regions on 2-megapixel pictures,
# nine times the most of a bundled deck (24 regions, 11 million pixels).
MAX_OUTLINED_PIXELS = 100_000_000


class ImageCache:
    """Opens each image once per load, however many notes use it."""

    def __init__(self, media_dir: Path) -> None:
        self.media_dir = media_dir
        self._seen: dict[str, media.ImageInfo | media.MediaError] = {}

    def inspect(self, reference: str) -> media.ImageInfo | media.MediaError:
        if reference not in self._seen:
            try:
                self._seen[reference] = media.inspect(self.media_dir, reference)
            except media.MediaError as error:
                self._seen[reference] = error
        return self._seen[reference]


def load_deck(
    path: Path, images: ImageCache, *, partial: bool = False
) -> tuple[Deck | None, list[Problem], int]:
    """One file: (deck or None, its problems, line of its deck id).

    A deck comes only from a file without problems, unless ``partial``: then a file whose
    problems all lie inside some of its notes gives the deck of its other notes, with those
    problems (the trainer studies what it can; ``check`` and ``export`` stay strict).
    """
    data, problems = read_bytes(path, str(path))
    if data is None:
        return None, problems, 0
    return load_deck_bytes(data, str(path), images, partial=partial)


def load_deck_bytes(
    data: bytes, display: str, images: ImageCache, *, partial: bool = False
) -> tuple[Deck | None, list[Problem], int]:
    """``load_deck`` on a file's bytes, read already; ``display`` names the file."""
    source, problems = parse_source(data, display)
    if source is None:
        return None, problems, 0
    ctx = Context(display, problems)  # duplicate keys: told with the file's other problems
    root = source.root
    if not isinstance(root, yaml.MappingNode):
        ctx.error(
            root,
            _("the top level must be a mapping with 'deck' and 'notes', found {found}").format(
                found=describe(root)
            ),
        )
        return None, ctx.problems, 0

    top = {key.value: (key, value) for key, value in root.value}
    for key, _value in root.value:
        if key.value not in ("deck", "notes"):
            close = difflib.get_close_matches(key.value, ["deck", "notes"], n=1)
            hint = (
                _("did you mean '{name}'?").format(name=close[0])
                if close
                else _("a deck file has only 'deck' and 'notes'")
            )
            ctx.error(key, _("unknown top-level field '{name}'").format(name=key.value), hint)

    deck_values: Any = INVALID
    id_line = 0
    if "deck" in top:
        deck_node = top["deck"][1]
        deck_values = DECK.check(deck_node, ctx)
        id_line = _line_of(deck_node, "id")
    else:
        ctx.error(root, _("missing 'deck:' mapping (id, name, lang)"))

    notes: list[Note] = []
    in_notes = 0  # problems that belong to one note, which a partial load skips alone
    if "notes" not in top:
        ctx.error(root, _("missing 'notes:' list: a deck without notes teaches nothing"))
    else:
        notes, in_notes = _load_notes(top["notes"][1], ctx, images)

    whole_file = len(ctx.problems) - in_notes
    if deck_values is INVALID or (ctx.problems and (not partial or whole_file or not notes)):
        return None, ctx.problems, id_line
    deck = Deck(
        id=deck_values["id"],
        name=deck_values["name"],
        lang=deck_values["lang"],
        description=deck_values.get("description"),
        notes=tuple(notes),
        path=display,
        file_hash=source.sha256,
    )
    return deck, ctx.problems, id_line


def _line_of(mapping: yaml.Node, key: str) -> int:
    if isinstance(mapping, yaml.MappingNode):
        for key_node, _ in mapping.value:
            if key_node.value == key:
                return int(key_node.start_mark.line) + 1
    return int(mapping.start_mark.line) + 1


def _child(mapping: yaml.Node, key: str) -> yaml.Node:
    """The value node of ``key``, or the mapping itself (to locate a problem) if absent."""
    if isinstance(mapping, yaml.MappingNode):
        for key_node, value_node in mapping.value:
            if key_node.value == key:
                node: yaml.Node = value_node
                return node
    return mapping


def _load_notes(node: yaml.Node, ctx: Context, images: ImageCache) -> tuple[list[Note], int]:
    """The valid notes, and how many of the problems told belong to one note alone."""
    if not isinstance(node, yaml.SequenceNode):
        found = describe(node)
        ctx.error(node, _("'notes' must be a list of notes, found {found}").format(found=found))
        return [], 0
    if not node.value:
        ctx.error(node, _("the deck has no notes"), _("add at least one note under 'notes:'"))
        return [], 0
    if len(node.value) > MAX_NOTES:
        ctx.error(
            node,
            _("{count} notes in one file, over {most}").format(
                count=integer(len(node.value)), most=integer(MAX_NOTES)
            ),
            _("split the deck"),
        )
        return [], 0
    in_notes = len(ctx.problems)
    notes: list[Note] = []
    first_line: dict[str, int] = {}
    cost = _FileCost()
    for index, note_node in enumerate(node.value, start=1):
        ctx.text_chars = 0
        loaded = _load_note(note_node, index, ctx, images)
        # Duplicates are checked on the raw id, so a note with other problems still counts.
        id_node = _child(note_node, "id") if isinstance(note_node, yaml.MappingNode) else None
        if isinstance(id_node, yaml.ScalarNode) and id_node is not note_node:
            raw_id = str(id_node.value)
            if raw_id in first_line:
                ctx.subject = ""
                ctx.error(
                    id_node,
                    _("duplicate note id '{id}' (first on line {first})").format(
                        id=raw_id, first=first_line[raw_id]
                    ),
                    _("note ids must be unique in a deck"),
                )
                continue
            first_line[raw_id] = int(note_node.start_mark.line) + 1
        if loaded is not None:
            note, cards = loaded
            notes.append(note)
            cost.add(note, cards, ctx.text_chars, note_node, images)
    in_notes = len(ctx.problems) - in_notes
    ctx.subject = ""
    cost.report(node, ctx)
    return notes, in_notes


class _FileCost:
    """What a file's valid notes will cost once loaded: cards, text repeated on them,
    pixels of region outlines (see the limits above)."""

    __slots__ = ("cards", "most", "outlines", "pixels", "repeated")

    def __init__(self) -> None:
        self.cards = self.repeated = self.pixels = 0
        self.most: tuple[int, int, yaml.Node] | None = None  # the note repeating the most
        self.outlines: set[tuple[str, tuple[int, ...]]] = set()

    def add(self, note: Note, cards: int, chars: int, node: yaml.Node, images: ImageCache) -> None:
        self.cards += cards
        self.repeated += cards * chars
        if self.most is None or cards * chars > self.most[0] * self.most[1]:
            self.most = (cards, chars, node)
        if isinstance(note.body, Image):
            info = images.inspect(note.body.image)
            for region in note.body.regions:
                outline = (note.body.image, region.box)
                if isinstance(info, media.ImageInfo) and outline not in self.outlines:
                    self.outlines.add(outline)
                    self.pixels += info.width * info.height

    def report(self, notes: yaml.Node, ctx: Context) -> None:
        if self.cards > MAX_CARDS:
            ctx.error(
                notes,
                _("the notes of this file make {count} cards, over {most}").format(
                    count=integer(self.cards), most=integer(MAX_CARDS)
                ),
                _("split the deck into several files"),
            )
        if self.repeated > MAX_REPEATED_TEXT and self.most is not None:
            cards, chars, node = self.most
            ctx.error(
                node,
                _(
                    "the cards of this file repeat their notes' text: {count} "
                    "characters in all, over {most}"
                ).format(count=integer(self.repeated), most=integer(MAX_REPEATED_TEXT)),
                _(
                    "each note counts its text once per card, and this one makes {cards} "
                    "cards of {chars} characters: split it, or split the file"
                ).format(cards=integer(cards), chars=integer(chars)),
            )
        if self.pixels > MAX_OUTLINED_PIXELS:
            ctx.error(
                notes,
                _(
                    "the region cards of this file outline {count} pixels of images, over {most}"
                ).format(count=integer(self.pixels), most=integer(MAX_OUTLINED_PIXELS)),
                _("each region card shows its whole image: use smaller images, or split the file"),
            )


def _load_note(
    node: yaml.Node, index: int, ctx: Context, images: ImageCache
) -> tuple[Note, int] | None:
    """The note and the number of cards it makes, or None (its problems are in ``ctx``)."""
    ctx.subject = partial(_subject, index, None)
    if not isinstance(node, yaml.MappingNode):
        found = describe(node)
        ctx.error(node, _("expected a note (a mapping), found {found}").format(found=found))
        return None
    keys = {key.value: value for key, value in node.value}
    note_id = keys.get("id")
    if isinstance(note_id, yaml.ScalarNode) and note_id.value:
        ctx.subject = partial(_subject, index, note_id.value)
    type_node = keys.get("type")
    if type_node is None or type_node.value not in NoteType.__members__.values():
        # The note's shape is unknown, but its id can still be checked.
        id_shape = COMMON["id"].shape
        if note_id is None:
            ctx.error(node, _("missing required field 'id'"))
        else:
            id_shape.check(note_id, ctx)
    if type_node is None:
        valid = ", ".join(t.value for t in NoteType)
        ctx.error(
            node, _("missing required field 'type'"), _("one of: {names}").format(names=valid)
        )
        return None
    try:
        note_type = NoteType(str(type_node.value) if isinstance(type_node, yaml.ScalarNode) else "")
    except ValueError:
        types = [t.value for t in NoteType]
        close = difflib.get_close_matches(str(type_node.value), types, n=1)
        hint = (
            _("did you mean '{name}'?").format(name=close[0])
            if close
            else _("one of: {names}").format(names=", ".join(types))
        )
        found = describe(type_node)
        ctx.error(type_node, _("unknown note type {found}").format(found=found), hint)
        return None

    before = len(ctx.problems)
    values, ok = NOTE_SHAPES[note_type].check_fields(node, ctx)
    # The checks across the type's own fields run whenever those fields are valid, so a
    # missing 'source' does not hide a malformed cloze of the same note.
    own = [name for name, spec in BY_TYPE[note_type].items() if spec.required]
    if not all(name in values for name in own):
        return None
    built = _body(note_type, values, node, ctx, images)
    if built is None or not ok or len(ctx.problems) > before:
        return None
    body, cards = built
    note = Note(
        id=values["id"],
        type=note_type,
        source=values["source"],
        body=body,
        tags=tuple(dict.fromkeys(values.get("tags", ()))),
        explanation=values.get("explanation"),
        facts=tuple(dict.fromkeys(values.get("facts", ()))),
        line=int(node.start_mark.line) + 1,
    )
    return note, cards


def _subject(index: int, note_id: str | None) -> str:
    """How a note's problems name it: by its id, else by its place in the file."""
    if note_id is None:
        return _("note #{index}").format(index=index)
    return _("note '{id}'").format(id=note_id)


def _body(
    note_type: NoteType,
    v: dict[str, Any],
    node: yaml.MappingNode,
    ctx: Context,
    images: ImageCache,
) -> tuple[Body, int] | None:
    """Build the typed body and run the checks that span fields; with the number of cards
    the note makes (as ``casecards.cards.faces`` will make them)."""
    match note_type:
        case NoteType.BASIC:
            return Basic(v["front"], v["back"]), 1
        case NoteType.CLOZE:
            parsed = cloze.parse(v["text"])
            text_node = _child(node, "text")
            for error in parsed.errors:
                ctx.error(text_node, error.message, offset=error.offset)
            if not parsed.deletions and not parsed.errors:
                ctx.error(
                    text_node,
                    _("cloze without deletions"),
                    _("mark answers as {{c1::answer}}"),
                )
            body = Cloze(v["text"], parsed.deletions)
            return body, len(body.numbers)
        case NoteType.IMAGE:
            image = _image(v, node, ctx, images)
            return image, 1 + len(image.regions)
        case NoteType.DIFFERENTIAL:
            answers = tuple(
                Answer(a, ())
                if isinstance(a, str)
                else Answer(a["text"], tuple(a.get("aliases", ())))
                for a in v["answers"]
            )
            # Compared as read: "fracture[s]" and "fractures" are the same answer twice.
            _unique(
                [normalise(shown(a.text)) for a in answers],
                _child(node, "answers"),
                ctx,
                _("answer"),
                [a.text for a in answers],
            )
            return Differential(v["prompt"], answers), 1
        case NoteType.TIMELINE:
            events = tuple(Event(e.get("when"), e["text"]) for e in v["events"])
            return Timeline(v["prompt"], events), 1
        case NoteType.MODALITY_SIGNS:
            modalities = tuple(
                Modality(
                    m.get("id") or slugify(m["modality"]),
                    m["modality"],
                    m.get("timing"),
                    tuple(m["signs"]),
                )
                for m in v["modalities"]
            )
            items = _child(node, "modalities")
            _unique(
                [m.id for m in modalities],
                items,
                ctx,
                _("modality id"),
                [m.id for m in modalities],
            )
            signs: set[str] = set()  # a sign under several modalities makes one card
            for modality, item in zip(modalities, _items(items), strict=False):
                keys = [normalise(shown(s)) for s in modality.signs]
                _unique(keys, _child(item, "signs"), ctx, _("sign"), list(modality.signs))
                signs.update(keys)
            return ModalitySigns(v["subject"], modalities), len(modalities) + len(signs)
    raise AssertionError(note_type)  # pragma: no cover


def _image(v: dict[str, Any], node: yaml.MappingNode, ctx: Context, images: ImageCache) -> Image:
    regions = tuple(
        Region(r["id"], tuple(r["box"]), r["answer"], r.get("prompt")) for r in v.get("regions", ())
    )
    regions_node = _child(node, "regions")
    ids = [r.id for r in regions]
    _unique(ids, regions_node, ctx, _("region id"), ids)
    info = images.inspect(v["image"])
    if isinstance(info, media.MediaError):
        ctx.error(_child(node, "image"), str(info), info.hint)
    else:
        for region, region_node in zip(regions, _items(regions_node), strict=False):
            x, y, w, h = region.box
            if w == 0 or h == 0:
                empty = _("region '{id}' has an empty box").format(id=region.id)
                ctx.error(_child(region_node, "box"), empty)
            elif x + w > info.width or y + h > info.height:
                ctx.error(
                    _child(region_node, "box"),
                    _("region '{id}' box [{x}, {y}, {w}, {h}] goes outside the image").format(
                        id=region.id, x=x, y=y, w=w, h=h
                    ),
                    _("the image is {width}x{height} pixels").format(
                        width=info.width, height=info.height
                    ),
                )
    return Image(v["image"], v["prompt"], v["answer"], regions)


def _items(node: yaml.Node) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _unique(keys: list[str], node: yaml.Node, ctx: Context, what: str, shown: list[str]) -> None:
    items = _items(node)
    seen: set[str] = set()
    for position, key in enumerate(keys):
        if key in seen:
            where = items[position] if position < len(items) else node
            twice = _("{what} '{name}' is listed twice").format(what=what, name=shown[position])
            ctx.error(where, twice)
        seen.add(key)
