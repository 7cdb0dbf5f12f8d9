"""The YAML deck format: loading with located errors, the model, and the JSON Schema."""

from casecards.deck.format import NoteType, json_schema
from casecards.deck.loader import LoadResult, discover, load_decks
from casecards.deck.model import Deck, Note

__all__ = ["Deck", "LoadResult", "Note", "NoteType", "discover", "json_schema", "load_decks"]
