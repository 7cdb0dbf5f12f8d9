"""Validated casecards decks become Anki notes: one Anki card for every casecards card.

The mapping (docs/anki-export.md says why):

* basic, image (the whole picture), differential, timeline: one note, one card;
  GUID from ``deck/note``.
* cloze: one note of Anki's cloze kind; its numbers are Anki's card ordinals (``c1`` is the
  first card); GUID from ``deck/note``.
* image regions: one note per region card, showing the picture with the region outlined as
  the trainer draws it; GUID from the card id ``deck/note/region-ID``. With
  ``RegionMode.OCCLUSION`` instead, one Anki image-occlusion note per image note, a mask per
  region, in region order; GUID from ``deck/note/regions``.
* modality signs: one note per card (``modality-ID`` and ``sign-ID-N``); GUID from the card id.

Tags: the note's own under ``casecards::``, its place ``casecards::<case>::<deck id>`` (the
case is the first part of the deck's name) and its facts ``casecards::<case>::facts::<id>``.
The first field of every note is unique among the package's notes of its type, as Anki's
duplicate check wants (``_unique_first_fields``).
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import html as _html
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from casecards.cards import (
    BasicFace,
    ClozeFace,
    DifferentialFace,
    Face,
    ImageFace,
    ModalityFace,
    RegionFace,
    SignFace,
    TimelineFace,
    card_id,
    faces,
)
from casecards.cardtext import choices, item_text, items, phrase, question, region_prompt
from casecards.deck.model import Deck, Event, Image, Modality, Note
from casecards.export import notetypes as nt
from casecards.export.html import bullets, cloze_content, image, muted, numbered, text
from casecards.export.ids import deck_id, guid
from casecards.export.package import AnkiDeck, AnkiNote, Package, Progress
from casecards.export.pictures import Pictures
from casecards.text import slugify

TAG_ROOT = "casecards"


class RegionMode(enum.StrEnum):
    OUTLINE = "outline"  # one note per region, the region outlined (as in the trainer)
    OCCLUSION = "occlusion"  # one Anki image-occlusion note per image, one mask per region


def build_package(
    decks: Sequence[Deck],
    media_dir: Path,
    *,
    regions: RegionMode = RegionMode.OUTLINE,
    progress: Progress | None = None,
) -> Package:
    """Anki notes, decks and media for ``decks`` (already validated: see ``load_decks``)."""
    pictures = Pictures(media_dir)
    # Notes repeat a handful of tags and tag sets: one Anki string for each tag, one tuple
    # for each set in a deck, not one per note (at 50,000 notes the copies held 13 MB).
    tags: dict[str, str] = {}
    total = sum(len(deck.notes) for deck in decks)
    done = 0
    built: list[AnkiDeck] = []
    for deck in decks:
        builder = _DeckBuilder(deck, pictures, regions, tags)
        notes: list[AnkiNote] = []
        for note in deck.notes:
            notes.extend(builder.note(note))
            done += 1
            if progress is not None:
                progress("building", done, total)
        description = text(deck.description) if deck.description else ""
        built.append(AnkiDeck(deck.id, deck_id(deck.id), deck.name, description, tuple(notes)))
    return Package(_unique_first_fields(built), pictures.files)


def case_tag(deck: Deck) -> str:
    """The Anki tag of a deck's place: ``casecards::<case>::<deck id>``, the case being the
    first part of the deck's name as a slug (``Cas démo::Imagerie`` -> ``cas-demo``)."""
    return f"{TAG_ROOT}::{slugify(deck.name.split('::', 1)[0])}::{deck.id}"


