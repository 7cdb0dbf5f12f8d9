"""Anki export without Anki: the mapping, identity, escaping, files and the command line.

The real import into Anki is tested in ``test_export_anki.py``; ``write_sample`` and
``load_sample`` are shared with it.
"""

from __future__ import annotations

import errno
import gc
import io
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from casecards.cli import main
from casecards.deck import Deck, load_decks
from casecards.export import (
    AnkiNote,
    ExportError,
    Package,
    RegionMode,
    TerminalProgress,
    build_package,
    export_apkg,
    select_decks,
)
from casecards.export import anki as export_anki
from casecards.export import html as export_html
from casecards.export.build import shuffled_order
from casecards.export.ids import deck_id, guid, note_type_id
from casecards.export.notetypes import ALL
from casecards.markup import to_html

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

SAMPLE = """\
deck:
  id: demo
  name: "Cas démo::Imagerie"
  lang: fr
  description: "Un **petit** cas"
notes:
  - id: age
    type: basic
    tags: [clinique, modalite::irm]
    facts: [F1, F2]
    source: "diapositive 2"
    explanation: "Homme *jeune*"
    front: "Âge ?"
    back: "37 ans"
  - id: trio
    type: cloze
    facts: [F2]
    source: s
    text: "La {{c1::scintigraphie}} précède l'{{c2::IRM::examen}} et le {{c1::scanner}}."
  - id: radio
    type: image
    source: s
    image: hanche.png
    prompt: "Quelle hanche ?"
    answer: "La gauche"
    regions:
      - {id: tete, box: [10, 10, 40, 30], answer: "Tête fémorale"}
      - {id: col, box: [60, 20, 30, 40], answer: "Col", prompt: "Et ici ?"}
  - id: diff
    type: differential
    source: s
    prompt: "Diagnostics ?"
    answers: ["Algodystrophie", {text: "Ostéonécrose", aliases: ["ONA"]}]
  - id: chrono
    type: timeline
    source: s
    prompt: "Dans l'ordre"
    events:
      - {when: "J0", text: "Douleur"}
      - {when: "J10", text: "Scintigraphie"}
      - {text: "IRM"}
  - id: signes
    type: modality_signs
    source: s
    subject: "OTM"
    modalities:
      - {modality: "IRM", timing: "précoce", signs: ["Œdème", "Épanchement"]}
      - {modality: "Scintigraphie", signs: ["Hyperfixation", "Œdème"]}
"""

OTHER = """\
deck:
  id: autre
  name: "Cas démo::Clinique"
  lang: en
notes:
  - {id: q1, type: basic, source: s, front: "Age?", back: "37"}
"""

# What the sample makes, card kind by card kind (see the README's table of cards).
SAMPLE_NOTES = {
    "basic": 1,
    "cloze": 1,
    "image": 1,
    "image_region": 2,
    "differential": 1,
    "timeline": 1,
    "modality_signs": 2,
    "which_modality": 3,  # Œdème, Épanchement, Hyperfixation: Œdème is asked once
}
SAMPLE_CARDS = {**SAMPLE_NOTES, "cloze": 2}


def write_sample(root: Path, sample: str = SAMPLE, *, other: bool = True) -> Path:
    """``root/decks`` with the sample deck(s) and ``root/media`` with a Pillow-made picture."""
    decks = root / "decks"
    decks.mkdir(parents=True, exist_ok=True)
    media = root / "media"
    media.mkdir(exist_ok=True)
    picture = Image.new("RGB", (120, 80), "#203040")
    picture.putpixel((5, 5), (255, 255, 255))
    picture.save(media / "hanche.png")
    (decks / "demo.yaml").write_text(sample, encoding="utf-8")
    if other:
        (decks / "autre.yaml").write_text(OTHER, encoding="utf-8")
    return decks


def load_sample(decks: Path) -> tuple[Deck, ...]:
    result = load_decks([decks], decks.parent / "media")
    assert not result.problems, result.problems
    return result.decks


def notes_by_type(
    decks: tuple[Deck, ...], media: Path, regions: RegionMode = RegionMode.OUTLINE
) -> dict[str, list[AnkiNote]]:
    package = build_package(decks, media, regions=regions)
    found: dict[str, list[AnkiNote]] = {}
    for deck in package.decks:
        for note in deck.notes:
            found.setdefault(note.note_type.key, []).append(note)
    return found


def field(note: AnkiNote, name: str) -> str:
    return note.fields[note.note_type.fields.index(name)]


@pytest.fixture
def sample(tmp_path: Path) -> tuple[tuple[Deck, ...], Path]:
    decks = write_sample(tmp_path)
    return load_sample(decks), tmp_path / "media"


# --------------------------------------------------------------------------- mapping


def test_one_anki_card_per_casecards_card(sample: tuple[tuple[Deck, ...], Path]) -> None:
    decks, media = sample
    demo = [d for d in decks if d.id == "demo"]
    found = notes_by_type(tuple(demo), media)
    assert {k: len(v) for k, v in found.items()} == SAMPLE_NOTES
    assert {k: sum(n.cards for n in v) for k, v in found.items()} == SAMPLE_CARDS


