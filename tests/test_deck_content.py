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


def test_modality_signs_cover_the_modality_groups_of_the_course(
    notes: list[tuple[str, Note]],
) -> None:
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
    unsourced = {(d, n["id"]) for d, n in notes if (d, n["id"]) in tagged} - {
        (d, n["id"]) for d, n in notes if "hors cas" in plain(n["source"])
    }
    assert unsourced == set(), "hors-cas note whose source does not say what is hors cas"


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


# --------------------------------------------------------------------------- typed items

# Square brackets mark an optional part of a typed item (differential answers and aliases,
# modality signs): balanced, not nested, not empty, never the whole item.
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")


def typed_items(note: Note) -> list[str]:
    """The texts a student types against: differential answers and aliases, signs."""
    if note["type"] == "differential":
        items = []
        for answer in note["answers"]:
            if isinstance(answer, str):
                items.append(answer)
            else:
                items += [answer["text"], *answer.get("aliases", [])]
        return items
    if note["type"] == "modality_signs":
        return [sign for modality in note["modalities"] for sign in modality["signs"]]
    return []


def test_optional_parts_are_well_formed(notes: list[tuple[str, Note]]) -> None:
    problems = []
    for deck, note in notes:
        for item in typed_items(note):
            parts = _BRACKETED.findall(item)
            rest = _BRACKETED.sub("", item)
            if "[" in rest or "]" in rest:
                problems.append((deck, note["id"], "unbalanced or nested", item))
            if any(not part.strip() for part in parts):
                problems.append((deck, note["id"], "empty optional part", item))
            if not rest.strip():
                problems.append((deck, note["id"], "nothing required", item))
    assert not problems, problems


def test_brackets_appear_only_in_typed_items(notes: list[tuple[str, Note]]) -> None:
    """Elsewhere a bracket would be shown as it is: the syntax is for typed items only."""
    typed = {"answers", "signs"}
    stray = []
    for deck, note in notes:
        shown = {key: value for key, value in note.items() if key not in typed}
        if note["type"] == "modality_signs":
            shown["modalities"] = [
                {k: v for k, v in m.items() if k != "signs"} for m in note["modalities"]
            ]
        stray += [(deck, note["id"], t) for t in prose(shown) if "[" in t or "]" in t]
    assert not stray


def test_no_alias_is_a_bare_word_that_fits_every_item(notes: list[tuple[str, Note]]) -> None:
    """Content review M-7, m6, m23: « ostéoporose » matched any osteoporosis item, and
    « scaphoïde » alone also names the carpal bone."""
    too_broad = {"osteoporose", "osteoporose transitoire", "scaphoide"}
    found = [
        (deck, note["id"], item)
        for deck, note in notes
        for item in typed_items(note)
        if plain(_BRACKETED.sub("", item)).strip() in too_broad
    ]
    assert not found


# --------------------------------------------------------------------------- C-1

# Every modality_signs note: sign -> the modalities that show it. A sign that several
# modalities show is written identically under each, so that its "which modality?" card
# accepts all of them (content review C-1, m17). No other modality_signs note exists: the
# hors-cas « principes-modalites » turned definitions into signs (M-6).
SIGN_MATRIX: dict[tuple[str, str], dict[str, set[str]]] = {
    ("otm-06-signes-par-modalite", "signes-imagerie"): {
        "Ostéopénie sévère de la tête fémorale et du col[, parfois du cotyle]": {"rx-tdm"},
        "Estompage de la lame sous-chondrale": {"rx-tdm"},
        "Clarté[ sous la plaque] sous-chondrale": {"rx-tdm"},
        "Interligne[ articulaire] normal": {"rx-tdm", "irm"},
        "Microfractures[ trabéculaires]": {"rx-tdm", "irm"},
        "Hyperfixation aux 3 phases": {"scintigraphie-spect-ct"},
        "Œdème médullaire (aspect caractéristique)": {"irm"},
        "Hypervascularisation[ de la plaque] sous-chondrale": {"irm"},
        "Épanchement articulaire et synovite": {"irm"},
        "Prise de contraste capsulaire et péri-articulaire": {"irm"},
    },
}
MODALITY_NAMES = {
    "rx-tdm": "Radiographie standard et scanner",
    "scintigraphie-spect-ct": "Scintigraphie osseuse",
    "irm": "IRM",
}


def test_sign_modality_matrix_is_exactly_the_corrected_one(
    notes: list[tuple[str, Note]],
) -> None:
    found: dict[tuple[str, str], dict[str, set[str]]] = {}
    for deck, note in notes:
        if note["type"] != "modality_signs":
            continue
        matrix: dict[str, set[str]] = {}
        for modality in note["modalities"]:
            assert MODALITY_NAMES[modality["id"]] == modality["modality"]
            for sign in modality["signs"]:
                matrix.setdefault(sign, set()).add(modality["id"])
        found[(deck, note["id"])] = matrix
    assert found == SIGN_MATRIX


