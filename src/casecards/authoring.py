"""A new deck, written for its author to edit: the schema line, the deck's header, one example
of each note type with comments, and the small picture the image example shows.

What ``write_new_deck`` writes passes ``casecards check`` as it is (a test holds it to that):
an author starts from a deck that works and changes it one note at a time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from casecards.deck import json_schema
from casecards.errors import CasecardsError
from casecards.i18n import _

SCHEMA_FILE = "casecards-deck.schema.json"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: The example picture: a schematic long bone with one bright spot, and where the spot is.
PICTURE_SIZE = (320, 200)
SPOT_BOX = (196, 70, 48, 48)

TEMPLATE = """\
# yaml-language-server: $schema=./{schema}
# A casecards deck: one file, one deck. Check it with `casecards check {folder}`,
# see its cards with `casecards preview {file}`, study it with
# `casecards drill --decks {folder}`.
# Each note below is an example of one note type: edit it, copy it, or delete it.
# Text may use **bold**, *italic*, line breaks (a YAML block "|") and "- " bullet lists.
# Quote text that holds ": " or starts with {{, [, *, & or !.
deck:
  id: {deck_id}            # stable forever: progress and Anki ids hang on it
  name: "{name}"       # "Parent::Child" makes a sub-deck
  lang: en                 # the language of the deck's text: en, fr, ...
  description: "What this deck teaches (optional)."
notes:
  # basic: a front and a back.
  - id: example-basic      # lowercase letters, digits and hyphens; unique in the deck, stable
    type: basic
    tags: [example]        # optional
    source: "Where in the case this comes from (required)"
    explanation: "Shown after the answer (optional)."
    front: "Which bone is the **longest** of the human body?"
    back: "The femur"

  # cloze: one card per number; {{{{c1::answer::hint}}}} shows the hint in the gap.
  - id: example-cloze
    type: cloze
    source: "Example"
    text: "Transient osteoporosis shows {{{{c1::bone marrow oedema}}}} on {{{{c2::MRI::imaging}}}}."

  # image: a picture inside the media folder, one card for the whole picture and one per
  # region. box: [x, y, width, height] in the image's own pixels; `casecards regions
  # media/{image}` draws one with the mouse and prints it.
  - id: example-image
    type: image
    source: "Example"
    image: {image}
    prompt: "What does this schematic show?"
    answer: "A long bone with one bright spot"
    regions:
      - {{id: spot, box: [{box}], answer: "The bright spot"}}

  # differential: the student types the items; aliases are accepted too, and text in
  # [square brackets] may be left out.
  - id: example-differential
    type: differential
    source: "Example"
    prompt: "Differential diagnosis of a painful hip with bone marrow oedema?"
    answers:
      - "stress fracture"
      - {{text: "algodystrophy", aliases: ["CRPS 1"]}}
      - "osteonecrosis[ of the femoral head]"

  # timeline: the events in their true order (the trainer shuffles them); when is optional.
  - id: example-timeline
    type: timeline
    source: "Example"
    prompt: "Put the course of transient osteoporosis in order."
    events:
      - {{when: "week 0", text: "Hip pain without trauma"}}
      - {{when: "month 1", text: "Bone marrow oedema on MRI"}}
      - {{when: "month 6", text: "Recovery"}}

  # modality_signs: one card per modality ("what does it show?") and one per sign
  # ("which modality shows it?").
  - id: example-signs
    type: modality_signs
    source: "Example"
    subject: "Transient osteoporosis"
    modalities:
      - {{modality: "MRI", id: mri, timing: "early", signs: ["Bone marrow oedema"]}}
      - {{modality: "Bone scan", id: scan, signs: ["Uptake at all three phases"]}}
"""


@dataclass(frozen=True, slots=True)
class Written:
    """What ``write_new_deck`` wrote: the deck, and the schema and picture if it wrote them
    (None where they were there already and were kept)."""

    deck: Path
    schema: Path | None
    picture: Path | None


def write_new_deck(deck_id: str, decks_dir: Path, media_dir: Path) -> Written:
    """Write ``decks_dir/DECK-ID.yaml``, the JSON Schema beside it if missing and the
    example's picture in ``media_dir`` if missing. Never replaces a deck file."""
    if not _ID.match(deck_id):
        raise CasecardsError(
            _(
                "'{deck_id}' is not a valid deck id (use lowercase letters, digits and single "
                "hyphens, e.g. 'knee-mri')"
            ).format(deck_id=deck_id)
        )
    deck = decks_dir / f"{deck_id}.yaml"
    if deck.exists():
        raise CasecardsError(
            _("{path} already exists: nothing was written (choose another id)").format(path=deck)
        )
    if decks_dir.exists() and not decks_dir.is_dir():
        raise CasecardsError(_("{path} is a file, not a folder of decks").format(path=decks_dir))
    decks_dir.mkdir(parents=True, exist_ok=True)
    media_dir.mkdir(parents=True, exist_ok=True)
    image = f"{deck_id}-example.png"
    text = TEMPLATE.format(
        schema=SCHEMA_FILE,
        folder=_shown(decks_dir),
        file=_shown(deck),
        deck_id=deck_id,
        name=deck_id.replace("-", " ").capitalize(),
        image=image,
        box=", ".join(map(str, SPOT_BOX)),
    )
    picture = media_dir / image
    wrote_picture = None
    if not picture.exists():
        example_picture().save(picture)
        wrote_picture = picture
    schema = decks_dir / SCHEMA_FILE
    wrote_schema = None
    if not schema.exists():
        schema.write_text(
            json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        wrote_schema = schema
    with deck.open("x", encoding="utf-8") as file:  # "x": never over a file made meanwhile
        file.write(text)
    return Written(deck, wrote_schema, wrote_picture)


def example_picture() -> Image.Image:
    """A schematic long bone on a dark ground, with a bright spot at ``SPOT_BOX``."""
    image = Image.new("RGB", PICTURE_SIZE, (18, 22, 30))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((30, 80, 290, 120), radius=18, fill=(200, 200, 190))
    draw.ellipse((20, 62, 76, 138), fill=(215, 215, 205))
    draw.ellipse((244, 62, 300, 138), fill=(215, 215, 205))
    x, y, w, h = SPOT_BOX
    draw.ellipse((x + 8, y + 8, x + w - 8, y + h - 8), fill=(255, 70, 40))
    return image


def _shown(path: Path) -> str:
    """A path as the author typed it, with a trailing '/' for a folder ("decks/")."""
    text = path.as_posix()
    return text if path.suffix else text.rstrip("/") + "/"
