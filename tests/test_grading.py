"""Tests for casecards.grading and casecards.matching: tables of fixed vectors (typed ->
recalled/missed/extras, orders -> distance and grade) and hypothesis properties."""

from __future__ import annotations

import itertools
import random
import unicodedata
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casecards.deck.model import Answer
from casecards.grading import (
    grade_choice,
    match_items,
    match_signs,
    order_result,
    shuffle_order,
    split_items,
    suggest_grade,
    suggest_order_grade,
)
from casecards.matching import compare_text, edit_distance, match_key, typo_allowance
from casecards.scheduler import Grade

# A differential from the transient osteoporosis case.
HIP = (
    Answer("Ostéoporose transitoire", ()),
    Answer("algodystrophie", ("SDRC 1",)),
    Answer("ostéonécrose", ()),
    Answer("fracture par insuffisance osseuse", ()),
    Answer("œdème médullaire", ()),
)

# --- normalising and distance --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Œdème  Médullaire.", "oedeme medullaire"),
        ("L'algodystrophie", "l algodystrophie"),
        ("l’IRM", "l irm"),
        ("TEP-TDM", "tep tdm"),
        ("SDRC (type 1)", "sdrc type 1"),
        ("  ", ""),
        ("?!", ""),
        ("ÆSTHÉSIE", "aesthesie"),
    ],
)
def test_match_key(text: str, key: str) -> None:
    assert match_key(text) == key


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("abc", "", 3),
        ("osteoporose", "osteoporose", 0),
        ("medulaire", "medullaire", 1),  # deletion
        ("osteporose", "osteoporose", 1),
        ("osteoproose", "osteoporose", 1),  # adjacent transposition
        ("kitten", "sitting", 3),
        ("ca", "abc", 3),  # optimal string alignment: no substring edited twice
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


@pytest.mark.parametrize(
    ("length", "allowed"),
    [(0, 0), (1, 0), (3, 0), (4, 1), (7, 1), (8, 1), (11, 1), (12, 2), (40, 2)],
)
def test_typo_allowance(length: int, allowed: int) -> None:
    assert typo_allowance(length) == allowed


# --- compare_text ---------------------------------------------------------------------------------