def test_a_shared_sign_is_written_identically_under_each_modality(
    notes: list[tuple[str, Note]],
) -> None:
    """Signs are matched by normalised text: near-identical spellings would make two cards."""
    for _, note in notes:
        if note["type"] != "modality_signs":
            continue
        signs = {s for m in note["modalities"] for s in m["signs"]}
        by_plain = Counter(plain(" ".join(s.split())) for s in signs)
        assert all(n == 1 for n in by_plain.values()), note["id"]


# --------------------------------------------------------------------------- majors


def note_by_id(notes: list[tuple[str, Note]], deck: str, note_id: str) -> Note:
    found = [n for d, n in notes if d == deck and n["id"] == note_id]
    assert len(found) == 1, (deck, note_id)
    return found[0]


def answer_texts(note: Note) -> list[str]:
    return [a if isinstance(a, str) else a["text"] for a in note["answers"]]


def test_m7_entities_related_to_transient_osteoporosis(notes: list[tuple[str, Note]]) -> None:
    note = note_by_id(notes, "otm-08-diagnostics-relies", "entites-reliees-ot")
    assert answer_texts(note) == [
        "ostéoporose systémique",  # L350
        "algodystrophie[ (SDRC de type 1)]",  # L366
        "ostéoporose migratoire[ régionale]",  # L382
        "ostéonécrose[ épiphysaire]",  # L418
        "fracture par insuffisance osseuse",  # L474
    ]


def test_m9_the_real_differential_of_multiple_foci(notes: list[tuple[str, Note]]) -> None:
    note = note_by_id(notes, "otm-01-cas", "foyers-multiples-differentiel")
    assert "hors-cas" in note["tags"]
    assert [plain(_BRACKETED.sub("", t)) for t in answer_texts(note)] == [
        "metastases osseuses",
        "myelome",
        "osteomalacie",
        "hyperparathyroidie",
        "fractures de fragilite",
    ]
    workup = note_by_id(notes, "otm-01-cas", "bilan-osteoporose-masculine")
    assert {"densitometrie osseuse", "25-oh vitamine d", "pth", "testosterone"} <= {
        plain(t) for t in answer_texts(workup)
    }


def test_m3_m4_no_graded_order_the_source_does_not_give(notes: list[tuple[str, Note]]) -> None:
    timelines = {n["id"] for d, n in notes if d == "otm-05-physiopathologie"}
    assert "schema-ordre-reconstruit" not in timelines
    assert not [
        n["id"] for _, n in notes if n["type"] == "timeline" and "reconstruit" in n.get("tags", [])
    ]
    chains = [
        n["id"] for d, n in notes if d == "otm-05-physiopathologie" and n["type"] == "timeline"
    ]
    assert chains == ["chaine-frost"]
    loop = note_by_id(notes, "otm-05-physiopathologie", "cercle-vicieux")
    assert {"F50", "F56", "F58", "F60"} <= set(loop["facts"])
    assert "cercle vicieux" in plain(" ".join(prose(loop)))


def test_m5_negative_signs_not_said_to_be_empty(notes: list[tuple[str, Note]]) -> None:
    for _, note in notes:
        if "F79" in note.get("facts", []):
            assert not re.search(r"\brien\b", plain(" ".join(prose(note)))), note["id"]
    negative = note_by_id(notes, "otm-06-signes-par-modalite", "signes-negatifs-osteonecrose")
    assert "hors-cas" in negative["tags"]
    assert "lisere de demarcation" in plain(" ".join(answer_texts(negative)))


def test_m8_hip_transient_osteoporosis_terrain(notes: list[tuple[str, Note]]) -> None:
    note = note_by_id(notes, "otm-08-diagnostics-relies", "ot-hanche-terrain-frequent")
    back = plain(note["back"])
    assert back.index("homme") < back.index("grossesse")


def test_m10_m11_fronts_say_what_they_ask(notes: list[tuple[str, Note]]) -> None:
    tep = note_by_id(notes, "otm-02-imagerie-du-cas", "tep-naf-patient")
    assert "ensuite" not in plain(tep["front"])
    for note_id in ("definition-composante-migratoire", "definition-arthralgies"):
        note = note_by_id(notes, "otm-03-diagnostic-historique", note_id)
        assert note["text"].startswith("L’ostéoporose transitoire migratrice régionale "), note_id


# Openings of clozes that named neither the entity nor the patient (content review m14, M-11).
SUBJECTLESS = re.compile(
    r"^(Les douleurs|Les symptômes|Après leur|Les autres atteintes|Le risque|Exemple donné|"
    r"Au pied|Aux hanches :|Le bassin|De \{\{|Dernier message|C’est|Elle )"
)


def test_m14_clozes_name_their_subject(notes: list[tuple[str, Note]]) -> None:
    assert not [n["id"] for _, n in notes if n["type"] == "cloze" and SUBJECTLESS.match(n["text"])]


