"""Shared fixtures: a real SQLite store in tmp_path, and decks built in Python (not YAML)."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from casecards import i18n
from casecards.cards import MAIN, Card, CardKind, DeckCards
from casecards.store import Store

MakeDeck = Callable[..., DeckCards]

# scripts/i18n_tools.py (the catalogs' tools) is imported by the translation tests.
sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))


def _make_deck(
    deck_id: str, note_ids: Sequence[str], *, hashes: Mapping[str, str] | None = None
) -> DeckCards:
    """One ``q`` card per note, in the order given; content hashes default to ``h-<note>``.

    The file hash follows the cards, as a real deck file's would: any change changes it.
    """
    cards = tuple(
        Card(deck_id, note, MAIN, CardKind.BASIC, position, (hashes or {}).get(note, f"h-{note}"))
        for position, note in enumerate(note_ids)
    )
    listing = "\n".join(f"{c.id} {c.position} {c.content_hash}" for c in cards)
    file_hash = hashlib.sha256(listing.encode()).hexdigest()
    return DeckCards(deck_id, deck_id.title(), f"decks/{deck_id}.yaml", file_hash, cards)


@pytest.fixture
def make_deck() -> MakeDeck:
    return _make_deck


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "casecards.db") as opened:
        yield opened


@pytest.fixture(autouse=True)
def _private_deck_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands run by the tests cache parsed decks in a temporary folder, not the user's,
    and read and write their settings in a config file of their own, never the user's."""
    monkeypatch.setenv("CASECARDS_CACHE", str(tmp_path_factory.mktemp("deck-cache")))
    config = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("CASECARDS_CONFIG", str(config))


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read English unless they ask for French: the locale of the machine running
    them does not choose (nor for the commands they start), and a test that switched to
    French leaves English behind it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    i18n.activate(i18n.Language.EN)
    yield
    i18n.activate(i18n.Language.EN)
