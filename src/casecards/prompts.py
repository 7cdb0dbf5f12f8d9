"""The question a card asks, in the deck's language: what the trainer shows and Browse lists.

Notes carry their own prompts; the few questions casecards writes itself (modality cards,
region cards) are phrased here, in French for French decks and in English otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from casecards.cards import SignQuestion, sign_questions
from casecards.deck import cloze
from casecards.deck.model import (
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


def region_of(note: Note, part: str) -> Region | None:
    if isinstance(note.body, Image) and part.startswith("region-"):
        wanted = part.removeprefix("region-")
        return next((r for r in note.body.regions if r.id == wanted), None)
    return None


def modality_of(note: Note, part: str) -> Modality | None:
    if isinstance(note.body, ModalitySigns) and part.startswith("modality-"):
        wanted = part.removeprefix("modality-")
        return next((m for m in note.body.modalities if m.id == wanted), None)
    return None


def sign_question_of(note: Note, part: str) -> SignQuestion | None:
    if isinstance(note.body, ModalitySigns):
        return dict(sign_questions(note.body)).get(part)
    return None


def question(note: Note, part: str, lang: str) -> Question:
    """The card's question and its answer as text (lists joined by line breaks)."""
    body = note.body
    match body:
        case Basic():
            return Question(body.front, body.back)
        case Cloze():
            parsed = cloze.parse(body.text)
            number = int(part.removeprefix("c"))
            shown = cloze.render(parsed, number, reveal=False)
            return Question(shown, cloze.render(parsed, number, reveal=True))
        case Image():
            region = region_of(note, part)
            if region is None:
                return Question(body.prompt, body.answer)
            return Question(region.prompt or phrase(lang, "region"), region.answer)
        case Differential():
            return Question(body.prompt, "\n".join(f"- {a.text}" for a in body.answers))
        case Timeline():
            return Question(body.prompt, "\n".join(f"- {e.text}" for e in body.events))
        case ModalitySigns():
            modality = modality_of(note, part)
            if modality is not None:
                text = f"**{body.subject}** — {modality.modality}\n{phrase(lang, 'modality')}"
                return Question(text, "\n".join(f"- {s}" for s in modality.signs))
            sign = sign_question_of(note, part)
            names = {m.id: m.modality for m in body.modalities}
            if sign is None:
                return Question(body.subject, "")
            quoted = phrase(lang, "quote").format(sign.sign)
            text = f"**{body.subject}** — {quoted}\n{phrase(lang, 'which')}"
            return Question(text, "\n".join(f"- {names[i]}" for i in sign.modality_ids))
    raise AssertionError(body)  # pragma: no cover
