"""Typed recall and ordering -> a result to show on reveal and a suggested SM-2 grade.

Pure functions: no UI, no database, no clock. The trainer shows the result, preselects the
suggested grade, and the student confirms or changes it, so a suggestion may err a little; what
it must not do is call a different finding "recalled" (hypersignal for hyposignal, IRM for TDM).

Matching an item (``compare_text``, ``match_items``) works on a *form* of each text:

* letters are folded as ``casecards.text.normalise`` does (case, accents, œ/æ ligatures), every
  other character (punctuation, hyphens, apostrophes, spaces) separates words, and the words are
  then compared with the spaces removed ("SDRC1" is "SDRC 1", "TEP/TDM" is "TEP-TDM");
* a leading French article (le, la, les, l', un, une, des, du, de la, de l') and words in
  parentheses may be left out, on either side;
* small typos are forgiven: a Damerau-Levenshtein distance (optimal string alignment) of at
  most ``typo_allowance(n)``, where ``n`` is the length of the shorter form;
* but never in digits (L1 is not L5, "type 1" is not "type 2"), nor in an expected word written
  in capitals, which is read as an acronym and must be typed exactly (TEP-TDM is not TEMP-TDM),
  nor across a contrast a typo could bridge (hyper/hypo, -ite/-ose/-ome, micro/macro, ...).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from casecards.deck.model import Answer
from casecards.scheduler import Grade

__all__ = [
    "ItemRecall",
    "OrderResult",
    "RecallResult",
    "compare_text",
    "edit_distance",
    "grade_choice",
    "match_items",
    "match_key",
    "match_signs",
    "order_result",
    "shuffle_order",
    "split_items",
    "suggest_grade",
    "suggest_order_grade",
    "typo_allowance",
]

# --- normalising --------------------------------------------------------------------------------

_WORD: Final = re.compile(r"[^\W_]+")
_APOSTROPHES: Final = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
_PARENTHESES: Final = re.compile(r"\([^()]*\)")
# Only the articles a student puts before a diagnosis; "d'" and a bare "de" are left alone.
# Case-insensitive: _fold keeps the case (for acronyms) and "L'IRM" starts with an article too.
_ARTICLE: Final = re.compile(
    r"^(?:de\s+la\s+|de\s+l'\s*|l'\s*|les?\s+|la\s+|une?\s+|des\s+|du\s+)", re.IGNORECASE
)
# List markers a student may type before an item: "- ", "• ", "1. ", "2) " (not "1.5 T").
_LIST_MARKER: Final = re.compile(r"^\s*(?:[-*•·‣]+|\d{1,2}[.)](?!\d))\s*")
_SEPARATORS: Final = re.compile(r"[\n\r,;]")

# Pairs of words a typo or two could turn into each other although they name different things
# (hypersignal/hyposignal, arthrite/arthrose, microadénome/macroadénome, sus-/sous-épineux,
# colotomie/colostomie). When both texts show a marker of a group and the markers differ, they
# do not match. Markers are looked for at word starts (prefixes) or word ends (suffixes). The
# table cannot be complete; it lists the contrasts met in imaging and rheumatology teaching.
_CONTRASTS: Final = (
    re.compile(r"^(hyper|hypo)"),
    re.compile(r"^(micro|macro)"),
    re.compile(r"^(intra|inter|extra)"),
    re.compile(r"^(sous|sus|sub)"),
    re.compile(r"^(uni|bi)"),
    re.compile(r"^(endo|exo)"),
    re.compile(r"(ite|ose|ome)s?$"),
    re.compile(r"(ectomie|stomie|tomie)s?$"),
)


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
class _Form:
    """One way of writing a text, ready to compare: ``chars`` are its words without spaces."""

    chars: str
    # Characters no edit may touch: digits, and (expected side) letters of acronyms.
    protected: tuple[bool, ...]
    # Per gap between characters (len(chars) + 1 of them), whether a word ends there.
    breaks: tuple[bool, ...]
    # Per _CONTRASTS group, the markers found, in order.
    contrasts: tuple[tuple[str, ...], ...]


def _form(text: str, *, acronyms: bool) -> _Form:
    chars: list[str] = []
    protected: list[bool] = []
    breaks = [False]
    words: list[str] = []
    for word in _WORD.findall(text):
        exact = acronyms and _is_acronym(word)
        folded = word.casefold()
        words.append(folded)
        chars.extend(folded)
        protected.extend(exact or c.isdigit() for c in folded)
        breaks[-1] = len(words) > 1
        breaks += [False] * len(folded)
    contrasts = tuple(
        tuple(m.group(1) for w in words if (m := group.search(w))) for group in _CONTRASTS
    )
    return _Form("".join(chars), tuple(protected), tuple(breaks), contrasts)


def _forms(text: str, *, acronyms: bool) -> tuple[_Form, ...]:
    """The forms ``text`` may be matched by: as written, without parentheses, without article."""
    written = _fold(text)
    bare = written
    while (stripped := _PARENTHESES.sub(" ", bare)) != bare:
        bare = stripped
    variants = [written, bare]
    variants += [_ARTICLE.sub("", v.strip(), count=1) for v in variants]
    forms: dict[str, _Form] = {}
    for variant in variants:
        form = _form(variant, acronyms=acronyms)
        if form.chars:
            forms.setdefault(form.chars, form)
    return tuple(forms.values())


# --- distance -----------------------------------------------------------------------------------


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


def _distance(typed: _Form, expected: _Form, limit: int) -> int:
    """Optimal-string-alignment distance, capped at ``limit + 1``, sparing protected characters.

    A protected expected character cannot be substituted, dropped or transposed, and no typed
    character may be glued to one (inserted next to it, except between two words); a typed
    digit cannot be edited either.
    """
    a, pa, b, pb = typed.chars, typed.protected, expected.chars, expected.protected
    n, m = len(a), len(b)
    big = limit + 1
    if abs(n - m) > limit:
        return big
    # An extra typed character may sit in gap j (between b[j-1] and b[j]) unless it borders a
    # protected character inside a word or at either end: "TEMP" is not "TEP", "IRMf" is not
    # "IRM"; but "hypersignal en T1" is "hypersignal T1".
    gap_open = [
        expected.breaks[j] or not ((j > 0 and pb[j - 1]) or (j < m and pb[j])) for j in range(m + 1)
    ]
    d = [[big] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            best = d[i][j]
            if i and j and a[i - 1] == b[j - 1]:
                best = min(best, d[i - 1][j - 1])
            elif i and j and not pa[i - 1] and not pb[j - 1]:
                best = min(best, d[i - 1][j - 1] + 1)
            if i and not pa[i - 1] and gap_open[j]:
                best = min(best, d[i - 1][j] + 1)
            if j and not pb[j - 1]:
                best = min(best, d[i][j - 1] + 1)
            if (
                i > 1
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
                and not (pa[i - 1] or pa[i - 2] or pb[j - 1] or pb[j - 2])
            ):
                best = min(best, d[i - 2][j - 2] + 1)
            d[i][j] = min(best, big)
    return d[n][m]


def edit_distance(a: str, b: str) -> int:
    """The optimal-string-alignment distance between ``a`` and ``b``, characters as given.

    Insertions, deletions, substitutions and transpositions of two adjacent characters cost 1;
    no substring is edited twice (so "ca" -> "abc" is 3, where unrestricted Damerau-Levenshtein
    says 2; the two agree on every single typo).
    """
    free_a = _Form(a, (False,) * len(a), (False,) * (len(a) + 1), ())
    free_b = _Form(b, (False,) * len(b), (False,) * (len(b) + 1), ())
    return _distance(free_a, free_b, len(a) + len(b))


def _similarity(
    typed: Sequence[_Form], expected: Sequence[tuple[_Form, int]]
) -> tuple[int, int] | None:
    """The closest match between typed forms and expected ``(form, rank)`` pairs, if any.

    Returns ``(edits, rank)``, fewest edits first, then lowest rank (0 for an answer's own
    text, 1 for its aliases), or None when no pair is within its typo allowance.
    """
    best: tuple[int, int] | None = None
    for t, (e, rank) in itertools.product(typed, expected):
        if any(x and y and x != y for x, y in zip(t.contrasts, e.contrasts, strict=True)):
            continue
        limit = typo_allowance(min(len(t.chars), len(e.chars)))
        found = _distance(t, e, limit)
        if found <= limit and (best is None or (found, rank) < best):
            best = (found, rank)
    return best


def _answer_forms(answer: Answer) -> tuple[tuple[_Form, int], ...]:
    own = [(form, 0) for form in _forms(answer.text, acronyms=True)]
    aliases = [(form, 1) for alias in answer.aliases for form in _forms(alias, acronyms=True)]
    return (*own, *aliases)


def compare_text(typed: str, expected: str) -> bool:
    """Whether ``typed`` matches ``expected`` (e.g. a cloze answer), as ``match_items`` would.

    Not symmetric: capitals in ``expected`` mark acronyms that must be typed exactly, while the
    case of ``typed`` never matters. Texts without letters or digits match nothing.
    """
    expected_forms = [(form, 0) for form in _forms(expected, acronyms=True)]
    return _similarity(_forms(typed, acronyms=False), expected_forms) is not None


# --- differential -------------------------------------------------------------------------------


def split_items(typed: str) -> list[str]:
    """The items of a typed answer: one per line, or separated by "," or ";".

    Items are stripped of surrounding spaces and of a leading list marker ("- ", "• ", "1. ",
    "2) "); items without a letter or digit ("", "-", "?") are dropped. Order is kept and
    repeats are not merged (``match_items`` reports them). A comma always separates, so a
    decimal comma ("1,5 T") splits too.
    """
    items = (_LIST_MARKER.sub("", part, count=1).strip() for part in _SEPARATORS.split(typed))
    return [item for item in items if match_key(item)]


@dataclass(frozen=True, slots=True)
class ItemRecall:
    """One expected item on reveal: ``matched_by`` is the typed item that recalled it, if any."""

    answer: Answer
    matched_by: str | None

    @property
    def recalled(self) -> bool:
        return self.matched_by is not None


@dataclass(frozen=True, slots=True)
class RecallResult:
    """What a student recalled of a list of expected items.

    Attributes:
        items: One per expected item, in the expected order.
        extras: Typed items that match no expected item, in typed order.
        repeats: Typed items that match an expected item already recalled by another typed
            item ("ostéoporose" typed twice); shown, but not counted against the student.
    """

    items: tuple[ItemRecall, ...]
    extras: tuple[str, ...]
    repeats: tuple[str, ...]

    @property
    def recalled(self) -> int:
        return sum(item.recalled for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def suggested_grade(self) -> Grade:
        return suggest_grade(self.recalled, self.total, len(self.extras))


def _assign(
    edges: dict[tuple[int, int], tuple[int, int]], n_typed: int, n_expected: int
) -> list[int | None]:
    """A maximum matching of typed to expected items, from ``edges[t, e] = (edits, rank)``.

    Returns, per expected item, the index of the typed item that recalls it, or None.

    Greedy first, closest pairs first (fewest edits, then an answer's own text before its
    aliases, then the earlier typed and expected item), so each typed item goes to the expected
    item it resembles most, and "algodystrophie" rather than "SDRC 1" is shown as having
    recalled algodystrophie when both were typed. Then augmenting paths (Kuhn) from each typed
    item left out, which may move a typed item to its second-best match so that one more item
    counts as recalled: the number recalled is always the maximum possible, and so never
    depends on the order the items were typed in.
    """
    owner: list[int | None] = [None] * n_expected
    # Each typed item's matches, closest first.
    candidates: list[list[int]] = [[] for _ in range(n_typed)]
    for (t, e), _ in sorted(edges.items(), key=lambda kv: (kv[1], kv[0])):
        candidates[t].append(e)
        if owner[e] is None and t not in owner:
            owner[e] = t

    def augment(t: int, seen: set[int]) -> bool:
        for e in candidates[t]:
            if e not in seen:
                seen.add(e)
                current = owner[e]
                if current is None or augment(current, seen):
                    owner[e] = t
                    return True
        return False

    # Kuhn: once no augmenting path starts at t, none will after later augmentations, so one
    # pass leaves none at all, which (Berge) makes the matching maximum.
    for t in range(n_typed):
        if t not in owner:
            augment(t, set())
    return owner


def match_items(typed: Sequence[str], expected: Sequence[Answer]) -> RecallResult:
    """Match typed items (see ``split_items``) against the expected items and their aliases.

    Each typed item recalls at most one expected item and each expected item is recalled at
    most once; the number recalled is the largest such pairing allows (see ``_assign``). Typed
    items without a letter or digit are ignored.

    Raises:
        ValueError: If ``expected`` is empty (decks never have an empty list).
    """
    if not expected:
        raise ValueError("expected must list at least one item")
    items = [text for text in typed if match_key(text)]
    typed_forms = [_forms(text, acronyms=False) for text in items]
    expected_forms = [_answer_forms(answer) for answer in expected]
    edges: dict[tuple[int, int], tuple[int, int]] = {}
    for (t, tf), (e, ef) in itertools.product(enumerate(typed_forms), enumerate(expected_forms)):
        if (found := _similarity(tf, ef)) is not None:
            edges[t, e] = found
    owner = _assign(edges, len(items), len(expected))
    close = {t for t, _ in edges}
    return RecallResult(
        items=tuple(
            ItemRecall(answer, None if t is None else items[t])
            for answer, t in zip(expected, owner, strict=True)
        ),
        extras=tuple(x for t, x in enumerate(items) if t not in close),
        repeats=tuple(x for t, x in enumerate(items) if t in close and t not in owner),
    )


def match_signs(typed: Sequence[str], signs: Sequence[str]) -> RecallResult:
    """``match_items`` for a modality's signs, each a plain answer without aliases."""
    return match_items(typed, [Answer(sign, ()) for sign in signs])


