"""A synthetic student: deck files in the deck format, media, and a store with two years of history.

``collection(root, notes, reviews)`` returns a ``Collection`` in ``root/<key>/``, building it
only if no finished build with the same parameters and generator is there: reruns are fast.

* Decks: ``notes`` notes in files of ``NOTES_PER_FILE`` (1,000 notes make 4 files, 50,000 make
  200), nested names ``Bench::Module m::Deck d``, every note type mixed as a curriculum would
  (basic 40%, cloze 25% with one to three deletions, image 10% (half with regions),
  differential 10%, timeline 10%, modality_signs 5%), French text of realistic length, about
  one field in four with markup, tags and facts; twelve small PNG schematics.
* History: the decks are synced into a store by the product (``Library.sync``), then the
  answers are simulated card by card with the product's own SM-2 (``scheduler.review``):
  cards are introduced in deck order over ``HISTORY_DAYS`` days, each answered on its due
  day, failed cards re-drilled the same day, until ``reviews`` answers are logged (the rest of
  the cards stay new). Rows are inserted directly, sorted by time, in one transaction, and
  every card's stored state is its last answer's "after" state: the store is exactly what a
  student who studied that way would have. That is benchmark set-up, not product code.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from casecards.library import Library
from casecards.scheduler import Sm2State, needs_redrill, review
from casecards.store import Store
from casecards.store.schema import migration_names

NOW = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)  # "now" of every measurement
TODAY = NOW.date()  # its study day (10:00 UTC is past the 04:00 rollover)
HISTORY_DAYS = 730
NOTES_PER_FILE = 250
FILES_PER_MODULE = 10
IMAGES = 12
IMAGE_SIZE = (400, 300)
# Grades of a student who fails about one answer in seven: two years of the 82,000 cards of
# 50,000 notes make about a million answers (13 per card), as in a whole curriculum.
GRADES = (1, 2, 3, 4, 4, 4, 4, 5, 5, 3, 4, 5, 4, 5, 3)
REDRILL_GRADES = (2, 3, 4, 4, 5)

_VOCABULARY = (
    "œdème médullaire tête fémorale scintigraphie hyperfixation ostéopénie IRM séquence "
    "STIR hypersignal T2 hyposignal T1 col cotyle lame sous-chondrale trabéculaire fissure "
    "algodystrophie ostéonécrose douleur mécanique boiterie grossesse régression spontanée "
    "trois phases tardive vasculaire perméabilité capillaire ostéoblaste fracture insuffisance "
    "rachis vertèbre arc postérieur côte gauche droite cheville pied talus calcanéum genou "
    "épaule humérus bassin sacrum hanche migratrice récidive controlatérale mois semaines"
)
_WORDS = tuple(_VOCABULARY.split())
_MODALITIES = ("Radiographie", "Scanner", "Scintigraphie", "SPECT-CT", "IRM", "TEP au NaF")


@dataclass(frozen=True, slots=True)
class Collection:
    folder: Path
    decks: Path
    media: Path
    store: Path  # pristine: copy it before anything that writes
    notes: int
    cards: int
    reviews: int
    files: int


#: Bump when what ``collection`` generates changes: builds of other versions are replaced.
VERSION = 1


def key(notes: int, reviews: int) -> str:
    return f"n{notes}-r{reviews}-v{VERSION}"


def collection(root: Path, notes: int, reviews: int) -> Collection:
    """The collection for these parameters, from ``root`` if built before, else built now."""
    folder = root / key(notes, reviews)
    meta = folder / "meta.json"
    if not meta.exists():
        for stale in root.glob(f"n{notes}-r{reviews}-*"):
            shutil.rmtree(stale, ignore_errors=True)
        building = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(building, ignore_errors=True)
        counts = _build(building, notes, reviews)
        (building / "meta.json").write_text(json.dumps(counts))
        building.rename(folder)
    counts = json.loads(meta.read_text())
    store = current_store(folder / "store.db")
    return Collection(folder, folder / "decks", folder / "media", store, notes, **counts)


def current_store(generated: Path) -> Path:
    """The generated store at this casecards' schema: a copy migrated once and synced once
    with its decks, kept beside it (named after the newest migration), so that no measured
    start pays for a migration or for what a migration leaves to the next sync (0008: the
    notes' tags), and the store as generated stays for the code it was generated with."""
    target = generated.with_name(f"store-{migration_names()[-1]}-synced.db")
    if not target.exists():
        building = target.with_name(target.name + ".tmp")
        shutil.copyfile(generated, building)
        folder = generated.parent
        library = Library.load(folder / "decks", folder / "media")
        with Store.open(building) as store:
            library.sync(store, NOW)
        conn = sqlite3.connect(building)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the whole store in the one file
        conn.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        building.rename(target)
    return target


def _build(folder: Path, notes: int, reviews: int) -> dict[str, int]:
    rng = random.Random(f"casecards-bench-{notes}")
    decks, media = folder / "decks", folder / "media"
    decks.mkdir(parents=True)
    media.mkdir()
    for i in range(IMAGES):
        _image(media / f"img-{i:02d}.png", i)
    files = write_decks(decks, notes, rng)
    library = Library.load(decks, media)
    with Store.open(folder / "store.db") as store:
        library.sync(store, NOW - timedelta(days=HISTORY_DAYS))
    logged = write_history(folder / "store.db", library, reviews, rng)
    return {"cards": len(library.cards), "reviews": logged, "files": files}


def _image(path: Path, seed: int) -> None:
    image = Image.new("L", IMAGE_SIZE, 20)
    draw = ImageDraw.Draw(image)
    for k in range(6):
        x, y = 30 + 55 * k, 40 + (seed * 37 + k * 23) % 180
        draw.ellipse((x, y, x + 40, y + 60), fill=90 + 25 * k)
    image.save(path, optimize=False)


# -- deck files ---------------------------------------------------------------------------------


def write_decks(folder: Path, notes: int, rng: random.Random) -> int:
    """``notes`` notes in files of ``NOTES_PER_FILE``; returns the number of files."""
    files = -(-notes // NOTES_PER_FILE)
    for f in range(files):
        module = f // FILES_PER_MODULE
        first, last = f * NOTES_PER_FILE, min(notes, (f + 1) * NOTES_PER_FILE)
        lines = [
            "# yaml-language-server: $schema=./casecards-deck.schema.json",
            "deck:",
            f"  id: bench-m{module:02d}-d{f:03d}",
            f'  name: "Bench::Module {module:02d}::Deck {f:03d}"',
            "  lang: fr",
            f'  description: "{_sentence(rng, 12)}"',
            "notes:",
        ]
        for i in range(first, last):
            lines.extend(_note(i, rng))
        sub = folder / f"module-{module:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"deck-{f:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return files


def _sentence(rng: random.Random, words: int, marked: bool = False) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    if marked:
        chosen[1] = f"**{chosen[1]}**"
        chosen[-2] = f"*{chosen[-2]}*"
    return " ".join(chosen).capitalize()


def _q(text: str) -> str:
    return f'"{text}"'


def _note(i: int, rng: random.Random) -> list[str]:
    roll = i % 20
    marked = rng.random() < 0.25
    head = [
        f"  - id: n{i:05d}",
        "    type: {type}",
        f"    tags: [bench, module-{i % 7}, modalite::{rng.choice(('irm', 'scinti', 'rx'))}]",
        f"    facts: [F{i % 115 + 1}]",
        f"    source: {_q('diapositive ' + str(i % 97) + ' « ' + _sentence(rng, 3) + ' »')}",
    ]
    if rng.random() < 0.4:
        head.append(f"    explanation: {_q(_sentence(rng, 18, marked))}")
    if roll < 8:
        kind = "basic"
        body = [
            f"    front: {_q(_sentence(rng, 12, marked) + ' ?')}",
            f"    back: {_q(_sentence(rng, 14))}",
        ]
    elif roll < 13:
        kind = "cloze"
        parts = [_sentence(rng, 5)]
        for n in range(1, 2 + i % 3):
            parts.append(f"{{{{c{n}::{rng.choice(_WORDS)}}}}} {_sentence(rng, 4).lower()}")
        body = [f"    text: {_q(' '.join(parts) + '.')}"]
    elif roll < 15:
        kind = "image"
        body = [
            f"    image: img-{i % IMAGES:02d}.png",
            f"    prompt: {_q(_sentence(rng, 10) + ' ?')}",
            f"    answer: {_q(_sentence(rng, 12, marked))}",
        ]
        if i % 2:
            body += [
                "    regions:",
                "      - id: foyer",
                f"        box: [{20 + i % 50}, 40, 80, 60]",
                f"        answer: {_q(_sentence(rng, 6))}",
                "      - id: controle",
                "        box: [200, 150, 120, 100]",
                f"        prompt: {_q(_sentence(rng, 5) + ' ?')}",
                f"        answer: {_q(_sentence(rng, 6))}",
            ]
    elif roll < 17:
        kind = "differential"
        body = [f"    prompt: {_q(_sentence(rng, 9) + ' ?')}", "    answers:"]
        for k in range(3 + i % 3):
            body.append(f"      - {_q(f'{_sentence(rng, 3)} {k}')}")
        body.append(f"      - {{text: {_q('Ostéonécrose aseptique')}, aliases: [ONA]}}")
    elif roll < 19:
        kind = "timeline"
        body = [f"    prompt: {_q('Remettez dans l’ordre : ' + _sentence(rng, 6))}", "    events:"]
        for k in range(3 + i % 3):
            body.append(f"      - {{when: {_q(f'J{k * 7}')}, text: {_q(_sentence(rng, 7))}}}")
    else:
        kind = "modality_signs"
        body = [f"    subject: {_q(_sentence(rng, 8))}", "    modalities:"]
        for m, modality in enumerate(rng.sample(_MODALITIES, 2)):
            body.append(f"      - modality: {_q(modality)}")
            if m == 0:
                body.append(f"        timing: {_q(_sentence(rng, 6))}")
            body.append("        signs:")
            body += [f"          - {_q(f'{_sentence(rng, 6)} {s}')}" for s in range(2 + m)]
    head[1] = head[1].format(type=kind)
    return head + body


# -- review history -----------------------------------------------------------------------------


def write_history(db: Path, library: Library, reviews: int, rng: random.Random) -> int:
    """Simulate and insert ``reviews`` answers (fewer if every card is answered out)."""
    cards = [c.id for dc in library.deck_cards for c in dc.cards]
    per_card = _average_reviews(rng)
    # 5% over the estimate, so the log reaches ``reviews`` (the last card is cut short there).
    introduced = min(len(cards), max(1, round(reviews / per_card * 1.05)))
    start = TODAY - timedelta(days=HISTORY_DAYS)
    rows: list[tuple[object, ...]] = []
    finals: list[tuple[object, ...]] = []
    for k, card_id in enumerate(cards[:introduced]):
        first = start + timedelta(days=k * HISTORY_DAYS // introduced)
        card_rows = _simulate(card_id, first, rng)
        if len(rows) + len(card_rows) > reviews:
            card_rows = card_rows[: reviews - len(rows)]
        if not card_rows:
            break
        rows.extend(card_rows)
        last = card_rows[-1]
        # ease, repetitions, interval, extra, due, introduced_day, last_review
        finals.append((*last[12:17], card_rows[0][2], last[1], card_id))
        if len(rows) >= reviews:
            break
    rows.sort(key=lambda r: r[1])  # the log in the order the answers were given
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO reviews (card_id, reviewed_at, day, grade, duration_ms, ease_before,"
            " repetitions_before, interval_before, extra_review_before, due_before,"
            " introduced_day_before, last_review_before, ease_after, repetitions_after,"
            " interval_after, extra_review_after, due_after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "UPDATE cards SET ease_hundredths = ?, repetitions = ?, interval = ?,"
            " extra_review = ?, due = ?, introduced_day = ?, last_review = ? WHERE id = ?",
            finals,
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ANALYZE")
    finally:
        conn.close()
    return len(rows)


def _average_reviews(rng: random.Random) -> float:
    """Answers per card introduced uniformly over the history (a sample of 2,000 cards)."""
    sample = random.Random(rng.random())
    start = TODAY - timedelta(days=HISTORY_DAYS)
    total = sum(
        len(_simulate("x", start + timedelta(days=k * HISTORY_DAYS // 2000), sample))
        for k in range(2000)
    )
    return total / 2000


def _simulate(card_id: str, first: date, rng: random.Random) -> list[tuple[object, ...]]:
    """One card's answers from ``first`` to yesterday (today's are left due), as log rows."""
    rows: list[tuple[object, ...]] = []
    state = Sm2State()
    day = first
    due: str | None = None
    introduced: str | None = None
    last: str | None = None
    second = rng.randrange(7 * 3600, 22 * 3600)
    while day < TODAY:
        redrill = bool(rows) and rows[-1][2] == day.isoformat()
        grade = rng.choice(REDRILL_GRADES if redrill else GRADES)
        after = review(state, grade)
        when = datetime.combine(day, datetime.min.time(), UTC) + timedelta(
            seconds=second + 60 * len(rows)
        )
        due_after = day + timedelta(days=after.interval)
        at = when.isoformat()
        rows.append(
            (
                *(card_id, at, day.isoformat(), grade, rng.randrange(2000, 30000)),
                *(state.ease_hundredths, state.repetitions, state.interval),
                *(int(state.extra_review), due, introduced, last),
                *(after.ease_hundredths, after.repetitions, after.interval),
                *(int(after.extra_review), due_after.isoformat()),
            )
        )
        introduced = introduced or day.isoformat()
        state, due, last = after, due_after.isoformat(), at
        if not needs_redrill(after):
            day = due_after
    return rows
