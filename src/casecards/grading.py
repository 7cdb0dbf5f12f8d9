"""Typed recall and ordering -> a result to show on reveal and a suggested SM-2 grade.

Pure functions: no UI, no database, no clock. The trainer shows the result, preselects the
suggested grade, and the student confirms or changes it, so a suggestion may err a little; what
it must not do is call a different finding "recalled" (hypersignal for hyposignal, IRM for TDM).

Matching typed text to expected items lives in ``casecards.matching``.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from casecards.deck.model import Answer
from casecards.matching import (
    LIST_MARKER,
    SEPARATORS,
    Form,
    answer_forms,
    forms,
    match_key,
    similarity,
)
from casecards.scheduler import Grade

__all__ = [
    "ItemRecall",
    "OrderResult",
    "RecallResult",
    "grade_choice",
    "match_items",
    "match_signs",
    "order_result",
    "shuffle_order",
    "split_items",
    "suggest_grade",
    "suggest_order_grade",
]

# --- differential -------------------------------------------------------------------------------


def split_items(typed: str) -> list[str]:
    """The items of a typed answer: one per line, or separated by "," or ";".

    Items are stripped of surrounding spaces and of a leading list marker ("- ", "• ", "1. ",
    "2) "); items without a letter or digit ("", "-", "?") are dropped. Order is kept and
    repeats are not merged (``match_items`` reports them). A comma always separates, so a
    decimal comma ("1,5 T") splits too.
    """
    items = (LIST_MARKER.sub("", part, count=1).strip() for part in SEPARATORS.split(typed))
    return [item for item in items if match_key(item)]


@dataclass(frozen=True, slots=True)
class ItemRecall:
    """One expected item on reveal: ``matched_by`` is the typed item that recalled it, if any
    (or the typed items, joined by ", ", that recalled an item holding a comma: see
    ``match_items``)."""

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


Edge = tuple[int, int]


def _assign(edges: dict[tuple[int, int], Edge], n_typed: int, n_expected: int) -> list[int | None]:
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

    An expected item may hold the commas and semicolons that split typed text ("perméabilité
    capillaire accrue, hyperhémie et hyperactivité ostéoblastique"); typed as written, it
    arrives in pieces. Consecutive typed items that together match such an item, as many as it
    has parts and at most one of them matching anything alone, are read as one when that
    recalls as many items, and its ``matched_by`` shows them joined by ", " (see ``_rejoin``).

    Raises:
        ValueError: If ``expected`` is empty (decks never have an empty list).
    """
    if not expected:
        raise ValueError("expected must list at least one item")
    items = [text for text in typed if match_key(text)]
    expected_forms = [answer_forms(answer) for answer in expected]
    edges = _edges(items, expected_forms)
    owner = _assign(edges, len(items), len(expected))
    joined = _rejoin(items, expected, expected_forms, {t for t, _ in edges})
    if joined != items:
        joined_edges = _edges(joined, expected_forms)
        joined_owner = _assign(joined_edges, len(joined), len(expected))
        # Kept only if it recalls as many items: a piece may have been the only one to
        # recall an item of its own.
        if sum(t is not None for t in joined_owner) >= sum(t is not None for t in owner):
            items, edges, owner = joined, joined_edges, joined_owner
    close = {t for t, _ in edges}
    return RecallResult(
        items=tuple(
            ItemRecall(answer, None if t is None else items[t])
            for answer, t in zip(expected, owner, strict=True)
        ),
        extras=tuple(x for t, x in enumerate(items) if t not in close),
        repeats=tuple(x for t, x in enumerate(items) if t in close and t not in owner),
    )


ExpectedForms = Sequence[tuple[tuple[Form, int], ...]]


def _edges(items: Sequence[str], expected_forms: ExpectedForms) -> dict[tuple[int, int], Edge]:
    """``(typed index, expected index) -> (edits, rank)`` for every pair that matches."""
    edges: dict[tuple[int, int], Edge] = {}
    for (t, text), (e, ef) in itertools.product(enumerate(items), enumerate(expected_forms)):
        if (found := similarity(forms(text, expected=False), ef)) is not None:
            edges[t, e] = found
    return edges


# An expected item typed in more pieces than this is not looked for.
_MAX_PIECES: Final = 4