def test_fields_carry_the_deck_text_as_html(sample: tuple[tuple[Deck, ...], Path]) -> None:
    decks, media = sample
    found = notes_by_type(decks, media)
    basic = next(n for n in found["basic"] if field(n, "Id") == "demo/age")
    assert basic.fields == (
        "Âge ?",
        "37 ans",
        "Homme <i>jeune</i>",
        "diapositive 2",
        "fr",
        "demo/age",
    )
    assert basic.tags == (  # its topics, its case and deck, its facts
        "casecards::clinique",
        "casecards::modalite::irm",
        "casecards::cas-demo::demo",
        "casecards::cas-demo::facts::F1",
        "casecards::cas-demo::facts::F2",
    )
    (cloze,) = found["cloze"]
    assert field(cloze, "Text") == (
        "La {{c1::scintigraphie}} précède l&#x27;{{c2::IRM::examen}} et le {{c1::scanner}}."
    )
    (diff,) = found["differential"]
    assert field(diff, "Answers") == (
        '<ul><li>Algodystrophie</li><li>Ostéonécrose <span class="cc-also">(ONA)</span></li></ul>'
    )
    (timeline,) = found["timeline"]
    assert field(timeline, "Shuffled") == (  # shuffled_order("demo/chrono", 3) == [0, 2, 1]
        '<ol type="A"><li>Douleur</li><li>IRM</li><li>Scintigraphie</li></ol>'
    )
    assert field(timeline, "Ordered") == (  # with the front's letters: "A C B" at a glance
        '<div class="cc-letters">A C B</div>'
        '<ol><li><span class="cc-letter">A</span><span class="cc-when">J0</span>Douleur</li>'
        '<li><span class="cc-letter">C</span><span class="cc-when">J10</span>Scintigraphie</li>'
        '<li><span class="cc-letter">B</span>IRM</li></ol>'
    )
    signs = {field(n, "Id"): n for n in found["modality_signs"]}
    irm = signs["demo/signes/modality-irm"]
    assert field(irm, "Subject") == 'OTM<span class="cc-key"> · IRM</span>'
    assert field(irm, "Timing") == "précoce"
    assert field(irm, "Signs") == "<ul><li>Œdème</li><li>Épanchement</li></ul>"
    assert field(irm, "Question") == "Quels signes montre cette modalité\u00a0?"
    which = {field(n, "Id"): n for n in found["which_modality"]}
    # As in the trainer: the front lists the note's modalities, the back marks each of them.
    choices = '<ol class="cc-choices"><li>IRM</li><li>Scintigraphie</li></ol>'
    oedeme = which["demo/signes/sign-irm-1"]
    assert field(oedeme, "Question") == "Quelle(s) modalité(s) montre(nt) ce signe\u00a0?" + choices
    assert field(oedeme, "Modalities") == (
        '<ol class="cc-choices">'
        '<li><span class="cc-right">IRM <span class="cc-timing">précoce</span> ✓</span></li>'
        '<li><span class="cc-right">Scintigraphie ✓</span></li></ol>'
    )
    epanchement = which["demo/signes/sign-irm-2"]
    assert field(epanchement, "Question").endswith(choices)
    assert field(epanchement, "Modalities") == (
        '<ol class="cc-choices">'
        '<li><span class="cc-right">IRM <span class="cc-timing">précoce</span> ✓</span></li>'
        '<li><span class="cc-wrong">Scintigraphie ✗</span></li></ol>'
    )


def test_notes_with_the_same_tags_share_one_tag_tuple(tmp_path: Path) -> None:
    """A collection repeats a few tag sets: the package holds one copy of each, not one per
    note (at 50,000 notes the copies were 13 MB of the export's peak memory)."""
    decks = write_sample(tmp_path)
    (decks / "more.yaml").write_text(
        "deck: {id: more, name: More, lang: fr}\n"
        "notes:\n"
        "  - {id: a, type: basic, source: s, front: A, back: a, tags: [clinique, modalite::irm]}\n"
        "  - {id: b, type: basic, source: s, front: B, back: b, tags: [clinique, modalite::irm]}\n"
        "  - {id: c, type: basic, source: s, front: C, back: c, tags: [clinique]}\n",
        encoding="utf-8",
    )
    found = notes_by_type(load_sample(decks), tmp_path / "media")
    tagged = [n for n in found["basic"] if "casecards::modalite::irm" in n.tags]
    assert [field(n, "Id") for n in tagged] == ["demo/age", "more/a", "more/b"]
    assert tagged[1].tags is tagged[2].tags
    assert tagged[0].tags != tagged[1].tags  # another deck, and facts
    assert [n.tags for n in found["basic"] if field(n, "Id") == "more/c"] == [
        ("casecards::clinique", "casecards::more::more")
    ]