COMPARISONS: list[tuple[str, str, bool]] = [
    # Case, accents, ligatures, punctuation, spacing.
    ("oedeme medulaire", "œdème médullaire", True),
    ("OSTEOPOROSE TRANSITOIRE", "Ostéoporose transitoire", True),
    ("osteo-porose transitoire.", "Ostéoporose transitoire", True),
    ("osteonecrose", "ostéonécrose", True),
    # Small typos, scaled to length.
    ("osteoporse", "ostéoporose", True),  # 1 edit in 11 letters
    ("algodystrophy", "algodystrophie", True),  # 2 edits in 13 letters
    ("fracture par insufisance oseuse", "fracture par insuffisance osseuse", True),
    ("fractur par insufisance oseuse", "fracture par insuffisance osseuse", False),  # 3 edits
    ("ostoporse", "ostéoporose", False),  # 2 edits in 9 letters
    ("hanche", "hanche", True),
    ("hanches", "hanche", True),
    # Two edits apart yet different diseases: two edits only from 12 letters.
    ("osteoporose", "ostéopétrose", False),
    ("chondrome", "chordome", False),
    # Articles and words in parentheses may be left out, on either side.
    ("l'algodystrophie", "algodystrophie", True),
    ("L’algodystrophie", "algodystrophie", True),
    ("une fracture par insuffisance osseuse", "fracture par insuffisance osseuse", True),
    ("de la fracture par insuffisance osseuse", "fracture par insuffisance osseuse", True),
    ("l'oedeme medullaire", "œdème médullaire", True),
    ("ostéonécrose", "l'ostéonécrose", True),
    ("algodystrophie", "algodystrophie (SDRC 1)", True),
    ("algodystrophie (SDRC 1)", "algodystrophie", True),
    ("SDRC 1", "algodystrophie (SDRC 1)", False),  # the bracket is dropped, not the rest
    ("l'", "l'", True),  # an article alone is a text, not nothing
    # Short texts are exact: abbreviations one letter apart are different things.
    ("IRM", "TDM", False),
    ("irm", "IRM", True),
    ("TEP", "TDM", False),
    ("RX", "RM", False),
    # Digits are never edited.
    ("L5", "L1", False),
    ("l 1", "L1", True),
    ("SDRC 2", "SDRC 1", False),
    ("sdrc 11", "SDRC 1", False),
    ("fracture de L5", "fracture de L1", False),
    ("hypersignal T2", "hypersignal T1", False),
    ("hypersignl T1", "hypersignal T1", True),
    ("hypersignal en T1", "hypersignal T1", True),  # a word may come between, not a letter
    ("hypersignal T1G", "hypersignal T1", False),
    ("IRMs", "IRM", False),
    ("sdrc type 2", "SDRC type 1", False),
    # Words in capitals in the expected text are acronyms, matched exactly.
    ("sdrc 1", "SDRC 1", True),
    ("SDRC1", "SDRC 1", True),
    ("SRDC 1", "SDRC 1", False),
    ("SDRC", "SDRC 1", False),
    ("TEMP-TDM", "TEP-TDM", False),
    ("tep/tdm", "TEP-TDM", True),
    ("teptdm", "TEP-TDM", True),
    ("lymphome T", "lymphome B", False),
    ("lymphome b", "lymphome B", True),
    ("TEMP-TDM", "tep-tdm", True),  # written in lower case, the same text is not an acronym
    # Contrasts a typo could bridge.
    ("hyposignal T1", "hypersignal T1", False),
    ("hypofixation", "hyperfixation", False),
    ("arthrose", "arthrite", False),
    ("spondylarthrose", "spondylarthrite", False),
    ("osteochondrose", "ostéochondrite", False),
    ("fibrose", "fibrome", False),
    ("microadenome", "macroadénome", False),
    ("sus-epineux", "sous-épineux", False),
    ("intra articulaire", "extra-articulaire", False),
    ("fracture unilaterale", "fracture bilatérale", False),
    ("colostomie", "colotomie", False),
    # Sides of the body, each spelt several ways.
    ("menisque interne", "ménisque externe", False),  # two edits in 15 letters
    ("menisque interne", "ménisque interne", True),
    ("hanche gauche", "hanche droite", False),
    ("hanche droit", "hanche droite", True),
    ("corne anterieure", "corne postérieure", False),
    ("corne antero-laterale", "corne antérieure", False),  # latérale is more than a typo
    ("plateau tibial medial", "plateau tibial latéral", False),
    ("surface superieure", "surface inférieure", False),
    ("pole infero-externe", "pôle supérieur externe", False),
    ("epiphyse proximale", "épiphyse distale", False),
    ("atteinte homolaterale", "atteinte controlatérale", False),
    ("face dorsale", "face plantaire", False),
    # A word and its negation by a prefix of one to three letters.
    ("interligne articulaire anormal", "Interligne articulaire normal", False),
    ("interligne articulaire anormale", "Interligne articulaire normal", False),
    ("signal anormal", "signal normal", False),
    ("necrose septique", "nécrose aseptique", False),
    ("necrose aseptique", "nécrose aseptique", True),
    ("aspect atypique", "aspect typique", False),
    ("contours irreguliers de la lesion", "contours réguliers de la lésion", False),
    ("fixation asymetrique des sacro-iliaques", "fixation symétrique des sacro-iliaques", False),
    ("fracture incomplete du col", "fracture complète du col", False),
    ("image invisible en radiographie", "image visible en radiographie", False),
    ("demineralisation osseuse", "minéralisation osseuse", False),
    ("fracture non deplacee", "fracture déplacée", False),
    ("prise de contraste periarticulaire", "prise de contraste péri-articulaire", True),
    ("signal normal ou anormal", "signal normal ou anormal", True),  # the same words
    # Bones and movements a typo or two apart.
    ("hyperactivite osteoclastique", "hyperactivité ostéoblastique", False),
    ("hyperactivite osteoblastiqe", "hyperactivité ostéoblastique", True),
    ("scaphoide carpien", "scaphoïde tarsien", False),
    ("base du 3e metacarpien", "base du 3e métatarsien", False),
    ("fracture epiphysaire", "fracture diaphysaire", False),
    ("fracture metaphysaire", "fracture épiphysaire", False),
    ("deformation en valgus", "déformation en varus", False),
    ("hallux valgus", "hallux valgus", True),
    ("adduction de hanche", "abduction de hanche", False),
    ("entorse en inversion", "entorse en éversion", False),
    ("hyperfixaton", "hyperfixation", True),  # same marker, one typo
    ("arthrte", "arthrite", True),  # the typo hides the marker: no contrast to see
    # Optional parts marked by the author may be typed or left out, each on its own.
    (
        "osteopenie severe de la tete femorale et du col",
        "Ostéopénie sévère de la tête fémorale et du col[, parfois du cotyle]",
        True,
    ),
    (
        "ostéopénie sévère de la tête fémorale et du col, parfois du cotyle",
        "Ostéopénie sévère de la tête fémorale et du col[, parfois du cotyle]",
        True,
    ),
    (
        "osteopenie severe de la tete femorale et du col",
        "Ostéopénie sévère de la tête fémorale et du col, parfois du cotyle",
        False,  # not marked optional: the whole sign must be said
    ),
    (
        "osteopenie severe",
        "Ostéopénie sévère de la tête fémorale et du col[, parfois du cotyle]",
        False,
    ),
    ("microfracture trabeculaire", "Microfracture[s] trabéculaire[s]", True),
    ("microfractures trabeculaires", "Microfracture[s] trabéculaire[s]", True),
    ("hyperhemie", "[Fixation traduisant ]hyperhémie", True),
    ("fixation traduisant hyperhemie", "[Fixation traduisant ]hyperhémie", True),
    ("fixation hyperhemie", "[Fixation traduisant ]hyperhémie", False),  # a part is whole
    ("TEP au [18F]NaF", "TEP au \\[18F\\]NaF", True),
    ("TEP au NaF", "TEP au \\[18F\\]NaF", False),  # an escaped bracket marks nothing
    ("IRM", "IRM[ de hanche]", True),
    ("TDM", "IRM[ de hanche]", False),
    ("fracture de L5", "fracture[ de L1]", False),
    ("fracture", "fracture[ de L1]", True),
    # Numbers in words are numbers: cardinals, and ordinals as French writes them.
    ("hyperfixation aux trois phases", "Hyperfixation aux 3 phases", True),
    ("hyperfixation aux 3 phases", "Hyperfixation aux trois phases", True),
    ("hyperfixation aux deux phases", "Hyperfixation aux 3 phases", False),
    ("hyperfixation aux quatre phases", "Hyperfixation aux trois phases", False),
    ("base du troisième métatarsien", "base du 3e métatarsien", True),
    ("base du 3ème métatarsien", "base du 3e métatarsien", True),
    ("base du 3eme metatarsien", "base du troisième métatarsien", True),
    ("base du 2e métatarsien", "base du 3e métatarsien", False),
    ("premier métatarsien", "1er métatarsien", True),
    ("1re côte", "première côte", True),
    ("1ère cote", "1re côte", True),
    ("1ᵉʳ métatarsien", "premier métatarsien", True),
    ("deuxième côte", "2e côte", True),
    ("second métatarsien", "2e métatarsien", True),
    ("2nde côte", "deuxième côte", True),
    ("dix côtes", "10 côtes", True),
    ("dix-sept ans", "17 ans", True),
    ("dix-neuvième", "19e", True),
    ("seize", "16", True),
    ("cinq", "six", False),
    ("SDRC type I", "SDRC de type 1", True),
    ("sdrc type i", "SDRC de type 1", True),
    ("SDRC de type II", "SDRC de type 1", False),
    ("stade III", "stade 3", True),
    ("stade iv", "stade 3", False),
    ("IRM", "IRM", True),  # a word that only starts like a numeral is a word
    ("sdrc type un", "SDRC de type 1", True),  # a last "un" is a count
    ("une fracture", "fracture", True),  # elsewhere, an article
    ("reconstruction troisième", "reconstruction 3D", False),  # "3D" is no ordinal
    ("3 secondes", "3 2e", False),  # nor "secondes" an ordinal
    # Small words do not decide a match, wherever they stand.
    ("fracture L1", "Fracture de L1", True),
    ("fracture de L1", "Fracture L1", True),
    ("fracture du L1", "Fracture de L1", True),
    ("fracture de L5", "Fracture L1", False),
    ("hyperfixation 3 phases", "Hyperfixation aux 3 phases", True),
    ("hyperfixation a trois phases", "Hyperfixation aux 3 phases", True),
    ("fractures d'insuffisance osseuse", "fractures par insuffisance osseuse", True),
    ("epanchement articulaire synovite", "Épanchement articulaire et synovite", True),
    (
        "prise contraste capsulaire et periarticulaire",
        "Prise de contraste capsulaire et péri-articulaire",
        True,
    ),
    ("estompage lame sous-chondrale", "Estompage de la lame sous-chondrale", True),
    ("l'IRM", "IRM", True),
    ("IRM", "L'IRM", True),
    ("osteopenie du col", "ostéopénie de la tête et du col", False),  # "tête" is missing
    # ... but a small word is kept as the last word, or as an acronym.
    ("vitamine D", "vitamine D", True),
    ("vitamine", "vitamine D", False),
    ("vitamine E", "vitamine D", False),
    ("hepatite B", "hépatite A", False),
    ("hepatite", "hépatite A", False),
    ("le", "la", False),
    ("une fracture", "1 fracture", False),  # "une" is an article, not a count
    # Words that change the finding are not small.
    ("clarte sur la plaque sous-chondrale", "Clarté sous la plaque sous-chondrale", False),
    ("fracture deplacement", "fracture sans déplacement", False),
    ("fracture avec deplacement", "fracture sans déplacement", False),
    ("hyperfixation", "Hyperfixation aux 3 phases", False),  # half an item is not the item
    # Nothing to match.
    ("", "ostéonécrose", False),
    ("?", "?", False),
    ("ostéoporose", "Ostéoporose transitoire", False),  # half an item is not the item
]


