"""What a card says, in the deck's language: the one place a card becomes text.

The trainer's question and answer (``question``), the one-line label Browse lists and the
statistics show (``label``), a note's whole text for Browse's detail and search
(``note_fields``), and the pieces the Anki export turns into fields (``question``, ``items``)
all come from here, so a card reads the same wherever it is shown.

Notes carry their own prompts; the few questions casecards writes itself (modality cards,
region cards) and the labels that are part of a card (its source, a modality's timing) are
phrased here, in French for French decks and in English otherwise, whatever the language of
the screens around the card. Text is
returned in deck markup (``casecards.markup``), except ``label``, which is plain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
)
from casecards.deck import cloze
from casecards.deck.model import (
    Answer,
    Basic,
    Cloze,
    Differential,
    Image,
    Modality,
    ModalitySigns,
    Note,
    Region,
    Timeline,
)
from casecards.deck.optional import display
from casecards.i18n import pgettext
from casecards.markup import MARK_END, MARK_START, to_plain

_PHRASES = {
    "fr": {
        "region": "Que montre la zone encadrée\u00a0?",
        "modality": "Quels signes montre cette modalité\u00a0?",
        "which": "Quelle(s) modalité(s) montre(nt) ce signe\u00a0?",
        "timing": "Délai",
        "source": "Source\u00a0: {}",
        "quote": "«\u00a0{}\u00a0»",
    },
    "en": {
        "region": "What is inside the box?",
        "modality": "Which signs does this modality show?",
        "which": "Which modality (or modalities) shows this sign?",
        "timing": "Timing",
        "source": "Source: {}",
        "quote": "“{}”",
    },
}


def phrase(lang: str, key: str) -> str:
    return _PHRASES.get(lang.split("-")[0], _PHRASES["en"])[key]


@dataclass(frozen=True, slots=True)
class Question:
    """What a card asks (``text`` in deck markup) and, for plain answers, the answer."""

    text: str
    answer: str


def cloze_marked(face: ClozeFace, *, reveal: bool) -> str:
    """The cloze card's text, its own deletions between ``markup.MARK_START`` and
    ``MARK_END``: the gap (or hint) on the front, the filled answer on the back, so the view
    can show which words were hidden. Otherwise ``question(face).text`` or ``.answer``."""
    parsed = cloze.parse(face.body.text)
    return cloze.render(parsed, face.number, reveal=reveal, around=(MARK_START, MARK_END))


def region_prompt(region: Region, lang: str) -> str:
    return region.prompt or phrase(lang, "region")


def item_text(item: str) -> str:
    """An expected item (a differential answer, an alias, a sign) as a person reads it: its
    ``[optional parts]`` without the brackets (``casecards.deck.optional``)."""
    return display(item)


def items(face: DifferentialFace | ModalityFace) -> tuple[Answer, ...]:
    """What the student types on a recall card: the expected items, with their aliases, as
    written (matching reads the brackets of optional parts; ``item_text`` is for reading)."""
    match face:
        case DifferentialFace(body):
            return body.answers
        case ModalityFace(_, modality):
            return tuple(Answer(sign, ()) for sign in modality.signs)
    raise AssertionError(face)  # pragma: no cover


def choices(face: SignFace) -> tuple[Modality, ...]:
    """What a "which modality shows this sign?" card offers to choose from: every modality of
    its note, in the note's order, the right ones (``face.modalities``) among them."""
    return face.body.modalities


def question(face: Face, lang: str) -> Question:
    """The card's question and its answer as text (lists as bullets)."""
    match face:
        case BasicFace(body):
            return Question(body.front, body.back)
        case ClozeFace(body, number):
            parsed = cloze.parse(body.text)
            shown = cloze.render(parsed, number, reveal=False)
            return Question(shown, cloze.render(parsed, number, reveal=True))
        case ImageFace(body):
            return Question(body.prompt, body.answer)
        case RegionFace(_, region):
            return Question(region_prompt(region, lang), region.answer)
        case DifferentialFace(body):
            return Question(body.prompt, _bullets(item_text(a.text) for a in items(face)))
        case TimelineFace(body):
            return Question(body.prompt, _bullets(e.text for e in body.events))
        case ModalityFace(body, modality):
            text = f"**{body.subject}** — {modality.modality}\n{phrase(lang, 'modality')}"
            return Question(text, _bullets(item_text(a.text) for a in items(face)))
        case SignFace(body, _, sign):
            quoted = phrase(lang, "quote").format(item_text(sign))
            text = f"**{body.subject}** — {quoted}\n{phrase(lang, 'which')}"
            return Question(text, _bullets(m.modality for m in face.modalities))
    raise AssertionError(face)  # pragma: no cover


def label(face: Face) -> str:
    """The card in one plain line, for lists (Browse, statistics): a cloze with its own
    deletions hidden, a region's prompt and id, the modality or the sign asked about."""
    match face:
        case BasicFace(body):
            text = body.front
        case ClozeFace(body, number):
            text = cloze.render(cloze.parse(body.text), number, reveal=False)
        case ImageFace(body):
            text = body.prompt
        case RegionFace(body, region):
            text = f"{region.prompt or body.prompt} ({region.id})"
        case DifferentialFace(body) | TimelineFace(body):
            text = body.prompt
        # The modality or the sign first: a note's cards share its subject, and a list
        # cuts the end of a long line.
        case ModalityFace(body, modality):
            text = f"{modality.modality} · {body.subject}"
        case SignFace(body, _, sign):
            text = f"{item_text(sign)} · {body.subject}"
    return to_plain(text)


def note_fields(note: Note) -> tuple[tuple[str, str], ...]:
    """The note's whole text as (label, deck markup) pairs, for a detail view and for search;
    the labels in the person's language, the text in the deck's."""
    body = note.body
    fields: list[tuple[str, str]] = []
    match body:
        case Basic():
            fields += [
                (pgettext("note field", "Front"), body.front),
                (pgettext("note field", "Back"), body.back),
            ]
        case Cloze():
            fields.append(
                (
                    pgettext("note field", "Text"),
                    cloze.render(cloze.parse(body.text), 0, reveal=True),
                )
            )
        case Image():
            fields += [
                (pgettext("note field", "Prompt"), body.prompt),
                (pgettext("note field", "Answer"), body.answer),
                (pgettext("note field", "Image"), body.image),
            ]
            if body.regions:
                fields.append(
                    (
                        pgettext("note field", "Regions"),
                        _bullets(f"{r.id}: {r.answer}" for r in body.regions),
                    )
                )
        case Differential():
            answers = (
                item_text(a.text)
                + (f" ({', '.join(map(item_text, a.aliases))})" if a.aliases else "")
                for a in body.answers
            )
            fields += [
                (pgettext("note field", "Prompt"), body.prompt),
                (pgettext("note field", "Answers"), _bullets(answers)),
            ]
        case Timeline():
            events = (f"{e.when}: {e.text}" if e.when else e.text for e in body.events)
            fields += [
                (pgettext("note field", "Prompt"), body.prompt),
                (pgettext("note field", "Events"), _bullets(events)),
            ]
        case ModalitySigns():
            fields.append((pgettext("note field", "Subject"), body.subject))
            for m in body.modalities:
                heading = f"{m.modality} ({m.timing})" if m.timing else m.modality
                fields.append((heading, _bullets(map(item_text, m.signs))))
    if note.explanation:
        fields.append((pgettext("note field", "Explanation"), note.explanation))
    fields.append((pgettext("note field", "Source"), note.source))
    if note.tags:
        fields.append((pgettext("note field", "Tags"), " ".join(f"#{t}" for t in note.tags)))
    return tuple(fields)


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
