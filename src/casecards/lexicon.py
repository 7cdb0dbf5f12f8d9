"""French words as typed-answer matching reads them: numbers, small words, contrasts, negations.

Word knowledge only, on words already folded (lower case, no accents, "œ" as "oe"); how texts
are compared lives in ``casecards.matching``. Every table here was met in imaging and
rheumatology teaching and none can be complete: a pair of words found to match wrongly gets a
line, and a test in ``tests/test_grading.py``.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["CONTRASTS", "is_small", "join_numbers", "markers", "negation_of", "number"]

# --- numbers --------------------------------------------------------------------------------------

# Numbers as digits, so that "trois" is "3" and "premier" is "1er": a cardinal becomes its
# digits, an ordinal its digits and "e" ("1e", "2e", ...), on both sides. Up to 20 in words,
# and "dix-sept" to "dix-neuf"; "un"/"une" only as a text's last word (elsewhere far more
# often an article than a count: see ``join_numbers``). Ordinals in digits are written "1er",
# "1re", "1ère", "2e", "2ème", "2nd", "2nde" (not "2d": "2D" and "3D" are dimensions).
_UNITS: Final = ("deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")
_CARDINALS: Final = {
    "zero": "0",
    **{word: str(n) for n, word in enumerate(_UNITS, start=2)},
    "dix": "10",
    "onze": "11",
    "douze": "12",
    "treize": "13",
    "quatorze": "14",
    "quinze": "15",
    "seize": "16",
    "vingt": "20",
}
_ORDINAL_WORDS: Final = (
    *(f"{unit}ieme" for unit in ("deux", "trois", "quatr", "cinqu", "six", "sept", "huit")),
    *(f"{ten}ieme" for ten in ("neuv", "dix", "onz", "douz", "treiz", "quatorz", "quinz", "seiz")),
)
_ORDINALS: Final = {
    **{word + plural: f"{n}e" for n, word in enumerate(_ORDINAL_WORDS, 2) for plural in ("", "s")},
    **{f"vingtieme{plural}": "20e" for plural in ("", "s")},
    **{f"premi{end}": "1e" for end in ("er", "ere", "ers", "eres")},
    "second": "2e",  # not "secondes": three seconds
    "seconde": "2e",
}
_ORDINAL_DIGITS: Final = re.compile(r"(\d+)(?:er|re|ere|e|eme|ieme|nd|nde)s?")
# Roman numerals, as types and stages are written ("SDRC de type I", "stade III"); whole
# words only, so "IRM", "CIV" or "L1" are untouched ("L", "C", "D", "M" are not read).
_ROMAN: Final = {
    numeral: str(n)
    for n, numeral in enumerate(
        ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"), 1
    )
}
# After "dix": "dix-sept", "dix-septième", ...
_TEENS: Final = {
    **{unit: str(n) for n, unit in enumerate(("sept", "huit", "neuf"), 17)},
    **{
        word + plural: f"{n}e"
        for n, word in enumerate(("septieme", "huitieme", "neuvieme"), 17)
        for plural in ("", "s")
    },
}


def number(word: str) -> str:
    """``word`` as digits if it is a number in words, roman numerals or an ordinal in digits
    ("trois" -> "3", "1re" -> "1e", "deuxieme" -> "2e", "iii" -> "3"); else ``word``."""
    if (digits := _CARDINALS.get(word) or _ORDINALS.get(word) or _ROMAN.get(word)) is not None:
        return digits
    if ordinal := _ORDINAL_DIGITS.fullmatch(word):
        return f"{int(ordinal.group(1))}e"
    return word


def join_numbers(words: list[str]) -> list[str]:
    """``words`` (any case) with "dix-sept" to "dix-neuf" (and their ordinals) as one number,
    and a last "un"/"une" as 1: an article is never last ("SDRC type un" is "SDRC type 1")."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].casefold() == "dix" and (teen := _TEENS.get(word.casefold())):
            joined[-1] = teen
        else:
            joined.append(word)
    if len(joined) > 1 and joined[-1].casefold() in ("un", "une"):
        joined[-1] = "1"
    return joined


# --- small words ----------------------------------------------------------------------------------

# Small words that do not decide a match: "fracture L1" is "Fracture de L1", "hyperfixation 3
# phases" is "Hyperfixation aux 3 phases". Articles, "de" and its contractions, "à", "en",
# "et", "par" ("fracture d'insuffisance" is "fracture par insuffisance"); elided "l'" and "d'"
# (with their apostrophe: "L 1" is "L1"). Matching leaves them out wherever they stand,
# except as a text's last word ("hépatite A", "vitamine D", the text "l'" alone) and, in an
# expected item, when written in capitals (an acronym). Negations and relations ("sans",
# "sous", "sur", "ou") are never small: they change the finding.
_FUNCTION_WORDS: Final = frozenset(
    ("le", "la", "les", "un", "une", "des", "du", "de", "au", "aux", "a", "en", "et", "par")
)
_ELIDED: Final = frozenset(("l", "d"))