@pytest.mark.parametrize(("typed", "expected", "matches"), COMPARISONS)
def test_compare_text(typed: str, expected: str, matches: bool) -> None:
    assert compare_text(typed, expected) is matches


# --- split_items ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "items"),
    [
        ("", []),
        ("ostéonécrose", ["ostéonécrose"]),
        ("a, b; c\nd", ["a", "b", "c", "d"]),
        ("  ostéonécrose  \r\n\n algodystrophie ,", ["ostéonécrose", "algodystrophie"]),
        (
            "- ostéonécrose\n• algodystrophie\n* SDRC 1",
            ["ostéonécrose", "algodystrophie", "SDRC 1"],
        ),
        (
            "1. ostéonécrose\n2) algodystrophie\n3.fracture",
            ["ostéonécrose", "algodystrophie", "fracture"],
        ),
        ("1.5 T", ["1.5 T"]),
        ("1,5 T", ["1", "5 T"]),  # a comma always separates
        ("?\n-\n;;", []),
        ("TEP-TDM, l'IRM", ["TEP-TDM", "l'IRM"]),
        ("lupus, lupus", ["lupus", "lupus"]),  # repeats are match_items' business
    ],
)
def test_split_items(typed: str, items: list[str]) -> None:
    assert split_items(typed) == items


# --- match_items ------------------------------------------------------------------------------------

