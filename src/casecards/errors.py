"""One error base for casecards; every message is written for the person who must fix it."""

from __future__ import annotations

from dataclasses import dataclass


class CasecardsError(Exception):
    """An error the user can act on. The CLI prints ``str(error)`` and exits non-zero."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in a deck file, located as editors and compilers do: ``file:line:col``.

    ``line`` and ``col`` are 1-based; 0 means "the whole file".
    """

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class DeckError(CasecardsError):
    """Raised when decks fail validation; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