def _check_count(name: str, value: int, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an int >= {low}, got {value!r}")


def suggest_grade(recalled: int, total: int, extras: int) -> Grade:
    """The suggested grade for ``recalled`` of ``total`` expected items and ``extras`` wrong ones.

    ========================================  =====
    recalled of total                         grade
    ========================================  =====
    all, no extras                            5
    all, with extras                          4
    at least 2/3 (3 * recalled >= 2 * total)  3
    at least 1/3 (3 * recalled >= total)      2
    at least one                              1
    none                                      0
    ========================================  =====

    Extras only separate 5 from 4: below "all", missing items already cost more than any
    extra would, and grades under 3 all schedule alike in SM-2.

    Raises:
        ValueError: Unless ``total >= 1``, ``0 <= recalled <= total`` and ``extras >= 0``.
    """
    _check_count("total", total, 1)
    _check_count("recalled", recalled, 0)
    _check_count("extras", extras, 0)
    if recalled > total:
        raise ValueError(f"recalled ({recalled}) cannot exceed total ({total})")
    # Integer comparisons: 2/3 of 3 items is exactly 2, with no float rounding to argue about.
    if recalled == total:
        return Grade.PERFECT if extras == 0 else Grade.CORRECT_HESITANT
    if 3 * recalled >= 2 * total:
        return Grade.CORRECT_HARD
    if 3 * recalled >= total:
        return Grade.WRONG_SEEMED_EASY
    if recalled > 0:
        return Grade.WRONG_REMEMBERED
    return Grade.BLACKOUT


# --- which modality shows this sign -------------------------------------------------------------


def grade_choice(chosen_ids: Collection[str], correct_ids: Collection[str]) -> Grade:
    """The suggested grade for choosing ``chosen_ids`` when ``correct_ids`` are the answer.

    ============================================  =====
    chosen                                        grade
    ============================================  =====
    exactly the correct set                       5
    only correct ones, but not all of them        3
    all correct ones, plus wrong ones             2
    some correct, some wrong, some missing        1
    nothing correct (or nothing chosen)           0
    ============================================  =====

    Missing one of several right modalities still passes (3): what was said is true. Adding a
    wrong one fails (2), otherwise ticking every modality would always pass.

    Raises:
        ValueError: If ``correct_ids`` is empty.
        TypeError: If either argument is a single ``str`` (a collection of ids is expected).
    """
    if isinstance(chosen_ids, str) or isinstance(correct_ids, str):
        raise TypeError("chosen_ids and correct_ids must be collections of ids, not a str")
    chosen, correct = set(chosen_ids), set(correct_ids)
    if not correct:
        raise ValueError("correct_ids must not be empty")
    if chosen == correct:
        return Grade.PERFECT
    if not chosen & correct:
        return Grade.BLACKOUT
    if chosen < correct:
        return Grade.CORRECT_HARD
    if chosen > correct:
        return Grade.WRONG_SEEMED_EASY
    return Grade.WRONG_REMEMBERED


# --- timeline -----------------------------------------------------------------------------------

# Re-draws before giving up on a non-identity shuffle; for n = 2 each draw is the identity with
# probability 1/2, so reaching the fallback has probability 2**-64.
_SHUFFLE_ATTEMPTS: Final = 64


def _draws(key: str) -> Iterator[int]:
    """An endless stream of 64-bit integers from SHA-256, fixed by ``key`` on every platform."""
    for block in itertools.count():
        digest = hashlib.sha256(f"{key}\x00{block}".encode()).digest()
        for start in range(0, len(digest), 8):
            yield int.from_bytes(digest[start : start + 8], "big")


def shuffle_order(n: int, seed: str) -> list[int]:
    """The order to show ``n`` timeline events in: ``result[k]`` is the true index shown k-th.

    Deterministic in ``(n, seed)`` (use e.g. the card id and the study day) and stable across
    Python versions: a Fisher-Yates shuffle driven by SHA-256, not ``random``. Never the true
    order when ``n >= 2``: an identity draw is re-drawn, so every other permutation is equally
    likely (up to a bias below n / 2**64 from taking 64-bit draws modulo i + 1).

    Raises:
        ValueError: If ``n`` is negative.
    """
    _check_count("n", n, 0)
    identity = list(range(n))
    if n < 2:
        return identity
    for attempt in range(_SHUFFLE_ATTEMPTS):
        order = list(identity)
        draws = _draws(f"{seed}\x00{n}\x00{attempt}")
        for i in range(n - 1, 0, -1):
            j = next(draws) % (i + 1)
            order[i], order[j] = order[j], order[i]
        if order != identity:
            return order
    return identity[1:] + identity[:1]  # pragma: no cover - probability 2**-64


@dataclass(frozen=True, slots=True)
class OrderResult:
    """How far a student's order of timeline events is from the true one.

    Attributes:
        order: The student's sequence of true indices (``order[p]`` is the event put p-th).
        misplaced: Per position of ``order``, whether the event there is not at its true place.
        discordant: Pairs of events the student put the wrong way round (Kendall tau distance).
    """

    order: tuple[int, ...]
    misplaced: tuple[bool, ...]
    discordant: int

    @property
    def max_discordant(self) -> int:
        """The most pairs that can be wrong: n(n-1)/2, when the order is reversed."""
        n = len(self.order)
        return n * (n - 1) // 2

    @property
    def distance(self) -> float:
        """``discordant`` normalised to [0, 1]: 0 for the true order, 1 for its reverse."""
        return self.discordant / self.max_discordant if self.max_discordant else 0.0

    @property
    def misplaced_events(self) -> frozenset[int]:
        """True indices of the events not at their true place, to mark on the true order."""
        return frozenset(
            event for event, wrong in zip(self.order, self.misplaced, strict=True) if wrong
        )

    @property
    def suggested_grade(self) -> Grade:
        return suggest_order_grade(self)


def order_result(order: Sequence[int]) -> OrderResult:
    """Compare the student's ``order`` (a permutation of ``range(n)``) with the true order.

    Raises:
        ValueError: If ``order`` is not a permutation of ``0 .. n-1``.
    """
    values = tuple(order)
    ints = all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    if not ints or sorted(values) != list(range(len(values))):
        raise ValueError(f"order must be a permutation of 0..{len(values) - 1}, got {values!r}")
    # O(n^2), and timelines have a handful of events.
    discordant = sum(
        values[p] > values[q] for p, q in itertools.combinations(range(len(values)), 2)
    )
    misplaced = tuple(event != position for position, event in enumerate(values))
    return OrderResult(values, misplaced, discordant)


def suggest_order_grade(result: OrderResult) -> Grade:
    """The suggested grade for an order, from its discordant pairs D out of M = n(n-1)/2.

    ================================================  =====
    order                                             grade
    ================================================  =====
    the true order (D = 0)                            5
    one adjacent swap (D = 1), at least 3 events      4
    D <= M/3                                          3
    D <= M/2 (a random order averages M/2)            2
    D < M                                             1
    reversed (D = M), including 2 events swapped      0
    ================================================  =====

    With two events the only mistake is swapping them, which reverses the timeline and is no
    better than a coin toss: it gets 0, not the 4 of a slip among three or more events.
    """
    d, m = result.discordant, result.max_discordant
    if d == 0:
        return Grade.PERFECT
    if d == 1 and m > 1:
        return Grade.CORRECT_HESITANT
    # Integer comparisons of D/M with 1/3 and 1/2.
    if 3 * d <= m:
        return Grade.CORRECT_HARD
    if 2 * d <= m:
        return Grade.WRONG_SEEMED_EASY
    if d < m:
        return Grade.WRONG_REMEMBERED
    return Grade.BLACKOUT
