"""casecards.lexicon, rule by rule: numbers, small words, contrast markers, negations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casecards import lexicon
from casecards.lexicon import is_small, join_numbers, markers, negation_of, number
from casecards.matching import edit_distance


@pytest.mark.parametrize(
    ("word", "digits"),
    [
        # Cardinals, zero to twenty.
        ("zero", "0"),
        ("deux", "2"),
        ("trois", "3"),
        ("quatre", "4"),
        ("cinq", "5"),
        ("six", "6"),
        ("sept", "7"),
        ("huit", "8"),
        ("neuf", "9"),
        ("dix", "10"),
        ("seize", "16"),
        ("vingt", "20"),
        # Ordinals in words, singular and plural.
        ("premier", "1e"),
        ("premiere", "1e"),
        ("premieres", "1e"),
        ("second", "2e"),
        ("seconde", "2e"),
        ("deuxieme", "2e"),
        ("troisieme", "3e"),
        ("quatrieme", "4e"),
        ("cinquieme", "5e"),
        ("neuvieme", "9e"),
        ("dixieme", "10e"),
        ("onziemes", "11e"),
        ("vingtieme", "20e"),
        # Ordinals in digits, as French writes them.
        ("1er", "1e"),
        ("1re", "1e"),
        ("1ere", "1e"),
        ("1ers", "1e"),
        ("2e", "2e"),
        ("2eme", "2e"),
        ("2nd", "2e"),
        ("2nde", "2e"),
        ("3ieme", "3e"),
        ("03e", "3e"),
        # Roman numerals.
        ("i", "1"),
        ("ii", "2"),
        ("iv", "4"),
        ("x", "10"),
        ("xii", "12"),
        # Not numbers.
        ("un", "un"),  # an article, unless last (join_numbers)
        ("une", "une"),
        ("secondes", "secondes"),  # time
        ("2d", "2d"),  # a dimension
        ("3d", "3d"),
        ("18f", "18f"),
        ("l1", "l1"),
        ("irm", "irm"),
        ("l", "l"),
        ("c", "c"),
        ("m", "m"),
        ("troix", "troix"),  # a misspelt number word is a word
    ],
)
def test_number(word: str, digits: str) -> None:
    assert number(word) == digits


@pytest.mark.parametrize(
    ("words", "joined"),
    [
        (["dix", "sept"], ["17"]),
        (["Dix", "huit", "ans"], ["18", "ans"]),
        (["dix", "neuviemes"], ["19e"]),
        (["dix", "ans"], ["dix", "ans"]),
        (["SDRC", "type", "un"], ["SDRC", "type", "1"]),
        (["stade", "une"], ["stade", "1"]),
        (["un"], ["un"]),  # alone, a word: nothing says it is a count
        (["une", "fracture"], ["une", "fracture"]),
        ([], []),
    ],
)
def test_join_numbers(words: list[str], joined: list[str]) -> None:
    assert join_numbers(words) == joined


@pytest.mark.parametrize(
    ("word", "elided", "acronym", "small"),
    [
        *((w, False, False, True) for w in ("le", "la", "les", "un", "une", "des", "du", "de")),
        *((w, False, False, True) for w in ("au", "aux", "a", "en", "et", "par")),
        ("l", True, False, True),  # l'
        ("d", True, False, True),  # d'
        ("l", False, False, False),  # "L 1" is L1
        ("d", False, False, False),  # "vitamine d"
        ("a", False, True, False),  # "hépatite A"
        ("l", True, True, True),  # "L'IRM": an elision, whatever its case
        *((w, False, False, False) for w in ("sans", "sous", "sur", "ou", "avec", "non")),
        ("fracture", False, False, False),
    ],
)
def test_is_small(word: str, elided: bool, acronym: bool, small: bool) -> None:
    assert is_small(word, elided=elided, acronym=acronym) is small


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hypersignal", "hyposignal"),
        ("microadenome", "macroadenome"),
        ("intraarticulaire", "extraarticulaire"),
        ("sous", "sus"),
        ("unilaterale", "bilaterale"),
        ("arthrite", "arthrose"),
        ("colostomie", "colotomie"),
        ("osteoblastique", "osteoclastique"),
        ("metacarpien", "metatarsien"),
        ("epiphysaire", "diaphysaire"),
        ("valgus", "varus"),
        ("adduction", "abduction"),
        ("inversion", "eversion"),
        ("gauche", "droite"),
        ("anterieur", "posterieure"),
        ("antero", "postero"),
        ("interne", "externe"),
        ("medial", "laterale"),
        ("superieur", "inferieur"),
        ("supero", "infero"),
        ("proximal", "distal"),
        ("homolateral", "controlateral"),
        ("dorsale", "plantaire"),
    ],
)
def test_markers_tell_contrasting_words_apart(a: str, b: str) -> None:
    assert any(x and y and x != y for x, y in zip(markers(a), markers(b), strict=True)), (a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("droit", "droite"),
        ("anterieur", "antero"),
        ("superieur", "supero"),
        ("ipsilateral", "homolateral"),
        ("hypersignal", "hyperfixation"),
    ],
)
def test_markers_of_one_meaning_agree(a: str, b: str) -> None:
    assert all(x == y for x, y in zip(markers(a), markers(b), strict=True) if x and y)
    assert any(x and y for x, y in zip(markers(a), markers(b), strict=True))


def test_every_contrast_group_has_alternatives() -> None:
    for group in lexicon.CONTRASTS:
        assert group.groups >= 2, group.pattern


@pytest.mark.parametrize(
    ("word", "other", "negates"),
    [
        ("anormal", "normal", True),
        ("anormale", "normal", True),  # one typo in a root of six letters
        ("aseptique", "septique", True),
        ("atypique", "typique", True),
        ("asymetrique", "symetrique", True),
        ("irreguliers", "reguliers", True),
        ("incomplete", "complete", True),
        ("immobile", "mobile", True),
        ("invisible", "visible", True),
        ("demineralisation", "mineralisation", True),
        ("avasculaire", "vasculaire", True),
        ("antiinflammatoire", "inflammatoire", True),
        ("normal", "anormal", False),  # one way: the caller tries both
        ("normal", "normal", False),
        ("interne", "externe", False),
        ("inter", "ter", False),  # roots of fewer than four letters are not read
        ("interligne", "ligne", False),
        ("image", "age", False),
        ("atype", "type", True),
        ("atypo", "type", False),  # below six letters, the root must be exact
    ],
)
def test_negation_of(word: str, other: str, negates: bool) -> None:
    assert negation_of(word, other) is negates


@given(st.text(alphabet="abcde", max_size=7), st.text(alphabet="abcde", max_size=7))
def test_within_one_edit_agrees_with_the_edit_distance(a: str, b: str) -> None:
    assert lexicon._within_one_edit(a, b) is (edit_distance(a, b) <= 1)
