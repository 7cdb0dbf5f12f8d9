"""Statistics over fixed histories in a real SQLite store: exact forecast, calendar, streak,
retention by deck and tag, most-failed cards, card text and search."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image

from casecards.cards import CardKind
from casecards.cardtext import label, note_fields
from casecards.library import Library
from casecards.scheduler import needs_redrill, review
from casecards.search import CardIndex, CardRow, CardState, Found, card_state, parse_query
from casecards.statistics import (
    FailedCard,
    Retention,
    RetentionRow,
    calendar_start,
    due_on,
    forecast,
    most_failed,
    overview,
    retention,
    review_calendar,
    streak,
)
from casecards.store import CardLapses, CardStatus, ReviewRecord, Store, StoredCard

TZ = timezone(timedelta(hours=1))
TODAY = date(2024, 3, 20)  # a Wednesday
NOW = datetime(2024, 3, 20, 9, 0, tzinfo=TZ)

RADIO = """\
deck:
  id: radio
  name: "Radiologie"
  lang: fr
notes:
  - id: ot-irm
    type: basic
    tags: [irm]
    source: "cas 1"
    front: "Signe **IRM** précoce de l'OT ?"
    back: "Œdème médullaire"
  - id: ot-tep
    type: basic
    tags: [tep]
    source: "cas 1"
    front: "Examen le plus sensible ?"
    back: "TEP"
  - id: ravault
    type: cloze
    tags: [histoire]
    source: "cas 2"
    text: "Décrit par {{c1::Ravault}} en {{c2::1947::année}}."
  - id: scan
    type: image
    source: "cas 3"
    image: scan.png
    prompt: "Quelle vue ?"
    answer: "Postérieure"
    regions:
      - {id: rib, box: [0, 0, 20, 10], answer: "9e côte", prompt: "Quel os ?"}
  - id: signs
    type: modality_signs
    tags: [modalite::irm]
    source: "cas 4"
    subject: "OT"
    modalities:
      - {modality: "IRM", timing: "précoce", signs: ["œdème"]}
      - {modality: "TEP", signs: ["hyperfixation", "œdème"]}
"""

CARDIO = """\
deck:
  id: cardio
  name: "Cardiologie"
  lang: fr
notes:
  - id: hostile
    type: basic
    tags: [irm, modalite::irm]
    source: "cas 5"
    front: "[bold]x[/bold] <script>alert(1)</script>"
    back: "[red]rouge[/red]"
  - id: diff
    type: differential
    source: "cas 6"
    explanation: "Penser à l'*algodystrophie*."
    prompt: "Hypothèses ?"
    answers: ["fracture", {text: "algodystrophie", aliases: ["SDRC 1"]}]
  - id: tl
    type: timeline
    source: "cas 6"
    prompt: "Ordre ?"
    events: [{when: "J0", text: "douleur"}, {text: "œdème"}]
"""

IRM = "radio/ot-irm/main"
TEP = "radio/ot-tep/main"
HOSTILE = "cardio/hostile/main"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    decks, media = tmp_path / "decks", tmp_path / "media"
    decks.mkdir()
    media.mkdir()
    (decks / "radio.yaml").write_text(RADIO, encoding="utf-8")
    (decks / "cardio.yaml").write_text(CARDIO, encoding="utf-8")
    Image.new("RGB", (40, 20), "white").save(media / "scan.png")
    return Library.load(decks, media)


@pytest.fixture
def synced(store: Store, library: Library) -> Store:
    library.sync(store, NOW)
    return store


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def answer(store: Store, card_id: str, grade: int, day: date) -> int:
    """Answer as a session does: the SM-2 state, due ``interval`` days after ``day``; return
    the answer's id."""
    after = review(store.card(card_id).state, grade)
    return store.record_answer(
        card_id,
        grade=grade,
        after=after,
        due=day + timedelta(days=after.interval),
        day=day,
        reviewed_at=datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=9),
        duration_ms=1000,
    )


# -- days -----------------------------------------------------------------------------------


def test_streak_counts_back_from_today_or_yesterday_and_a_gap_breaks_it(synced: Store) -> None:
    assert streak(synced, TODAY) == 0
    for days in (6, 5, 3, 2, 1):  # a gap four days ago
        answer(synced, TEP, 4, ago(days))
    assert streak(synced, TODAY) == 3  # nothing yet today: the streak ends yesterday
    answer(synced, IRM, 4, TODAY)
    answer(synced, IRM, 4, TODAY)  # two answers on one day count as one day
    assert streak(synced, TODAY) == 4
    assert streak(synced, TODAY + timedelta(days=1)) == 4
    assert streak(synced, TODAY + timedelta(days=2)) == 0  # a whole day missed
    assert streak(synced, ago(4)) == 2  # the day of the gap: the two days before it