# Another deck whose basic note asks what demo/age asks (bold, which Anki's duplicate check
# strips) and whose image note shows demo/radio's picture and regions.
TWIN = """\
deck: {id: twin, name: "Autre cas::Jumeau", lang: fr}
notes:
  - {id: age, type: basic, source: s, front: "**Âge** ?", back: "38 ans"}
  - id: radio
    type: image
    source: s
    image: hanche.png
    prompt: "Côté ?"
    answer: "Gauche"
    regions:
      - {id: tete, box: [10, 10, 40, 30], answer: "Tête"}
      - {id: col, box: [60, 20, 30, 40], answer: "Col"}
"""


def test_first_fields_are_unique_per_note_type_across_the_package(tmp_path: Path) -> None:
    decks = write_sample(tmp_path)
    (decks / "twin.yaml").write_text(TWIN, encoding="utf-8")
    found = notes_by_type(load_sample(decks), tmp_path / "media")
    firsts = {field(n, "Id"): n.fields[0] for notes in found.values() for n in notes}
    # Equal as Anki compares them: each gets its id, hidden on the cards.
    assert firsts["demo/age"] == 'Âge ?<span class="cc-key"> · demo/age</span>'
    assert firsts["twin/age"] == '<b>Âge</b> ?<span class="cc-key"> · twin/age</span>'
    picture = firsts["demo/radio"].removesuffix('<span class="cc-key"> · demo/radio</span>')
    assert picture.startswith("<img ") and picture != firsts["demo/radio"]
    assert firsts["twin/radio"] == picture + '<span class="cc-key"> · twin/radio</span>'
    assert firsts["twin/radio/region-col"].endswith(" · twin/radio/region-col</span>")
    # Already unique: as it was. "Age?" (the other deck) is not "Âge ?" for Anki.
    assert firsts["autre/q1"] == "Age?"
    assert "cc-key" not in firsts["demo/trio"]
    # Modality cards share their subject: the modality or the sign tells them apart.
    assert firsts["demo/signes/modality-scintigraphie"] == (
        'OTM<span class="cc-key"> · Scintigraphie</span>'
    )
    assert firsts["demo/signes/sign-irm-2"] == 'OTM<span class="cc-key"> · Épanchement</span>'
    for notes in found.values():
        assert len({n.fields[0] for n in notes}) == len(notes)


def test_regions_use_the_trainer_prompt_and_outlined_pictures(
    sample: tuple[tuple[Deck, ...], Path],
) -> None:
    decks, media = sample
    package = build_package(decks, media)
    found = notes_by_type(decks, media)
    tete, col = found["image_region"]
    assert field(tete, "Prompt") == "Que montre la zone encadrée\u00a0?"  # prompts.phrase
    assert field(col, "Prompt") == "Et ici ?"
    names = {f.name: f.data for f in package.media}
    assert len(names) == 3  # the original and one outline per region
    for name in names:
        assert name.startswith("casecards-") and name.endswith(".png") and "/" not in name
    (image,) = found["image"]
    pictures = [field(n, "Image") for n in (image, tete, col)]
    assert len(set(pictures)) == 3
    outlined = names[field(tete, "Image").split('"')[1]]
    with Image.open(io.BytesIO(outlined)) as rendered:
        assert rendered.getpixel((10, 10)) == (255, 45, 85)  # the trainer's outline colour
        assert rendered.getpixel((5, 5)) == (255, 255, 255)


def test_media_names_follow_content_only(tmp_path: Path) -> None:
    decks = write_sample(tmp_path / "a")
    copy = SAMPLE.replace("hanche.png", "autre-nom.png")
    write_sample(tmp_path / "b", copy)
    (tmp_path / "b" / "media" / "hanche.png").rename(tmp_path / "b" / "media" / "autre-nom.png")
    first = build_package(load_sample(decks), tmp_path / "a" / "media")
    second = build_package(load_sample(tmp_path / "b" / "decks"), tmp_path / "b" / "media")
    assert [f.name for f in first.media] == [f.name for f in second.media]


def test_occlusion_mode_makes_one_note_with_a_mask_per_region(
    sample: tuple[tuple[Deck, ...], Path],
) -> None:
    decks, media = sample
    found = notes_by_type(decks, media, regions=RegionMode.OCCLUSION)
    assert "image_region" not in found
    (note,) = found["image_occlusion"]
    assert note.cards == 2
    assert note.guid == guid("demo/radio/regions")
    assert field(note, "Occlusion") == (
        "{{c1::image-occlusion:rect:left=.0833:top=.125:width=.3333:height=.375}}"
        "{{c2::image-occlusion:rect:left=.5:top=.25:width=.25:height=.5}}"
    )
    assert field(note, "Answers") == "{{c1::Tête fémorale}}{{c2::Col}}"
    assert field(note, "Prompts") == "{{c1::Que montre la zone encadrée\u00a0?}}{{c2::Et ici ?}}"


def test_text_inside_an_occlusion_cannot_break_its_cloze(tmp_path: Path) -> None:
    hostile = SAMPLE.replace('answer: "Col"', 'answer: "a}} {{c9::b::c"')
    decks = write_sample(tmp_path, hostile, other=False)
    found = notes_by_type(load_sample(decks), tmp_path / "media", regions=RegionMode.OCCLUSION)
    (note,) = found["image_occlusion"]
    assert field(note, "Answers").endswith(
        "{{c2::a&#125;&#125; &#123;&#123;c9&#58;&#58;b&#58;&#58;c}}"
    )


