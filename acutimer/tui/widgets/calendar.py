"""The practice calendar of the history screen: weeks across, weekdays down, one glyph a day.

The glyphs are :mod:`acutimer.history.calendar`'s, the same as ``acutimer history`` prints, so
the calendar reads without colour; the theme's colours only add to them (practice in the accent,
a planned day missed in the warning colour). The legend wraps to the width it is given.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from acutimer.history import calendar
from acutimer.history.calendar import GLYPHS, MISSED, NONE, OUTSIDE, Calendar


class PracticeCalendar(Static):
    """The last weeks of practice: a month row, seven weekday rows, the legend and the sum."""

    COMPONENT_CLASSES = {"calendar--practice", "calendar--missed", "calendar--label"}
    DEFAULT_CSS = """
    PracticeCalendar {
        height: auto;
    }
    PracticeCalendar > .calendar--practice {
        color: $accent;
    }
    PracticeCalendar > .calendar--missed {
        color: $text-warning;
        text-style: bold;
    }
    PracticeCalendar > .calendar--label {
        color: $text-muted;
    }
    """

    def show(self, found: Calendar, width: int) -> None:
        """Draw ``found`` in ``width`` columns (the legend wraps to them)."""
        practice = self.get_component_rich_style("calendar--practice")
        missed = self.get_component_rich_style("calendar--missed")
        label = self.get_component_rich_style("calendar--label")
        styles = {MISSED: missed, NONE: label, OUTSIDE: Style()}
        rows = [Text(calendar.month_row(found), style=label, no_wrap=True)]
        for weekday, states in calendar.grid(found):
            line = Text(f"{weekday} ", style=label, no_wrap=True)
            for index, state in enumerate(states):
                line.append(" " if index else "")
                line.append(GLYPHS[state], style=styles.get(state, practice))
            rows.append(line)
        rows += [Text(part, style=label) for part in calendar.legend(found, max(20, width))]
        rows.append(Text(calendar.summary(found), style=label))
        self.update(Text("\n").join(rows))