def test_forecast_counts_answered_cards_by_the_day_they_come_up(synced: Store) -> None:
    answer(synced, "radio/ravault/c1", 4, ago(10))  # due 9 days ago: overdue, counts today
    answer(synced, TEP, 5, TODAY)  # first pass: due tomorrow
    answer(synced, IRM, 4, ago(1))
    answer(synced, IRM, 4, TODAY)  # second pass: due in 6 days
    answer(synced, HOSTILE, 1, TODAY)  # failed: a re-drill, counts today
    answer(synced, "cardio/diff/main", 5, ago(3))  # due 2 days ago, but suspended
    synced.set_suspended("cardio/diff/main", True)
    answer(synced, "cardio/tl/main", 5, ago(1))  # due today, buried through the day after next
    synced.bury("cardio/tl/main", TODAY + timedelta(days=2))
    answer(synced, "radio/scan/main", 4, ago(1))
    answer(synced, "radio/scan/main", 5, TODAY)  # due in 6 days, beyond a 5-day forecast

    days = [TODAY + timedelta(days=n) for n in range(7)]
    assert forecast(synced, TODAY, days=7) == tuple(zip(days, [2, 1, 0, 1, 0, 0, 2], strict=True))
    assert forecast(synced, TODAY, days=5)[-1] == (days[4], 0)
    assert len(forecast(synced, TODAY)) == 30
    # The queue of a day: what comes up on it or before, re-drills included.
    assert due_on(synced, TODAY) == 2
    assert due_on(synced, TODAY + timedelta(days=1)) == 3
    assert due_on(synced, TODAY + timedelta(days=3)) == 4
    assert due_on(synced, TODAY + timedelta(days=6)) == 6


def test_review_calendar_counts_answers_per_study_day_from_a_monday(synced: Store) -> None:
    assert calendar_start(TODAY, 1) == date(2024, 3, 18)
    assert calendar_start(TODAY, 2) == date(2024, 3, 11)
    assert calendar_start(date(2024, 3, 18), 1) == date(2024, 3, 18)
    answer(synced, TEP, 4, date(2024, 3, 10))  # a Sunday: just before a two-week calendar
    for _ in range(3):
        answer(synced, IRM, 4, date(2024, 3, 11))
    answer(synced, IRM, 4, date(2024, 3, 19))
    answer(synced, TEP, 4, TODAY)
    answer(synced, HOSTILE, 2, TODAY)
    assert review_calendar(synced, TODAY, weeks=2) == {
        date(2024, 3, 11): 3,
        date(2024, 3, 19): 1,
        TODAY: 2,
    }
    assert review_calendar(synced, TODAY, weeks=3)[date(2024, 3, 10)] == 1
    assert review_calendar(synced, ago(2), weeks=1) == {}


def _history_for_retention(store: Store) -> None:
    # IRM: introduced, then a lapse, a relearning pass (not a review card), a pass, a lapse.
    answer(store, IRM, 4, ago(20))
    answer(store, IRM, 1, ago(19))
    answer(store, IRM, 4, ago(19))
    answer(store, IRM, 4, ago(18))
    answer(store, IRM, 2, ago(12))
    # TEP: introduced, then two passes.
    answer(store, TEP, 5, ago(20))
    answer(store, TEP, 5, ago(19))
    answer(store, TEP, 5, ago(13))
    # HOSTILE: a pass just outside the 30 days, a lapse inside.
    answer(store, HOSTILE, 4, ago(40))
    answer(store, HOSTILE, 4, ago(30))
    answer(store, HOSTILE, 2, ago(5))
    # A new card failed on first sight: neither a review-card answer nor a lapse.
    answer(store, "cardio/tl/main", 0, ago(2))