def is_small(word: str, *, elided: bool, acronym: bool) -> bool:
    """Whether ``word`` (folded, its apostrophe removed) is a small word, not to be counted.

    ``elided``: it was written with an apostrophe ("l'", "d'"); ``acronym``: it was written in
    capitals in an expected item.
    """
    return (elided and word in _ELIDED) or (not acronym and word in _FUNCTION_WORDS)


# --- contrasts ------------------------------------------------------------------------------------

# Words a typo or two could turn into each other although they name different things
# (hypersignal/hyposignal, arthrite/arthrose, microadénome/macroadénome, sus-/sous-épineux,
# colotomie/colostomie, ostéoblastique/ostéoclastique, carpien/tarsien, valgus/varus,
# adduction/abduction, ménisque interne/externe), and the sides of the body, which a student
# must not swap (gauche/droite, antérieur/postérieur, médial/latéral, ...). When both texts
# show a marker of a group and the markers differ, they do not match. Each alternative of a
# group is one marker, however spelt (antérieur, antéro-); markers are looked for at word
# starts (prefixes), word ends (suffixes) or, for two groups, anywhere in the word.
CONTRASTS: Final = tuple(
    re.compile(pattern)
    for pattern in (
        r"^(?:(hyper)|(hypo))",
        r"^(?:(micro)|(macro))",
        r"^(?:(intra)|(inter)|(extra))",
        r"^(?:(sous)|(sus)|(sub))",
        r"^(?:(uni)|(bi))",
        r"^(?:(endo)|(exo))",
        r"(?:(ite)|(ose)|(ome))s?$",
        r"(?:(ectomie)|(stomie)|(tomie))s?$",
        r"(?:(blast)|(clast))",  # ostéoblastique/ostéoclastique, anywhere in the word
        r"(?:(carp)|(tars))",  # métacarpien/métatarsien, scaphoïde carpien/tarsien
        r"^(?:(epi)|(meta)|(dia))phys",
        r"^(?:(valg)|(var))",
        r"^(?:(add)|(abd))uct",
        r"^(?:(inver)|(ever))s",
        # Sides.
        r"^(?:(gauche)|(droit))",
        r"^(?:(anter)|(poster))",
        r"^(?:(intern)|(extern))",
        r"^(?:(medial)|(lateral))",
        r"^(?:(superieur|supero)|(inferieur|infero))",
        r"^(?:(proximal)|(distal))",
        r"^(?:(homolateral|ipsilateral)|(controlateral|contralateral))",
        r"^(?:(dorsal)|(palmaire)|(plantaire))",
    )
)


def markers(word: str) -> tuple[str, ...]:
    """Per ``CONTRASTS`` group, the marker ``word`` shows (the alternative's number), or ""."""
    return tuple(str(m.lastindex) if (m := group.search(word)) else "" for group in CONTRASTS)


# --- negations ------------------------------------------------------------------------------------

# Prefixes that negate a word: anormal, aseptique, asymétrique, atypique, irrégulier,
# incomplet, immobile, illimité, non-, anti-, dys-, dé-/des-/dis-, mal-.
_PRIVATIVE: Final = (
    "anti", "non", "dys", "des", "dis", "mal", "an", "in", "im", "il", "ir", "de", "a"
)  # fmt: skip


def _within_one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by at most one insertion, deletion, substitution or
    transposition of two adjacent letters."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    start = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    if len(a) == len(b):
        swapped = a[start : start + 2][::-1] == b[start : start + 2]
        return a[start + 1 :] == b[start + 1 :] or (swapped and a[start + 2 :] == b[start + 2 :])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1 :] == shorter[start:]


def negation_of(word: str, other: str) -> bool:
    """Whether ``word`` is ``other`` behind a privative prefix: anormal/normal, aseptique/
    septique, irrégulier/régulier (one typo allowed in the root from six letters: anormale/
    normal). A prefix is one to three edits, so a long item and its negation are within the
    typo allowance of each other: matching refuses them this way."""
    for prefix in _PRIVATIVE:
        if word.startswith(prefix) and not other.startswith(prefix):
            root = word[len(prefix) :]
            if len(root) >= 4 and (
                root == other or (len(other) >= 6 and _within_one_edit(root, other))
            ):
                return True
    return False
