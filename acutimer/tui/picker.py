"""The routine picker: built-in and user routines, a preview of the highlighted one, Enter starts.

A routine that does not load is listed with its error (file, key, line) in the preview; picking
it shows the error again instead of starting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from acutimer import describe, library
from acutimer.errors import AcutimerError
from acutimer.library import LoadedRoutine, RoutineRef
from acutimer.models import Sides, format_duration
from acutimer.timeline import step_seconds, total_seconds

FIXED_COLUMNS = [("focus", 14), ("position", 9), ("time", 7), ("steps", 5)]


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
        return Entry(ref, library.load_ref(ref), None)
    except AcutimerError as error:
        return Entry(ref, None, error)


def preview_text(entry: Entry, points: library.Points) -> str:
    """The preview of a routine: its summary and its steps, or its errors."""
    if entry.loaded is None:
        assert entry.error is not None
        problems = "\n".join(f"  {problem}" for problem in entry.error.problems)
        return f"This routine has errors and cannot run:\n{problems}"
    routine = entry.loaded.routine
    lines = [routine.summary]
    if routine.preparation:
        lines.append(f"Before you start: {routine.preparation}")
    lines.append("")
    for index, step in enumerate(routine.steps):
        point = points.resolve(step.point)
        sides = describe.SIDES_TEXT[step.sides or Sides.LEFT_THEN_RIGHT]
        about = format_duration(step_seconds(routine, index))
        lines.append(
            f"{index + 1:>2}. {describe.point_title(point)} · {sides} · "
            f"{describe.timing_text(step)} · about {about}"
        )
    if not entry.ref.builtin:
        lines += ["", f"Your routine: {entry.ref.path.name}"]
    return "\n".join(lines)


class PickerScreen(Screen[None]):
    """Choose a routine."""

    BINDINGS = [
        Binding("enter", "start", "start", id="picker.start"),
        Binding("s", "app.safety", "safety", id="picker.safety"),
        Binding("question_mark", "app.help", "help", key_display="?", id="picker.help"),
        Binding("q", "app.quit", "quit", id="picker.quit"),
    ]

    def __init__(self, refs: Callable[[], list[RoutineRef]] = library.all_refs) -> None:
        super().__init__()
        self._refs = refs
        self.entries: list[Entry] = []
        self._title_width = 0

    def compose(self) -> ComposeResult:
        yield Static("Choose a routine", id="picker-heading")
        yield DataTable(id="routines", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="preview", can_focus=False):
            yield Static("", id="preview-text", markup=False)
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.entries = [load_entry(ref) for ref in self._refs()]
        self._fill()
        if not self.entries:
            self._preview(
                "No routines found. Put .toml routine files in "
                f"{library.user_routines_dir()} and start acutimer again."
            )

    def on_resize(self, event: Resize) -> None:
        if self._title_width != self._title_room():
            self._fill()

    def _title_room(self) -> int:
        fixed = sum(width + 2 for _, width in FIXED_COLUMNS)
        return max(12, self.size.width - fixed - 4)

    def _fill(self) -> None:
        """(Re)build the table so the title column fits the width."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        self._title_width = self._title_room()
        table.clear(columns=True)
        table.add_column("routine", width=self._title_width)
        for label, width in FIXED_COLUMNS:
            table.add_column(label, width=width)
        for entry in self.entries:
            table.add_row(*self._cells(entry))
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1))
            self._show(table.cursor_row)

    def _cells(self, entry: Entry) -> list[Text]:
        mark = "" if entry.ref.builtin else " ★"
        if entry.loaded is None:
            title = Text(f"{entry.ref.name} (has errors)", style="red")
            return [title, Text(""), Text(""), Text(""), Text("")]
        routine = entry.loaded.routine
        title = Text(routine.title + mark, no_wrap=True, overflow="ellipsis")
        title.truncate(self._title_width, overflow="ellipsis")
        return [
            title,
            Text(routine.focus.value.replace("-", " ")),
            Text(routine.position.value),
            Text(format_duration(total_seconds(routine)), justify="right"),
            Text(str(len(routine.steps)), justify="right"),
        ]

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
            self._preview(preview_text(entry, library.load_points()))

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
