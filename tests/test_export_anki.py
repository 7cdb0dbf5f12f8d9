"""The exported package against the real thing: Anki's own importer, headless.

Each test imports into a fresh collection with the options Anki's import dialog starts
with (``get_import_anki_package_presets``): what a student gets by clicking Import.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anki.collection as anki_collection
import pytest
from anki.cards import Card
from anki.collection import Collection
from anki.import_export_pb2 import ImportResponse
from anki.notes import Note, NoteFieldsCheckResult

from casecards import paths
from casecards.cards import CardKind, expand
from casecards.deck import Deck, NoteType, load_decks
from casecards.deck.model import Note as DeckNote
from casecards.export import RegionMode, export_apkg
from casecards.export.build import case_tag
from casecards.export.notetypes import ALL
from test_export import (
    NOW,
    SAMPLE,
    SAMPLE_CARDS,
    SAMPLE_NOTES,
    TWIN,
    load_sample,
    write_sample,
)

NAMES = {spec.key: spec.name for spec in ALL}

pytestmark = pytest.mark.slow  # Anki itself, a collection per test


@pytest.fixture
def col(tmp_path: Path) -> Iterator[anki_collection.Collection]:
    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield collection
    collection.close()


def import_package(col: anki_collection.Collection, package: Path) -> ImportResponse.Log:
    options = col._backend.get_import_anki_package_presets()
    request = anki_collection.ImportAnkiPackageRequest(package_path=str(package), options=options)
    log = col.import_anki_package(request).log
    # Nothing refused, nothing matched by content, nothing sent to a stand-in note type or
    # deck. (``duplicate`` lists notes that were already there and not newer: tests check it.)
    for refused in ("conflicting", "first_field_match", "missing_notetype", "missing_deck"):
        assert not getattr(log, refused), (refused, getattr(log, refused))
    assert not log.empty_first_field
    return log


def counts(col: anki_collection.Collection) -> tuple[Counter[str], Counter[str]]:
    notes: Counter[str] = Counter()
    cards: Counter[str] = Counter()
    for spec in ALL:
        notes[spec.key] = len(col.find_notes(f"mid:{spec.id}"))
        cards[spec.key] = len(col.find_cards(f"mid:{spec.id}"))
    return +notes, +cards


PER_CARD = {CardKind.IMAGE_REGION, CardKind.MODALITY_SIGNS, CardKind.WHICH_MODALITY}


def expected_counts(decks: tuple[Deck, ...]) -> tuple[Counter[str], Counter[str]]:
    """From the YAML alone: one Anki card per casecards card; a note per casecards note,
    except region and modality cards, which are a note each."""
    notes: Counter[str] = Counter()
    cards: Counter[str] = Counter()
    per_card = PER_CARD
    for deck in decks:
        notes.update(n.type.value for n in deck.notes if n.type is not NoteType.MODALITY_SIGNS)
        for card in expand(deck).cards:
            cards[card.kind.value] += 1
            if card.kind in per_card:
                notes[card.kind.value] += 1
    return +notes, +cards


def note_by_id(col: anki_collection.Collection, casecards_id: str) -> Note:
    (note_id,) = col.find_notes(f'"Id:{casecards_id}"')
    return col.get_note(note_id)


# --------------------------------------------------------------------------- a fresh import


def test_import_into_a_fresh_collection(tmp_path: Path, col: anki_collection.Collection) -> None:
    decks = load_sample(write_sample(tmp_path))
    package = tmp_path / "sample.apkg"
    export_apkg(decks, tmp_path / "media", package, now=NOW)
    log = import_package(col, package)

    assert len(log.new) == 13 and not log.updated and not log.duplicate
    assert counts(col) == expected_counts(decks)
    demo_notes, demo_cards = expected_counts(tuple(d for d in decks if d.id == "demo"))
    assert (demo_notes, demo_cards) == (Counter(SAMPLE_NOTES), Counter(SAMPLE_CARDS))

    names = set(col.decks.all_names())
    assert {"Cas démo", "Cas démo::Imagerie", "Cas démo::Clinique"} <= names
    age = note_by_id(col, "demo/age")
    note_type = age.note_type()
    assert note_type is not None and note_type["name"] == "casecards basic"
    assert dict(age.items()) == {
        "Front": "Âge ?",
        "Back": "37 ans",
        "Explanation": "Homme <i>jeune</i>",
        "Source": "diapositive 2",
        "Lang": "fr",
        "Id": "demo/age",
    }
    assert sorted(age.tags) == [
        "casecards::cas-demo::demo",
        "casecards::cas-demo::facts::F1",
        "casecards::cas-demo::facts::F2",
        "casecards::clinique",
        "casecards::modalite::irm",
    ]
    assert col.find_notes("tag:casecards::modalite::irm") == [age.id]
    (card,) = age.cards()
    assert col.decks.name(card.did) == "Cas démo::Imagerie"
    assert "<b>" not in card.question() and "37 ans" in card.answer()

    cloze = note_by_id(col, "demo/trio")
    assert sorted(c.ord for c in cloze.cards()) == [0, 1]  # c1 and c2
    first = next(c for c in cloze.cards() if c.ord == 0)
    assert "[...]" in first.question() and "[examen]" not in first.question()

    # Which modality: the choices on the front, marked on the back, as in the trainer.
    (which,) = note_by_id(col, "demo/signes/sign-irm-2").cards()
    front, back = which.question(), which.answer()
    assert '<ol class="cc-choices"><li>IRM</li><li>Scintigraphie</li></ol>' in front
    assert "✓" not in front and "✗" not in front
    assert '<span class="cc-wrong">Scintigraphie ✗</span>' in back

    # Timelines: the back gives the front's letters in the true order.
    (chrono,) = note_by_id(col, "demo/chrono").cards()
    assert '<div class="cc-letters">A C B</div>' in chrono.answer()
    assert 'class="cc-letter' not in chrono.question()

    media_dir = Path(col.media.dir())
    pictures = [
        name
        for note_id in col.find_notes("")
        for name in re.findall(r'<img src="([^"]+)"', " ".join(col.get_note(note_id).fields))
    ]
    assert len(pictures) == 3 and len(set(pictures)) == 3
    for name in pictures:
        assert (media_dir / name).is_file(), name


def test_the_bundled_decks_import_with_the_counts_the_yaml_gives(
    tmp_path: Path, col: anki_collection.Collection
) -> None:
    decks_dir = paths.default_decks_dir()
    assert any(decks_dir.glob("*.yaml")), f"no bundled deck in {decks_dir}"
    result = load_decks([decks_dir], paths.media_beside(decks_dir))
    assert not result.problems, "\n".join(map(str, result.problems))
    package = tmp_path / "bundled.apkg"
    summary = export_apkg(result.decks, paths.media_beside(decks_dir), package, now=NOW)
    import_package(col, package)

    assert counts(col) == expected_counts(result.decks)
    assert summary.cards == sum(len(expand(d).cards) for d in result.decks)
    assert set(col.decks.all_names()) >= {d.name for d in result.decks}
    media_dir = Path(col.media.dir())
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        for name in re.findall(r'<img src="([^"]+)"', " ".join(note.fields)):
            assert (media_dir / name).is_file(), (note["Id"], name)
    tagged = {t for d in result.decks for n in d.notes for t in n.tags}
    assert {t.removeprefix("casecards::") for t in col.tags.all()} >= tagged
    assert duplicates(col) == []
    # A student studies a deck, a case or a fact by tag.
    for deck in result.decks:
        place = case_tag(deck)
        assert len(col.find_notes(f'"tag:{place}"')) == len(col.find_notes(f'"deck:{deck.name}"'))
        for source in deck.notes:
            for fact in source.facts:
                wanted = f"{place.rsplit('::', 1)[0]}::facts::{fact}"
                assert note_by_id(col, _first_id(deck, source)).tags.count(wanted) == 1


def _first_id(deck: Deck, note: DeckNote) -> str:
    """The Id of one Anki note made from ``note`` (per-card notes carry the card id)."""
    (card, *_) = (c for c in expand(deck).cards if c.note_id == note.id)
    return card.id if card.kind in PER_CARD else f"{deck.id}/{note.id}"


def duplicates(col: anki_collection.Collection) -> list[str]:
    """The notes Anki's editor would flag as duplicates (same first field as another)."""
    return [
        col.get_note(n)["Id"]
        for n in col.find_notes("")
        if col.get_note(n).fields_check() == NoteFieldsCheckResult.DUPLICATE
    ]