# --------------------------------------------------------------------------- identity


def test_ids_are_fixed_forever() -> None:
    # Released ids: changing any of these makes Anki treat re-exports as new notes and decks.
    assert guid("demo/age") == "i#eZJ26`XB"
    assert guid("demo/radio/region-tete") == "J4*XO{2k[~"
    assert deck_id("demo") == 1_922_247_980_499_976
    assert note_type_id("basic") == 1_949_231_053_061_988
    assert {spec.key: spec.id for spec in ALL}["cloze"] == note_type_id("cloze")
    ids = [spec.id for spec in ALL]
    assert len(set(ids)) == len(ids) and all(2**50 <= i < 2**51 for i in ids)


def test_released_field_and_template_names_never_change() -> None:
    # Anki stops updating a student's notes when a field or template is renamed.
    assert {s.name: (s.fields, tuple(t.name for t in s.templates)) for s in ALL} == {
        "casecards basic": (("Front", "Back", "Explanation", "Source", "Lang", "Id"), ("Recall",)),
        "casecards cloze": (("Text", "Explanation", "Source", "Lang", "Id"), ("Cloze",)),
        "casecards image": (
            ("Image", "Prompt", "Answer", "Explanation", "Source", "Lang", "Id"),
            ("Image",),
        ),
        "casecards image region": (
            ("Image", "Prompt", "Answer", "Explanation", "Source", "Lang", "Id"),
            ("Region",),
        ),
        "casecards differential": (
            ("Prompt", "Answers", "Explanation", "Source", "Lang", "Id"),
            ("List",),
        ),
        "casecards timeline": (
            ("Prompt", "Shuffled", "Ordered", "Explanation", "Source", "Lang", "Id"),
            ("Order",),
        ),
        "casecards modality signs": (
            (
                *("Subject", "Modality", "Timing", "Question", "Signs"),
                *("Explanation", "Source", "Lang", "Id"),
            ),
            ("Signs",),
        ),
        "casecards which modality": (
            ("Subject", "Sign", "Question", "Modalities", "Explanation", "Source", "Lang", "Id"),
            ("Modality",),
        ),
        "casecards image occlusion": (
            (
                *("Occlusion", "Image", "Header", "Back Extra", "Comments"),
                *("Prompts", "Answers", "Source", "Lang", "Id"),
            ),
            ("Occlusion",),
        ),
    }


def test_identity_follows_ids_not_text(tmp_path: Path) -> None:
    before = build_package(load_sample(write_sample(tmp_path / "a")), tmp_path / "a" / "media")
    edited = SAMPLE.replace('back: "37 ans"', 'back: "38 ans"').replace("Œdème", "Oedème")
    after_decks = write_sample(tmp_path / "b", edited)
    after = build_package(load_sample(after_decks), tmp_path / "b" / "media")
    assert [d.id for d in before.decks] == [d.id for d in after.decks]
    assert [n.guid for d in before.decks for n in d.notes] == [
        n.guid for d in after.decks for n in d.notes
    ]
    assert before != after


def test_guids_are_unique_across_notes_and_cards(sample: tuple[tuple[Deck, ...], Path]) -> None:
    decks, media = sample
    guids = [n.guid for d in build_package(decks, media).decks for n in d.notes]
    assert len(guids) == len(set(guids)) == 13


@given(st.text(min_size=1, max_size=40), st.integers(min_value=2, max_value=12))
def test_timeline_shuffle_is_stable_and_never_the_true_order(key: str, count: int) -> None:
    order = shuffled_order(key, count)
    assert sorted(order) == list(range(count))
    assert order != list(range(count))
    assert order == shuffled_order(key, count)


@pytest.mark.parametrize(
    ("whens", "shown"),
    [
        (["1", "2", "3"], False),
        (["1.", "2e", None], False),
        (["1er", "2nd", "3)"], False),
        (["2", "1", "3"], True),  # not their ranks: they say something
        (["1947", "1959", "1967"], True),
        (["1", "J10", "3"], True),
    ],
)
def test_timeline_whens_that_only_count_are_not_shown_twice(
    tmp_path: Path, whens: list[str | None], shown: bool
) -> None:
    events = "".join(
        f"      - {{text: E{n}{f', when: {when!r}' if when else ''}}}\n"
        for n, when in enumerate(whens, start=1)
    )
    deck = (
        "deck: {id: t, name: T, lang: fr}\nnotes:\n"
        f"  - id: order\n    type: timeline\n    source: s\n    prompt: P\n    events:\n{events}"
    )
    decks = write_sample(tmp_path, deck, other=False)
    (timeline,) = notes_by_type(load_sample(decks), tmp_path / "media")["timeline"]
    assert ('class="cc-when"' in field(timeline, "Ordered")) is shown


