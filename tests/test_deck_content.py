"""Content of the bundled « ostéoporose transitoire migratrice » decks: every inventory fact is
taught, every note names its source, the card kinds the case needs are there, and the French
typography holds. Reads the YAML with plain ``yaml.safe_load`` (the format checker lives in
``casecards.deck`` and has its own tests)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DECK_FILES = sorted((ROOT / "decks").glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=./casecards-deck.schema.json"

# The 115 teachable facts of the case inventory (F1 ... F115).
FACT_IDS = frozenset(f"F{n}" for n in range(1, 116))

# The modality groups the "signs per modality" notes must cover: the three for which the
# course gives signs. The 18F-NaF PET has no sign in the course; its principles are basic
# cards (content review M-6), counted by test_modality_tags_exist_for_drilling.
MODALITY_GROUPS = {
    "radiographie-tdm": ("radiographie", "scanner", "tdm", "rx"),
    "scintigraphie-spect-ct": ("scintigraphie", "spect"),
    "irm": ("irm",),
}

# Fields whose text the student never reads as prose (identifiers, paths, metadata).
NOT_PROSE = {"id", "type", "tags", "facts", "image", "box", "source"}

Deck = dict[str, Any]
Note = dict[str, Any]


def load(path: Path) -> Deck:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path.name
    return data


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    assert DECK_FILES, "no deck in decks/"
    return {path.name: load(path) for path in DECK_FILES}


@pytest.fixture(scope="module")
def notes(decks: dict[str, Deck]) -> list[tuple[str, Note]]:
    return [(deck["deck"]["id"], note) for deck in decks.values() for note in deck["notes"]]


def prose(value: Any) -> list[str]:
    """Every text a student reads in a note (prompts, answers, signs, events…)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in prose(item)]
    if isinstance(value, dict):
        return [text for key, item in value.items() if key not in NOT_PROSE for text in prose(item)]
    return []


def plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold().replace("\u00a0", " "))
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("\u202f", " ")


def test_every_inventory_fact_is_taught(notes: list[tuple[str, Note]]) -> None:
    taught = {fact for _, note in notes for fact in note.get("facts", [])}
    missing = sorted(FACT_IDS - taught, key=lambda f: int(f[1:]))
    assert not missing, f"facts taught by no note: {missing}"


def test_facts_name_real_inventory_ids(notes: list[tuple[str, Note]]) -> None:
    unknown = [
        (deck, note["id"], fact)
        for deck, note in notes
        for fact in note.get("facts", [])
        if fact not in FACT_IDS
    ]
    assert not unknown


def test_every_note_lists_the_facts_it_teaches(notes: list[tuple[str, Note]]) -> None:
    assert not [(deck, note["id"]) for deck, note in notes if not note.get("facts")]


def test_every_note_names_its_source(notes: list[tuple[str, Note]]) -> None:
    unsourced = [
        (deck, note["id"])
        for deck, note in notes
        if not isinstance(note.get("source"), str) or not note["source"].strip()
    ]
    assert not unsourced


def test_note_ids_are_unique_in_each_deck(decks: dict[str, Deck]) -> None:
    for name, deck in decks.items():
        counts = Counter(note["id"] for note in deck["notes"])
        assert [i for i, n in counts.items() if n > 1] == [], name


def test_deck_ids_are_unique_and_follow_the_case_order(decks: dict[str, Deck]) -> None:
    ids = [deck["deck"]["id"] for deck in decks.values()]
    assert len(ids) == len(set(ids))
    for name, deck in decks.items():
        header = deck["deck"]
        match = re.fullmatch(r"otm-(\d\d)-[a-z0-9-]+", header["id"])
        assert match, header["id"]
        assert name == f"{header['id']}.yaml"
        assert header["name"].startswith(f"Ostéoporose transitoire migratrice::{match[1]} · ")
        assert header["lang"] == "fr"