@pytest.mark.parametrize("regions", list(RegionMode))
def test_no_note_is_a_duplicate_and_tags_find_cases_decks_and_facts(
    tmp_path: Path, col: anki_collection.Collection, regions: RegionMode
) -> None:
    decks_dir = write_sample(tmp_path)
    (decks_dir / "twin.yaml").write_text(TWIN, encoding="utf-8")
    package = tmp_path / "twins.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", package, now=NOW, regions=regions)
    import_package(col, package)
    assert duplicates(col) == []
    # What the cards show of a first field made unique: not the key.
    (age,) = note_by_id(col, "demo/age").cards()
    assert "Âge ?" in age.question() and 'class="cc-key"' in age.question()
    assert ".cc-key { display: none; }" in age.question()

    if regions is RegionMode.OCCLUSION:  # the masks, with the key, as Anki's editor reads them
        twin = note_by_id(col, "twin/radio/regions")
        assert 'class="cc-key"' in twin["Occlusion"]
        assert len(col.get_image_occlusion_note(twin.id).note.occlusions) == 2

    demo, twin_case = "tag:casecards::cas-demo", "tag:casecards::autre-cas"
    assert len(col.find_notes(demo)) + len(col.find_notes(twin_case)) == col.note_count()
    assert len(col.find_notes("tag:casecards::cas-demo::autre")) == 1
    assert col.find_notes("tag:casecards::autre-cas::twin") == col.find_notes(twin_case)
    fact = col.find_notes("tag:casecards::cas-demo::facts::F2")
    assert sorted(col.get_note(n)["Id"] for n in fact) == ["demo/age", "demo/trio"]


