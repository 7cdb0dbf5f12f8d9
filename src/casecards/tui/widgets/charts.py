"""Text charts drawn from plain values: vertical bars of counts, and a calendar heat map.

Both take their data as one reactive attribute and paint with theme colours (component
classes blended over the widget's background, as Textual's own ``Sparkline`` does), so any
theme, light or dark, shades them. Their labels are in the language chosen (``casecards.i18n``),
never the machine's locale, so a snapshot is the same on every machine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from casecards import i18n
from casecards.i18n import _, pgettext

__all__ = ["BarChart", "Heatmap", "ReviewCalendar"]

_EIGHTHS = " ▁▂▃▄▅▆▇█"
_CELL = "■"
LEVELS = 4


class _Painted(Widget):
    def _paint(self, component: str) -> Style:
        """The component's colour over the widget's background, as a Rich style."""
        _, base = self.background_colors
        color = base + self.get_component_styles(component).color
        return Style(color=color.rich_color)


class BarChart(_Painted):
    """One vertical bar per ``(label, count)``, a bar and a space each; labels below, every
    ``label_every`` bars; the largest count on the axis. The first bar stands out (today)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bar-chart--bar",
        "bar-chart--first",
        "bar-chart--axis",
    }
    DEFAULT_CSS = """
    BarChart {
        height: 8;
    }
    BarChart > .bar-chart--bar {
        color: $primary;
    }
    BarChart > .bar-chart--first {
        color: $accent;
    }
    BarChart > .bar-chart--axis {
        color: $text-muted;
    }
    """

    data: reactive[tuple[tuple[str, int], ...]] = reactive(())

    def __init__(
        self, *, label_every: int = 7, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label_every = label_every

    def render(self) -> Text:
        rows = max(1, self.size.height - 1)
        top = max((count for _label, count in self.data), default=0)
        # Each colour once per render, not once per cell: a lookup walks the widget's parents.
        axis = self._paint("bar-chart--axis")
        first, bar = self._paint("bar-chart--first"), self._paint("bar-chart--bar")
        width = len(str(top))
        lines = []
        for row in range(rows):  # from the top
            label = str(top) if row == 0 else "0" if row == rows - 1 else ""
            line = Text(f"{label:>{width}} ┤" if label else f"{'':>{width}} │", style=axis)
            floor = (rows - 1 - row) * 8
            for index, (_label, count) in enumerate(self.data):
                eighths = math.ceil(count * rows * 8 / top) if top else 0
                fill = min(8, max(0, eighths - floor))
                line.append(_EIGHTHS[fill], style=first if index == 0 else bar)
                line.append(" ")
            lines.append(line)
        lines.append(Text(" " * (width + 2) + self._labels(), style=axis))
        return Text("\n").join(lines)

    def _labels(self) -> str:
        out = ""
        for index, (label, _count) in enumerate(self.data):
            column = 2 * index
            if index % self.label_every == 0 and len(out) <= column:
                out = out.ljust(column) + label
        return out


@dataclass(frozen=True, slots=True)
class Heatmap:
    """Counts per day over whole weeks: ``weeks`` columns from the Monday ``start``; days
    after ``today`` are left blank."""

    start: date
    weeks: int
    today: date
    counts: Mapping[date, int] = field(default_factory=dict)

    def level(self, day: date) -> int | None:
        """0 for no answers, 1 to ``LEVELS`` by share of the busiest day; None after today."""
        if day > self.today:
            return None
        count = self.counts.get(day, 0)
        top = max(self.counts.values(), default=0)
        return math.ceil(LEVELS * count / top) if count else 0


class ReviewCalendar(_Painted):
    """A heat map of weeks (columns) by weekdays (rows), months named above, a legend below."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "review-calendar--label",
        *(f"review-calendar--level-{n}" for n in range(LEVELS + 1)),
    }
    DEFAULT_CSS = """
    ReviewCalendar {
        height: 9;
    }
    ReviewCalendar > .review-calendar--label {
        color: $text-muted;
    }
    ReviewCalendar > .review-calendar--level-0 {
        color: $foreground 12%;
    }
    ReviewCalendar > .review-calendar--level-1 {
        color: $primary 35%;
    }
    ReviewCalendar > .review-calendar--level-2 {
        color: $primary 60%;
    }
    ReviewCalendar > .review-calendar--level-3 {
        color: $primary 80%;
    }
    ReviewCalendar > .review-calendar--level-4 {
        color: $primary;
    }
    """

    data: reactive[Heatmap | None] = reactive(None)

    def render(self) -> Text:
        data = self.data
        if data is None:
            return Text("")
        label = self._paint("review-calendar--label")
        shades = [self._paint(f"review-calendar--level-{n}") for n in range(LEVELS + 1)]
        months = Text("    ", style=label)
        for week, name in _month_labels(data.start, data.weeks):
            months.pad_right(4 + 2 * week - len(months))
            months.append(name, style=label)
        lines = [months]
        weekdays = _weekdays()
        for weekday in range(7):
            line = Text(f"{weekdays[weekday]:<4}", style=label)
            for week in range(data.weeks):
                level = data.level(data.start + timedelta(weeks=week, days=weekday))
                line.append("  " if level is None else f"{_CELL} ", style=shades[level or 0])
            lines.append(line)
        legend = Text(f"    {_('Less')} ", style=label)
        for shade in shades:
            legend.append(f"{_CELL} ", style=shade)
        legend.append(_("More"), style=label)
        lines.append(legend)
        return Text("\n").join(lines)


def _month_labels(start: date, weeks: int) -> list[tuple[int, str]]:
    """(week, month name) where a month begins; the first week is named too when the next
    name is far enough not to run into it."""
    changes = [
        week
        for week in range(1, weeks)
        if (start + timedelta(weeks=week)).month != (start + timedelta(weeks=week - 1)).month
    ]
    if not changes or changes[0] >= 2:
        changes.insert(0, 0)
    return [
        (week, i18n.month_abbreviation((start + timedelta(weeks=week)).month)) for week in changes
    ]


def _weekdays() -> tuple[str, ...]:
    """Every other weekday's name, at most three letters (the calendar's first column)."""
    return (
        pgettext("weekday, 3 letters", "Mon"),
        "",
        pgettext("weekday, 3 letters", "Wed"),
        "",
        pgettext("weekday, 3 letters", "Fri"),
        "",
        pgettext("weekday, 3 letters", "Sun"),
    )