def test_timeline_front_shows_the_events_shuffled(sample: tuple[tuple[Deck, ...], Path]) -> None:
    decks, media = sample
    (timeline,) = notes_by_type(decks, media)["timeline"]
    shuffled = field(timeline, "Shuffled")
    assert shuffled.startswith('<ol type="A">')
    events = [shuffled.index(e) for e in ("Douleur", "Scintigraphie", "IRM")]
    assert events != sorted(events)
    assert "J10" not in shuffled


# --------------------------------------------------------------------------- escaping


@given(st.text(alphabet=st.sampled_from(list("ab *-•\n \\<>&\"'[]{}:é")), max_size=30))
def test_field_html_is_exactly_markup_to_html(value: str) -> None:
    assert export_html.text(value) == to_html(value).replace("[", "&#91;")


def test_anki_syntax_in_deck_text_stays_text() -> None:
    assert export_html.text("[sound:x.mp3] <b>") == "&#91;sound:x.mp3] &lt;b&gt;"


# --------------------------------------------------------------------------- the package file


def test_same_time_same_bytes_new_time_new_bytes(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path
) -> None:
    decks, media = sample
    first, second, later = (tmp_path / n for n in ("1.apkg", "2.apkg", "3.apkg"))
    export_apkg(decks, media, first, now=NOW)
    export_apkg(decks, media, second, now=NOW)
    export_apkg(decks, media, later, now=NOW.replace(minute=1))
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != later.read_bytes()


def test_the_collection_is_zipped_piece_by_piece_to_the_same_bytes(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collection (60 MB at 50,000 notes) goes into the zip a piece at a time, never read
    whole; how it is cut changes no byte of the package."""
    decks, media = sample
    whole, pieces = tmp_path / "whole.apkg", tmp_path / "pieces.apkg"
    export_apkg(decks, media, whole, now=NOW)
    monkeypatch.setattr(export_anki, "_CHUNK", 1000)
    export_apkg(decks, media, pieces, now=NOW)
    with zipfile.ZipFile(pieces) as archive:
        assert archive.testzip() is None
        assert archive.getinfo("collection.anki2").file_size > 20 * 1000
    assert pieces.read_bytes() == whole.read_bytes()


def test_the_collector_waits_for_the_end_of_an_export(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decks, media = sample
    seen: list[bool] = []

    def build(*args: Any, **kwargs: Any) -> Package:
        seen.append(gc.isenabled())
        return build_package(*args, **kwargs)

    monkeypatch.setattr("casecards.export.exporter.build_package", build)
    export_apkg(decks, media, tmp_path / "a.apkg", now=NOW)
    assert seen == [False] and gc.isenabled()
    with pytest.raises(ExportError):
        export_apkg(decks, tmp_path / "nowhere", tmp_path / "b.apkg", now=NOW)
    assert gc.isenabled()


def test_package_layout(sample: tuple[tuple[Deck, ...], Path], tmp_path: Path) -> None:
    decks, media = sample
    out = tmp_path / "out.apkg"
    summary = export_apkg(decks, media, out, now=NOW)
    assert (summary.decks, summary.notes, summary.cards, summary.media) == (2, 13, 14, 3)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        index = json.loads(archive.read("media"))
    assert names == ["collection.anki2", "media", "casecards.json", "0", "1", "2"]
    assert sorted(index) == ["0", "1", "2"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "missing/out.apkg",
            "cannot write '{tmp}/missing/out.apkg': '{tmp}/missing' does not exist",
        ),
        ("a-file/out.apkg", "'{tmp}/a-file' is not a folder"),
        (".", "is a folder; give the path of the .apkg file to write"),
        ("out.zip", "must end in .apkg"),
    ],
)
def test_unwritable_paths_fail_before_any_work(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path, target: str, message: str
) -> None:
    decks, media = sample
    (tmp_path / "a-file").write_text("not a folder")
    calls: list[str] = []
    with pytest.raises(ExportError, match=message.format(tmp=tmp_path).replace(".", r"\.")):
        export_apkg(
            decks, media, tmp_path / target, now=NOW, progress=lambda s, d, t: calls.append(s)
        )
    assert calls == []


def test_failed_export_leaves_nothing_behind(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path
) -> None:
    decks, _ = sample
    out = tmp_path / "out.apkg"
    with pytest.raises(ExportError, match=r"hanche\.png"):
        export_apkg(decks, tmp_path / "elsewhere", out, now=NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decks", "media"]


def test_progress_reports_building_then_writing(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path
) -> None:
    decks, media = sample
    seen: list[tuple[str, int, int]] = []
    export_apkg(decks, media, tmp_path / "p.apkg", now=NOW, progress=lambda *a: seen.append(a))
    assert seen[0] == ("building", 1, 7) and seen[6] == ("building", 7, 7)
    assert seen[7] == ("writing", 1, 13) and seen[-1] == ("writing", 13, 13)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_terminals_for_large_exports_only() -> None:
    terminal = _Terminal()
    bar = TerminalProgress(terminal, minimum=10, width=10)
    for done in range(1, 201):
        bar("writing", done, 200)
    drawn = terminal.getvalue()
    assert drawn.count("\r") == 101  # once per percent, 0 to 100
    assert drawn.endswith("\rwriting  ▕██████████▏ 100%  200/200\n")
    small, piped = _Terminal(), io.StringIO()
    TerminalProgress(small, minimum=10)("writing", 5, 9)
    TerminalProgress(piped, minimum=1)("writing", 5, 9)
    assert small.getvalue() == piped.getvalue() == ""


# --------------------------------------------------------------------------- only changed notes update

LATER = NOW + timedelta(days=1)


def package_times(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """The modification times Anki compares in the package at ``path``: each note's (by its
    casecards id, the last field) and each note type's (by name)."""
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as work:
        database = Path(work) / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
        with closing(sqlite3.connect(database)) as conn:
            notes = {
                flds.split("\x1f")[-1]: mod
                for flds, mod in conn.execute("SELECT flds, mod FROM notes")
            }
            (models,) = conn.execute("SELECT models FROM col").fetchone()
    return notes, {m["name"]: m["mod"] for m in json.loads(models).values()}