# --------------------------------------------------------------------------- updating in place


def _review_first_card(col: anki_collection.Collection) -> Card:
    deck_id = col.decks.id_for_name("Cas démo")
    assert deck_id is not None
    col.decks.select(deck_id)
    card = col.sched.getCard()
    assert card is not None
    col.sched.answerCard(card, 3)
    return col.get_card(card.id)


def revlog(col: anki_collection.Collection) -> list[Any]:
    assert col.db is not None
    return col.db.all("select id, cid, ease, ivl from revlog")


def test_a_re_export_updates_notes_and_keeps_the_reviews(
    tmp_path: Path, col: anki_collection.Collection
) -> None:
    decks_dir = write_sample(tmp_path)
    package = tmp_path / "course.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", package, now=NOW)
    import_package(col, package)
    reviewed = _review_first_card(col)
    history = revlog(col)
    notes_before = col.note_count()
    assert len(history) == 1

    (decks_dir / "demo.yaml").write_text(SAMPLE.replace('back: "37 ans"', 'back: "38 ans"'))
    export_apkg(load_sample(decks_dir), tmp_path / "media", package, now=NOW + timedelta(days=1))
    log = import_package(col, package)

    assert not log.new and _ids(log.updated) == ["demo/age"]
    assert col.note_count() == notes_before
    assert note_by_id(col, "demo/age")["Back"] == "38 ans"
    assert revlog(col) == history
    after = col.get_card(reviewed.id)
    assert (after.type, after.queue, after.due, after.ivl, after.reps) == (
        reviewed.type,
        reviewed.queue,
        reviewed.due,
        reviewed.ivl,
        reviewed.reps,
    )


def _ids(notes: Iterable[ImportResponse.Note]) -> list[str]:
    """The casecards ids of notes in an import log (the Id field is the last of every type)."""
    return sorted(note.fields[-1] for note in notes)


def _students_own(col: anki_collection.Collection, casecards_id: str, field: str) -> Note:
    """What a student does to a note in Anki: tags of their own, an edit to a field."""
    note = note_by_id(col, casecards_id)
    note.tags += ["marked", "perso::a-revoir"]
    note[field] += " MA NOTE"
    col.update_note(note)
    return col.get_note(note.id)


