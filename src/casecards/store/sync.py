"""Deck sync: make the stored cards match the decks, keeping every card's schedule and history.

A card is retired only when its own deck is synced and its note (or part) is gone from it:
a deck missing from the decks synced is another folder's, or a file set aside, and its cards
stay as they are (the store serves only the decks in use, see ``Store.decks_in_use``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from casecards.cards import DeckCards, part_key
from casecards.store.schema import fetch
from casecards.store.values import CardStatus, Rename, SyncReport, instant


def sync_decks(conn: sqlite3.Connection, decks: Sequence[DeckCards], now: datetime) -> SyncReport:
    """The body of ``Store.sync``, run inside its write transaction (see there)."""
    ids = [d.deck_id for d in decks]
    if len(set(ids)) != len(ids):
        raise ValueError(f"each deck may be synced once, got {ids}")
    synced_at = instant(now)
    totals = [0, 0, 0, 0]  # added, updated, retired, restored
    skipped = 0
    renames: list[Rename] = []
    stored = {r["id"]: r for r in fetch(conn, "SELECT id, file_hash, status, tags_hash FROM decks")}
    for deck in decks:
        old = stored.get(deck.deck_id)
        as_synced = (deck.file_hash, "active", deck.file_hash)
        if old and (old["file_hash"], old["status"], old["tags_hash"]) == as_synced:
            skipped += 1
            continue
        conn.execute(
            "INSERT INTO decks (id, name, path, file_hash, synced_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
            " path = excluded.path, file_hash = excluded.file_hash,"
            " synced_at = excluded.synced_at, status = 'active'",
            (deck.deck_id, deck.name, deck.path, deck.file_hash, synced_at),
        )
        counts, gone = _sync_cards(conn, deck, retire=deck.complete)
        for i, n in enumerate(counts):
            totals[i] += n
        _sync_tags(conn, deck)
        if gone:
            renames += renamed_notes(conn, deck, gone)
    # Decks not in ``decks`` are left as they are: they belong to another deck folder (or a
    # file taken away for a while), and retiring them would silently retire their cards.
    added, updated, retired, restored = totals
    return SyncReport(added, updated, retired, restored, skipped, tuple(renames))


def renamed_notes(
    conn: sqlite3.Connection, deck: DeckCards, gone: Sequence[str] | None = None
) -> list[Rename]:
    """Notes of ``deck`` that look renamed: a note whose cards have answers is no longer in
    the deck, and a note the store holds no answer of starts at the same card position
    (where the old note's first card was), with the same kind of first card.

    ``gone``: the card ids a sync just retired (the notes it took out); None looks at the
    store as it is before a sync: the notes whose active cards the deck no longer has.
    """
    in_deck = {card.note_id for card in deck.cards}
    if gone is None:
        rows = fetch(
            conn,
            "SELECT note_id, MIN(position) AS first, id, kind FROM cards"
            " WHERE deck_id = ? AND status = 'active' GROUP BY note_id",
            (deck.deck_id,),
        )
        old = {r["note_id"]: r for r in rows if r["note_id"] not in in_deck}
    else:
        rows = fetch(
            conn,
            "SELECT note_id, MIN(position) AS first, id, kind FROM cards"
            " WHERE id IN (SELECT value FROM json_each(?)) GROUP BY note_id",
            (json.dumps(list(gone)),),
        )
        old = {r["note_id"]: r for r in rows}
    if not old:
        return []
    answers = dict(
        conn.execute(
            "SELECT c.note_id, COUNT(*) FROM cards c JOIN reviews r ON r.card_id = c.id"
            " WHERE c.deck_id = ? AND c.note_id IN (SELECT value FROM json_each(?))"
            " GROUP BY c.note_id",
            (deck.deck_id, json.dumps(sorted(old))),
        ).fetchall()
    )
    first_cards: dict[str, tuple[int, str]] = {}
    cards_of: dict[str, list[str]] = {}
    for card in deck.cards:
        first_cards.setdefault(card.note_id, (card.position, str(card.kind)))
        cards_of.setdefault(card.note_id, []).append(card.id)
    at = {place: note for note, place in first_cards.items()}
    found = []
    for note, row in sorted(old.items(), key=lambda item: item[1]["first"]):
        new = at.get((row["first"], row["kind"]))
        if not answers.get(note) or new is None or new in old:
            continue
        # The new note must be new to the student: an answered one is not a rename.
        answered = conn.execute(
            "SELECT 1 FROM reviews WHERE card_id IN (SELECT value FROM json_each(?)) LIMIT 1",
            (json.dumps(cards_of[new]),),
        ).fetchone()
        if answered is None:
            found.append(Rename(deck.deck_id, note, new, answers[note]))
    return found


def _sync_cards(
    conn: sqlite3.Connection, deck: DeckCards, *, retire: bool
) -> tuple[tuple[int, int, int, int], list[str]]:
    """(added, updated, retired, restored) and the ids of the cards retired (none unless
    ``retire``)."""
    existing = {
        r["id"]: r
        for r in fetch(
            conn,
            "SELECT id, kind, position, content_hash, status FROM cards WHERE deck_id = ?",
            (deck.deck_id,),
        )
    }
    inserts: list[tuple[Any, ...]] = []
    changes: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    updated = restored = 0
    for card in deck.cards:
        if card.deck_id != deck.deck_id or card.id in seen:
            raise ValueError(f"card {card.id} is duplicated or outside deck {deck.deck_id}")
        seen.add(card.id)
        old = existing.get(card.id)
        if old is None:
            inserts.append(
                (card.id, card.deck_id, card.note_id, part_key(card.part), str(card.kind))
            )
            inserts[-1] += (card.position, card.content_hash)
            continue
        if old["status"] == CardStatus.RETIRED:
            restored += 1
        elif old["content_hash"] != card.content_hash:
            updated += 1
        elif (old["kind"], old["position"]) == (card.kind, card.position):
            continue
        changes.append((str(card.kind), card.position, card.content_hash, card.id))
    conn.executemany(
        "INSERT INTO cards (id, deck_id, note_id, part, kind, position, content_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        inserts,
    )
    conn.executemany(
        "UPDATE cards SET kind = ?, position = ?, content_hash = ?, status = 'active' WHERE id = ?",
        changes,
    )
    gone = [i for i, r in existing.items() if retire and r["status"] == "active" and i not in seen]
    conn.executemany("UPDATE cards SET status = 'retired' WHERE id = ?", [(i,) for i in gone])
    return (len(inserts), updated, len(gone), restored), gone


def _sync_tags(conn: sqlite3.Connection, deck: DeckCards) -> None:
    """Make ``note_tags`` hold the tags of the deck's notes, writing only what changed (its
    triggers move each note's history between tags). A note no longer in the deck (its cards
    all retired) loses its tags; of a deck loaded in part, a note skipped for its problems
    keeps the tags it had, as it keeps its cards. The deck's ``tags_hash`` then says from
    which file they were read."""
    in_deck = {card.note_id for card in deck.cards}
    wanted = {
        (note_id, tag) for note_id, tags in deck.tags.items() if note_id in in_deck for tag in tags
    }
    stored = set(
        conn.execute(
            "SELECT note_id, tag FROM note_tags WHERE deck_id = ?", (deck.deck_id,)
        ).fetchall()
    )
    gone = [row for row in stored - wanted if deck.complete or row[0] in in_deck]
    conn.executemany(
        "DELETE FROM note_tags WHERE deck_id = ? AND note_id = ? AND tag = ?",
        [(deck.deck_id, *row) for row in sorted(gone)],
    )
    conn.executemany(
        "INSERT INTO note_tags (deck_id, note_id, tag) VALUES (?, ?, ?)",
        [(deck.deck_id, *row) for row in sorted(wanted - stored)],
    )
    conn.execute("UPDATE decks SET tags_hash = file_hash WHERE id = ?", (deck.deck_id,))
