"""Retention's sums (migration 0008: ``daily_deck``, ``daily_tag``, ``note_tags``) against a
recount of the log and against retention counted the old way (kept here as the reference),
over random histories of real deck files: answers, undos, tags changed, notes removed,
renamed (their history moved) and skipped for their problems (a partial load), decks left
out of the folder, retired cards purged."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from casecards.cards import parse_card_id
from casecards.deck import Note
from casecards.library import Library
from casecards.scheduler import review
from casecards.statistics import Retention, RetentionRow, retention
from casecards.store import CardStatus, Store

TZ = timezone(timedelta(hours=1))
TODAY = date(2024, 3, 20)
NOW = datetime(2024, 3, 20, 9, 0, tzinfo=TZ)
DECKS = ("cardio", "neuro")
TAGS = ("irm", "tep", "modalite::irm")


# -- the reference: retention as it was counted before the sums ----------------------------


def retention_the_old_way(store: Store, library: Library, today: date, days: int) -> Retention:
    """``statistics.retention`` before migration 0008, word for word: the window of the log
    per note, the deck's name from the store, the note's tags from the library."""
    answers = store.answers_by_note(today - timedelta(days=days - 1), today)
    names = store.deck_names()
    by_deck: dict[str, list[int]] = {}
    by_tags: dict[tuple[str, ...], list[int]] = {}
    deck_id = ""
    notes: Mapping[str, Note] = {}
    deck_counts = [0, 0]
    for (note_deck, note_id), (answered, passed) in answers.items():
        if note_deck != deck_id:
            deck_id, notes = note_deck, library.deck_notes(note_deck)
            deck_counts = by_deck.setdefault(names.get(deck_id, deck_id), [0, 0])
        deck_counts[0] += answered
        deck_counts[1] += passed
        note = notes.get(note_id)
        if note is not None and note.tags:
            counts = by_tags.get(note.tags)
            if counts is None:
                by_tags[note.tags] = [answered, passed]
            else:
                counts[0] += answered
                counts[1] += passed
    tags: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for note_tags, (answered, passed) in by_tags.items():
        for tag in note_tags:
            tags[tag][0] += answered
            tags[tag][1] += passed
    answered = sum(counts[0] for counts in by_deck.values())
    passed = sum(counts[1] for counts in by_deck.values())

    def weakest_first(counts: dict[str, list[int]]) -> tuple[RetentionRow, ...]:
        rows = (RetentionRow(name, a, p) for name, (a, p) in counts.items())
        return tuple(sorted(rows, key=lambda r: (r.rate, -r.answered, r.name)))

    total = RetentionRow("all", answered, passed)
    return Retention(days, total, weakest_first(by_deck), weakest_first(tags))


def assert_sums_match_a_recount(store: Store) -> None:
    """``daily_deck`` and ``daily_tag`` hold the log's answers on review cards per day, by
    the deck the card id names and by the tags ``note_tags`` gives its note now."""
    conn = store._conn
    note_tags: dict[tuple[str, str], list[str]] = defaultdict(list)
    for deck_id, note_id, tag in conn.execute("SELECT * FROM note_tags"):
        note_tags[deck_id, note_id].append(tag)
    decks: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    tags: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in store.reviews():
        if r.before.repetitions == 0:
            continue
        key = parse_card_id(r.card_id)
        day = r.day.isoformat()
        for counts in (
            decks[day, key.deck_id],
            *(tags[day, tag] for tag in note_tags[key.deck_id, key.note_id]),
        ):
            counts[0] += 1
            counts[1] += r.grade >= 3
    stored = conn.execute("SELECT day, deck_id, answers, passed FROM daily_deck").fetchall()
    assert {(d, k): [a, p] for d, k, a, p in stored} == decks
    stored = conn.execute("SELECT day, tag, answers, passed FROM daily_tag").fetchall()
    assert {(d, k): [a, p] for d, k, a, p in stored} == tags


# -- random histories over real deck files --------------------------------------------------


@dataclass
class NoteModel:
    tags: tuple[str, ...]
    broken: bool = False  # a problem in the file: skipped, its deck loaded in part


@dataclass
class Folder:
    """The deck files as their author edits them, and the decks taken out of the folder."""

    root: Path
    notes: dict[str, dict[str, NoteModel]] = field(default_factory=dict)
    left_out: set[str] = field(default_factory=set)
    made: int = 0

    def new_id(self) -> str:
        self.made += 1
        return f"n{self.made}"

    def write(self) -> Library:
        decks = self.root / "decks"
        for path in decks.glob("*.yaml"):
            path.unlink()
        for deck_id, notes in self.notes.items():
            if deck_id in self.left_out or not notes:
                continue
            lines = ["deck:", f"  id: {deck_id}", f"  name: {deck_id.title()}", "  lang: fr"]
            lines.append("notes:")
            for note_id, note in notes.items():
                lines += [
                    f"  - id: {note_id}",
                    "    type: basic",
                    f"    tags: [{', '.join(note.tags)}]",
                    '    source: "cas"',
                    f'    front: "Question {note_id} ?"',
                ]
                if not note.broken:  # a basic note without its back is refused
                    lines.append(f'    back: "Réponse {note_id}"')
            (decks / f"{deck_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return Library.load(decks, self.root / "media", skip_broken=True)


def answer(store: Store, card_id: str, grade: int, day: date) -> int:
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


tag_sets = st.lists(st.sampled_from(TAGS), unique=True, max_size=3).map(tuple)
pick = st.integers(0, 99)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("answer"), pick, pick, st.integers(0, 5), st.integers(0, 3)),
        st.tuples(st.just("answer"), pick, pick, st.integers(3, 5), st.integers(0, 1)),
        st.tuples(st.just("undo")),
        st.tuples(st.just("retag"), pick, pick, tag_sets),
        st.tuples(st.just("add"), pick, tag_sets),
        st.tuples(st.just("remove"), pick, pick),
        st.tuples(st.just("rename"), pick, pick),
        st.tuples(st.just("break"), pick, pick),
        st.tuples(st.just("leave"), pick),
        st.tuples(st.just("purge")),
    ),
    min_size=5,
    max_size=30,
)


@settings(
    max_examples=30,
    deadline=None,
    # Each step writes and loads real deck files: shrinking a long plan takes minutes, and
    # the step and window that failed are in the assertion's message.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    first=st.lists(st.tuples(st.sampled_from(DECKS), tag_sets), min_size=2, max_size=6),
    plan=steps,
)
def test_retention_sums_match_the_log_and_the_old_count(
    first: list[tuple[str, tuple[str, ...]]], plan: list[tuple[object, ...]]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "decks").mkdir()
        (root / "media").mkdir()
        # A deck never touched: the folder always has a deck to study.
        folder = Folder(root, {"anchor": {"n0": NoteModel(())}, **{d: {} for d in DECKS}})
        for deck_id, tags in first:
            folder.notes[deck_id][folder.new_id()] = NoteModel(tags)
        with Store.open(root / "casecards.db") as store:
            library = folder.write()
            library.sync(store, NOW)
            day = TODAY - timedelta(days=40)
            answered: list[int] = []
            for step in plan:
                library = _apply(store, folder, library, step, day, answered)
                if step[0] == "answer":
                    day = min(TODAY, day + timedelta(days=int(step[4])))  # type: ignore[call-overload]
                assert_sums_match_a_recount(store)
                for days in (1, 7, 30, 90):
                    assert retention(store, library, TODAY, days) == retention_the_old_way(
                        store, library, TODAY, days
                    ), (step, days)
                # The sums are read whenever the store's tags are those of the files.
                every = {"anchor", *DECKS}
                whole = set(library.deck_ids) == every and all(
                    d.complete for d in library.deck_cards
                )
                since = TODAY - timedelta(days=29)
                loaded = {d.deck_id: d.file_hash for d in library.deck_cards}
                if whole:
                    assert store.retention_sums(since, TODAY, loaded) is not None


def _apply(
    store: Store,
    folder: Folder,
    library: Library,
    step: tuple[object, ...],
    day: date,
    answered: list[int],
) -> Library:
    """Do ``step``; the library as loaded after it (synced when the files changed)."""
    kind, *args = step

    def note_at(deck_at: object, note_at: object) -> tuple[str, str] | None:
        deck_id = DECKS[int(deck_at) % len(DECKS)]  # type: ignore[call-overload]
        notes = sorted(folder.notes[deck_id])
        if not notes:
            return None
        return deck_id, notes[int(note_at) % len(notes)]  # type: ignore[call-overload]

    if kind == "answer":
        found = note_at(args[0], args[1])
        card = None if found is None else store.find_card(f"{found[0]}/{found[1]}/main")
        if card is not None and card.status is CardStatus.ACTIVE:
            answered.append(answer(store, card.id, int(args[2]), day))  # type: ignore[call-overload]
        return library
    if kind == "undo":
        if answered:
            store.undo_review(answered.pop())
        return library
    if kind == "purge":
        store.purge_retired()
        live = {r.id for r in store.reviews()}
        answered[:] = [i for i in answered if i in live]
        return library
    renamed: tuple[str, str, str] | None = None
    if kind == "leave":
        deck_id = DECKS[int(args[0]) % len(DECKS)]  # type: ignore[call-overload]
        folder.left_out ^= {deck_id}  # taken out of the folder, or put back
    elif kind == "add":
        deck_id = DECKS[int(args[0]) % len(DECKS)]  # type: ignore[call-overload]
        folder.notes[deck_id][folder.new_id()] = NoteModel(args[1])  # type: ignore[arg-type]
    else:
        found = note_at(args[0], args[1])
        if found is None:
            return library
        deck_id, note_id = found
        notes = folder.notes[deck_id]
        if kind == "retag":
            notes[note_id].tags = args[2]  # type: ignore[assignment]
        elif kind == "remove":
            del notes[note_id]
        elif kind == "break":
            notes[note_id].broken = not notes[note_id].broken
        elif kind == "rename":
            new_id = folder.new_id()
            notes[new_id] = notes.pop(note_id)
            renamed = (deck_id, note_id, new_id)
    library = folder.write()
    library.sync(store, NOW)
    if renamed is not None and all(
        store.find_card(f"{renamed[0]}/{note_id}/main") for note_id in renamed[1:]
    ):
        store.move_history(*renamed)  # the author's rename, told to casecards
        answered[:] = []  # the moved answers are undone from the newest only by a session
    return library


# -- what retention reads -------------------------------------------------------------------


def test_retention_reads_the_sums_never_the_log(tmp_path: Path) -> None:
    """Over a synced store, retention reads a row per day and deck or tag: no statement
    touches the review log nor the cards."""
    folder = Folder(tmp_path, {"cardio": {"a": NoteModel(("irm",)), "b": NoteModel(())}})
    (tmp_path / "decks").mkdir()
    (tmp_path / "media").mkdir()
    library = folder.write()
    with Store.open(tmp_path / "casecards.db") as store:
        library.sync(store, NOW)
        for days_ago, grade in ((10, 4), (9, 4), (3, 2)):
            answer(store, "cardio/a/main", grade, TODAY - timedelta(days=days_ago))
        statements: list[str] = []
        store._conn.set_trace_callback(statements.append)
        found = retention(store, library, TODAY)
        store._conn.set_trace_callback(None)
        assert found.by_tag == (RetentionRow("irm", 2, 1),)
        assert statements
        for sql in statements:
            plan = [row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
            for step in plan:
                assert " reviews" not in step and " cards" not in step, (sql, plan)
                if step.startswith("SCAN"):  # the decks (a row each), the ids given, the
                    # schema (once per store, whether it has the sums)
                    scans = ("SCAN d ", "SCAN decks", "SCAN json_each", "SCAN sqlite_master")
                    assert step.startswith(scans), plan


def test_note_tags_triggers_read_the_note_s_answers_by_their_card_ids(store: Store) -> None:
    """A tag added or taken away sums its note's answers found by the range of its card ids
    in ``reviews_card_answers``; an answer finds its note's tags by the primary key: no statement
    of the triggers walks a table."""
    conn = store._conn
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        " AND (tbl_name = 'note_tags' OR name LIKE 'reviews_retention_%')"
    ).fetchall()
    assert len(triggers) == 6
    for name, sql in triggers:
        body = sql[sql.index("BEGIN") + len("BEGIN") : sql.rindex("END")]
        for statement in filter(str.strip, body.split(";")):
            for row in ("NEW", "OLD"):
                for column in ("deck_id", "note_id", "tag", "card_id", "day"):
                    statement = statement.replace(f"{row}.{column}", "'x'")
                for column in ("grade", "repetitions_before"):
                    statement = statement.replace(f"{row}.{column}", "1")
            plan = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
            for step in plan:
                assert not step.startswith("SCAN") or step == "SCAN CONSTANT ROW", (name, plan)
            if "FROM reviews" in statement:
                covering = "USING COVERING INDEX reviews_card_answers (card_id>? AND card_id<?)"
                assert any(covering in step for step in plan), plan