def test_files_start_with_the_schema_line_and_indent_with_two_spaces() -> None:
    for path in DECK_FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == SCHEMA_LINE, path.name
        for number, line in enumerate(lines, 1):
            assert "\t" not in line, f"{path.name}:{number}"
            indent = len(line) - len(line.lstrip(" "))
            assert indent % 2 == 0, f"{path.name}:{number}"


def test_image_notes_with_regions_cover_at_least_twelve_schematics(
    notes: list[tuple[str, Note]],
) -> None:
    with_regions = [note for _, note in notes if note["type"] == "image" and note.get("regions")]
    assert len(with_regions) >= 12
    assert len({note["image"] for note in with_regions}) >= 12


@pytest.mark.parametrize(("kind", "minimum"), [("differential", 4), ("timeline", 4)])
def test_enough_notes_of_each_reasoning_kind(
    notes: list[tuple[str, Note]], kind: str, minimum: int
) -> None:
    assert sum(note["type"] == kind for _, note in notes) >= minimum


def test_timelines_have_at_least_two_events(notes: list[tuple[str, Note]]) -> None:
    short = [
        note["id"] for _, note in notes if note["type"] == "timeline" and len(note["events"]) < 2
    ]
    assert not short


def test_modality_signs_cover_the_modality_groups_of_the_course(notes: list[tuple[str, Note]]) -> None:
    covered = set()
    for _, note in notes:
        if note["type"] != "modality_signs":
            continue
        for modality in note["modalities"]:
            words = plain(f"{modality['modality']} {modality.get('id', '')}")
            covered |= {
                group
                for group, keys in MODALITY_GROUPS.items()
                if any(re.search(rf"\b{key}", words) for key in keys)
            }
    assert covered == set(MODALITY_GROUPS)


def test_modality_tags_exist_for_drilling(notes: list[tuple[str, Note]]) -> None:
    tags = Counter(tag for _, note in notes for tag in note.get("tags", []))
    for tag in ("radiographie", "tdm", "scintigraphie", "spect-ct", "irm", "tep-naf"):
        assert tags[tag] >= 2, tag


def test_hors_cas_knowledge_is_tagged_and_said(notes: list[tuple[str, Note]]) -> None:
    """A note that adds knowledge from outside the case carries the tag and tells the
    student; a note that says so is tagged."""
    tagged = {(d, n["id"]) for d, n in notes if "hors-cas" in n.get("tags", [])}
    said = {(d, n["id"]) for d, n in notes if "hors cas" in plain(" ".join(prose(n)))}
    assert tagged, "no hors-cas note at all"
    assert tagged - said == set(), "tagged hors-cas without saying so"
    assert said - tagged == set(), "says hors cas without the tag"


def test_reconstructions_are_tagged_and_labelled(notes: list[tuple[str, Note]]) -> None:
    reconstructed = [n for _, n in notes if "reconstruit" in n.get("tags", [])]
    assert reconstructed
    for note in reconstructed:
        assert "reconstruit" in plain(" ".join(prose(note))), note["id"]


def test_tep_results_are_never_invented(notes: list[tuple[str, Note]]) -> None:
    """The case shows a 18F-NaF PET but describes no result: no card may claim one."""
    for _, note in notes:
        text = plain(" ".join(prose(note)))
        if "tep" in text or "naf" in text:
            assert not re.search(r"la tep (montr|objectiv|retrouv)", text), note["id"]


def test_french_typography(notes: list[tuple[str, Note]]) -> None:
    problems = []
    for deck, note in notes:
        for text in [*prose(note), note["source"]]:
            if re.search(r" [:;?!]", text):
                problems.append((deck, note["id"], "ordinary space before : ; ? !", text))
            if re.search(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»", text):
                problems.append((deck, note["id"], "« » without non-breaking space", text))
            if "'" in text or '"' in text:
                problems.append((deck, note["id"], "straight quote or apostrophe", text))
    assert not problems, problems[:5]