def test_an_unchanged_re_export_keeps_every_modification_time(tmp_path: Path) -> None:
    decks = load_sample(write_sample(tmp_path))
    out = tmp_path / "course.apkg"
    first = export_apkg(decks, tmp_path / "media", out, now=NOW)
    assert first.previous is None and first.new == 13
    assert first.warnings == (
        "no previous package to compare with (name the one students last imported with "
        "--previous): every note counts as changed: a student who imported an earlier package "
        "gets every note replaced, and loses the tags and edits they added to it",
    )
    before = package_times(out)
    assert set(before[0].values()) == set(before[1].values()) == {int(NOW.timestamp())}
    again = export_apkg(decks, tmp_path / "media", out, now=LATER)
    assert (again.previous, again.new, again.changed, again.unchanged) == (out, 0, 0, 13)
    assert again.warnings == ()
    assert package_times(out) == before


def test_only_a_changed_note_gets_the_new_time(tmp_path: Path) -> None:
    decks_dir = write_sample(tmp_path)
    out = tmp_path / "course.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", out, now=NOW)
    notes, note_types = package_times(out)
    (decks_dir / "demo.yaml").write_text(SAMPLE.replace('back: "37 ans"', 'back: "38 ans"'))
    (decks_dir / "autre.yaml").write_text(
        OTHER + '  - {id: q2, type: basic, source: s, front: "Sex?", back: "M"}\n'
    )
    summary = export_apkg(load_sample(decks_dir), tmp_path / "media", out, now=LATER)
    assert (summary.new, summary.changed, summary.unchanged) == (1, 1, 12)
    later = int(LATER.timestamp())
    assert package_times(out) == (
        {**notes, "demo/age": later, "autre/q2": later},
        note_types,
    )


def test_an_unchanged_re_export_at_the_same_time_gives_the_same_bytes(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path
) -> None:
    decks, media = sample
    out = tmp_path / "course.apkg"
    export_apkg(decks, media, out, now=NOW)
    first = out.read_bytes()
    export_apkg(decks, media, out, now=NOW)
    assert out.read_bytes() == first


def test_previous_names_the_package_to_compare_with(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path
) -> None:
    decks, media = sample
    published = tmp_path / "published.apkg"
    export_apkg(decks, media, published, now=NOW)
    fresh = tmp_path / "fresh.apkg"  # e.g. CI, in a fresh clone, given the published package
    summary = export_apkg(decks, media, fresh, now=LATER, previous=published)
    assert (summary.previous, summary.unchanged, summary.warnings) == (published, 13, ())
    assert package_times(fresh) == package_times(published)
    with pytest.raises(ExportError, match=r"cannot read the previous package '.*missing\.apkg'"):
        export_apkg(
            decks, media, tmp_path / "x.apkg", now=LATER, previous=tmp_path / "missing.apkg"
        )
    assert not (tmp_path / "x.apkg").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_previous_package_without_a_record(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path
) -> None:
    decks, media = sample
    out = tmp_path / "course.apkg"
    with zipfile.ZipFile(out, "w") as archive:  # what Anki, or an older casecards, writes
        archive.writestr("collection.anki2", b"")
    summary = export_apkg(decks, media, out, now=NOW)
    assert summary.previous is None and summary.new == 13
    (warning,) = summary.warnings
    assert warning.startswith(
        f"'{out}' has no casecards record of its notes (Anki or an older casecards wrote it): "
        "every note counts as changed"
    )
    garbage = tmp_path / "garbage.apkg"
    garbage.write_bytes(b"not a zip")
    (warning,) = export_apkg(decks, media, garbage, now=NOW).warnings  # replaced all the same
    assert warning.startswith(
        f"cannot read the previous package '{garbage}': not an Anki package: every note"
    )
    garbage.write_bytes(b"not a zip")
    with pytest.raises(ExportError, match=r"'.*garbage\.apkg': not an Anki package$"):
        export_apkg(decks, media, tmp_path / "x.apkg", now=NOW, previous=garbage)