# typed text -> (matched_by per HIP item, extras, repeats, suggested grade)
RECALLS: list[tuple[str, tuple[str | None, ...], tuple[str, ...], tuple[str, ...], Grade]] = [
    (
        "ostéoporose transitoire\nalgodystrophie\nostéonécrose\n"
        "fracture par insuffisance osseuse\nœdème médullaire",
        (
            "ostéoporose transitoire",
            "algodystrophie",
            "ostéonécrose",
            "fracture par insuffisance osseuse",
            "œdème médullaire",
        ),
        (),
        (),
        Grade.PERFECT,
    ),
    (
        "oedeme medulaire, osteonecrose, sdrc 1, osteoporose transitoire, "
        "fracture par insufisance osseuse, lupus",
        (
            "osteoporose transitoire",
            "sdrc 1",
            "osteonecrose",
            "fracture par insufisance osseuse",
            "oedeme medulaire",
        ),
        ("lupus",),
        (),
        Grade.CORRECT_HESITANT,
    ),
    (
        "l'ostéoporose transitoire; une algodystrophie; ostéonécrose; métastase",
        ("l'ostéoporose transitoire", "une algodystrophie", "ostéonécrose", None, None),
        ("métastase",),
        (),
        Grade.WRONG_SEEMED_EASY,  # 3 of 5 < 2/3
    ),
    (
        "ostéonécrose\nSDRC 1\nalgodystrophie\nosteonecrose\narthrite",
        (None, "algodystrophie", "ostéonécrose", None, None),
        ("arthrite",),
        ("SDRC 1", "osteonecrose"),  # the own text wins over the alias when both are typed
        Grade.WRONG_SEEMED_EASY,  # 2 of 5 >= 1/3
    ),
    (
        "ostéoporose\nSDRC\nSDRC 2\nIRM",
        (None, None, None, None, None),
        ("ostéoporose", "SDRC", "SDRC 2", "IRM"),
        (),
        Grade.BLACKOUT,
    ),
    (
        "œdème médullaire",
        (None, None, None, None, "œdème médullaire"),
        (),
        (),
        Grade.WRONG_REMEMBERED,  # 1 of 5 < 1/3
    ),
    ("", (None, None, None, None, None), (), (), Grade.BLACKOUT),
]


@pytest.mark.parametrize(("typed", "matched_by", "extras", "repeats", "grade"), RECALLS)
def test_match_items(
    typed: str,
    matched_by: tuple[str | None, ...],
    extras: tuple[str, ...],
    repeats: tuple[str, ...],
    grade: Grade,
) -> None:
    result = match_items(split_items(typed), HIP)
    assert [item.answer for item in result.items] == list(HIP)
    assert tuple(item.matched_by for item in result.items) == matched_by
    assert [item.recalled for item in result.items] == [m is not None for m in matched_by]
    assert result.extras == extras
    assert result.repeats == repeats
    assert result.total == 5
    assert result.recalled == sum(m is not None for m in matched_by)
    assert result.suggested_grade == grade


def test_one_typed_item_recalls_one_expected_item() -> None:
    result = match_items(["fracture"], [Answer("fracture", ()), Answer("fractures", ())])
    assert [i.matched_by for i in result.items] == ["fracture", None]


def test_assignment_maximises_the_number_recalled() -> None:
    # "chondrome" is closest to "chondrome" but also matches "chondromes"; "chondrom" matches
    # only "chondrome". Greedy alone would recall one item; moving "chondrome" recalls both.
    expected = [Answer("chondrome", ()), Answer("chondromes", ())]
    for typed in (["chondrome", "chondrom"], ["chondrom", "chondrome"]):
        result = match_items(typed, expected)
        assert [i.matched_by for i in result.items] == ["chondrom", "chondrome"]
        assert result.extras == result.repeats == ()


COMMAS = [
    "Ostéopénie sévère de la tête fémorale et du col, parfois du cotyle",
    "Fixation traduisant perméabilité capillaire accrue, hyperhémie et hyperactivité "
    "ostéoblastique",
    "Hyperfixation aux 3 phases",
]


@pytest.mark.parametrize(
    ("typed", "matched_by", "extras"),
    [
        # An item holding a comma, typed as written: its pieces are read back as one.
        (
            "osteopenie severe de la tete femorale et du col, parfois du cotyle",
            ("osteopenie severe de la tete femorale et du col, parfois du cotyle", None, None),
            (),
        ),
        (
            "fixation traduisant permeabilite capillaire accrue; hyperhemie et hyperactivite "
            "osteoblastique\nhyperfixation aux trois phases",
            (
                None,
                "fixation traduisant permeabilite capillaire accrue, hyperhemie et "
                "hyperactivite osteoblastique",
                "hyperfixation aux trois phases",
            ),
            (),
        ),
        # Pieces that are items of their own stay apart, and so does a piece that is no part.
        (
            "hyperfixation aux 3 phases, parfois du cotyle",
            (None, None, "hyperfixation aux 3 phases"),
            ("parfois du cotyle",),
        ),
        (
            "osteopenie severe de la tete femorale et du col, lupus",
            (None, None, None),
            ("osteopenie severe de la tete femorale et du col", "lupus"),
        ),
    ],
)
def test_items_holding_a_comma_typed_as_written(
    typed: str, matched_by: tuple[str | None, ...], extras: tuple[str, ...]
) -> None:
    result = match_signs(split_items(typed), COMMAS)
    assert tuple(i.matched_by for i in result.items) == matched_by
    assert result.extras == extras