def _unique_first_fields(decks: list[AnkiDeck]) -> tuple[AnkiDeck, ...]:
    """``decks`` with the first field of every note unique among the notes of its type.

    Anki flags a note as a duplicate when another of its type has the same first field, HTML
    tags stripped (``note_fields_check``): the editor warns, Find Duplicates lists it. Where
    two notes of a type would be equal there, each of them gets its casecards id in a
    ``cc-key`` span, which the cards hide (the editor and the browser show it).
    """
    # One pass that keeps the first note of each first field, per type (at 50,000 notes a
    # list per field cost 25 MB of the export's peak memory).
    first: dict[str, dict[str, AnkiNote]] = {}
    equal: set[int] = set()
    for deck in decks:
        for note in deck.notes:
            seen = first.get(note.note_type.key)
            if seen is None:
                seen = first[note.note_type.key] = {}
            compared = _as_anki_compares(note.fields[0])
            other = seen.setdefault(compared, note)
            if other is not note:
                equal.update((id(other), id(note)))
    del first
    if not equal:
        return tuple(decks)
    return tuple(
        dataclasses.replace(
            deck,
            notes=tuple(
                dataclasses.replace(
                    note, fields=(note.fields[0] + _key(note.key), *note.fields[1:])
                )
                if id(note) in equal
                else note
                for note in deck.notes
            ),
        )
        for deck in decks
    )


def _key(value: str) -> str:
    """What tells a note's first field from another's: shown in Anki's editor and browser,
    hidden on the cards (``.cc-key`` in the stylesheet)."""
    return f'<span class="cc-key"> · {value}</span>'


_TAG = re.compile(r"<[^>]*>")
_IMG = re.compile(r"<img[^>]*?\ssrc=[\"']?([^\"'>\s]+)[^>]*>", re.IGNORECASE)


def _as_anki_compares(field: str) -> str:
    """A field as Anki's duplicate check compares it: NFC, tags stripped but pictures kept
    by file name, entities decoded, outer space trimmed
    (``strip_html_preserving_media_filenames``)."""
    if "<" in field:
        if "<img" in field:
            field = _IMG.sub(r" \1 ", field)
        field = _TAG.sub("", field)
    if "&" in field:
        field = _html.unescape(field)
    return unicodedata.normalize("NFC", field).strip()


def shuffled_order(key: str, count: int) -> list[int]:
    """A permutation of ``range(count)`` fixed by ``key`` and never the identity (count >= 2).

    Fisher-Yates driven by SHA-256 rather than ``random``, so the order is the same on every
    machine and Python version: a re-export leaves the student's card as it was.
    """
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        digest = hashlib.sha256(f"{key}#{i}".encode()).digest()
        j = int.from_bytes(digest[:8], "big") % (i + 1)
        order[i], order[j] = order[j], order[i]
    if count >= 2 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