def _rejoin(
    items: list[str], expected: Sequence[Answer], expected_forms: ExpectedForms, alone: set[int]
) -> list[str]:
    """``items`` with runs of consecutive items that together match an expected item joined.

    ``alone`` holds the indices of items that match some expected item by themselves. A run
    is joined when it matches an item with at least as many parts (texts between "," ";" or
    line breaks, in its text or an alias), and at most one of its items matches alone.
    Longest runs first, from the left.
    """
    parts = [
        1 + max(len(SEPARATORS.findall(text)) for text in (answer.text, *answer.aliases))
        for answer in expected
    ]
    widest = min(max(parts), _MAX_PIECES)
    if widest < 2 or len(items) < 2:
        return items
    out: list[str] = []
    i = 0
    while i < len(items):
        for size in range(min(widest, len(items) - i), 1, -1):
            if len(alone & set(range(i, i + size))) > 1:
                continue
            text = ", ".join(items[i : i + size])
            typed_forms = forms(text, expected=False)
            if any(
                parts[e] >= size and similarity(typed_forms, ef) is not None
                for e, ef in enumerate(expected_forms)
            ):
                out.append(text)
                i += size
                break
        else:
            out.append(items[i])
            i += 1
    return out


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

    Counted as ``right`` ticks (correct ones chosen), ``wrong`` ticks (chosen, not correct) and
    ``missed`` (correct, not chosen); the first row that applies gives the grade:

    ===========================================================  =====  ======================
    chosen                                                       grade  e.g. correct -> chosen
    ===========================================================  =====  ======================
    exactly the correct set                                      5      IRM -> IRM
    only correct ones, some missed (wrong = 0, right >= 1)       3      IRM, scinti -> IRM
    all correct ones, one wrong tick per three right at most     3      RX, scinti, IRM -> +TEP
    (missed = 0, 3 * wrong <= right)
    all correct ones and one wrong tick (missed = 0, wrong = 1)  2      IRM -> IRM, RX
    more right ticks than wrong ones (right > wrong)             2      RX, scinti, IRM ->
                                                                        RX, scinti, TEP
    some right, otherwise (0 < right <= wrong)                   1      IRM, scinti -> IRM, RX;
                                                                        IRM -> IRM, RX, TEP
    nothing right (or nothing chosen)                            0      IRM -> RX
    ===========================================================  =====  ======================

    A tick too many is a partial answer, not a blackout: with one or two correct modalities it
    fails but close (2), with three or more all found it passes hard (3). Wrong ticks as many
    as right ones, beyond the first, fail further (1): ticking every modality of a card does
    not pass unless at most one in four is wrong. Missing one of several right modalities
    still passes (3): what was said is true. The grade never rises with a wrong tick added,
    nor falls with a right one added (tested over every choice among five modalities).

    Raises:
        ValueError: If ``correct_ids`` is empty.
        TypeError: If either argument is a single ``str`` (a collection of ids is expected).
    """
    if isinstance(chosen_ids, str) or isinstance(correct_ids, str):
        raise TypeError("chosen_ids and correct_ids must be collections of ids, not a str")
    chosen, correct = set(chosen_ids), set(correct_ids)
    if not correct:
        raise ValueError("correct_ids must not be empty")
    right, wrong, missed = len(chosen & correct), len(chosen - correct), len(correct - chosen)
    if right == 0:
        return Grade.BLACKOUT
    if wrong == 0:
        return Grade.PERFECT if missed == 0 else Grade.CORRECT_HARD
    if missed == 0 and 3 * wrong <= right:
        return Grade.CORRECT_HARD
    if right > wrong or (missed == 0 and wrong == 1):
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


def shuffle_order(n: int, seed: str, avoid: Sequence[int] = ()) -> list[int]:
    """The order to show ``n`` timeline events in: ``result[k]`` is the true index shown k-th.

    Deterministic in ``(n, seed, avoid)`` (use e.g. the card id and which showing this is)
    and stable across Python versions: a Fisher-Yates shuffle driven by SHA-256, not
    ``random``. Never the true order when ``n >= 2``, and never ``avoid`` (the order shown
    last time) when ``n >= 3``, so a student cannot learn the moves instead of the order. From
    4 events on, at least n // 2 events are out of place (``OrderResult.moves``), so that
    confirming the order as shown is never a pass. A refused draw is re-drawn: every allowed
    permutation is equally likely (up to a bias below n / 2**64 from taking 64-bit draws
    modulo i + 1).

    Raises:
        ValueError: If ``n`` is negative.
    """
    _check_count("n", n, 0)
    identity = list(range(n))
    if n < 2:
        return identity
    refused = [identity] if n < 3 else [identity, list(avoid)]
    for attempt in range(_SHUFFLE_ATTEMPTS):
        order = list(identity)
        draws = _draws(f"{seed}\x00{n}\x00{attempt}")
        for i in range(n - 1, 0, -1):
            j = next(draws) % (i + 1)
            order[i], order[j] = order[j], order[i]
        if order not in refused and (n < 4 or order_result(order).moves >= n // 2):
            return order
    # pragma: no cover - probability below 2**-32. The reverse is as far as can be.
    reverse = identity[::-1]
    return reverse if reverse not in refused else identity[1:] + identity[:1]


@dataclass(frozen=True, slots=True)
class OrderResult:
    """How far a student's order of timeline events is from the true one.

    The distance is the events to move (Ulam's distance): the fewest events that, taken out
    and put back elsewhere, give the true order; the others keep their order among
    themselves (a longest increasing run, not necessarily contiguous). One event put at the
    wrong end (a rotation by one place) is one move, as is a swap of two neighbours: the
    student made one mistake, and only that event is marked.

    Attributes:
        order: The student's sequence of true indices (``order[p]`` is the event put p-th).
        misplaced: Per position of ``order``, whether the event there is one of those to move.
        discordant: Pairs of events the student put the wrong way round (Kendall tau distance).
    """

    order: tuple[int, ...]
    misplaced: tuple[bool, ...]
    discordant: int

    @property
    def moves(self) -> int:
        """Events to move to reach the true order (0 for the true order, n-1 reversed)."""
        return sum(self.misplaced)

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
    kept = _longest_increasing(values)
    misplaced = tuple(position not in kept for position in range(len(values)))
    return OrderResult(values, misplaced, discordant)


def _longest_increasing(values: Sequence[int]) -> frozenset[int]:
    """Positions of a longest increasing subsequence of ``values``: of those of that length,
    the one ending at the leftmost possible place at each step (deterministic)."""
    best: list[int] = [1] * len(values)  # length of the longest run ending at p
    before: list[int | None] = [None] * len(values)
    for p in range(len(values)):
        for q in range(p):
            if values[q] < values[p] and best[q] + 1 > best[p]:
                best[p], before[p] = best[q] + 1, q
    if not values:
        return frozenset()
    end: int | None = max(range(len(values)), key=lambda p: (best[p], -p))
    kept = set()
    while end is not None:
        kept.add(end)
        end = before[end]
    return frozenset(kept)


def suggest_order_grade(result: OrderResult) -> Grade:
    """The suggested grade for an order of n events, from the events to move, m (one rank
    distance, ``OrderResult.moves``).

    ==============================================================  =====
    order                                                           grade
    ==============================================================  =====
    the true order (m = 0)                                          5
    one event out of place (m = 1): a swap of neighbours, or one    4
    event put at the wrong end (a rotation), at least 3 events
    two events to move among at least 7                             3
    m <= n/2                                                        2
    m < n - 1                                                       1
    nothing in order (m = n - 1: reversed), including 2 swapped     0
    ==============================================================  =====

    So a rotation by one place is never graded below any swap of two events. With two
    events the only mistake reverses the timeline, no better than a coin toss: 0. The order
    shown (``shuffle_order``) has at least n // 2 events out of place from 4 events on, so
    confirming it unchanged gets 2 at best.
    """
    n, m = len(result.order), result.moves
    if m == 0:
        return Grade.PERFECT
    if m == n - 1:
        return Grade.BLACKOUT
    if m == 1:
        return Grade.CORRECT_HESITANT
    if m == 2 and n >= 7:
        return Grade.CORRECT_HARD
    if 2 * m <= n:
        return Grade.WRONG_SEEMED_EASY
    return Grade.WRONG_REMEMBERED
