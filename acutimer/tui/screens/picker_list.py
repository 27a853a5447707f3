"""The picker's list: the routines in a table, a preview of the highlighted one, the filter
and the sort; Enter starts the highlighted routine.

:class:`PickerList` is the base of :class:`acutimer.tui.screens.picker.PickerScreen`, which adds
the user's own routines (new, edit, copy, delete) and the keys.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from acutimer.config import Config
from acutimer.paths import RoutineRef, all_refs, scan_user_routines, user_routines_dir
from acutimer.routine import userfiles
from acutimer.routine.loading import LoadedRoutine
from acutimer.routine.points import load_points
from acutimer.safetext import visible
from acutimer.tui.screens.leaving import QUIT
from acutimer.tui.screens.picker_entries import (
    SORTS,
    Entry,
    haystack,
    load_entry,
    matches,
    preview_text,
    read_last_used,
    sort_entries,
)
from acutimer.tui.screens.picker_table import Column, RoutineTable, fit_columns, row_cells
from acutimer.tui.widgets.keybar import KeyBar
from acutimer.tui.widgets.status import StatusLine

Preview = Callable[[LoadedRoutine, float], None]


@dataclasses.dataclass
class RoutinePicked(Message):
    """The user chose a routine that loaded."""

    loaded: LoadedRoutine


class PickerList(Screen[None]):
    """The routines in a table, the highlighted one's preview, the filter and the sort; Enter
    starts the highlighted one.

    Args:
        refs: where the routines are found.
        config: the settings (the sort is kept there); none: the defaults, not saved.
        save: saves the settings.
        preview: runs a routine being built as a preview (the builder's ctrl+p).
        last_used: when each routine was last run, and why not if the history cannot say;
            none: read from the history.
    """

    def __init__(
        self,
        refs: Callable[[], list[RoutineRef]] = all_refs,
        *,
        config: Config | None = None,
        save: Callable[[], None] | None = None,
        preview: Preview | None = None,
        last_used: Callable[[], tuple[dict[str, datetime], str | None]] | None = None,
    ) -> None:
        super().__init__()
        self._refs = refs
        self.config = config or Config()
        self._save = save
        self._preview_routine = preview
        self._last_used = last_used or read_last_used
        self.history_problem: str | None = None
        """Why the history could not be read for the sort by last use, if it could not."""
        self.entries: list[Entry] = []
        """Every routine, loaded (or not), in no particular order."""
        self.shown: list[Entry] = []
        """The rows of the table: filtered and sorted."""
        self.last_used: dict[str, datetime] = {}
        self.trashed: list[userfiles.Trashed] = []
        """Routines deleted here, the last one last: u brings them back."""
        self._haystacks: dict[Path, str] = {}
        self._layout: tuple[int, tuple[Column, ...]] = (0, ())

    @property
    def sort(self) -> str:
        """How the list is sorted: one of :data:`SORTS`."""
        return self.config.picker_sort if self.config.picker_sort in SORTS else SORTS[0]

    def compose(self) -> ComposeResult:
        with Horizontal(id="picker-head"):
            yield Static("Choose a routine", id="picker-heading")
            yield Static("", id="picker-sort", markup=False)
        yield Input(placeholder="filter: title, focus, position or point", id="picker-filter")
        yield RoutineTable(id="routines", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="preview", can_focus=False):
            yield Static("", id="preview-text", markup=False)
        yield StatusLine(id="picker-status")
        yield KeyBar(id="keys")  # q and ? stay at any width

    def on_mount(self) -> None:
        self.query_one("#picker-filter").display = False
        self.reload()
        problem = scan_user_routines()[1]
        if problem is not None:
            self.say(f"{problem}; your routines are not listed.", "warning")
        self.query_one(RoutineTable).focus()

    def on_screen_resume(self) -> None:
        # Back from a session, the builder or the history: files and last uses may have changed.
        if self.entries:
            self.reload()

    def on_resize(self, event: Resize) -> None:
        if self._layout != fit_columns(self.size.width):
            self._fill()

    # --- the list ---------------------------------------------------------------------------

    def reload(self, select: Path | None = None) -> None:
        """Read the routines (and when each was last done) again, keeping the highlight."""
        keep = select or self._highlighted_path()
        self.entries = [load_entry(ref) for ref in self._refs()]
        points = load_points()
        self._haystacks = {e.ref.path: haystack(e, points) for e in self.entries}
        self.last_used, self.history_problem = self._last_used()
        self._fill(keep)

    def _highlighted_path(self) -> Path | None:
        entry = self.current
        return entry.ref.path if entry is not None else None

    @property
    def current(self) -> Entry | None:
        """The highlighted routine, if any."""
        row = self.query_one(RoutineTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _fill(self, keep: Path | None = None) -> None:
        """(Re)build the table: filtered, sorted, fitting the width, the highlight kept."""
        keep = keep or self._highlighted_path()
        query = self.query_one("#picker-filter", Input).value
        found = [e for e in self.entries if matches(query, self._haystacks.get(e.ref.path, ""))]
        self.shown = sort_entries(found, self.sort, self.last_used)
        table = self.query_one(RoutineTable)
        self._layout = fit_columns(self.size.width)
        title_width, columns = self._layout
        table.clear(columns=True)
        table.add_column("routine", width=title_width)
        for label, width, _ in columns:
            table.add_column(label, width=width)
        for entry in self.shown:
            table.add_row(*row_cells(entry, title_width, columns))
        rows = [e.ref.path for e in self.shown]
        if self.shown:
            table.move_cursor(row=rows.index(keep) if keep in rows else 0)
        self._show(table.cursor_row)
        self._head()

    def _head(self) -> None:
        by = "title" if self.sort == "title" else "last use"
        self.query_one("#picker-sort", Static).update(f"sorted by {by} · o")
        query = self.query_one("#picker-filter", Input).value.strip()
        status = self.query_one(StatusLine)
        if query:
            status.hint(f"{len(self.shown)} of {len(self.entries)} match “{query}” · Esc clears")
        else:
            status.hint("")

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def _show(self, row: int) -> None:
        preview = self.query_one("#preview")
        if 0 <= row < len(self.shown):
            entry = self.shown[row]
            preview.set_class(entry.loaded is None, "-error")
            last = self.last_used.get(entry.ref.name)
            setting = self.config.avoid_pregnancy_points
            self._preview(preview_text(entry, load_points(), last, pregnancy_setting=setting))
            return
        preview.set_class(False, "-error")
        if not self.entries:
            self._preview(
                "No routines found. Put .toml routine files in "
                f"{user_routines_dir()}, or press n to make one."
            )
        else:
            query = self.query_one("#picker-filter", Input).value
            self._preview(f"No routine matches “{query}”. Esc clears the filter.")

    def _preview(self, text: str) -> None:
        self.query_one("#preview-text", Static).update(visible(text))

    def say(self, text: str, severity: str = "information") -> None:
        """Put ``text`` on the status line."""
        self.query_one(StatusLine).say(text, severity)

    # --- filter, sort, move -----------------------------------------------------------------

    def action_filter(self) -> None:
        line = self.query_one("#picker-filter", Input)
        line.display = True
        line.focus()
        self.refresh_bindings()

    @on(Input.Changed, "#picker-filter")
    def _filtered(self) -> None:
        self._fill()

    def action_clear_filter(self) -> None:
        line = self.query_one("#picker-filter", Input)
        if not line.display and not line.value:
            return
        keep = self._highlighted_path()
        with self.prevent(Input.Changed):
            line.value = ""
        line.display = False
        self._fill(keep)
        self.query_one(RoutineTable).focus()
        self.refresh_bindings()

    def action_cursor(self, offset: int) -> None:
        table = self.query_one(RoutineTable)
        if self.shown:
            table.move_cursor(row=max(0, min(len(self.shown) - 1, table.cursor_row + offset)))

    def action_page(self, offset: int) -> None:
        height = max(1, self.query_one(RoutineTable).scrollable_content_region.height - 1)
        self.action_cursor(offset * height)

    def action_sort(self) -> None:
        self.config.picker_sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self._save is not None:
            self._save()
        self._fill()
        if self.sort == "last used":
            note = "most recent first; routines never done follow, by title"
            if self.history_problem is not None:
                self.say(f"Sorted by title: {self.history_problem}", "warning")
                return
            if not self.last_used:
                note = "nothing is recorded yet, so by title for now"
            self.say(f"Sorted by last use: {note}.")
        else:
            self.say("Sorted by title.")

    def action_help(self) -> None:
        from acutimer.tui.screens.picker_help import PickerHelpScreen

        self.app.push_screen(PickerHelpScreen(), self._help_closed)

    def _help_closed(self, result: str | None) -> None:
        if result == QUIT:  # q on the help quits, as q does on every screen
            self.app.exit()

    # --- start ------------------------------------------------------------------------------

    def action_start(self) -> None:
        """Load the highlighted routine again (it may have changed) and start it."""
        entry = self.current
        if entry is None:
            return
        fresh = load_entry(entry.ref)
        self.shown[self.shown.index(entry)] = fresh
        self.entries = [fresh if e.ref == entry.ref else e for e in self.entries]
        self._show(self.query_one(RoutineTable).cursor_row)
        if fresh.loaded is None:
            self.say("This routine has errors; they are shown below the list.", "error")
            return
        self.post_message(RoutinePicked(fresh.loaded))