class _DeckBuilder:
    def __init__(
        self,
        deck: Deck,
        pictures: Pictures,
        regions: RegionMode,
        tags: dict[str, str],
    ) -> None:
        self.deck = deck
        self.pictures = pictures
        self.regions = regions
        self.topics = tags  # a note tag -> its Anki tag, for the whole package
        self.tags: dict[tuple[str, ...], tuple[str, ...]] = {}  # note tags -> this deck's
        self.lang = _html.escape(deck.lang, quote=True)
        self.place = case_tag(deck)
        self.facts = self.place.rsplit("::", 1)[0] + "::facts::"

    def note(self, note: Note) -> list[AnkiNote]:
        key = f"{self.deck.id}/{note.id}"
        tags = self.tags.get(note.tags)
        if tags is None:
            tags = self.tags[note.tags] = (*map(self._topic, note.tags), self.place)
        if note.facts:  # facts are nearly a note's own: no sharing to be had
            tags = (*tags, *(self.facts + fact for fact in note.facts))
        explanation = text(note.explanation) if note.explanation else ""
        tail = (explanation, text(note.source), self.lang)
        fields: tuple[str, ...]
        shown = faces(note)
        first = shown[0]
        match first:
            case BasicFace():
                asked = question(first, self.deck.lang)
                fields = (text(asked.text), text(asked.answer), *tail, key)
                return [AnkiNote(nt.BASIC, guid(key), fields, tags)]
            case ClozeFace(body):
                fields = (text(body.text), *tail, key)
                return [AnkiNote(nt.CLOZE, guid(key), fields, tags, body.numbers)]
            case ImageFace():
                regions = [f for f in shown if isinstance(f, RegionFace)]
                return self._image(note, first, regions, tags, tail)
            case DifferentialFace(body):
                answers = bullets(
                    text(item_text(a.text)) + (_aliases(a.aliases) if a.aliases else "")
                    for a in items(first)
                )
                fields = (text(question(first, self.deck.lang).text), answers, *tail, key)
                return [AnkiNote(nt.DIFFERENTIAL, guid(key), fields, tags)]
            case TimelineFace(body):
                shuffled, ordered = _timeline(body.events, shuffled_order(key, len(body.events)))
                fields = (text(question(first, self.deck.lang).text), shuffled, ordered, *tail, key)
                return [AnkiNote(nt.TIMELINE, guid(key), fields, tags)]
            case ModalityFace(body) | SignFace(body):
                # What every card of the note shows alike, written once.
                subject = text(body.subject)
                sign = next((f for f in shown if isinstance(f, SignFace)), None)
                which = "" if sign is None else self._which(sign)
                return [
                    self._modality_signs(note, face, tags, tail, subject, which) for face in shown
                ]
        raise AssertionError(first)  # pragma: no cover

    def _topic(self, tag: str) -> str:
        topic = self.topics.get(tag)
        if topic is None:
            topic = self.topics[tag] = f"{TAG_ROOT}::{tag}"
        return topic

    def _image(
        self,
        note: Note,
        whole: ImageFace,
        regions: list[RegionFace],
        tags: tuple[str, ...],
        tail: tuple[str, str, str],
    ) -> list[AnkiNote]:
        key = f"{self.deck.id}/{note.id}"
        body = whole.body
        picture = image(self.pictures.original(body.image))
        asked = question(whole, self.deck.lang)
        fields = (picture, text(asked.text), text(asked.answer), *tail, key)
        notes = [AnkiNote(nt.IMAGE, guid(key), fields, tags)]
        if not regions:
            return notes
        if self.regions is RegionMode.OCCLUSION:
            notes.append(self._occlusion(body, key, tags, tail, picture))
            return notes
        for region in regions:
            card = card_id(self.deck.id, note.id, region.part)
            outlined = image(self.pictures.outlined(body.image, region.region.box))
            asked = question(region, self.deck.lang)
            fields = (outlined, text(asked.text), text(asked.answer), *tail, card)
            notes.append(AnkiNote(nt.IMAGE_REGION, guid(card), fields, tags))
        return notes

    def _occlusion(
        self,
        body: Image,
        key: str,
        tags: tuple[str, ...],
        tail: tuple[str, str, str],
        picture: str,
    ) -> AnkiNote:
        """Anki's image-occlusion note: masks in Anki's syntax, coordinates as fractions of
        the picture (Anki 23.10+ reads them so), one cloze number per region in order."""
        width, height = self.pictures.size(body.image)
        masks, prompts, answers = [], [], []
        for number, region in enumerate(body.regions, start=1):
            x, y, w, h = region.box
            shape = (
                f"image-occlusion:rect:left={_fraction(x / width)}:top={_fraction(y / height)}"
                f":width={_fraction(w / width)}:height={_fraction(h / height)}"
            )
            masks.append(f"{{{{c{number}::{shape}}}}}")
            prompt = cloze_content(text(region_prompt(region, self.deck.lang)))
            prompts.append(f"{{{{c{number}::{prompt}}}}}")
            answers.append(f"{{{{c{number}::{cloze_content(text(region.answer))}}}}}")
        explanation, source, lang = tail
        card = f"{key}/regions"
        fields = (
            "".join(masks),
            picture,
            "",  # Header: empty; a student's own text stays until this note changes
            explanation,  # Back Extra
            "",  # Comments
            "".join(prompts),
            "".join(answers),
            source,
            lang,
            card,
        )
        clozes = tuple(range(1, len(body.regions) + 1))
        return AnkiNote(nt.IMAGE_OCCLUSION, guid(card), fields, tags, clozes)

    def _modality_signs(
        self,
        note: Note,
        face: Face,
        tags: tuple[str, ...],
        tail: tuple[str, str, str],
        subject: str,
        asked: str,
    ) -> AnkiNote:
        """The Anki note of a modality or sign card; ``subject`` is the note's subject and
        ``asked`` its "which modality" question (``_which``), as field HTML."""
        lang = self.deck.lang
        card = card_id(self.deck.id, note.id, face.part)
        fields: tuple[str, ...]
        match face:
            case ModalityFace(_, modality):
                # Subject comes first, and Anki wants a first field of its own per note.
                name = text(modality.modality)
                fields = (
                    subject + _key(name),
                    name,
                    text(modality.timing) if modality.timing else "",
                    text(phrase(lang, "modality")),
                    bullets(text(item_text(a.text)) for a in items(face)),
                    *tail,
                    card,
                )
                return AnkiNote(nt.MODALITY_SIGNS, guid(card), fields, tags)
            case SignFace(_, _, sign):
                # The trainer ticks among the note's modalities: the front lists them, the
                # back marks each right or wrong, in the same order.
                right = {m.id for m in face.modalities}
                answers = numbered(
                    (_choice(m, m.id in right) for m in choices(face)), css_class="cc-choices"
                )
                said = text(item_text(sign))
                fields = (
                    subject + _key(said),
                    said,
                    asked,
                    answers,
                    *tail,
                    card,
                )
                return AnkiNote(nt.WHICH_MODALITY, guid(card), fields, tags)
        raise AssertionError(face)  # pragma: no cover

    def _which(self, face: SignFace) -> str:
        """The "which modality" question, with the note's modalities to choose from."""
        return text(phrase(self.deck.lang, "which")) + numbered(
            (text(m.modality) for m in choices(face)), css_class="cc-choices"
        )


