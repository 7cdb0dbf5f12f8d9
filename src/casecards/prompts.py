"""The question a card asks, in the deck's language: what the trainer shows, and the pieces
the Anki export turns into fields.

Notes carry their own prompts; the few questions casecards writes itself (modality cards,
region cards) are phrased here, in French for French decks and in English otherwise.
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
from casecards.deck.model import Answer, Region

_PHRASES = {
    "fr": {
        "region": "Que montre la zone encadrée\u00a0?",
        "modality": "Quels signes montre cette modalité\u00a0?",
        "which": "Quelle(s) modalité(s) montre(nt) ce signe\u00a0?",
        "timing": "Délai",
        "quote": "«\u00a0{}\u00a0»",
    },
    "en": {
        "region": "What is inside the box?",
        "modality": "Which signs does this modality show?",
        "which": "Which modality (or modalities) shows this sign?",
        "timing": "Timing",
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


def region_prompt(region: Region, lang: str) -> str:
    return region.prompt or phrase(lang, "region")


def items(face: DifferentialFace | ModalityFace) -> tuple[Answer, ...]:
    """What the student types on a recall card: the expected items, with their aliases."""
    match face:
        case DifferentialFace(body):
            return body.answers
        case ModalityFace(_, modality):
            return tuple(Answer(sign, ()) for sign in modality.signs)
    raise AssertionError(face)  # pragma: no cover


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
            return Question(body.prompt, _bullets(a.text for a in items(face)))
        case TimelineFace(body):
            return Question(body.prompt, _bullets(e.text for e in body.events))
        case ModalityFace(body, modality):
            text = f"**{body.subject}** — {modality.modality}\n{phrase(lang, 'modality')}"
            return Question(text, _bullets(a.text for a in items(face)))
        case SignFace(body, _, sign):
            quoted = phrase(lang, "quote").format(sign)
            text = f"**{body.subject}** — {quoted}\n{phrase(lang, 'which')}"
            return Question(text, _bullets(m.modality for m in face.modalities))
    raise AssertionError(face)  # pragma: no cover


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