def test_pieces_are_not_joined_when_that_recalls_fewer_items() -> None:
    # "a" alone recalls "a"; "a, b" would recall "a, b", which "a, b" typed again recalls
    # anyway: joining the first two would lose "a".
    expected = [Answer("alpha", ()), Answer("alpha, beta", ())]
    result = match_items(["alpha", "beta", "alpha, beta"], expected)
    assert [i.matched_by for i in result.items] == ["alpha", "alpha, beta"]
    assert result.extras == ("beta",)


def test_an_optional_part_after_a_comma_is_no_extra() -> None:
    sign = "Ostéopénie sévère de la tête fémorale et du col[, parfois du cotyle]"
    for typed in (
        "osteopenie severe de la tete femorale et du col",
        "osteopenie severe de la tete femorale et du col, parfois du cotyle",
    ):
        result = match_signs(split_items(typed), [sign, "Interligne articulaire normal"])
        assert [i.matched_by for i in result.items] == [typed, None]
        assert result.extras == result.repeats == ()


def test_blank_typed_items_are_ignored() -> None:
    result = match_items(["", "  ", "?", "ostéonécrose"], HIP)
    assert result.recalled == 1 and result.extras == () and result.repeats == ()


def test_match_items_needs_expected_items() -> None:
    with pytest.raises(ValueError, match="at least one"):
        match_items(["a"], [])


def test_match_signs_treats_signs_as_plain_answers() -> None:
    signs = ["œdème médullaire", "hypersignal T2", "fracture sous-chondrale"]
    result = match_signs(split_items("oedeme medulaire, hyposignal T2, SDRC 1"), signs)
    assert [i.answer for i in result.items] == [Answer(s, ()) for s in signs]
    assert [i.matched_by for i in result.items] == ["oedeme medulaire", None, None]
    assert result.extras == ("hyposignal T2", "SDRC 1")
    assert result.suggested_grade == Grade.WRONG_SEEMED_EASY


# --- suggest_grade ------------------------------------------------------------------------------------

# (recalled, total, extras) -> grade: every split of 1 to 6 items, and extras where they count.
GRADES: list[tuple[int, int, int, Grade]] = [
    (1, 1, 0, Grade.PERFECT),
    (1, 1, 1, Grade.CORRECT_HESITANT),
    (0, 1, 0, Grade.BLACKOUT),
    (0, 1, 3, Grade.BLACKOUT),
    (2, 2, 0, Grade.PERFECT),
    (1, 2, 0, Grade.WRONG_SEEMED_EASY),
    (0, 2, 0, Grade.BLACKOUT),
    (3, 3, 0, Grade.PERFECT),
    (3, 3, 5, Grade.CORRECT_HESITANT),
    (2, 3, 0, Grade.CORRECT_HARD),
    (2, 3, 4, Grade.CORRECT_HARD),
    (1, 3, 0, Grade.WRONG_SEEMED_EASY),
    (0, 3, 0, Grade.BLACKOUT),
    (4, 4, 0, Grade.PERFECT),
    (3, 4, 0, Grade.CORRECT_HARD),
    (2, 4, 0, Grade.WRONG_SEEMED_EASY),
    (1, 4, 0, Grade.WRONG_REMEMBERED),
    (0, 4, 0, Grade.BLACKOUT),
    (5, 5, 0, Grade.PERFECT),
    (5, 5, 1, Grade.CORRECT_HESITANT),
    (4, 5, 0, Grade.CORRECT_HARD),
    (3, 5, 0, Grade.WRONG_SEEMED_EASY),
    (2, 5, 0, Grade.WRONG_SEEMED_EASY),
    (1, 5, 0, Grade.WRONG_REMEMBERED),
    (0, 5, 0, Grade.BLACKOUT),
    (6, 6, 0, Grade.PERFECT),
    (5, 6, 0, Grade.CORRECT_HARD),
    (4, 6, 0, Grade.CORRECT_HARD),
    (3, 6, 0, Grade.WRONG_SEEMED_EASY),
    (2, 6, 0, Grade.WRONG_SEEMED_EASY),
    (1, 6, 0, Grade.WRONG_REMEMBERED),
    (0, 6, 0, Grade.BLACKOUT),
]


@pytest.mark.parametrize(("recalled", "total", "extras", "grade"), GRADES)
def test_suggest_grade(recalled: int, total: int, extras: int, grade: Grade) -> None:
    assert suggest_grade(recalled, total, extras) is grade