def test_retention_by_deck_and_by_tag_weakest_first(synced: Store, library: Library) -> None:
    _history_for_retention(synced)
    assert retention(synced, library, TODAY) == Retention(
        days=30,
        total=RetentionRow("all", 6, 3),
        by_deck=(RetentionRow("Cardiologie", 1, 0), RetentionRow("Radiologie", 5, 3)),
        by_tag=(
            RetentionRow("modalite::irm", 1, 0),
            RetentionRow("irm", 4, 1),
            RetentionRow("tep", 2, 2),
        ),
    )
    # The same definition as the store's own 30-day figure.
    assert synced.stats(TODAY, 20).retention_30d == 3 / 6
    assert RetentionRow("irm", 4, 1).rate == 0.25 and RetentionRow("x", 0, 0).rate == 0.0
    week = retention(synced, library, TODAY, days=7)
    assert week.total == RetentionRow("all", 1, 0) and week.by_tag[0].name == "irm"
    assert retention(synced, library, ago(100)).by_deck == ()


def test_most_failed_counts_lapses_on_review_cards(synced: Store, library: Library) -> None:
    _history_for_retention(synced)
    assert most_failed(synced, library) == (
        FailedCard(IRM, "Radiologie", CardKind.BASIC, "Signe IRM précoce de l'OT ?", 2),
        FailedCard(
            HOSTILE, "Cardiologie", CardKind.BASIC, label(library.face(library.card(HOSTILE))), 1
        ),
    )
    assert [f.card_id for f in most_failed(synced, library, limit=1)] == [IRM]


def test_overview_gathers_the_screen_in_one_call(synced: Store, library: Library) -> None:
    _history_for_retention(synced)
    answer(synced, TEP, 5, TODAY)
    view = overview(synced, library, TODAY)
    assert (view.today, view.streak, view.reviews_today) == (TODAY, 1, 1)
    assert view.calendar_weeks == 26 and sum(view.calendar.values()) == 13
    assert view.forecast == forecast(synced, TODAY)
    assert view.retention == retention(synced, library, TODAY)
    assert view.most_failed == most_failed(synced, library)


# -- the history queries against a plain recount ------------------------------------------------
#
# The store aggregates in SQL, shaped for a million answers (a window of days first, retired
# cards set aside once, cards due later dropped before grouping); these recount the same
# figures in Python from the review log and the stored cards, over random histories.

SCAN_RIB = "radio/scan/region-rib"  # kept out of the random answers: see _random_history


def _random_history(store: Store, library: Library, seed: int) -> None:
    rng = random.Random(seed)
    others = [c.id for c in library.cards if c.id != SCAN_RIB]
    for days_ago in range(90, -1, -1):
        day = ago(days_ago)
        for card_id in others:
            card = store.card(card_id)
            # As a session goes: new cards now and then, the cards due, skipped days.
            if (card.due is None and rng.random() < 0.2) or (
                card.due is not None and card.due <= day and rng.random() < 0.8
            ):
                last = answer(store, card_id, rng.choice((0, 1, 2, 3, 3, 4, 4, 5, 5, 5)), day)
                while needs_redrill(store.card(card_id).state) and rng.random() < 0.7:
                    last = answer(store, card_id, rng.choice((1, 3, 4, 5, 5)), day)  # re-drills
                if rng.random() < 0.1:
                    store.undo_review(last)  # taken back: gone from the log and its sums
    # Passed four times, then a 3 today: a re-drill today whose due day is months away.
    for days_ago, grade in ((90, 5), (89, 5), (83, 5), (67, 5), (0, 3)):
        answer(store, SCAN_RIB, grade, ago(days_ago))
    due = store.card(SCAN_RIB).due
    assert due is not None and due > TODAY + timedelta(days=60)
    for card_id in rng.sample(others, 3):
        store.set_suspended(card_id, True)
    burials = (ago(1), TODAY, TODAY + timedelta(days=9))  # over, through today, later
    for card_id, through in zip(rng.sample(others, 3), burials, strict=True):
        store.bury(card_id, through)
    # Cardiologie is left out of the decks in use: its cards are neither shown nor counted,
    # but its answers stay in the log.
    store.sync([d for d in library.deck_cards if d.deck_id == "radio"], NOW)


def _served(store: Store, card: StoredCard) -> bool:
    """Whether the store serves ``card``: active, and of a deck in use."""
    assert store.decks_in_use is not None
    return card.status is CardStatus.ACTIVE and card.deck_id in store.decks_in_use


