"""Does a typed answer match an expected one? Typo-tolerant, never across a different finding.

Matching an item (``compare_text``, ``match_items``) works on a *form* of each text:

* letters are folded as ``casecards.text.normalise`` does (case, accents, œ/æ ligatures), every
  other character (punctuation, hyphens, apostrophes, spaces) separates words, and the words are
  then compared with the spaces removed ("SDRC1" is "SDRC 1", "TEP/TDM" is "TEP-TDM");
* numbers are digits, in words or not: "trois" is "3", "premier" and "1re" are "1er", "deuxième"
  and "2nde" are "2e" (to 20, and "dix-sept" to "dix-neuf"; roman numerals I to XII; "un" and
  "une" only as the last word, elsewhere they are articles);
* small words do not count (articles, de, du, des, d', au, aux, à, en, et, par), and words in
  parentheses may be left out, on either side;
* the optional parts an author marked in an expected item (``[…]``, see
  ``casecards.deck.optional``) may be typed or left out, each on its own;
* small typos are forgiven: a Damerau-Levenshtein distance (optimal string alignment) of at
  most ``typo_allowance(n)``, where ``n`` is the length of the shorter form;
* but never in digits (L1 is not L5, "type 1" is not "type 2"), nor in an expected word written
  in capitals, which is read as an acronym and must be typed exactly (TEP-TDM is not TEMP-TDM),
  nor across a contrast a typo could bridge (hyper/hypo, -ite/-ose/-ome, micro/macro, ...) or
  a side of the body (gauche/droite, interne/externe, antérieur/postérieur, ...), nor between
  a word and its negation by a prefix (normal/anormal, aseptique/septique, ...).

What words mean (numbers, small words, contrasts, negations) is ``casecards.lexicon``; this
module compares texts.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from casecards import lexicon
from casecards.deck import optional
from casecards.deck.model import Answer

# --- normalising --------------------------------------------------------------------------------

_WORD: Final = re.compile(r"[^\W_]+")
# A word of a form, with the apostrophe of an elision ("l'", "d'").
_TOKEN: Final = re.compile(r"[^\W_]+'?")
_APOSTROPHES: Final = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
_PARENTHESES: Final = re.compile(r"\([^()]*\)")
# List markers a student may type before an item: "- ", "• ", "1. ", "2) " (not "1.5 T").
LIST_MARKER: Final = re.compile(r"^\s*(?:[-*•·‣]+|\d{1,2}[.)](?!\d))\s*")
SEPARATORS: Final = re.compile(r"[\n\r,;]")


def _fold(text: str) -> str:
    """Ligatures spelt out, accents and other marks dropped, apostrophes unified; case kept."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def match_key(text: str) -> str:
    """The words of ``text`` as matching sees them: folded, lower case, single spaces.

    Stronger than ``casecards.text.normalise``: punctuation, hyphens and apostrophes separate
    words ("L'œdème  Médullaire." -> "l oedeme medullaire"). Empty when ``text`` has no letter
    or digit.
    """
    return " ".join(word.casefold() for word in _WORD.findall(_fold(text)))


def _is_acronym(word: str) -> bool:
    return any(c.isalpha() for c in word) and not any(c.islower() for c in word)


@dataclass(frozen=True, slots=True)
class Form:
    """One way of writing a text, ready to compare: ``chars`` are its words without spaces."""

    chars: str
    # Characters no edit may touch: digits, and (expected side) letters of acronyms.
    protected: tuple[bool, ...]
    # Per gap between characters (len(chars) + 1 of them), whether a typed character may be
    # inserted there: not next to a protected character, unless between two words.
    gaps: tuple[bool, ...]
    # The ``lexicon.CONTRASTS`` groups with a marker in this form: (group, its markers in order).
    contrasts: tuple[tuple[int, tuple[str, ...]], ...]
    # The words (folded), to tell a word from its negation (see ``_negated``).
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Word:
    folded: str
    # A small word, left out unless last (see ``lexicon.is_small``).
    small: bool
    protected: tuple[bool, ...]
    # Gaps inside the word (len(folded) - 1), and its two ends.
    inner: tuple[bool, ...]
    start: bool
    end: bool
    markers: tuple[str, ...]