@pytest.mark.parametrize(
    ("recalled", "total", "extras", "message"),
    [
        (0, 0, 0, "total must be an int >= 1"),
        (2, 1, 0, "cannot exceed total"),
        (-1, 3, 0, "recalled must be an int >= 0"),
        (1, 3, -1, "extras must be an int >= 0"),
        (True, 3, 0, "recalled must be an int"),
    ],
)
def test_suggest_grade_refuses_impossible_counts(
    recalled: int, total: int, extras: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        suggest_grade(recalled, total, extras)


# --- grade_choice ----------------------------------------------------------------------------------


# (correct, chosen) -> grade, as the docstring's table reads.
CHOICES: list[tuple[set[str], set[str], Grade]] = [
    # Exactly right.
    ({"irm"}, {"irm"}, Grade.PERFECT),
    ({"irm", "scinti"}, {"scinti", "irm"}, Grade.PERFECT),
    # Only correct ones, some missed: what was said is true.
    ({"irm", "scinti"}, {"irm"}, Grade.CORRECT_HARD),
    ({"rx", "scinti", "irm"}, {"irm"}, Grade.CORRECT_HARD),
    # All correct ones and one tick too many: partial, passing from three right ticks.
    ({"irm"}, {"irm", "rx"}, Grade.WRONG_SEEMED_EASY),
    ({"irm", "scinti"}, {"irm", "scinti", "rx"}, Grade.WRONG_SEEMED_EASY),
    ({"rx", "scinti", "irm"}, {"rx", "scinti", "irm", "tep"}, Grade.CORRECT_HARD),
    ({"rx", "scinti", "spect", "irm"}, {"rx", "scinti", "spect", "irm", "tep"}, Grade.CORRECT_HARD),
    # Two too many.
    ({"rx", "scinti", "irm"}, {"rx", "scinti", "irm", "tep", "spect"}, Grade.WRONG_SEEMED_EASY),
    ({"irm", "scinti"}, {"irm", "scinti", "rx", "tep"}, Grade.WRONG_REMEMBERED),
    ({"irm"}, {"irm", "rx", "scinti"}, Grade.WRONG_REMEMBERED),  # every modality ticked
    # Some right, some wrong, some missed: more right than wrong is closer.
    ({"rx", "scinti", "irm"}, {"rx", "scinti", "tep"}, Grade.WRONG_SEEMED_EASY),
    ({"irm", "scinti"}, {"irm", "rx"}, Grade.WRONG_REMEMBERED),
    # Nothing right.
    ({"irm"}, {"rx"}, Grade.BLACKOUT),
    ({"irm"}, {"rx", "scinti"}, Grade.BLACKOUT),
    ({"irm"}, set(), Grade.BLACKOUT),
    ({"irm", "scinti"}, set(), Grade.BLACKOUT),
]


@pytest.mark.parametrize(("correct", "chosen", "grade"), CHOICES)
def test_grade_choice(correct: set[str], chosen: set[str], grade: Grade) -> None:
    assert grade_choice(chosen, correct) is grade
    assert grade_choice(sorted(chosen) * 2, tuple(correct)) is grade  # any collection, repeats


MODALITIES = ("rx", "scinti", "spect", "irm", "tep")


def test_grade_choice_never_rises_with_a_wrong_tick_nor_falls_with_a_right_one() -> None:
    subsets = [
        set(c) for k in range(len(MODALITIES) + 1) for c in itertools.combinations(MODALITIES, k)
    ]
    for correct in filter(None, subsets):
        for chosen in subsets:
            grade = grade_choice(chosen, correct)
            for extra in set(MODALITIES) - chosen:
                added = grade_choice(chosen | {extra}, correct)
                assert added >= grade if extra in correct else added <= grade
            assert (grade is Grade.PERFECT) == (chosen == correct)
            assert (grade is Grade.BLACKOUT) == (not chosen & correct)


def test_grade_choice_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="correct_ids"):
        grade_choice({"irm"}, set())
    with pytest.raises(TypeError, match="not a str"):
        grade_choice("irm", {"irm"})


# --- timeline ----------------------------------------------------------------------------------------

# The shuffle is part of what a learner sees: pinned so a change to it is a decision.
SHUFFLES: list[tuple[int, str, list[int]]] = [
    (0, "demo/t/main@2025-03-01", []),
    (1, "demo/t/main@2025-03-01", [0]),
    (2, "demo/t/main@2025-03-01", [1, 0]),
    (3, "demo/t/main@2025-03-01", [2, 0, 1]),
    (5, "demo/t/main@2025-03-01", [4, 1, 2, 3, 0]),  # [1, 0, 2, 3, 4] is too close to pass
    (5, "demo/t/main@2025-03-02", [4, 1, 3, 2, 0]),
    (8, "demo/t/main@2025-03-01", [6, 1, 4, 0, 5, 3, 2, 7]),
]


@pytest.mark.parametrize(("n", "seed", "order"), SHUFFLES)
def test_shuffle_order_vectors(n: int, seed: str, order: list[int]) -> None:
    assert shuffle_order(n, seed) == order


def test_shuffle_order_refuses_negative_n() -> None:
    with pytest.raises(ValueError, match="n must be an int >= 0"):
        shuffle_order(-1, "x")


def test_shuffle_order_reaches_every_other_permutation() -> None:
    seen = Counter(tuple(shuffle_order(3, f"seed-{i}")) for i in range(1000))
    assert set(seen) == set(itertools.permutations(range(3))) - {(0, 1, 2)}
    assert min(seen.values()) > 120  # 200 expected each