def test_additions_of_issue_12_are_there_and_tagged(notes: list[tuple[str, Note]]) -> None:
    additions = {
        ("otm-01-cas", "foyers-multiples-differentiel"),  # 1
        ("otm-01-cas", "bilan-osteoporose-masculine"),  # 1
        ("otm-01-cas", "causes-osteoporose-masculine"),  # 1
        ("otm-06-signes-par-modalite", "irm-examen-cle"),  # 2
        ("otm-06-signes-par-modalite", "signes-negatifs-osteonecrose"),  # 2
        ("otm-06-signes-par-modalite", "tep-naf-attendu"),  # 3
        ("otm-08-diagnostics-relies", "ot-hanche-terrain-frequent"),  # 4
        ("otm-06-signes-par-modalite", "scinti-precoce"),  # 5
        ("otm-02-imagerie-du-cas", "l1-signification"),  # 6
        ("otm-05-physiopathologie", "cercle-vicieux"),  # 7
        ("otm-03-diagnostic-historique", "dates-litterature"),  # 8
    }
    for deck, note_id in additions:
        note = note_by_id(notes, deck, note_id)
        assert "hors-cas" in note["tags"], note_id
    dates = note_by_id(notes, "otm-03-diagnostic-historique", "dates-litterature")
    assert [str(e["when"]) for e in dates["events"]] == ["1947", "1959", "1967", "1983", "1992"]
    assert "curtiss et kincaid" in plain(dates["events"][1]["text"])
    assert "duncan" in plain(dates["events"][2]["text"])


# --------------------------------------------------------------------------- identity

# Notes and cards retired by issue 12. Their ids must not come back with another meaning:
# the store would hand the old progress to a different question.
RETIRED_NOTES = {
    "otm-01-cas": {"question-1-sans-reponse", "ordre-presentation"},
    "otm-03-diagnostic-historique": {"nom-entite", "arguments-diagnostic"},
    "otm-04-clinique-evolution": {"evolution-episode", "delais-recurrence"},
    "otm-05-physiopathologie": {
        "chaine-microlesions-1",
        "chaine-microlesions-2",
        "chaine-grossesse",
        "chaines-non-canoniques",
        "schema-ordre-reconstruit",
    },
    "otm-06-signes-par-modalite": {
        "principes-modalites",
        "rx-delais",
        "rx-signes",
        "irm-precoce",
        "irm-signes",
        "irm-signes-negatifs",
    },
    "otm-08-diagnostics-relies": {"entites-reliees", "fissure-ou-necrose-diff", "meplat-diff"},
    "otm-09-conclusion": {
        "conclusion-oedeme-osteonecrose",
        "conclusion-tronquee",
        "conclusion-microfractures",
    },
}
RETIRED_PARTS = {
    "otm-01-cas/regle-lateralite": {"c2", "c3"},
    "otm-05-physiopathologie/frost-reference": {"main"},
    "otm-06-signes-par-modalite/signes-imagerie": {"sign-irm-3", "sign-scintigraphie-spect-ct-2"},
    "otm-06-signes-par-modalite/scinti-hyperfixation": {"c1"},
    "otm-07-pied-cheville/tarse-simultane": {"c1"},
    "otm-08-diagnostics-relies/association-systemique": {"c2"},
    "otm-08-diagnostics-relies/osteonecrose-meme-physiopathologie": {"c1"},
    "otm-08-diagnostics-relies/fissure-osseuse": {"c3"},
    "otm-08-diagnostics-relies/duncan": {"c4", "c5"},
}


def test_retired_note_ids_are_not_reused(notes: list[tuple[str, Note]]) -> None:
    assert not [(d, n["id"]) for d, n in notes if n["id"] in RETIRED_NOTES.get(d, set())]


def test_card_ids_after_issue_12() -> None:
    """Expanded with casecards itself: the sign cards are named after a sign's first position,
    so the order of the signs decides which card keeps its progress."""
    from casecards.cards import expand
    from casecards.deck import load_decks

    result = load_decks([ROOT / "decks"], ROOT / "media")
    assert not result.problems
    ids = {card.id for deck in result.decks for card in expand(deck).cards}
    retired = {f"{note}/{part}" for note, parts in RETIRED_PARTS.items() for part in parts}
    assert ids & retired == set()
    kept = {
        "sign-rx-tdm-4",  # « Interligne articulaire normal »: same question, answer completed
        "sign-rx-tdm-5",  # « Microfractures trabéculaires »: new answer, new card
        "sign-irm-1",
        "sign-irm-2",
        "sign-irm-4",
        "sign-irm-5",
        "sign-scintigraphie-spect-ct-1",
        "modality-rx-tdm",
        "modality-scintigraphie-spect-ct",
        "modality-irm",
    }
    signs = "otm-06-signes-par-modalite/signes-imagerie/"
    assert {i.removeprefix(signs) for i in ids if i.startswith(signs)} == kept | {
        "sign-rx-tdm-1",
        "sign-rx-tdm-2",
        "sign-rx-tdm-3",
    }
