"""The routine picker: built-in and user routines, a preview of the highlighted one, Enter starts.

A routine that does not load is listed with its error (file, key, line) in the preview; picking
it shows the error again instead of starting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.console import JustifyMethod
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from acutimer.paths import RoutineRef, all_refs, user_routines_dir
from acutimer.routine import describe
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import LoadedRoutine, load_ref
from acutimer.routine.models import Sides, format_duration
from acutimer.routine.points import Points, load_points
from acutimer.routine.timeline import step_seconds, total_seconds
from acutimer.tui.widgets.keybar import KeyBar

Column = tuple[str, int, JustifyMethod]
COLUMNS: tuple[Column, ...] = (
    ("focus", 12, "left"),
    ("position", 8, "left"),
    ("time", 7, "right"),
    ("steps", 5, "right"),
)
NARROW_COLUMNS = {"focus", "time"}
"""The columns kept on a narrow screen; the preview says the rest."""
WIDE_ENOUGH = 72


@dataclass
class RoutinePicked(Message):
    """The user chose a routine that loaded."""

    loaded: LoadedRoutine


@dataclass(frozen=True)
class Entry:
    """One row of the picker: a routine, or why it would not load."""

    ref: RoutineRef
    loaded: LoadedRoutine | None
    error: AcutimerError | None


def load_entry(ref: RoutineRef) -> Entry:
    """Load a routine for the list, keeping the error if it has one."""
    try:
        return Entry(ref, load_ref(ref), None)
    except AcutimerError as error:
        return Entry(ref, None, error)


def preview_text(entry: Entry, points: Points, pregnancy_setting: bool | None = None) -> str:
    """The preview of a routine: its summary, what to know first, and its steps; or its errors.

    ``pregnancy_setting`` is the user's setting, when known: the preview says what it does.
    """
    if entry.loaded is None:
        assert entry.error is not None
        problems = "\n".join(f"  {problem}" for problem in entry.error.problems)
        return f"This routine has errors and cannot run:\n{problems}"
    routine = entry.loaded.routine
    steps = len(routine.steps)
    lines = [
        f"{routine.focus.value.replace('-', ' ')} · {routine.position.value} · "
        f"{steps} step{'s' if steps != 1 else ''} · {format_duration(total_seconds(routine))}",
        "",
        routine.summary,
    ]
    lines += describe.opening_lines(routine)
    pregnancy = describe.pregnancy_text(routine, points, setting=pregnancy_setting)
    if pregnancy:
        lines.append(pregnancy)
    lines.append("")
    for index, step in enumerate(routine.steps):
        point = points.resolve(step.point)
        sides = describe.SIDES_TEXT[step.sides or Sides.LEFT_THEN_RIGHT]
        about = format_duration(step_seconds(routine, index))
        lines.append(f"{index + 1:>2}. {describe.point_title(point)}")
        lines.append(f"    {sides} · {describe.timing_text(step)} · about {about}")
    if not entry.ref.builtin:
        lines += ["", f"Your routine: {entry.ref.path.name}"]
    return "\n".join(lines)


class PickerScreen(Screen[None]):
    """Choose a routine."""

    CSS_PATH = "picker.tcss"

    BINDINGS = [
        Binding("enter", "start", "start", priority=True, id="picker.start"),
        Binding("h", "app.history", "history", id="picker.history"),
        Binding("s", "app.safety", "safety", id="picker.safety"),
        Binding("question_mark", "app.help", "help", key_display="?", id="picker.help"),
        Binding("q", "app.quit", "quit", id="picker.quit"),
    ]

    def __init__(self, refs: Callable[[], list[RoutineRef]] = all_refs) -> None:
        super().__init__()
        self._refs = refs
        self.entries: list[Entry] = []
        self._layout: tuple[int, tuple[Column, ...]] = (0, ())

    def compose(self) -> ComposeResult:
        yield Static("Choose a routine", id="picker-heading")
        yield DataTable(id="routines", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="preview", can_focus=False):
            yield Static("", id="preview-text", markup=False)
        yield KeyBar(id="keys")  # q and ? stay at any width

    def on_mount(self) -> None:
        self.entries = [load_entry(ref) for ref in self._refs()]
        self._fill()
        if not self.entries:
            self._preview(
                "No routines found. Put .toml routine files in "
                f"{user_routines_dir()} and start acutimer again."
            )

    def on_resize(self, event: Resize) -> None:
        if self._layout != self._fit():
            self._fill()

    def _fit(self) -> tuple[int, tuple[Column, ...]]:
        """The title's width and the other columns that fit the screen's width."""
        wide = self.size.width >= WIDE_ENOUGH
        columns = tuple(c for c in COLUMNS if wide or c[0] in NARROW_COLUMNS)
        fixed = sum(width + 2 for _, width, _ in columns)
        return max(12, self.size.width - fixed - 4), columns

    def _fill(self) -> None:
        """(Re)build the table so that it fits the width."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        self._layout = self._fit()
        title_width, columns = self._layout
        table.clear(columns=True)
        table.add_column("routine", width=title_width)
        for label, width, _ in columns:
            table.add_column(label, width=width)
        for entry in self.entries:
            table.add_row(*self._cells(entry, title_width, columns))
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1))
            self._show(table.cursor_row)

    def _cells(self, entry: Entry, title_width: int, columns: tuple[Column, ...]) -> list[Text]:
        if entry.loaded is None:
            title = Text(f"{entry.ref.name} (has errors)", style="red")
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

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            entry = self.entries[row]
            self.query_one("#preview").set_class(entry.loaded is None, "-error")
            config = getattr(self.app, "config", None)  # the app's settings, when it has them
            setting = getattr(config, "avoid_pregnancy_points", None)
            self._preview(preview_text(entry, load_points(), setting))

    def _preview(self, text: str) -> None:
        self.query_one("#preview-text", Static).update(text)

    def action_start(self) -> None:
        """Load the highlighted routine again (it may have changed) and start it."""
        row = self.query_one(DataTable).cursor_row
        if not 0 <= row < len(self.entries):
            return
        entry = load_entry(self.entries[row].ref)
        self.entries[row] = entry
        self._show(row)
        if entry.loaded is None:
            self.notify(
                "This routine has errors; they are shown below the list.",
                severity="error",
                markup=False,
            )
            return
        self.post_message(RoutinePicked(entry.loaded))