# order -> (events to move, marked per position; discordant pairs; grade). The events to move
# are those outside a longest run kept in order (Ulam's distance): one event put at the wrong
# end is one mistake, marked alone, as is a swap of neighbours (new-user D19).
ORDERS: list[tuple[list[int], list[bool], int, Grade]] = [
    ([], [], 0, Grade.PERFECT),
    ([0], [False], 0, Grade.PERFECT),
    ([0, 1], [False, False], 0, Grade.PERFECT),
    ([1, 0], [False, True], 1, Grade.BLACKOUT),  # two events swapped: the whole timeline reversed
    ([0, 1, 2], [False] * 3, 0, Grade.PERFECT),
    ([1, 0, 2], [False, True, False], 1, Grade.CORRECT_HESITANT),
    ([0, 2, 1], [False, False, True], 1, Grade.CORRECT_HESITANT),
    ([1, 2, 0], [False, False, True], 2, Grade.CORRECT_HESITANT),  # rotation: as good as a swap
    ([2, 0, 1], [True, False, False], 2, Grade.CORRECT_HESITANT),  # (it got 1, all marked, before)
    ([2, 1, 0], [False, True, True], 3, Grade.BLACKOUT),
    ([0, 1, 3, 2], [False, False, False, True], 1, Grade.CORRECT_HESITANT),
    ([1, 0, 3, 2], [False, True, False, True], 2, Grade.WRONG_SEEMED_EASY),  # 2 of 4 to move
    ([3, 0, 1, 2], [True, False, False, False], 3, Grade.CORRECT_HESITANT),  # last put first
    ([2, 3, 0, 1], [False, False, True, True], 4, Grade.WRONG_SEEMED_EASY),
    ([3, 2, 1, 0], [False, True, True, True], 6, Grade.BLACKOUT),
    ([0, 2, 1, 4, 3], [False, False, True, False, True], 2, Grade.WRONG_SEEMED_EASY),
    ([2, 0, 1, 4, 3], [True, False, False, False, True], 3, Grade.WRONG_SEEMED_EASY),
    ([4, 0, 1, 2, 3], [True, False, False, False, False], 4, Grade.CORRECT_HESITANT),
    ([0, 4, 3, 2, 1], [False, False, True, True, True], 6, Grade.WRONG_REMEMBERED),  # 3 of 5
    ([4, 3, 2, 1, 0], [False, True, True, True, True], 10, Grade.BLACKOUT),
    ([0, 2, 1, 3, 4, 6, 5], [False, False, True, False, False, False, True], 2, Grade.CORRECT_HARD),
    (
        [1, 0, 3, 2, 5, 4, 6],
        [False, True, False, True, False, True, False],
        3,
        Grade.WRONG_SEEMED_EASY,
    ),
]


@pytest.mark.parametrize(("order", "misplaced", "discordant", "grade"), ORDERS)
def test_order_result(
    order: list[int], misplaced: list[bool], discordant: int, grade: Grade
) -> None:
    result = order_result(order)
    assert result.order == tuple(order)
    assert result.misplaced == tuple(misplaced)
    assert result.discordant == discordant
    n = len(order)
    assert result.max_discordant == n * (n - 1) // 2
    assert result.distance == (discordant / result.max_discordant if n > 1 else 0.0)
    assert suggest_order_grade(result) is grade
    assert result.suggested_grade is grade


def test_misplaced_events_are_true_indices() -> None:
    # The student put the last event first: that one event is marked, not all four.
    result = order_result([3, 0, 1, 2])
    assert result.misplaced_events == frozenset({3}) and result.moves == 1
    # Events 1 and 2 swapped: only they are marked on the true order.
    result = order_result([0, 2, 1, 3])
    assert result.misplaced_events == frozenset({1})


@pytest.mark.parametrize("order", [[1], [0, 0], [0, 2], [1, 2], [0, True], [0.0, 1]])
def test_order_result_refuses_non_permutations(order: list[int]) -> None:
    with pytest.raises(ValueError, match="permutation"):
        order_result(order)


# --- properties -------------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=9), st.text(max_size=30))
def test_shuffle_order_is_a_deterministic_non_identity_permutation(n: int, seed: str) -> None:
    order = shuffle_order(n, seed)
    assert sorted(order) == list(range(n))
    assert order == shuffle_order(n, seed)
    if n >= 2:
        assert order != list(range(n))


@given(st.permutations(list(range(8))).flatmap(lambda p: st.integers(0, 8).map(lambda k: p[:k])))
def test_order_distance_in_unit_interval(prefix: list[int]) -> None:
    # Any permutation of range(k), for k from 0 to 8.
    order = [sorted(prefix).index(v) for v in prefix]
    result = order_result(order)
    assert 0.0 <= result.distance <= 1.0
    assert (result.discordant == 0) == (order == sorted(order))
    assert (suggest_order_grade(result) is Grade.PERFECT) == (result.discordant == 0)
    reverse = order_result([len(order) - 1 - v for v in order])
    assert result.discordant + reverse.discordant == result.max_discordant


@given(st.integers(min_value=0, max_value=10))
def test_identity_order_is_perfect(n: int) -> None:
    result = order_result(range(n))
    assert result.discordant == 0 and result.distance == 0.0
    assert not any(result.misplaced) and result.misplaced_events == frozenset()
    assert suggest_order_grade(result) is Grade.PERFECT


