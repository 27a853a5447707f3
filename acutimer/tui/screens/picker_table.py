"""The picker's table of routines: its columns, those that fit the width, and each row's cells."""

from __future__ import annotations

from rich.console import JustifyMethod
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from acutimer.routine.models import format_duration
from acutimer.routine.timeline import total_seconds
from acutimer.safetext import visible
from acutimer.tui.screens.picker_entries import Entry

Column = tuple[str, int, JustifyMethod]
COLUMNS: tuple[Column, ...] = (
    ("focus", 12, "left"),
    ("position", 8, "left"),
    ("time", 7, "right"),
    ("steps", 5, "right"),
)
NARROW_COLUMNS = {"focus", "time"}
"""The columns kept on a narrow screen; the preview says the rest."""
TINY_COLUMNS = {"time"}
"""The column kept on a very narrow screen, where the titles need the room."""
WIDE_ENOUGH = 72
NARROW_ENOUGH = 56


class RoutineTable(DataTable[Text]):
    """The list of routines; Home and End go to the first and the last."""

    BINDINGS = [
        Binding("home", "scroll_top", "first", show=False),
        Binding("end", "scroll_bottom", "last", show=False),
    ]


def fit_columns(width: int) -> tuple[int, tuple[Column, ...]]:
    """The title's width and the other columns that fit a screen ``width`` cells wide."""
    kept = NARROW_COLUMNS if width >= NARROW_ENOUGH else TINY_COLUMNS
    columns = tuple(c for c in COLUMNS if width >= WIDE_ENOUGH or c[0] in kept)
    fixed = sum(column_width + 2 for _, column_width, _ in columns)
    return max(12, width - fixed - 4), columns


def row_cells(entry: Entry, title_width: int, columns: tuple[Column, ...]) -> list[Text]:
    """The cells of ``entry``'s row: its title cut to ``title_width``, then ``columns``."""
    if entry.loaded is None:
        title = Text(f"{visible(entry.ref.name)} (has errors)", style="red")
        title.truncate(title_width, overflow="ellipsis")
        return [title, *(Text("") for _ in columns)]
    routine = entry.loaded.routine
    mark = "" if entry.ref.builtin else " ★"
    title = Text(routine.title + mark, no_wrap=True, overflow="ellipsis")
    title.truncate(title_width, overflow="ellipsis")
    values = {
        "focus": routine.focus.value.replace("-", " "),
        "position": routine.position.value,
        "time": format_duration(total_seconds(routine)),
        "steps": str(len(routine.steps)),
    }
    cells = [Text(values[label], justify=justify) for label, _, justify in columns]
    return [title, *cells]
