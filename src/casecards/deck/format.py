"""The deck format, version 1, described once: the validator and the JSON Schema derive from it.

Field names here are part of the format's contract: they may be added to, never renamed.

The descriptions (each shape's first text) are the JSON Schema's, a file for editors that is
the same in every language: they stay English. What a deck's author reads from ``check``
(``what``, ``pattern_hint``) is marked for the catalog and translated where it is shown.
"""

from __future__ import annotations

import enum
from typing import Any

from casecards.deck.shapes import Field, Integer, ListOf, Obj, Text, TextOrObj
from casecards.i18n import N_, _

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_HINT = N_("use lowercase letters, digits and single hyphens, e.g. 'ravault-1947'")
TAG = rf"{SLUG}(?:::{SLUG})*"
SCHEMA_URL = "./casecards-deck.schema.json"


class NoteType(enum.StrEnum):
    BASIC = "basic"
    CLOZE = "cloze"
    IMAGE = "image"
    DIFFERENTIAL = "differential"
    TIMELINE = "timeline"
    MODALITY_SIGNS = "modality_signs"


def _slug(description: str) -> Text:
    return Text(description, pattern=SLUG, pattern_hint=SLUG_HINT, what=N_("id"))


def _text(description: str) -> Text:
    return Text(description)


DECK = Obj(
    {
        "id": Field(
            _slug("Stable identifier of the deck; progress and Anki ids hang on it."), True
        ),
        "name": Field(_text("Display name; '::' separates Anki sub-decks."), True),
        "lang": Field(
            Text(
                "Language of the deck's text (BCP 47 tag, e.g. 'fr').",
                pattern=r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*",
                pattern_hint=N_("a language tag such as 'fr' or 'en-GB'"),
                what=N_("language tag"),
            ),
            True,
        ),
        "description": Field(_text("What the deck covers (optional).")),
    },
    "The deck's identity.",
    what=N_("deck"),
)

COMMON: dict[str, Field] = {
    "id": Field(
        _slug("Stable identifier of the note, unique in the deck; never derived from text."), True
    ),
    "type": Field(
        Text("Note type.", pattern="|".join(t.value for t in NoteType), what=N_("note type")), True
    ),
    "tags": Field(
        ListOf(
            Text(
                "A tag; '::' makes a hierarchy.",
                pattern=TAG,
                pattern_hint=N_("lowercase slug, '::' for hierarchy, e.g. 'modalite::irm'"),
                what=N_("tag"),
            ),
            "Tags for drilling and filtering (optional).",
            what=N_("tag"),
        )
    ),
    "source": Field(_text("Where in the case this note comes from."), True),
    "explanation": Field(_text("Shown after the answer (optional).")),
    "facts": Field(
        ListOf(
            Text("A fact identifier.", pattern=r"[A-Za-z0-9][A-Za-z0-9._-]*", what=N_("fact id")),
            "Identifiers of the source facts this note teaches (optional).",
            what=N_("fact"),
        )
    ),
}

REGION = Obj(
    {
        "id": Field(_slug("Stable identifier of the region within the note."), True),
        "box": Field(
            ListOf(
                Integer("Pixels."),
                "[x, y, width, height] in pixels of the image; must lie inside it.",
                exact=4,
                what=N_("number"),
            ),
            True,
        ),
        "answer": Field(_text("What is inside the box."), True),
        "prompt": Field(
            _text("Question for this region (optional; defaults to the note's prompt).")
        ),
    },
    what=N_("region"),
)

_OPTIONAL_HINT = (
    "Text in [square brackets] is optional when typing and shown without its brackets "
    "(a literal bracket is written \\[ or \\])."
)


def _typed(description: str) -> Text:
    """Text a student types from memory: "[...]" marks what may be left out."""
    return Text(f"{description} {_OPTIONAL_HINT}", optional_parts=True)


ANSWER = TextOrObj(
    _typed("An expected answer."),
    Obj(
        {
            "text": Field(_typed("The expected answer."), True),
            "aliases": Field(ListOf(_typed("Another accepted spelling."), what=N_("alias"))),
        },
        what=N_("answer"),
    ),
    "An expected item: text, or {text, aliases}.",
)

EVENT = Obj(
    {
        "when": Field(_text("When it happens (shown with the answer).")),
        "text": Field(_text("What happens."), True),
    },
    what=N_("event"),
)

MODALITY = Obj(
    {
        "modality": Field(_text("The imaging modality, e.g. 'IRM'."), True),
        "id": Field(_slug("Stable identifier (optional; defaults to a slug of 'modality').")),
        "timing": Field(_text("When the signs appear (optional).")),
        "signs": Field(
            ListOf(_typed("A sign."), "Signs this modality shows.", min_items=1, what=N_("sign")),
            True,
        ),
    },
    what=N_("modality"),
)

BY_TYPE: dict[NoteType, dict[str, Field]] = {
    NoteType.BASIC: {
        "front": Field(_text("Question side."), True),
        "back": Field(_text("Answer side."), True),
    },
    NoteType.CLOZE: {
        "text": Field(_text("Text with deletions {{c1::answer}} or {{c1::answer::hint}}."), True),
    },
    NoteType.IMAGE: {
        "image": Field(_text("Path of the image inside the media folder."), True),
        "prompt": Field(_text("Question about the whole image."), True),
        "answer": Field(_text("Answer for the whole image."), True),
        "regions": Field(
            ListOf(REGION, "Boxes to name, one card each (optional).", what=N_("region"))
        ),
    },
    NoteType.DIFFERENTIAL: {
        "prompt": Field(_text("What to list."), True),
        "answers": Field(
            ListOf(ANSWER, "The expected items.", min_items=1, what=N_("answer")), True
        ),
    },
    NoteType.TIMELINE: {
        "prompt": Field(_text("What to put in order."), True),
        "events": Field(
            ListOf(EVENT, "Events in their true order.", min_items=2, what=N_("event")), True
        ),
    },
    NoteType.MODALITY_SIGNS: {
        "subject": Field(_text("The condition or finding the signs belong to."), True),
        "modalities": Field(
            ListOf(MODALITY, "Signs per modality.", min_items=1, what=N_("modality")), True
        ),
    },
}


def _owner(name: str) -> str:
    owners = [t.value for t, fields in BY_TYPE.items() if name in fields]
    if not owners:
        return ""
    return _("'{name}' belongs to {types} notes").format(name=name, types=_(" and ").join(owners))


NOTE_SHAPES: dict[NoteType, Obj] = {
    note_type: Obj({**COMMON, **fields}, what=f"{note_type.value} note", elsewhere=_owner)
    for note_type, fields in BY_TYPE.items()
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a deck file, for editors and external tools."""
    notes = []
    for note_type, shape in NOTE_SHAPES.items():
        schema = shape.json_schema()
        schema["properties"]["type"] = {"const": note_type.value, "description": "Note type."}
        schema["title"] = f"{note_type.value} note"
        notes.append(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "casecards deck (format v1)",
        "description": "One deck per file. See the README's 'Deck format' section.",
        "type": "object",
        "required": ["deck", "notes"],
        "additionalProperties": False,
        "properties": {
            "deck": DECK.json_schema(),
            "notes": {
                "type": "array",
                "minItems": 1,
                "description": "The notes, in study order.",
                "items": {"oneOf": notes},
            },
        },
    }