@given(st.integers(min_value=3, max_value=10), st.data())
def test_a_rotation_by_one_place_is_never_below_a_swap_of_two(n: int, data: st.DataObject) -> None:
    i, j = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=2, max_size=2)))
    swapped = list(range(n))
    swapped[i], swapped[j] = swapped[j], swapped[i]
    for rotation in ([*range(1, n), 0], [n - 1, *range(n - 1)]):
        assert suggest_order_grade(order_result(rotation)) is Grade.CORRECT_HESITANT
        assert suggest_order_grade(order_result(rotation)) >= suggest_order_grade(
            order_result(swapped)
        )


@given(st.integers(min_value=0, max_value=9), st.text(max_size=30), st.data())
def test_a_shuffle_is_never_the_last_one_and_never_a_pass_as_shown(
    n: int, seed: str, data: st.DataObject
) -> None:
    last = data.draw(st.permutations(list(range(n))))
    order = shuffle_order(n, seed, avoid=last)
    assert sorted(order) == list(range(n)) and order == shuffle_order(n, seed, avoid=last)
    if n >= 3:
        assert order != list(last)
    if n >= 4:
        assert suggest_order_grade(order_result(order)) <= Grade.WRONG_SEEMED_EASY


@given(st.integers(min_value=3, max_value=10), st.data())
def test_one_adjacent_swap_grades_four(n: int, data: st.DataObject) -> None:
    k = data.draw(st.integers(min_value=0, max_value=n - 2))
    order = list(range(n))
    order[k], order[k + 1] = order[k + 1], order[k]
    assert suggest_order_grade(order_result(order)) is Grade.CORRECT_HESITANT


@pytest.mark.parametrize("n", range(2, 7))
def test_order_grade_never_improves_with_distance(n: int) -> None:
    grades: dict[int, set[Grade]] = {}
    for order in itertools.permutations(range(n)):
        result = order_result(order)
        grades.setdefault(result.moves, set()).add(suggest_order_grade(result))
    assert all(len(g) == 1 for g in grades.values())  # the grade depends on the moves alone
    by_distance = [grades[d].pop() for d in sorted(grades)]
    assert by_distance == sorted(by_distance, reverse=True)


FRENCH = "abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüçœ -'"
words = st.text(alphabet=FRENCH, min_size=1, max_size=24)


def strip_accents(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@given(words, st.sampled_from([h.text for h in HIP] + ["SDRC 1", "IRM", "TEP-TDM", "L1"]))
def test_matching_ignores_case_and_accents_of_what_is_typed(typed: str, expected: str) -> None:
    verdict = compare_text(typed, expected)
    assert compare_text(typed.upper(), expected) is verdict
    assert compare_text(typed.lower(), expected) is verdict
    assert compare_text(strip_accents(typed), expected) is verdict


@given(words, words)
def test_matching_ignores_accents_of_the_expected_text(typed: str, expected: str) -> None:
    assert compare_text(typed, strip_accents(expected)) is compare_text(typed, expected)


@given(words)
def test_a_text_matches_itself_in_any_case(text: str) -> None:
    if match_key(text):
        assert compare_text(text, text)
        assert compare_text(text.upper(), text)
        assert compare_text(strip_accents(text).upper(), text)


@given(words)
def test_match_key_is_idempotent(text: str) -> None:
    assert match_key(match_key(text)) == match_key(text)


typed_lists = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "oedeme medulaire",
                "osteonecrose",
                "SDRC 1",
                "algodystrophie",
                "algodistrophie",
                "osteoporose transitoire",
                "fracture",
                "lupus",
                "",
            ]
        ),
        words,
    ),
    max_size=8,
)


@pytest.mark.slow  # a hypothesis property over long typed lists
@given(typed_lists)
def test_match_items_accounts_for_every_typed_item(typed: list[str]) -> None:
    result = match_items(typed, HIP)
    matched = [i.matched_by for i in result.items if i.matched_by is not None]
    kept = [t for t in typed if match_key(t)]
    assert Counter(matched) + Counter(result.extras) + Counter(result.repeats) == Counter(kept)
    assert result.recalled == len(matched) <= min(len(kept), len(HIP))
    for item in result.items:
        if item.matched_by is not None:
            texts = (item.answer.text, *item.answer.aliases)
            assert any(compare_text(item.matched_by, t) for t in texts)


@pytest.mark.slow  # a hypothesis property over long typed lists
@given(typed_lists, st.randoms(use_true_random=False))
def test_number_recalled_does_not_depend_on_typing_order(
    typed: list[str], rnd: random.Random
) -> None:
    shuffled = list(typed)
    rnd.shuffle(shuffled)
    first, second = match_items(typed, HIP), match_items(shuffled, HIP)
    assert first.recalled == second.recalled
    assert len(first.extras) == len(second.extras)
    assert first.suggested_grade is second.suggested_grade


@given(
    st.integers(min_value=1, max_value=12).flatmap(
        lambda total: st.tuples(
            st.integers(0, total), st.just(total), st.integers(min_value=0, max_value=5)
        )
    )
)
def test_suggest_grade_is_monotonic(counts: tuple[int, int, int]) -> None:
    recalled, total, extras = counts
    grade = suggest_grade(recalled, total, extras)
    if recalled < total:
        assert suggest_grade(recalled + 1, total, extras) >= grade
    assert suggest_grade(recalled, total, extras + 1) <= grade
    assert (grade is Grade.BLACKOUT) == (recalled == 0)
