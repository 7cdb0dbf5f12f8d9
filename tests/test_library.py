"""The library finds notes by id, and says None for notes it does not hold."""

from __future__ import annotations

from pathlib import Path

from casecards.library import Library


def test_find_note(tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text(
        "deck: {id: d, name: D, lang: fr}\n"
        "notes:\n  - {id: n1, type: basic, source: s, front: f, back: b, tags: [irm]}\n",
        encoding="utf-8",
    )
    library = Library.load(tmp_path / "decks", tmp_path / "media")
    note = library.find_note("d", "n1")
    assert note is not None and note.tags == ("irm",)
    assert library.find_note("d", "gone") is None
    assert library.find_note("other", "n1") is None