@pytest.mark.parametrize(
    "notes",
    ['{"x": [1]}', '{"1740830400": "guid"}', '{"1740830400": ["guid", "digest"]}', "[]"],
)
def test_a_damaged_record_is_refused(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path, notes: str
) -> None:
    decks, media = sample
    damaged = tmp_path / "damaged.apkg"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("casecards.json", f'{{"casecards": 1, "decks": {{}}, "notes": {notes}}}')
    with pytest.raises(ExportError, match=r"the record of the previous package .* is damaged"):
        export_apkg(decks, media, tmp_path / "x.apkg", now=NOW, previous=damaged)


def test_a_changed_note_is_newer_even_from_a_clock_behind(tmp_path: Path) -> None:
    """Anki takes an update only from a strictly newer time: exported first on a machine whose
    clock is ahead, a change made on one behind it is stamped just after the previous."""
    decks_dir = write_sample(tmp_path)
    out = tmp_path / "course.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", out, now=LATER)
    (decks_dir / "demo.yaml").write_text(SAMPLE.replace('back: "37 ans"', 'back: "38 ans"'))
    export_apkg(load_sample(decks_dir), tmp_path / "media", out, now=NOW)
    notes, _ = package_times(out)
    assert notes["demo/age"] == int(LATER.timestamp()) + 1
    assert notes["demo/trio"] == int(LATER.timestamp())


def test_the_record_keeps_what_a_partial_export_left_out(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path
) -> None:
    decks, media = sample
    out = tmp_path / "course.apkg"
    export_apkg(decks, media, out, now=NOW)
    before = package_times(out)
    export_apkg(select_decks(decks, ["autre"]), media, out, now=LATER)
    summary = export_apkg(decks, media, out, now=LATER + timedelta(days=1))
    assert (summary.new, summary.changed, summary.unchanged) == (0, 0, 13)
    assert package_times(out) == before


# --------------------------------------------------------------------------- command line


def test_cli_exports_all_decks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    decks = write_sample(tmp_path)
    out = tmp_path / "all.apkg"
    assert main(["export", "--decks", str(decks), "-o", str(out)]) == 0
    assert zipfile.is_zipfile(out)
    _, err = capsys.readouterr()
    assert err == (
        f"wrote {out}: 2 decks, 13 notes, 14 cards, 3 media files\n"
        "casecards: warning: no previous package to compare with (name the one students last "
        "imported with --previous): every note counts as changed: a student who imported an "
        "earlier package gets every note replaced, and loses the tags and edits they added to "
        "it\n"
    )
    assert main(["export", "--decks", str(decks), "-o", str(out)]) == 0
    assert capsys.readouterr().err == (
        f"wrote {out}: 2 decks, 13 notes, 14 cards, 3 media files\n"
        f"against {out}: notes changed 0, new 0, unchanged 13 (Anki leaves the unchanged ones "
        "as students have them)\n"
    )
    copy = tmp_path / "copy.apkg"
    assert main(["export", "--decks", str(decks), "-o", str(copy), "--previous", str(out)]) == 0
    assert f"against {out}: notes changed 0" in capsys.readouterr().err


def test_cli_warns_of_a_renamed_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    decks = write_sample(tmp_path)
    out = tmp_path / "course.apkg"
    assert main(["export", "--decks", str(decks), "-o", str(out)]) == 0
    capsys.readouterr()
    (decks / "demo.yaml").write_text(SAMPLE.replace("Cas démo::Imagerie", "Cas démo::Radio"))
    assert main(["export", "--decks", str(decks), "-o", str(out)]) == 0  # a warning only
    assert capsys.readouterr().err.splitlines()[1:] == [
        f"against {out}: notes changed 0, new 0, unchanged 13 (Anki leaves the unchanged ones "
        "as students have them)",
        "casecards: warning: deck demo is named “Cas démo::Radio”, but “Cas démo::Imagerie” in "
        "the previous package: Anki finds decks by name, so students would get a second deck "
        "(with only the new cards in it) beside their “Cas démo::Imagerie”; keep the old name, "
        "or have students rename “Cas démo::Imagerie” to “Cas démo::Radio” in Anki before "
        "they import",
    ]


def test_a_removed_cloze_number_is_warned_about(tmp_path: Path) -> None:
    decks_dir = write_sample(tmp_path)
    out = tmp_path / "course.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", out, now=NOW)
    (decks_dir / "demo.yaml").write_text(SAMPLE.replace("l'{{c2::IRM::examen}}", "l'IRM"))
    summary = export_apkg(load_sample(decks_dir), tmp_path / "media", out, now=LATER)
    assert summary.warnings == (
        "note demo/trio no longer has cloze c2: students who imported the previous package "
        "keep an empty card for it, which Anki shows as “No cloze … found on card”; they "
        "delete it with Tools › Empty Cards in Anki on a computer",
    )
    renumbered = SAMPLE.replace("{{c1::scanner}}", "{{c3::scanner}}")
    (decks_dir / "demo.yaml").write_text(renumbered)  # c2 back, c3 added: nothing removed
    assert export_apkg(load_sample(decks_dir), tmp_path / "media", out, now=LATER).warnings == ()


