"""The optional-part syntax of expected items: what people read, what matching tries, what is
refused (and where), and the JSON Schema's regex agreeing with the validator."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casecards.deck.optional import (
    MAX_ALL_COMBINATIONS,
    PATTERN,
    Part,
    display,
    parts,
    problems,
    required,
    variants,
)

COTYLE = "Ostéopénie sévère de la tête fémorale et du col[, parfois du cotyle]"

# text -> (display, required)
READINGS: list[tuple[str, str, str]] = [
    (
        COTYLE,
        "Ostéopénie sévère de la tête fémorale et du col, parfois du cotyle",
        "Ostéopénie sévère de la tête fémorale et du col",
    ),
    ("Hyperfixation aux 3 phases", "Hyperfixation aux 3 phases", "Hyperfixation aux 3 phases"),
    ("[Fixation traduisant ]hyperhémie", "Fixation traduisant hyperhémie", "hyperhémie"),
    (
        "microfracture[s] trabéculaire[s]",
        "microfractures trabéculaires",
        "microfracture trabéculaire",
    ),
    ("algodystrophie (SDRC 1)", "algodystrophie (SDRC 1)", "algodystrophie (SDRC 1)"),
    ("TEP au \\[18F\\]NaF", "TEP au [18F]NaF", "TEP au [18F]NaF"),
    ("TEP au \\[18F\\]NaF[ corps entier]", "TEP au [18F]NaF corps entier", "TEP au [18F]NaF"),
    ("\\*gras\\* [et \\[x\\]]", "\\*gras\\* et [x]", "\\*gras\\* "),  # markup escapes untouched
    ("a\\b", "a\\b", "a\\b"),  # a backslash before anything but a bracket is a character
]


@pytest.mark.parametrize(("text", "shown", "must"), READINGS)
def test_display_and_required(text: str, shown: str, must: str) -> None:
    assert problems(text) == ()
    assert display(text) == shown
    assert required(text) == must
    assert variants(text)[0] == must and variants(text)[-1] == shown


def test_parts_split_required_and_optional_runs() -> None:
    assert parts(COTYLE) == (
        Part("Ostéopénie sévère de la tête fémorale et du col", False),
        Part(", parfois du cotyle", True),
    )
    assert parts("a[b]c[d]") == (
        Part("a", False),
        Part("b", True),
        Part("c", False),
        Part("d", True),
    )


def test_variants_try_every_combination_up_to_four_parts() -> None:
    assert variants("a[ b][ c]") == ("a", "a b", "a c", "a b c")
    four = "x[1][2][3][4]"
    assert len(variants(four)) == 2**MAX_ALL_COMBINATIONS
    # Beyond: none, each alone, all but each, all (2 + 2 * 5), no duplicates.
    five = "x[1][2][3][4][5]"
    found = variants(five)
    assert len(found) == 12 == len(set(found))
    assert found[0] == "x" and found[-1] == "x12345"
    assert "x3" in found and "x1245" in found


def test_variants_without_brackets_are_the_text_as_read() -> None:
    assert variants("fracture de L1") == ("fracture de L1",)
    assert variants("\\[x\\] y") == ("[x] y",)


# text -> (offset of the character at fault, start of the message)
REFUSALS: list[tuple[str, int, str]] = [
    ("col[, parfois du cotyle", 3, "'[' opens an optional part that is never closed"),
    ("col, parfois] du cotyle", 12, "']' closes no optional part"),
    ("col[ et [cotyle]]", 8, "'[' inside an optional part: optional parts do not nest"),
    ("col[]", 3, "optional part '[]' holds no word"),
    ("col[ ]", 3, "optional part '[ ]' holds no word"),
    ("col[, ]", 3, "optional part '[, ]' holds no word"),
    ("[col]", 0, "the whole item is optional"),
    (" [col] ", 0, "the whole item is optional"),
    ("col \\[x]", 7, "']' closes no optional part"),  # the escaped bracket opens nothing
]


@pytest.mark.parametrize(("text", "offset", "message"), REFUSALS)
def test_misused_brackets_are_located(text: str, offset: int, message: str) -> None:
    found = problems(text)
    assert len(found) == 1, found
    assert found[0].offset == offset
    assert found[0].message.startswith(message)
    assert found[0].hint
    # A text with problems never reaches a card; if it did, it would read as written.
    assert display(text) == required(text) == text
    assert variants(text) == (text,)


def test_every_problem_is_reported() -> None:
    found = problems("a] b [c [d]] e [")
    assert [p.offset for p in found] == [1, 8, 15]


SCHEMA = re.compile(f"^(?:{PATTERN})$")


@pytest.mark.parametrize("text", [t for t, _, _ in READINGS] + [t for t, _, _ in REFUSALS])
def test_schema_pattern_agrees_with_the_validator(text: str) -> None:
    # "[, ]" is the one kind of difference: JSON Schema regexes cannot ask for a letter.
    expected = problems(text) == () or text == "col[, ]"
    assert bool(SCHEMA.match(text)) is expected


@given(st.text(alphabet="ab [],\\", max_size=14))
def test_schema_pattern_and_validator_differ_only_on_punctuation(text: str) -> None:
    found = problems(text)
    if not found:
        assert SCHEMA.match(text)
    elif SCHEMA.match(text):
        # Brackets well formed, but punctuation stands where a word is needed.
        assert all(p.message.startswith(("optional part", "the whole item")) for p in found)


@given(st.text(max_size=40))
def test_display_keeps_every_character_but_brackets(text: str) -> None:
    shown = display(text)
    if problems(text) == ():
        stripped = text.replace("\\[", "").replace("\\]", "").replace("[", "").replace("]", "")
        assert shown.replace("[", "").replace("]", "") == stripped
        assert len(required(text)) <= len(shown)
