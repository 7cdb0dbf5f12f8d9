"""Tables that fit the terminal: the numbers always whole, the names cut to the room left.

A ``DataTable`` as wide as its longest cell runs off an 80-column terminal, and the columns
on the right (the numbers a student came for) scroll out of sight. The screens give every
column a width instead: each number column as wide as its header or its largest value, and
the name column (the only one that may be cut, with "…": ``casecards.text.cut``) the rest
of the table's width. A ``FittedTable`` says when its width is no longer the one its columns
were fitted to (the terminal resized, a scrollbar come or gone), and its screen fits them
again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.message import Message
from textual.widgets import DataTable

#: Narrower than this, a name column shows too little to be read: the table scrolls instead.
MIN_NAME = 8


class FittedTable(DataTable[Any]):
    """A ``DataTable`` whose columns ``room`` fitted to its width."""

    class Resized(Message):
        """The table's width is not the one its columns were fitted to."""

        def __init__(self, table: FittedTable) -> None:
            super().__init__()
            self.table = table

    fitted_width = 0

    def on_resize(self, event: events.Resize) -> None:
        if self.fitted_width and event.size.width != self.fitted_width:
            self.post_message(self.Resized(self))


def number_width(header: str, values: Iterable[int]) -> int:
    """The width of a column of numbers: its header's, or its widest value's."""
    return text_width(header, (str(v) for v in values))


def text_width(header: str, cells: Iterable[str]) -> int:
    """The width of a column shown whole: its header's, or its widest cell's."""
    return max([cell_len(header), *(cell_len(c) for c in cells)])


def room(table: DataTable[Any], fixed: Iterable[int], *, columns: int) -> int:
    """The width left for the one flexible column of ``table`` once the ``fixed`` columns'
    widths and the padding of all its ``columns`` are taken; a vertical scrollbar's width
    is always kept (a table may grow longer than its height), and never less than
    ``MIN_NAME``."""
    width = table.size.width or table.app.size.width
    if isinstance(table, FittedTable):
        table.fitted_width = width
    padding = 2 * table.cell_padding * columns
    scrollbar = table.styles.scrollbar_size_vertical
    return max(MIN_NAME, width - scrollbar - padding - sum(fixed))