@functools.lru_cache(maxsize=16384)
def _word(word: str, acronyms: bool) -> _Word:
    """A word as forms hold it; words recur across forms and items, so each is read once."""
    elided = word.endswith("'")
    word = word.rstrip("'")
    folded = lexicon.number(word.casefold())
    exact = acronyms and _is_acronym(word)
    small = lexicon.is_small(folded, elided=elided, acronym=exact)
    protected = tuple(exact or c.isdigit() for c in folded)
    inner = tuple(not (x or y) for x, y in itertools.pairwise(protected))
    return _Word(
        folded,
        small,
        protected,
        inner,
        not protected[0],
        not protected[-1],
        lexicon.markers(folded),
    )


def _contrasts(words: Sequence[_Word]) -> tuple[tuple[int, tuple[str, ...]], ...]:
    found = (
        (group, tuple(m for m in markers if m))
        for group, markers in enumerate(zip(*(w.markers for w in words), strict=True))
    )
    return tuple((group, markers) for group, markers in found if markers)


def _contrasted(typed: Form, expected: Form) -> bool:
    """Whether both forms show a marker of one contrast group, and not the same ones."""
    if not typed.contrasts or not expected.contrasts:
        return False
    theirs = dict(expected.contrasts)
    return any(
        (other := theirs.get(group)) is not None and other != markers
        for group, markers in typed.contrasts
    )


def _form(text: str, *, acronyms: bool) -> Form:
    words = [_word(token, acronyms) for token in lexicon.join_numbers(_TOKEN.findall(text))]
    words = [w for w in words[:-1] if not w.small] + words[-1:]
    if not words:
        return Form("", (), (True,), ())
    gaps: list[bool] = [words[0].start]
    for word in words:
        gaps += word.inner
        gaps.append(True)  # between two words
    gaps[-1] = words[-1].end
    return Form(
        "".join(w.folded for w in words),
        tuple(itertools.chain.from_iterable(w.protected for w in words)),
        tuple(gaps),
        _contrasts(words),
        tuple(w.folded for w in words),
    )


# Forms are kept: a card's expected items are matched on every reveal, and typing the same
# item again (a re-drill) finds its forms ready.
@functools.lru_cache(maxsize=4096)
def forms(text: str, *, expected: bool) -> tuple[Form, ...]:
    """The forms ``text`` may be matched by: as written, and without parentheses.

    An ``expected`` text is a deck's item: each of its ``optional.variants`` is written that
    many ways, and its words in capitals are acronyms. A typed text is read as typed (a
    bracket there is punctuation).
    """
    texts = optional.variants(text) if expected else (text,)
    variants: list[str] = []
    for variant in texts:
        written = _fold(variant)
        bare = written
        while (stripped := _PARENTHESES.sub(" ", bare)) != bare:
            bare = stripped
        variants += [written, bare]
    found: dict[str, Form] = {}
    for variant in variants:
        form = _form(variant, acronyms=expected)
        if form.chars:
            found.setdefault(form.chars, form)
    return tuple(found.values())


# --- distance -----------------------------------------------------------------------------------


_MOST_EDITS: Final = 2  # typo_allowance's largest value


def typo_allowance(length: int) -> int:
    """How many edits a form of ``length`` characters (spaces excluded) may differ by.

    0 up to 3 characters (IRM/TDM, TEP/TEMP, L1/L5 must not meet), 1 from 4 to 11, 2 from 12.
    Two edits start at 12 rather than 8 because many 8-11 letter terms are two edits from
    another disease: ostéoporose/ostéopétrose, chondrome/chordome.
    """
    if length <= 3:
        return 0
    if length <= 11:
        return 1
    return 2