@pytest.mark.parametrize("regions", list(RegionMode))
def test_only_changed_notes_update_and_the_students_own_survives(
    tmp_path: Path, col: anki_collection.Collection, regions: RegionMode
) -> None:
    decks_dir = write_sample(tmp_path)
    media = tmp_path / "media"
    package = tmp_path / "course.apkg"
    export_apkg(load_sample(decks_dir), media, package, now=NOW, regions=regions)
    log = import_package(col, package)
    total = len(log.new)
    tagged = _students_own(col, "demo/age", "Explanation")
    regions_id = "demo/radio/regions" if regions is RegionMode.OCCLUSION else "demo/radio"
    edited = _students_own(
        col, regions_id, "Header" if regions is RegionMode.OCCLUSION else "Answer"
    )
    model = col.models.by_name(NAMES["basic"])
    assert model is not None
    model["css"] += "\n.mine { color: teal; }"  # a student's own style
    col.models.update_dict(model)

    # Exported again on another day, unchanged: Anki changes nothing.
    export_apkg(
        load_sample(decks_dir), media, package, now=NOW + timedelta(days=1), regions=regions
    )
    log = import_package(col, package)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, total)
    assert note_by_id(col, "demo/age").tags == tagged.tags
    assert note_by_id(col, "demo/age")["Explanation"] == tagged["Explanation"]
    assert note_by_id(col, regions_id).fields == edited.fields
    col.models._clear_cache()  # the Python side caches note types; the import went past it
    model = col.models.by_name(NAMES["basic"])
    assert model is not None and ".mine" in model["css"]

    # One note changed: exactly that note updates; the others keep what the student added.
    (decks_dir / "demo.yaml").write_text(
        SAMPLE.replace('prompt: "Diagnostics ?"', 'prompt: "DD ?"')
    )
    export_apkg(
        load_sample(decks_dir), media, package, now=NOW + timedelta(days=2), regions=regions
    )
    log = import_package(col, package)
    assert (len(log.new), _ids(log.updated), len(log.duplicate)) == (0, ["demo/diff"], total - 1)
    assert note_by_id(col, "demo/diff")["Prompt"] == "DD ?"
    assert note_by_id(col, "demo/age").tags == tagged.tags
    assert note_by_id(col, regions_id).fields == edited.fields


@pytest.mark.parametrize("merge", [False, True], ids=["default", "merge-note-types"])
def test_a_field_the_student_adds_stops_updates_unless_note_types_merge(
    tmp_path: Path, col: anki_collection.Collection, merge: bool
) -> None:
    """What docs/anki-export.md says of a note type a student changed: with Anki's default
    import its notes no longer update (conflicting) and a stray copy of the type appears; with
    "Merge note types" a changed note updates, and on it the student's field is emptied."""
    decks_dir = write_sample(tmp_path)
    package = tmp_path / "course.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", package, now=NOW)
    import_package(col, package)
    model = col.models.by_name(NAMES["basic"])
    assert model is not None
    col.models.add_field(model, col.models.new_field("Notes perso"))
    col.models.update_dict(model)
    for casecards_id in ("demo/age", "autre/q1"):
        note = note_by_id(col, casecards_id)
        note["Notes perso"] = "MA NOTE"
        col.update_note(note)

    (decks_dir / "demo.yaml").write_text(SAMPLE.replace('back: "37 ans"', 'back: "38 ans"'))
    # Anki stamped the student's changes with the clock: the instructor's next export is later.
    later = datetime.now(UTC) + timedelta(days=1)
    export_apkg(load_sample(decks_dir), tmp_path / "media", package, now=later)
    options = col._backend.get_import_anki_package_presets()
    options.merge_notetypes = merge
    request = anki_collection.ImportAnkiPackageRequest(package_path=str(package), options=options)
    log = col.import_anki_package(request).log

    col.models._clear_cache()
    names = {entry.name for entry in col.models.all_names_and_ids()}
    age, q1 = note_by_id(col, "demo/age"), note_by_id(col, "autre/q1")
    assert q1["Notes perso"] == "MA NOTE"  # unchanged: kept either way
    if merge:
        assert (len(log.updated), len(log.conflicting)) == (1, 0)
        assert (age["Back"], age["Notes perso"]) == ("38 ans", "")
        assert f"{NAMES['basic']}+" not in names
    else:
        assert (len(log.updated), len(log.conflicting)) == (0, 2)  # every basic note
        assert (age["Back"], age["Notes perso"]) == ("37 ans", "MA NOTE")
        assert f"{NAMES['basic']}+" in names