def _timeline(events: tuple[Event, ...], order: list[int]) -> tuple[str, str]:
    """The front's events in ``order``, lettered A, B, C…, and the back's in their true order,
    each with the letter it had on the front and the letters in a line ("C A B"), so that a
    student checks the order they gave at a glance. ``when`` values that only count the events
    (1, 2, 3…) are left out: the list numbers them already."""
    letter = {index: _letter(position) for position, index in enumerate(order)}
    shuffled = numbered((text(events[i].text) for i in order), letters=True)
    counted = _counts(events)
    key = '<div class="cc-letters">' + " ".join(letter[i] for i in range(len(events))) + "</div>"
    ordered = key + numbered(
        muted("cc-letter", letter[i])
        + (muted("cc-when", text(e.when)) if e.when and not counted else "")
        + text(e.text)
        for i, e in enumerate(events)
    )
    return shuffled, ordered


def _letter(position: int) -> str:
    """The letter of ``position`` (0-based) in an ``<ol type="A">``: A…Z, then AA, AB…"""
    out = ""
    position += 1
    while position:
        position, digit = divmod(position - 1, 26)
        out = chr(ord("A") + digit) + out
    return out


# An ordinal as decks write it: "1", "2.", "3)", "1er", "2e", "2ème", "3rd", "4th"…
_ORDINAL = re.compile(r"(\d+)\s*(?:[.)°]|er|re|ère|e|ème|eme|st|nd|rd|th)?", re.IGNORECASE)


def _counts(events: tuple[Event, ...]) -> bool:
    """Whether every ``when`` given is only its event's rank (1 for the first…)."""
    given = [(rank, e.when.strip()) for rank, e in enumerate(events, start=1) if e.when]
    return bool(given) and all(
        (found := _ORDINAL.fullmatch(when)) is not None and int(found[1]) == rank
        for rank, when in given
    )


def _choice(modality: Modality, right: bool) -> str:
    """A choice on the back of a "which modality" card: right ones with their timing."""
    if not right:
        return f'<span class="cc-wrong">{text(modality.modality)} ✗</span>'
    timing = modality.timing
    shown = text(modality.modality) + (" " + muted("cc-timing", text(timing)) if timing else "")
    return f'<span class="cc-right">{shown} ✓</span>'


def _aliases(aliases: tuple[str, ...]) -> str:
    return " " + muted("cc-also", "(" + ", ".join(text(item_text(a)) for a in aliases) + ")")


def _fraction(value: float) -> str:
    """Anki's way of writing a fraction of the picture: ``.1234``, at most 4 decimals."""
    written = f"{value:.4f}".rstrip("0").rstrip(".")
    return written[1:] if written.startswith("0.") else written or "0"