def _distance(typed: Form, expected: Form, limit: int) -> int:
    """Optimal-string-alignment distance, capped at ``limit + 1``, sparing protected characters.

    A protected expected character cannot be substituted, dropped or transposed, and no typed
    character may be glued to one (inserted next to it, except between two words); a typed
    digit cannot be edited either.

    Only the band of cells within ``limit`` of the diagonal is computed (a cell further off
    already costs more than ``limit``), and the search stops at the first row whose every cell
    is over ``limit``: O(len * limit) rather than O(len * len).
    """
    a, pa, b, pb = typed.chars, typed.protected, expected.chars, expected.protected
    n, m = len(a), len(b)
    big = limit + 1
    if abs(n - m) > limit:
        return big
    if a == b:
        return 0
    # An extra typed character may sit in gap j (between b[j-1] and b[j]) unless it borders a
    # protected character inside a word or at either end: "TEMP" is not "TEP", "IRMf" is not
    # "IRM"; but "hypersignal en T1" is "hypersignal T1".
    gap_open = expected.gaps
    before: list[int] = []  # row i - 2
    previous: list[int] = []  # row i - 1
    for i in range(n + 1):
        row = [big] * (m + 1)
        low, high = max(0, i - limit), min(m, i + limit)
        for j in range(low, high + 1):
            if i == 0:
                best = 0 if j == 0 else row[j - 1] + 1 if not pb[j - 1] else big
                row[j] = min(best, big)
                continue
            best = big
            if j and a[i - 1] == b[j - 1]:
                best = previous[j - 1]
            elif j and not pa[i - 1] and not pb[j - 1]:
                best = previous[j - 1] + 1
            if not pa[i - 1] and gap_open[j] and previous[j] + 1 < best:
                best = previous[j] + 1
            if j and not pb[j - 1] and row[j - 1] + 1 < best:
                best = row[j - 1] + 1
            if (
                i > 1
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
                and not (pa[i - 1] or pa[i - 2] or pb[j - 1] or pb[j - 2])
                and before[j - 2] + 1 < best
            ):
                best = before[j - 2] + 1
            row[j] = min(best, big)
        if min(row[low : high + 1]) > limit:
            return big
        before, previous = previous, row
    return previous[m]


def edit_distance(a: str, b: str) -> int:
    """The optimal-string-alignment distance between ``a`` and ``b``, characters as given.

    Insertions, deletions, substitutions and transpositions of two adjacent characters cost 1;
    no substring is edited twice (so "ca" -> "abc" is 3, where unrestricted Damerau-Levenshtein
    says 2; the two agree on every single typo).
    """
    free_a = Form(a, (False,) * len(a), (True,) * (len(a) + 1), ())
    free_b = Form(b, (False,) * len(b), (True,) * (len(b) + 1), ())
    return _distance(free_a, free_b, len(a) + len(b))


def _negated(typed: Form, expected: Form) -> bool:
    """Whether a word of one form, not in the other, is the negation of a word of the other.

    A prefix of one to three letters is one to three edits: "interligne articulaire anormal"
    is within the allowance of "Interligne articulaire normal", and says the opposite. Words
    both forms hold are left out, so "signal normal ou anormal" still matches itself.
    """
    mine, theirs = set(typed.words), set(expected.words)
    return any(
        lexicon.negation_of(x, y) or lexicon.negation_of(y, x)
        for x, y in itertools.product(mine - theirs, theirs - mine)
    )


def similarity(
    typed: Sequence[Form], expected: Sequence[tuple[Form, int]]
) -> tuple[int, int] | None:
    """The closest match between typed forms and expected ``(form, rank)`` pairs, if any.

    Returns ``(edits, rank)``, fewest edits first, then lowest rank (0 for an answer's own
    text, 1 for its aliases), or None when no pair is within its typo allowance.
    """
    best: tuple[int, int] | None = None
    for t, (e, rank) in itertools.product(typed, expected):
        if abs(len(t.chars) - len(e.chars)) > _MOST_EDITS or _contrasted(t, e):
            continue
        limit = typo_allowance(min(len(t.chars), len(e.chars)))
        found = _distance(t, e, limit)
        if found <= limit and (best is None or (found, rank) < best) and not _negated(t, e):
            best = (found, rank)
    return best


def answer_forms(answer: Answer) -> tuple[tuple[Form, int], ...]:
    own = [(form, 0) for form in forms(answer.text, expected=True)]
    aliases = [(form, 1) for alias in answer.aliases for form in forms(alias, expected=True)]
    return (*own, *aliases)


def compare_text(typed: str, expected: str) -> bool:
    """Whether ``typed`` matches ``expected``, an answer or sign, as ``match_items`` would.

    Not symmetric: capitals in ``expected`` mark acronyms that must be typed exactly, and its
    ``[…]`` optional parts, while the case of ``typed`` never matters and a bracket typed is
    punctuation. Texts without letters or digits match nothing.
    """
    expected_forms = [(form, 0) for form in forms(expected, expected=True)]
    return similarity(forms(typed, expected=False), expected_forms) is not None
