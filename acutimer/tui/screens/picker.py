"""The routine picker: built-in and user routines, a preview of the highlighted one, Enter starts.

A routine that does not load is listed with its error (file, key, line) in the preview; picking
it shows the error again instead of starting. ``/`` filters the list (title, focus, position,
points: see :mod:`acutimer.tui.screens.picker_entries`), o sorts it by title or by last use, and
the user's own routines are made, edited, copied and deleted from here: a delete asks first, goes
to the trash folder, and u brings it back. Built-ins are never changed. What the picker has to
say goes on its status line.

The table, the preview, the filter, the sort and the start are
:class:`~acutimer.tui.screens.picker_list.PickerList`'s (the table's columns and cells:
:mod:`acutimer.tui.screens.picker_table`); this module adds the keys and the user's own routines.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual import work
from textual.binding import Binding
from textual.widgets import Input

from acutimer.routine import authoring, userfiles
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import LoadedRoutine, read_for_edit
from acutimer.tui.screens.picker_entries import Entry, load_entry, preview_text
from acutimer.tui.screens.picker_list import PickerList, RoutinePicked
from acutimer.tui.screens.picker_table import RoutineTable

__all__ = [
    "Entry",
    "PickerScreen",
    "RoutinePicked",
    "RoutineTable",
    "load_entry",
    "preview_text",
]


class PickerScreen(PickerList):
    """Choose a routine, or make, edit, copy or delete one of one's own.

    It takes the arguments of :class:`~acutimer.tui.screens.picker_list.PickerList`.
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_delete":
            return bool(self.trashed)
        if action == "clear_filter":
            line = self.query_one("#picker-filter", Input)
            return bool(line.display or line.value)
        if action in ("edit", "copy", "delete"):
            return self.current is not None
        return True

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