def test_an_export_with_an_old_time_changes_nothing(
    tmp_path: Path, col: anki_collection.Collection
) -> None:
    # Why a changed note must carry a newer time: Anki skips notes that are not newer.
    decks_dir = write_sample(tmp_path)
    first = tmp_path / "v1.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", first, now=NOW)
    import_package(col, first)
    (decks_dir / "demo.yaml").write_text(SAMPLE.replace('back: "37 ans"', 'back: "38 ans"'))
    stale = tmp_path / "stale.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", stale, now=NOW)
    log = import_package(col, stale)
    assert not log.updated and not log.new and len(log.duplicate) == 13
    assert note_by_id(col, "demo/age")["Back"] == "37 ans"


def test_a_reordered_deck_updates_the_same_notes(
    tmp_path: Path, col: anki_collection.Collection
) -> None:
    decks_dir = write_sample(tmp_path)
    first = tmp_path / "v1.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", first, now=NOW)
    import_package(col, first)
    guids = {col.get_note(n).guid: n for n in col.find_notes("")}
    notes = SAMPLE.split("\n  - ")
    (decks_dir / "demo.yaml").write_text("\n  - ".join([notes[0], *reversed(notes[1:])]) + "\n")
    second = tmp_path / "v2.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", second, now=NOW + timedelta(hours=1))
    log = import_package(col, second)
    assert not log.new
    assert {col.get_note(n).guid: n for n in col.find_notes("")} == guids


@pytest.mark.parametrize("regions", list(RegionMode))
def test_a_renamed_deck_splits_in_anki_and_export_warns(
    tmp_path: Path, col: anki_collection.Collection, regions: RegionMode
) -> None:
    # Anki finds decks by name: the docs say so, and export warns.
    decks_dir = write_sample(tmp_path)
    package = tmp_path / "course.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", package, now=NOW, regions=regions)
    import_package(col, package)
    renamed = SAMPLE.replace("Cas démo::Imagerie", "Cas démo::Radio")
    (decks_dir / "demo.yaml").write_text(
        renamed + '  - {id: new, type: basic, source: s, front: "Nouveau ?", back: "oui"}\n'
    )
    summary = export_apkg(
        load_sample(decks_dir),
        tmp_path / "media",
        package,
        now=NOW + timedelta(days=1),
        regions=regions,
    )
    (warning,) = summary.warnings
    assert warning.startswith("deck demo is named “Cas démo::Radio”, but “Cas démo::Imagerie”")
    import_package(col, package)
    (old,) = note_by_id(col, "demo/age").cards()
    (new,) = note_by_id(col, "demo/new").cards()
    assert col.decks.name(old.did) == "Cas démo::Imagerie"
    assert col.decks.name(new.did) == "Cas démo::Radio"


def test_a_removed_cloze_number_leaves_an_empty_card_and_export_warns(
    tmp_path: Path, col: anki_collection.Collection
) -> None:
    decks_dir = write_sample(tmp_path)
    package = tmp_path / "course.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", package, now=NOW)
    import_package(col, package)
    (decks_dir / "demo.yaml").write_text(SAMPLE.replace("l'{{c2::IRM::examen}}", "l'IRM"))
    summary = export_apkg(
        load_sample(decks_dir), tmp_path / "media", package, now=NOW + timedelta(days=1)
    )
    (warning,) = summary.warnings
    assert warning.startswith("note demo/trio no longer has cloze c2: ")
    import_package(col, package)
    trio = note_by_id(col, "demo/trio")
    (empty,) = col.get_empty_cards().notes  # what Tools › Empty Cards finds and deletes
    assert empty.note_id == trio.id
    assert [col.get_card(c).ord for c in empty.card_ids] == [1]  # c2


def test_a_removed_region_leaves_an_empty_occlusion_card_and_export_warns(
    tmp_path: Path, col: anki_collection.Collection
) -> None:
    decks_dir = write_sample(tmp_path)
    package = tmp_path / "course.apkg"
    occlusion = RegionMode.OCCLUSION
    export_apkg(load_sample(decks_dir), tmp_path / "media", package, now=NOW, regions=occlusion)
    import_package(col, package)
    last = '      - {id: col, box: [60, 20, 30, 40], answer: "Col", prompt: "Et ici ?"}\n'
    assert last in SAMPLE
    (decks_dir / "demo.yaml").write_text(SAMPLE.replace(last, ""))
    summary = export_apkg(
        load_sample(decks_dir),
        tmp_path / "media",
        package,
        now=NOW + timedelta(days=1),
        regions=occlusion,
    )
    (warning,) = summary.warnings
    assert warning.startswith("note demo/radio/regions no longer has region 2 (cloze c2): ")
    log = import_package(col, package)
    assert _ids(log.updated) == ["demo/radio/regions"]
    radio = note_by_id(col, "demo/radio/regions")
    assert len(col.get_image_occlusion_note(radio.id).note.occlusions) == 1
    (empty,) = col.get_empty_cards().notes
    assert empty.note_id == radio.id
    assert [col.get_card(c).ord for c in empty.card_ids] == [1]