def _recount(
    store: Store, library: Library, since: date
) -> tuple[dict[tuple[str, str], list[int]], Counter[str]]:
    """Answers and passes by (deck id, note id) on review cards from ``since`` to today, and
    lapses by card served over the whole log."""
    log = store.reviews()
    cards = store.cards_by_id(sorted({r.card_id for r in log}))
    by_note: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    lapses: Counter[str] = Counter()
    for r in log:
        card = cards[r.card_id]
        if r.before.repetitions == 0:
            continue  # new or relearning: says nothing about memory
        if since <= r.day <= TODAY:
            by_note[card.deck_id, card.note_id][0] += 1
            by_note[card.deck_id, card.note_id][1] += r.grade >= 3
        if r.grade < 3 and _served(store, card):
            lapses[r.card_id] += 1
    return by_note, lapses


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_history_queries_match_a_recount_of_the_log(
    synced: Store, library: Library, seed: int
) -> None:
    _random_history(synced, library, seed)
    for days in (1, 7, 30, 91):
        since = ago(days - 1)
        by_note, lapses = _recount(synced, library, since)
        assert synced.answers_by_note(since, TODAY) == {
            key: (answered, passed) for key, (answered, passed) in by_note.items()
        }
        decks: Counter[tuple[str, str]] = Counter()
        tags: Counter[tuple[str, str]] = Counter()
        for (deck_id, note_id), (answered, passed) in by_note.items():
            note = library.find_note(deck_id, note_id)
            assert note is not None
            for counts in (decks, tags):
                keys = [library.deck(deck_id).name] if counts is decks else list(note.tags)
                for key in keys:
                    counts[key, "answered"] += answered
                    counts[key, "passed"] += passed
        found = retention(synced, library, TODAY, days=days)
        assert {(r.name, r.answered, r.passed) for r in found.by_deck} == {
            (name, decks[name, "answered"], decks[name, "passed"])
            for name, kind in decks
            if kind == "answered"
        }
        assert {(r.name, r.answered, r.passed) for r in found.by_tag} == {
            (name, tags[name, "answered"], tags[name, "passed"])
            for name, kind in tags
            if kind == "answered"
        }
    assert lapses, "the history has lapses"
    for limit in (1, 3, 100):
        ranked = sorted(lapses.items(), key=lambda item: (-item[1], item[0]))[:limit]
        assert synced.most_lapsed(limit) == tuple(CardLapses(*item) for item in ranked)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_forecast_matches_the_stored_schedules(synced: Store, library: Library, seed: int) -> None:
    _random_history(synced, library, seed)
    expected: Counter[date] = Counter()
    for card in synced.cards_by_id([c.id for c in library.cards]).values():
        if not _served(synced, card) or card.suspended or card.is_new:
            continue
        assert card.due is not None
        day = TODAY if needs_redrill(card.state) else max(card.due, TODAY)
        if card.buried_until is not None:
            day = max(day, card.buried_until + timedelta(days=1))
        expected[day] += 1
    assert expected[TODAY] >= 1 and synced.card(SCAN_RIB).status is CardStatus.ACTIVE
    for days in (1, 5, 30):
        until = TODAY + timedelta(days=days - 1)
        assert synced.due_counts(TODAY, until) == {d: n for d, n in expected.items() if d <= until}
        assert forecast(synced, TODAY, days) == tuple(
            (TODAY + timedelta(days=n), expected[TODAY + timedelta(days=n)]) for n in range(days)
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_deck_counts_and_totals_match_a_recount(synced: Store, library: Library, seed: int) -> None:
    """What the decks screen and ``casecards stats`` show, against the cards and the log."""
    _random_history(synced, library, seed)
    cards = synced.cards_by_id([c.id for c in library.cards]).values()
    log = synced.reviews()
    for today, per_day in ((TODAY, 20), (TODAY, 1), (TODAY + timedelta(days=3), 20)):
        visible = [
            c
            for c in cards
            if _served(synced, c)
            and not c.suspended
            and (c.buried_until is None or c.buried_until < today)
        ]
        expected = []
        for deck in sorted({c.deck_id for c in cards if _served(synced, c)}):
            mine = [c for c in visible if c.deck_id == deck]
            introduced = sum(c.introduced_day == today for c in cards if c.deck_id == deck)
            new = sum(c.is_new for c in mine)
            redrill = [c for c in mine if not c.is_new and needs_redrill(c.state)]
            due = [c for c in mine if not c.is_new and c not in redrill and c.due <= today]  # type: ignore[operator]
            left = min(new, max(0, per_day - introduced))
            expected.append((deck, left, len(due), len(redrill)))
        stats = synced.stats(today, per_day)
        assert [(d.id, d.new, d.due, d.redrill) for d in stats.decks] == expected
        window = [
            r
            for r in log
            if r.before.repetitions > 0 and today - timedelta(days=30) < r.day <= today
        ]
        assert stats.reviews_total == len(log)
        assert stats.reviews_today == sum(r.day == today for r in log)
        passed = sum(r.grade >= 3 for r in window)
        assert stats.retention_30d == (passed / len(window) if window else None)
    assert any(d.redrill for d in synced.stats(TODAY, 20).decks), "the history has re-drills"


def _sums_of(log: tuple[ReviewRecord, ...]) -> tuple[dict[str, tuple[int, ...]], Counter[str]]:
    """What ``daily_summary`` and ``card_lapses`` must hold, recounted from the log."""
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    lapses: Counter[str] = Counter()
    for r in log:
        counts = days[r.day.isoformat()]
        counts[0] += 1
        counts[1] += r.before.repetitions > 0
        counts[2] += r.before.repetitions > 0 and r.grade >= 3
        lapses[r.card_id] += r.grade < 3 and r.before.repetitions > 0
    return {day: tuple(c) for day, c in days.items()}, +lapses


def assert_sums_match_the_log(store: Store) -> None:
    days, lapses = _sums_of(store.reviews())
    conn = store._conn
    stored = conn.execute("SELECT day, answers, review_answers, review_passed FROM daily_summary")
    assert {day: tuple(counts) for day, *counts in stored} == days
    assert dict(conn.execute("SELECT card_id, lapses FROM card_lapses").fetchall()) == lapses


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_log_sums_match_a_recount_through_answers_undos_and_repairs(
    synced: Store, library: Library, seed: int
) -> None:
    """``daily_summary`` and ``card_lapses`` are kept by triggers on the log: equal to a
    recount after answers and undos (``_random_history``), a history moved to another note,
    and a purge of retired cards."""
    _random_history(synced, library, seed)
    log = synced.reviews()
    assert any(r.grade < 3 and r.before.repetitions > 0 for r in log), "the history has lapses"
    assert_sums_match_the_log(synced)
    total, first = synced.answer_totals()
    assert (total, first) == (len(log), min(r.day for r in log))
    # Undo every answer of the last day: their day's row changes or goes.
    for review_id in sorted((r.id for r in log if r.day == TODAY), reverse=True):
        synced.undo_review(review_id)
    assert_sums_match_the_log(synced)
    # TEP's answers undone, one by one; IRM's history moves to TEP (a renamed note); then
    # cardio is retired and purged.
    for review_id in sorted((r.id for r in synced.reviews(card_id=TEP)), reverse=True):
        synced.undo_review(review_id)
    assert_sums_match_the_log(synced)
    assert synced.move_history("radio", "ot-irm", "ot-tep").answers > 0
    assert_sums_match_the_log(synced)
    synced.sync([d for d in library.deck_cards if d.deck_id == "radio"], NOW)
    synced.retire([c.id for c in library.cards if c.deck_id == "cardio"])
    assert synced.purge_retired()[1] > 0
    assert_sums_match_the_log(synced)
    for review_id in [r.id for r in synced.reviews()][::-1]:  # everything undone: nothing left
        synced.undo_review(review_id)
    assert_sums_match_the_log(synced)
    assert synced.answer_totals() == (0, None) and synced.most_lapsed(10) == ()


# -- card text ------------------------------------------------------------------------------


def test_the_label_is_the_plain_question_of_each_kind(library: Library) -> None:
    def card_text(library: Library, card_id: str) -> str:
        return label(library.face(library.card(card_id)))

    assert card_text(library, IRM) == "Signe IRM précoce de l'OT ?"  # markup removed
    assert card_text(library, "radio/ravault/c1") == "Décrit par […] en 1947."
    assert card_text(library, "radio/ravault/c2") == "Décrit par Ravault en [année]."
    assert card_text(library, "radio/scan/main") == "Quelle vue ?"
    assert card_text(library, "radio/scan/region-rib") == "Quel os ? (rib)"
    assert card_text(library, "radio/signs/modality-irm") == "IRM · OT"
    assert card_text(library, "radio/signs/sign-tep-1") == "hyperfixation · OT"
    assert card_text(library, HOSTILE) == "[bold]x[/bold] <script>alert(1)</script>"
    assert card_text(library, "cardio/tl/main") == "Ordre ?"


def test_note_fields_hold_the_whole_note(library: Library) -> None:
    diff = library.note(library.card("cardio/diff/main"))
    assert note_fields(diff) == (
        ("Prompt", "Hypothèses ?"),
        ("Answers", "- fracture\n- algodystrophie (SDRC 1)"),
        ("Explanation", "Penser à l'*algodystrophie*."),
        ("Source", "cas 6"),
    )
    signs = library.note(library.card("radio/signs/modality-tep"))
    assert note_fields(signs)[:3] == (
        ("Subject", "OT"),
        ("IRM (précoce)", "- œdème"),
        ("TEP", "- hyperfixation\n- œdème"),
    )
    assert note_fields(signs)[-1] == ("Tags", "#modalite::irm")
    cloze = library.note(library.card("radio/ravault/c1"))
    assert note_fields(cloze)[0] == ("Text", "Décrit par Ravault en 1947.")


# -- search ---------------------------------------------------------------------------------


def search_cards(
    library: Library, store: Store, query: str, tag: str | None = None
) -> tuple[CardRow, ...]:
    return CardIndex.build(library).search(store, query, tag).rows


def test_parse_query_splits_words_and_tags() -> None:
    assert parse_query("  Œdème  #IRM signe # ") == (("oedeme", "signe"), ("irm",))


def test_search_matches_normalised_text_tags_and_ids(synced: Store, library: Library) -> None:
    def ids(query: str, tag: str | None = None) -> list[str]:
        return [row.card_id for row in search_cards(library, synced, query, tag)]

    everything = ids("")
    assert len(everything) == 13 and everything[:3] == [
        HOSTILE,
        "cardio/diff/main",
        "cardio/tl/main",
    ]
    assert ids("OEDEME medullaire") == [IRM]  # accents, ligature and case folded
    signs = [
        f"radio/signs/{p}" for p in ("modality-irm", "modality-tep", "sign-irm-1", "sign-tep-1")
    ]
    assert ids("oedeme") == ["cardio/tl/main", IRM, *signs]  # every field of the note
    assert ids("#irm") == [HOSTILE, IRM, *signs]  # a tag, or a part of one
    assert ids("#modalite") == [HOSTILE, *signs]  # a parent tag
    assert ids("", tag="tep") == [TEP]
    assert ids("#irm <script>") == [HOSTILE]
    assert ids("ravault/c2") == ["radio/ravault/c2"]  # by card id
    assert ids("1947 #histoire") == ["radio/ravault/c1", "radio/ravault/c2"]
    assert ids("nothing-like-this") == []


def test_search_rows_carry_the_schedule_read_in_one_query(synced: Store, library: Library) -> None:
    answer(synced, TEP, 5, ago(1))
    synced.set_suspended(IRM, True)
    statements: list[str] = []
    synced._conn.set_trace_callback(statements.append)
    rows = search_cards(library, synced, "#irm")
    synced._conn.set_trace_callback(None)
    assert len(statements) == 1
    by_id = {row.card_id: row for row in rows}
    assert by_id[IRM].stored.suspended and by_id[IRM].deck == "Radiologie"
    assert by_id[IRM].tags == ("irm",) and by_id[IRM].kind is CardKind.BASIC
    assert by_id[IRM].text == "Signe IRM précoce de l'OT ?"
    (tep,) = search_cards(library, synced, "#tep")
    assert (tep.stored.due, tep.stored.state.interval) == (TODAY, 1)


def test_the_index_limits_rows_and_counts_them_all(synced: Store, library: Library) -> None:
    index = CardIndex.build(library)
    found = index.search(synced, "#irm", limit=2)
    assert found.total == 6 and [row.card_id for row in found.rows] == [HOSTILE, IRM]
    assert index.search(synced, "#irm", tag="tep") == Found((), 0)


def test_card_state(synced: Store) -> None:
    answer(synced, TEP, 5, ago(1))  # due today
    answer(synced, IRM, 5, TODAY)  # due tomorrow
    answer(synced, HOSTILE, 3, TODAY)  # awaits its extra review
    synced.bury("cardio/diff/main", TODAY)
    synced.set_suspended("cardio/tl/main", True)

    def state(card_id: str, day: date = TODAY) -> CardState:
        return card_state(synced.card(card_id), day)

    assert state(TEP) is CardState.DUE
    assert state(IRM) is CardState.REVIEW
    assert state(IRM, TODAY + timedelta(days=1)) is CardState.DUE
    assert state(HOSTILE) is CardState.REDRILL
    assert state("cardio/diff/main") is CardState.BURIED
    assert state("cardio/diff/main", TODAY + timedelta(days=1)) is CardState.NEW
    assert state("cardio/tl/main") is CardState.SUSPENDED
