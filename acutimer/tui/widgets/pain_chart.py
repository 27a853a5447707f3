"""A small chart of pain ratings over time, on a fixed 0-10 scale.

Each rated session is a pair of bars, pain before (muted) and after (bright), oldest on the left,
with a letter under it for the routine done; when they do not all fit, the newest are shown.
The scale is always 0 to 10, unlike a sparkline that stretches whatever range the data has: a
drop from 6 to 5 must not look like a cliff.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"
AXIS = 4
"""Columns taken by the scale on the left: ``10 ┤``."""
PER_SESSION = 3
"""Two bars and a gap."""


def bar_cells(rating: int, rows: int) -> list[str]:
    """The cells of one bar, bottom up: ``rows`` cells of eighths for a rating from 0 to 10.

    A 0 still shows a sliver, so that a rating of none is told apart from no rating.
    """
    eighths = max(1, round(rating * rows * 8 / 10))
    return [BLOCKS[min(8, max(0, eighths - 8 * row))] for row in range(rows)]


def shown(count: int, width: int) -> int:
    """How many sessions fit in ``width`` columns."""
    return max(0, min(count, (width - AXIS) // PER_SESSION))


class PainChart(Widget):
    """Pain before and after each rated session; the last line is the legend."""

    COMPONENT_CLASSES = {"pain-chart--before", "pain-chart--after", "pain-chart--axis"}
    DEFAULT_CSS = """
    PainChart {
        height: 5;
    }
    PainChart > .pain-chart--before {
        color: $text-muted;
    }
    PainChart > .pain-chart--after {
        color: $accent;
    }
    PainChart > .pain-chart--axis {
        color: $text-muted;
    }
    """

    points: reactive[list[tuple[int, int]]] = reactive(list)
    """(before, after) of each rated session, oldest first."""
    total: reactive[int | None] = reactive(None)
    """How many rated sessions there are in all, when :attr:`points` holds only the latest."""
    marks: reactive[list[str]] = reactive(list)
    """One letter per session in :attr:`points`, for its routine (a key beside says which);
    none: no row of letters."""

    def render(self) -> Text:
        lettered = len(self.marks) == len(self.points) > 0
        rows = max(1, self.size.height - 1 - lettered)
        count = shown(len(self.points), self.size.width)
        points = self.points[len(self.points) - count :]
        marks = self.marks[len(self.marks) - count :]
        before = self.get_component_rich_style("pain-chart--before")
        after = self.get_component_rich_style("pain-chart--after")
        axis = self.get_component_rich_style("pain-chart--axis")
        bars = [(bar_cells(b, rows), bar_cells(a, rows)) for b, a in points]
        lines = []
        for row in reversed(range(rows)):
            label = "10" if row == rows - 1 else " 0" if row == 0 else "  "
            line = Text(f"{label} {'┤' if label.strip() else '│'}", style=axis, no_wrap=True)
            for was, now in bars:
                line.append(was[row], style=before)
                line.append(now[row], style=after)
                line.append(" ")
            lines.append(line)
        if lettered:
            lines.append(
                Text(" " * AXIS + "".join(f"{m:<{PER_SESSION}}" for m in marks), style=axis)
            )
        legend = Text(" " * AXIS, no_wrap=True)
        legend.append("■ before", style=before)
        legend.append("  ")
        legend.append("■ after", style=after)
        total = max(self.total or 0, len(self.points))
        if count < total:
            legend.append(f"   the latest {count} of {total}", style=Style(dim=True))
        lines.append(legend)
        return Text("\n").join(lines)