# --------------------------------------------------------------------------- hostile text

HOSTILE = """\
deck:
  id: hostile
  name: "<b>Deck</b>"
  lang: en
notes:
  - id: xss
    type: basic
    source: "<img src=x onerror=alert(1)>"
    explanation: "[sound:evil.mp3] [latex]\\\\input{/etc/passwd}[/latex]"
    front: "<script>alert('front')</script>"
    back: "<a href='javascript:alert(1)'>click</a> & {{Front}}"
  - id: clz
    type: cloze
    source: s
    text: "{{c1::<script>alert(2)</script>}} and **bold**"
"""


def test_a_hostile_deck_arrives_escaped(tmp_path: Path, col: anki_collection.Collection) -> None:
    decks_dir = write_sample(tmp_path, HOSTILE, other=False)
    package = tmp_path / "hostile.apkg"
    export_apkg(load_sample(decks_dir), tmp_path / "media", package, now=NOW)
    import_package(col, package)
    assert "<b>Deck</b>" in col.decks.all_names()  # deck names are text in Anki
    rendered = []
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        question, answer = card.question(), card.answer()
        rendered.append(answer)
        assert not card.question_av_tags() and not card.answer_av_tags()
        for html in (question, answer):
            assert "<script>alert" not in html
            assert "onerror=" not in html.replace("onerror=alert", "")  # only as text
            assert "<a " not in html and "<img src=x" not in html
    text = "\n".join(rendered)
    assert "&lt;script&gt;alert(&#x27;front&#x27;)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&#91;sound:evil.mp3]" in text and "{{Front}}" in text
    assert "<b>bold</b>" in text


# --------------------------------------------------------------------------- image occlusion


def test_regions_as_anki_image_occlusion(tmp_path: Path, col: anki_collection.Collection) -> None:
    decks = load_sample(write_sample(tmp_path))
    package = tmp_path / "occlusion.apkg"
    export_apkg(decks, tmp_path / "media", package, now=NOW, regions=RegionMode.OCCLUSION)
    import_package(col, package)

    model = col.models.by_name(NAMES["image_occlusion"])
    assert model is not None
    assert model["originalStockKind"] == 6  # what opens Anki's occlusion editor
    note = note_by_id(col, "demo/radio/regions")
    assert len(note.cards()) == 2
    io = col.get_image_occlusion_note(note.id).note  # the editor's own reading of the note
    assert (Path(col.media.dir()) / io.image_file_name).is_file()
    shapes = sorted(
        (o.ordinal, o.shapes[0].shape, {p.name: p.value for p in o.shapes[0].properties})
        for o in io.occlusions  # Anki lists them in no fixed order
    )
    assert shapes == [
        (1, "rect", {"left": ".0833", "top": ".125", "width": ".3333", "height": ".375"}),
        (2, "rect", {"left": ".5", "top": ".25", "width": ".25", "height": ".5"}),
    ]
    second = next(c for c in note.cards() if c.ord == 1)
    question, answer = second.question(), second.answer()
    assert 'class="cloze" data-ordinal="2" data-shape="rect"' in question
    assert "anki.imageOcclusion.setup()" in question
    # The active region's prompt, which the template's script puts in view; not the other's.
    assert '<span class="cloze" data-cloze="Et&#x20;ici&#x20;&#x3F;" data-ordinal="2">' in question
    assert 'target.innerHTML = active.getAttribute("data-cloze")' in question
    assert '<span class="cloze" data-ordinal="2">Col</span>' in answer
    assert '<span class="cloze-inactive" data-ordinal="1">Tête fémorale</span>' in answer

    # Anki's occlusion editor saves through this call; it must accept the exported note.
    col.update_image_occlusion_note(
        note.id, "{{c1::image-occlusion:rect:left=.1:top=.1:width=.2:height=.2}}", "", "", []
    )
    assert len(col.get_image_occlusion_note(note.id).note.occlusions) == 1
