"""The routine picker: built-in and user routines, a preview of the highlighted one, Enter starts.

A routine that does not load is listed with its error (file, key, line) in the preview; picking
it shows the error again instead of starting. ``/`` filters the list (title, focus, position,
points: see :mod:`acutimer.tui.screens.picker_entries`), o sorts it by title or by last use, and
the user's own routines are made, edited, copied and deleted from here: a delete asks first, goes
to the trash folder, and u brings it back. Built-ins are never changed. What the picker has to
say goes on its status line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from rich.console import JustifyMethod
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from acutimer.config import Config
from acutimer.paths import RoutineRef, all_refs, user_routines_dir
from acutimer.routine import authoring, userfiles
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import LoadedRoutine, read_for_edit
from acutimer.routine.models import format_duration
from acutimer.routine.points import load_points
from acutimer.routine.timeline import total_seconds
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
from acutimer.tui.widgets.keybar import KeyBar
from acutimer.tui.widgets.status import StatusLine

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
Preview = Callable[[LoadedRoutine, float], None]

__all__ = ["Entry", "PickerScreen", "RoutinePicked", "load_entry", "preview_text"]


@dataclasses.dataclass
class RoutinePicked(Message):
    """The user chose a routine that loaded."""

    loaded: LoadedRoutine


class RoutineTable(DataTable[Text]):
    """The list of routines; Home and End go to the first and the last."""

    BINDINGS = [
        Binding("home", "scroll_top", "first", show=False),
        Binding("end", "scroll_bottom", "last", show=False),
    ]


class PickerScreen(Screen[None]):
    """Choose a routine, or make, edit, copy or delete one of one's own.

    Args:
        refs: where the routines are found.
        config: the settings (the sort is kept there); none: the defaults, not saved.
        save: saves the settings.
        preview: runs a routine being built as a preview (the builder's ctrl+p).
        last_used: when each routine was last run, and why not if the history cannot say;
            none: read from the history.
    """

    CSS_PATH = "picker.tcss"

    BINDINGS = [
        Binding("enter", "start", "start", priority=True, id="picker.start"),
        Binding("slash", "filter", "filter", key_display="/", id="picker.filter"),
        Binding("question_mark", "help", "help", key_display="?", id="picker.help"),
        Binding("q", "app.quit", "quit", id="picker.quit"),
        Binding("n", "new", "new", id="picker.new"),
        Binding("e", "edit", "edit", id="picker.edit"),
        Binding("u", "undo_delete", "undo delete", id="picker.undo"),
        Binding("escape", "clear_filter", "clear filter", id="picker.clear"),
        Binding("h", "app.history", "history", id="picker.history"),
        Binding("s", "app.safety", "safety", id="picker.safety"),
        # In the help (?), not the footer, which has no room for them.
        Binding("c", "copy", "copy", show=False, id="picker.copy"),
        Binding("x,delete", "delete", "delete", show=False, id="picker.delete"),
        Binding("o", "sort", "sort", show=False, id="picker.sort"),
        # While the filter has the focus, the arrows and pages still move through the list.
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

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
        self.query_one(RoutineTable).focus()

    def on_screen_resume(self) -> None:
        # Back from a session, the builder or the history: files and last uses may have changed.
        if self.entries:
            self.reload()

    def on_resize(self, event: Resize) -> None:
        if self._layout != self._fit():
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

    def _fit(self) -> tuple[int, tuple[Column, ...]]:
        """The title's width and the other columns that fit the screen's width."""
        width = self.size.width
        kept = NARROW_COLUMNS if width >= NARROW_ENOUGH else TINY_COLUMNS
        columns = tuple(c for c in COLUMNS if width >= WIDE_ENOUGH or c[0] in kept)
        fixed = sum(width + 2 for _, width, _ in columns)
        return max(12, self.size.width - fixed - 4), columns

    def _fill(self, keep: Path | None = None) -> None:
        """(Re)build the table: filtered, sorted, fitting the width, the highlight kept."""
        keep = keep or self._highlighted_path()
        query = self.query_one("#picker-filter", Input).value
        found = [e for e in self.entries if matches(query, self._haystacks.get(e.ref.path, ""))]
        self.shown = sort_entries(found, self.sort, self.last_used)
        table = self.query_one(RoutineTable)
        self._layout = self._fit()
        title_width, columns = self._layout
        table.clear(columns=True)
        table.add_column("routine", width=title_width)
        for label, width, _ in columns:
            table.add_column(label, width=width)
        for entry in self.shown:
            table.add_row(*self._cells(entry, title_width, columns))
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
        self.query_one("#preview-text", Static).update(text)

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_delete":
            return bool(self.trashed)
        if action == "clear_filter":
            line = self.query_one("#picker-filter", Input)
            return bool(line.display or line.value)
        if action in ("edit", "copy", "delete"):
            return self.current is not None
        return True

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

    # --- new, edit, copy, delete ------------------------------------------------------------

    def action_new(self) -> None:
        from acutimer.tui.builder.screen import BuilderScreen

        self.app.push_screen(BuilderScreen.for_new(None, self._preview_draft), self._built)

    def action_edit(self) -> None:
        from acutimer.tui.builder.screen import BuilderScreen

        entry = self.current
        if entry is None:
            return
        try:
            builder = BuilderScreen.for_file(read_for_edit(entry.ref), self._preview_draft)
        except AcutimerError as error:
            self.say(f"Cannot open it in the builder: {error.problems[0]}", "error")
            return
        self.app.push_screen(builder, self._built)

    def _preview_draft(self, loaded: LoadedRoutine, speed: float) -> None:
        if self._preview_routine is not None:
            self._preview_routine(loaded, speed)

    def _built(self, saved: list[Path] | None) -> None:
        if saved:
            self.reload(select=saved[-1])
            self.say(f"Saved {saved[-1].name}.", "success")

    @work(exclusive=True, group="picker-dialog")
    async def action_copy(self) -> None:
        from acutimer.tui.builder.screen import check_name
        from acutimer.tui.builder.widgets import PromptScreen

        entry = self.current
        if entry is None:
            return
        if entry.loaded is None:
            self.say("It has errors, so it cannot be copied: e opens it to fix them.", "warning")
            return
        routine = entry.loaded.routine
        suggested = userfiles.free_name(f"{entry.ref.name}-copy")
        prompt = PromptScreen(
            f"Copy “{routine.title}” as", suggested, "Enter copies · Esc cancels", check_name
        )
        answer = await self.app.push_screen_wait(prompt)
        if answer is None:
            return
        titles = {e.loaded.routine.title for e in self.entries if e.loaded is not None}
        copy = dataclasses.replace(routine, title=userfiles.copy_title(routine.title, titles))
        try:
            path = authoring.save_routine(answer, copy)
        except AcutimerError as error:
            self.say(f"Not copied: {error.problems[0]}", "error")
            return
        self.reload(select=path)
        self.say(f"Copied to {path.stem} (“{copy.title}”) · e edits it.", "success")

    @work(exclusive=True, group="picker-dialog")
    async def action_delete(self) -> None:
        from acutimer.tui.builder.widgets import AskScreen

        entry = self.current
        if entry is None:
            return
        if entry.ref.builtin:
            self.say("Built-in routines are never deleted; c makes a copy of your own.", "warning")
            return
        question = f"Delete “{entry.title}” ({entry.ref.path.name})?"
        hint = "It goes to the trash folder; u brings it back · y deletes · n keeps it"
        if not await self.app.push_screen_wait(AskScreen(question, hint)):
            return
        try:
            item = userfiles.trash(entry.ref)
        except AcutimerError as error:
            self.say(f"Not deleted: {error.problems[0]}", "error")
            return
        self.trashed.append(item)
        row = self.shown.index(entry)
        self.reload()
        table = self.query_one(RoutineTable)
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))
        self.refresh_bindings()
        self.say(f"Deleted {item.original.name} (to the trash) · u brings it back.")

    def action_undo_delete(self) -> None:
        if not self.trashed:
            return
        item = self.trashed.pop()
        self.refresh_bindings()
        try:
            path = userfiles.restore(item)
        except AcutimerError as error:
            self.say(f"Not brought back: {error.problems[0]}", "error")
            return
        self.reload(select=path)
        self.say(f"{path.name} is back.", "success")