def test_cli_exports_chosen_decks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    decks = write_sample(tmp_path)
    out = tmp_path / "one.apkg"
    assert main(["export", "--decks", str(decks), "--deck", "autre", "-o", str(out)]) == 0
    assert "1 deck, 1 note, 1 card, 0 media files" in capsys.readouterr().err
    assert main(["export", "--decks", str(decks), "--deck", "nope", "-o", str(out)]) == 1
    assert capsys.readouterr().err == "casecards: no deck with id nope (decks: autre, demo)\n"


def test_cli_refuses_decks_that_fail_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decks = write_sample(tmp_path)
    (decks / "bad.yaml").write_text(OTHER.replace("autre", "bad").replace("back:", "bakc:"))
    out = tmp_path / "x.apkg"
    assert main(["check", str(decks)]) == 1
    problems = capsys.readouterr().out.splitlines()
    assert main(["export", "--decks", str(decks), "-o", str(out)]) == 1
    assert capsys.readouterr().err == "casecards: " + "\n".join(problems) + "\n"
    assert not out.exists()


def test_cli_reports_an_unwritable_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    decks = write_sample(tmp_path)
    out = tmp_path / "nowhere" / "x.apkg"
    assert main(["export", "--decks", str(decks), "-o", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"casecards: cannot write '{out}': '{out.parent}' does not exist\n"
    )


def test_export_loads_neither_textual_nor_the_store(tmp_path: Path) -> None:
    decks = write_sample(tmp_path)
    script = (
        "import sys\n"
        "from casecards.cli import main\n"
        f"code = main(['export', '--decks', {str(decks)!r}, '-o', {str(tmp_path / 'h.apkg')!r}])\n"
        "loaded = [m for m in ('textual', 'casecards.store', 'sqlite_utils') if m in sys.modules]\n"
        "print(code, loaded)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout == "0 []\n"


# --------------------------------------------------------------------------- never over a store


def _store(path: Path) -> bytes:
    """An SQLite file at ``path`` (a progress store, for the export); its bytes."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE reviews (id INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO reviews VALUES (1)")
        conn.commit()
    return path.read_bytes()


def test_d9_export_never_replaces_an_sqlite_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decks = write_sample(tmp_path)
    progress = tmp_path / "progress.apkg"
    before = _store(progress)
    assert main(["export", "--decks", str(decks), "-o", str(progress)]) == 1
    assert capsys.readouterr().err == (
        f"casecards: '{progress}' is an SQLite database (a progress store?): export never "
        "replaces one; choose another path with -o\n"
    )
    assert progress.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decks", "media", "progress.apkg"]


@pytest.mark.parametrize("link", ["symlink", "hardlink", "same"])
def test_d9_export_never_replaces_the_store_in_use_by_any_name(
    sample: tuple[tuple[Deck, ...], Path],
    tmp_path: Path,
    link: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decks, media = sample
    store = tmp_path / "casecards.db"
    before = _store(store)
    out = tmp_path / "out.apkg"
    if link == "symlink":
        out.symlink_to(store)
    elif link == "hardlink":
        out.hardlink_to(store)
    else:
        out = store = tmp_path / "casecards.apkg"
        before = _store(store)
    with pytest.raises(ExportError, match=r"is your progress store .*: export never replaces it"):
        export_apkg(decks, media, out, now=NOW, store=store)
    monkeypatch.setenv("CASECARDS_DB", str(store))  # the store the CLI uses by default
    with pytest.raises(ExportError, match=r"is your progress store"):
        export_apkg(decks, media, out, now=NOW)
    assert store.read_bytes() == before


def test_d9_the_cli_protects_the_store_named_by_db(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decks = write_sample(tmp_path)
    store = tmp_path / "mine.db"
    before = _store(store)
    out = tmp_path / "out.apkg"
    out.symlink_to(store)
    assert main(["export", "--decks", str(decks), "--db", str(store), "-o", str(out)]) == 1
    assert "is your progress store" in capsys.readouterr().err
    assert store.read_bytes() == before


# --------------------------------------------------------------------------- no traceback


def test_d11_an_unreplaceable_output_is_a_message(
    sample: tuple[tuple[Deck, ...], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decks, media = sample
    out = tmp_path / "o.apkg"
    out.write_bytes(b"an older package")

    def refused(source: object, target: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted", str(target))

    monkeypatch.setattr("casecards.export.exporter.os.replace", refused)
    with pytest.raises(
        ExportError,
        match=r"cannot write '.*o\.apkg': permission denied \(is it read-only\?\); nothing was",
    ):
        export_apkg(decks, media, out, now=NOW)
    assert out.read_bytes() == b"an older package"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decks", "media", "o.apkg"]


def test_d11_a_full_disk_during_export_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = write_sample(tmp_path)
    out = tmp_path / "full.apkg"

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("zipfile.ZipFile.writestr", full)
    assert main(["export", "--decks", str(decks), "-o", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"casecards: cannot write '{out}': the disk is full; nothing was written\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decks", "media"]
