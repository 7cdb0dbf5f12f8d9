"""One error base for casecards; every message is written for the person who must fix it.

Messages quote what decks and the command line hold (note ids, keys, YAML tags, file
names), so they are made printable here, where they become text, and nowhere else: a
control character, escape sequence or bidi control reaches the terminal as ``\\x1b`` or
``\\u202e``, never as itself (see ``casecards.text.printable``).
"""

from __future__ import annotations

from dataclasses import dataclass

from casecards.text import printable


class CasecardsError(Exception):
    """An error the user can act on. The CLI prints ``str(error)`` and exits non-zero;
    ``str`` is printable (line breaks kept, every other unseen character escaped)."""

    def __str__(self) -> str:
        return printable(super().__str__(), newlines=True)


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in a deck file, located as editors and compilers do: ``file:line:col``.

    ``line`` and ``col`` are 1-based; 0 means "the whole file". The fields keep what the deck
    says; ``str`` is one printable line.
    """

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        text = f"{where}: {self.message}"
        return printable(f"{text} ({self.hint})" if self.hint else text)

    @property
    def order(self) -> tuple[str, int, int]:
        """Where it is, for sorting: by file, then line, then column."""
        return (self.path, self.line, self.col)


class DeckError(CasecardsError):
    """Raised when decks fail validation; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
