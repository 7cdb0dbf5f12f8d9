"""The Anki note types casecards exports: one per card kind, with frozen names.

Anki identifies a note type by its id and checks its *schema* (field names and order,
template names) on import: a renamed field or template makes Anki treat the incoming type as
a different one, and the student's notes stop receiving updates. So once released, the
``key``, the field names and the template names below never change; a new need means a new
note type (a new key). Templates and CSS may change: Anki takes them when the export is newer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from casecards.export import templates as t
from casecards.export.ids import note_type_id


class Kind(enum.Enum):
    STANDARD = "standard"  # one card per template
    CLOZE = "cloze"  # one card per cloze number
    IMAGE_OCCLUSION = "image_occlusion"  # a cloze type that Anki's occlusion editor opens


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    front: str
    back: str


@dataclass(frozen=True, slots=True)
class NoteTypeSpec:
    key: str
    name: str
    kind: Kind
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    sort_field: str = ""  # the field Anki's browser sorts and shows; default: the first
    css: str = t.CSS

    @property
    def id(self) -> int:
        return note_type_id(self.key)

    @property
    def sort_index(self) -> int:
        return self.fields.index(self.sort_field) if self.sort_field else 0


# Every note type ends with these: what the back shows under the answer, the deck's language
# (for the ``lang`` attribute) and the casecards id of the note or card (for reports and tools).
_TAIL = ("Explanation", "Source", "Lang", "Id")

BASIC: Final = NoteTypeSpec(
    "basic",
    "casecards basic",
    Kind.STANDARD,
    ("Front", "Back", *_TAIL),
    (Template("Recall", t.BASIC_FRONT, t.BASIC_BACK),),
)
CLOZE: Final = NoteTypeSpec(
    "cloze",
    "casecards cloze",
    Kind.CLOZE,
    ("Text", *_TAIL),
    (Template("Cloze", t.CLOZE_FRONT, t.CLOZE_BACK),),
)
IMAGE: Final = NoteTypeSpec(
    "image",
    "casecards image",
    Kind.STANDARD,
    ("Image", "Prompt", "Answer", *_TAIL),
    (Template("Image", t.IMAGE_FRONT, t.IMAGE_BACK),),
    sort_field="Prompt",
)
IMAGE_REGION: Final = NoteTypeSpec(
    "image_region",
    "casecards image region",
    Kind.STANDARD,
    ("Image", "Prompt", "Answer", *_TAIL),
    (Template("Region", t.REGION_FRONT, t.REGION_BACK),),
    sort_field="Answer",
)
DIFFERENTIAL: Final = NoteTypeSpec(
    "differential",
    "casecards differential",
    Kind.STANDARD,
    ("Prompt", "Answers", *_TAIL),
    (Template("List", t.DIFFERENTIAL_FRONT, t.DIFFERENTIAL_BACK),),
)
TIMELINE: Final = NoteTypeSpec(
    "timeline",
    "casecards timeline",
    Kind.STANDARD,
    ("Prompt", "Shuffled", "Ordered", *_TAIL),
    (Template("Order", t.TIMELINE_FRONT, t.TIMELINE_BACK),),
)
MODALITY_SIGNS: Final = NoteTypeSpec(
    "modality_signs",
    "casecards modality signs",
    Kind.STANDARD,
    ("Subject", "Modality", "Timing", "Question", "Signs", *_TAIL),
    (Template("Signs", t.SIGNS_FRONT, t.SIGNS_BACK),),
)
WHICH_MODALITY: Final = NoteTypeSpec(
    "which_modality",
    "casecards which modality",
    Kind.STANDARD,
    ("Subject", "Sign", "Question", "Modalities", *_TAIL),
    (Template("Modality", t.WHICH_FRONT, t.WHICH_BACK),),
    sort_field="Sign",
)
# The first five fields are Anki's image-occlusion fields, in Anki's order: its occlusion
# editor and its review code find them by position.
IMAGE_OCCLUSION: Final = NoteTypeSpec(
    "image_occlusion",
    "casecards image occlusion",
    Kind.IMAGE_OCCLUSION,
    (
        "Occlusion",
        "Image",
        "Header",
        "Back Extra",
        "Comments",
        "Prompts",
        "Answers",
        "Source",
        "Lang",
        "Id",
    ),
    (Template("Occlusion", t.OCCLUSION_FRONT, t.OCCLUSION_BACK),),
    sort_field="Id",
)

ALL: Final = (
    BASIC,
    CLOZE,
    IMAGE,
    IMAGE_REGION,
    DIFFERENTIAL,
    TIMELINE,
    MODALITY_SIGNS,
    WHICH_MODALITY,
    IMAGE_OCCLUSION,
)

# Anki's ``StockNotetype.OriginalStockKind`` value for image occlusion: a note type carrying
# it opens in Anki's occlusion editor.
ANKI_IMAGE_OCCLUSION_KIND: Final = 6
