"""The YAML deck format: loading with located errors, the model, and the JSON Schema."""

from casecards.deck.cache import DeckCache
from casecards.deck.collection import DeckEntry, LoadResult, discover, load_decks, load_entries
from casecards.deck.format import NoteType, json_schema
from casecards.deck.model import Deck, Note

__all__ = [
    "Deck",
    "DeckCache",
    "DeckEntry",
    "LoadResult",
    "Note",
    "NoteType",
    "discover",
    "json_schema",
    "load_decks",
    "load_entries",
]
