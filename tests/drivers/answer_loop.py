"""A headless trainer in its own process, for the crash and concurrency tests.

    python answer_loop.py crash DB SEED     answer (and sometimes undo) until killed
    python answer_loop.py race DB SEED [DECK,...]
                                            wait for a line on stdin, answer every card
                                            shown until the session ends, exit 0
    python answer_loop.py step DB SEED      in lock step with the test: on each line
                                            "show", show the next card; on "answer",
                                            answer it; exit 0 once nothing is left

It opens the store, syncs two fixed decks and studies them the way the trainer does, through a
``Session``. Every line it prints is flushed once the store has committed it:

    ready            the store is open and synced
    shown CARD       CARD is on screen (step mode); "done" when nothing is left
    answer ID CARD   answer ID was recorded (``Session.answer`` returned)
    lost CARD        another window answered CARD first; nothing was recorded
    undoing ID       about to undo answer ID (it may or may not be undone if killed now)
    undone ID        answer ID was undone
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from casecards.cards import MAIN, Card, CardKind, DeckCards
from casecards.session import Session
from casecards.store import Store

DECKS = ("alpha", "beta")
CARDS = 60  # in all, half in each deck
START = date(2024, 3, 4)
TZ = timezone(timedelta(hours=1))


def decks() -> list[DeckCards]:
    found = []
    for deck in DECKS:
        cards = tuple(
            Card(deck, f"n{i:03d}", MAIN, CardKind.BASIC, i, f"h-{i}")
            for i in range(CARDS // len(DECKS))
        )
        digest = hashlib.sha256(" ".join(c.id for c in cards).encode()).hexdigest()
        found.append(DeckCards(deck, deck.title(), f"decks/{deck}.yaml", digest, cards))
    return found


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def next_day(path: Path) -> date:
    """The day after the last one studied, so every run studies a day of its own."""
    conn = sqlite3.connect(path)
    try:
        (last,) = conn.execute("SELECT MAX(day) FROM reviews").fetchone()
    finally:
        conn.close()
    return START if last is None else date.fromisoformat(last) + timedelta(days=1)


def crash(path: Path, rng: random.Random) -> None:
    with Store.open(path) as store:
        store.sync(decks(), datetime.combine(START, datetime.min.time(), TZ))
        say("ready")
        day = next_day(path)
        while True:
            clock = datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=9)
            session = Session(store, now=clock, new_per_day=15)
            while (item := session.next_card()) is not None:
                clock += timedelta(seconds=1)
                grade = rng.choice((0, 2, 3, 4, 4, 5, 5))
                result = session.answer(item.card_id, grade, now=clock, duration_ms=100)
                say(f"answer {result.review_id} {item.card_id}")
                if rng.random() < 0.1:
                    say(f"undoing {result.review_id}")
                    session.undo()
                    say(f"undone {result.review_id}")
            day += timedelta(days=1)


def race(path: Path, rng: random.Random, deck_ids: list[str] | None) -> None:
    with Store.open(path) as store:
        store.sync(decks(), datetime.now(TZ))
        session = Session(store, now=datetime.now(TZ), deck_ids=deck_ids, new_per_day=CARDS)
        say("ready")
        sys.stdin.readline()  # "go": both windows start answering together
        while (item := session.next_card()) is not None:
            grade = 4 if rng.random() < 0.5 else rng.choice((1, 3, 5))
            result = session.answer(
                item.card_id, grade, now=datetime.now(TZ), duration_ms=rng.randrange(10)
            )
            say(
                f"answer {result.review_id} {item.card_id}"
                if result.recorded
                else f"lost {item.card_id}"
            )


def step(path: Path, rng: random.Random) -> None:
    with Store.open(path) as store:
        store.sync(decks(), datetime.now(TZ))
        session = Session(store, now=datetime.now(TZ), new_per_day=CARDS)
        say("ready")
        while sys.stdin.readline() == "show\n":
            item = session.next_card()
            if item is None:
                say("done")
                return
            say(f"shown {item.card_id}")
            sys.stdin.readline()  # "answer": both windows answer at the same moment
            grade = rng.choice((1, 3, 4, 5))
            result = session.answer(item.card_id, grade, now=datetime.now(TZ), duration_ms=1)
            say(f"answer {result.review_id} {item.card_id}" if result.recorded else "lost")


def main() -> None:
    mode, db, seed, *chosen = sys.argv[1:]
    rng = random.Random(int(seed))
    if mode == "crash":
        crash(Path(db), rng)
    elif mode == "step":
        step(Path(db), rng)
    else:
        race(Path(db), rng, chosen[0].split(",") if chosen else None)


if __name__ == "__main__":
    main()
