"""A deck's cards as plain text, front then back, as the trainer asks and answers them: what
``casecards preview`` prints when its output is not a terminal, to be read, piped and diffed.

Every word comes from ``casecards.cardtext``, as in the trainer; this module only lays it out.
Pictures are named with their size, regions with their box; a timeline's events are listed in
alphabetical order (the trainer shuffles them); a cloze's own words are marked ``_like this_``
on the back, where the trainer underlines them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from casecards import media
from casecards.cards import (
    Card,
    ClozeFace,
    DifferentialFace,
    Face,
    ImageFace,
    ModalityFace,
    RegionFace,
    SignFace,
    TimelineFace,
    expand,
    face,
)
from casecards.cardtext import cloze_marked, item_text, items, question
from casecards.deck.model import Deck, Note
from casecards.errors import CasecardsError
from casecards.i18n import _
from casecards.markup import MARK_END, MARK_START, to_plain, visible

RULE = "─"
WIDTH = 72


@dataclass(frozen=True, slots=True)
class PreviewCard:
    """One card to preview: the card, its note, and what it shows."""

    card: Card
    note: Note
    face: Face


def preview_cards(deck: Deck, note_id: str | None = None) -> tuple[PreviewCard, ...]:
    """The deck's cards in study order, or those of one note (CasecardsError naming the
    deck's notes if it has no such note)."""
    notes = {note.id: note for note in deck.notes}
    if note_id is not None and note_id not in notes:
        known = ", ".join(notes)
        raise CasecardsError(
            _("no note '{note}' in deck {deck} (its notes: {known})").format(
                note=note_id, deck=deck.id, known=known
            )
        )
    return tuple(
        PreviewCard(card, notes[card.note_id], face(notes[card.note_id], card.part))
        for card in expand(deck).cards
        if note_id is None or card.note_id == note_id
    )


def render_text(deck: Deck, cards: tuple[PreviewCard, ...], media_dir: Path) -> str:
    """Every card of ``cards``: a heading line, the front, then the back."""
    return "\n".join(_card(deck, shown, media_dir) for shown in cards)


def _card(deck: Deck, shown: PreviewCard, media_dir: Path) -> str:
    card, note = shown.card, shown.note
    heading = f"{RULE * 2} {card.id} · {card.kind} · line {note.line} "
    lines = [heading + RULE * max(2, WIDTH - len(heading)), "front:"]
    lines += _indented(_front(shown.face, deck.lang, media_dir))
    lines.append("back:")
    lines += _indented(_back(shown.face, deck.lang))
    if note.explanation:
        lines += _indented(["", *_plain(note.explanation)])
    lines += _indented([f"Source : {visible(note.source)}"])
    lines.append("")
    return "\n".join(lines)


def _front(shown: Face, lang: str, media_dir: Path) -> list[str]:
    asked = question(shown, lang)
    match shown:
        case ClozeFace():
            return _plain(_marked(cloze_marked(shown, reveal=False), "", ""))
        case ImageFace(body) | RegionFace(body):
            size = _size(media_dir, body.image)
            lines = [f"[picture {body.image}, {size}]"]
            if isinstance(shown, RegionFace):
                box = ", ".join(map(str, shown.region.box))
                lines.append(f"[region '{shown.region.id}' outlined: box [{box}]]")
            return [*lines, *_plain(asked.text)]
        case DifferentialFace() | ModalityFace():
            return [*_plain(asked.text), "[the student types the items]"]
        case TimelineFace(body):
            events = sorted((to_plain(e.text) for e in body.events), key=str.casefold)
            shuffled = [f"- {visible(text)}" for text in events]
            return [*_plain(asked.text), "[the events, shuffled in the trainer:]", *shuffled]
        case SignFace():
            options = [
                f"[ ] {number}. {visible(m.modality)}"
                for number, m in enumerate(shown.body.modalities, start=1)
            ]
            return [*_plain(asked.text), *options]
    return _plain(asked.text)


def _back(shown: Face, lang: str) -> list[str]:
    asked = question(shown, lang)
    match shown:
        case ClozeFace():
            return _plain(_marked(cloze_marked(shown, reveal=True), "_", "_"))
        case DifferentialFace() | ModalityFace():
            return [
                f"- {visible(item_text(a.text))}"
                + (f" (also: {', '.join(visible(item_text(x)) for x in a.aliases)})")
                * bool(a.aliases)
                for a in items(shown)
            ]
        case TimelineFace(body):
            return [
                f"{n}. {visible(to_plain(e.text))}" + (f" ({visible(e.when)})" if e.when else "")
                for n, e in enumerate(body.events, start=1)
            ]
        case SignFace():
            right = set(shown.modality_ids)
            return [
                f"[{'x' if m.id in right else ' '}] {number}. {visible(m.modality)}"
                + ("  ✓" if m.id in right else "")
                for number, m in enumerate(shown.body.modalities, start=1)
            ]
    return _plain(asked.answer)


def _marked(text: str, start: str, end: str) -> str:
    return text.replace(MARK_START, start).replace(MARK_END, end)


def _plain(text: str) -> list[str]:
    return visible(to_plain(text)).split("\n")


def _indented(lines: list[str]) -> Iterator[str]:
    return (f"  {line}" if line else "" for line in lines)


def _size(media_dir: Path, reference: str) -> str:
    try:
        info = media.inspect(media_dir, reference)
    except media.MediaError as error:
        return f"cannot be shown: {error}"
    return f"{info.width}x{info.height} pixels"


def file_stamps(target: Path, media_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of each deck file and picture: what --watch compares."""
    files = sorted(target.rglob("*")) if target.is_dir() else [target]
    if media_dir.is_dir():
        files += sorted(media_dir.rglob("*"))
    stamps = []
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        stamps.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)
