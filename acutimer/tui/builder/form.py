"""The builder screen: a view of a :class:`~acutimer.routine.draft.Draft`.

Every edit goes straight into the draft (``draft.set``), then the screen shows what the draft
says: the error under each field, a mark on each step with a problem, and the total. Nothing the
user types can crash it; a value that does not make sense is simply marked. Every key of a step
has a field but its point (changed with the point search) and its protocol. Saving, quitting and
previewing live in :class:`acutimer.tui.builder.screen.BuilderScreen`, built on this one.
The form's widgets are laid out in :mod:`acutimer.tui.builder.layout` and filled in from the
draft in :mod:`acutimer.tui.builder.display`; this module takes the edits and the step list's keys.

Keys are never taken from text: the keys that change the step list (a, c, x...) and q act only
while the list has the focus; quitting from anywhere is ctrl+q. What the builder has to say
goes on one status line above the footer, never over the form.
"""

from __future__ import annotations

import copy
from typing import Any

from textual import on
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, TextArea

from acutimer.tui.builder.display import DraftDisplay
from acutimer.tui.builder.fields import as_text, get, unknown_keys
from acutimer.tui.builder.widgets import CHANGE_HINT, PointSearchScreen, StepList
from acutimer.tui.widgets.status import StatusLine

LIST_ACTIONS = frozenset(
    {
        "add_step",
        "duplicate_step",
        "delete_step",
        "undo_delete",
        "move_step",
        "change_point",
        "leave",
    }
)
"""Actions whose keys are letters: they act only while the step list has the focus."""


class DraftScreen(DraftDisplay):
    """Edit a draft: fields, steps, errors and total. Dismissed with the paths saved to."""

    BINDINGS = [Binding("escape", "back", "back", show=False, id="builder.back")]

    # --- edits ------------------------------------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._edit(event.input, event.value)

    @on(TextArea.Changed)
    def _wrote(self, event: TextArea.Changed) -> None:
        self._edit(event.text_area, event.text_area.text)

    @on(Select.Changed)
    def _chose(self, event: Select.Changed) -> None:
        self._edit(event.select, "" if event.value is Select.NULL else str(event.value))

    def _edit(self, widget: Widget, text: str) -> None:
        """Put what the user typed or chose into the draft; the draft decides if it is valid."""
        found = self._fields.get(widget.id or "")
        if found is None:
            return
        field, on_step = found
        if on_step and self.selected is None:
            return
        step = self.selected if on_step else None
        target = self.draft.data if step is None else self.draft.steps[step]
        if as_text(get(target, field)) == text:
            return
        value: Any = text
        digits = text.strip()
        if field == "repeats" and digits.isascii() and digits.isdecimal() and len(digits) < 10:
            value = int(digits)  # a 5,000-digit number is left as text, for validation to refuse
        self.draft.set(field, value, step=step)
        if field == "breathing" and step is not None:
            self._placeholders(self.draft.steps[step])
        self.query_one(StatusLine).clear()
        self.refresh_status()

    @on(OptionList.OptionHighlighted, "#b-steps")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.selected:
            self.selected = event.option_index
            self._show_step()

    @on(OptionList.OptionSelected, "#b-steps")
    def _selected(self) -> None:
        self.query_one("#f-hold").focus()

    def action_add_step(self) -> None:
        def add(code: str | None) -> None:
            if code is None:
                return
            at = None if self.selected is None else self.selected + 1
            self._select_step(self.draft.add_step(code, at=at))

        self.app.push_screen(PointSearchScreen(self.points), add)

    def action_change_point(self) -> None:
        """Put another point in the selected step, keeping its timing."""
        index = self.selected
        if index is None:
            return

        def change(code: str | None) -> None:
            if code is not None and code != self.draft.steps[index].get("point"):
                old = self.draft.steps[index].get("point")
                self.draft.set("point", code, step=index)
                self._select_step(index)
                self.say(f"Step {index + 1} is now on {code} (was {old}); its timing is kept.")

        search = PointSearchScreen(self.points, title="Change the point", hint=CHANGE_HINT)
        self.app.push_screen(search, change)

    def action_duplicate_step(self) -> None:
        index = self.selected
        if index is not None:
            self._select_step(self.draft.duplicate_step(index))
            self.say(f"Copied step {index + 1}: the copy is step {index + 2}.")

    def action_delete_step(self) -> None:
        index = self.selected
        if index is None:
            return
        step = copy.deepcopy(self.draft.steps[index])
        self.draft.delete_step(index)
        self.deleted.append((index, step))
        count = len(self.draft.steps)
        self._select_step(min(index, count - 1) if count else None)
        self.say(f"Deleted step {index + 1} ({step.get('point')}). Press u to bring it back.")

    def action_undo_delete(self) -> None:
        if self.deleted:
            index, step = self.deleted.pop()
            self._select_step(self.draft.insert_step(index, step))
            self.say(f"Step {index + 1} ({step.get('point')}) is back.")

    def action_move_step(self, offset: int) -> None:
        if self.selected is not None:
            self._select_step(self.draft.move_step(self.selected, offset))

    def action_drop_unknown(self) -> None:
        """Remove the keys no routine file may hold (shown, with their problems, until now)."""
        keys = unknown_keys(self.draft.data)
        if keys:
            self.draft.drop_keys(keys)
            self._show_step()
            self.say(f"Dropped {', '.join(keys)}; the file keeps them until you save.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LIST_ACTIONS and not self._list_focused():
            return False
        if action == "undo_delete":
            return bool(self.deleted)
        if action in ("duplicate_step", "delete_step", "move_step", "change_point"):
            return self.selected is not None
        if action == "drop_unknown":
            return bool(unknown_keys(self.draft.data))
        return True

    def _list_focused(self) -> bool:
        """The list has the focus (or nothing has yet: the list is given it on mount)."""
        return self.focused is None or self.focused is self._step_list

    # --- leaving ----------------------------------------------------------------------------

    def action_back(self) -> None:
        """Esc in a field goes back to the step list; Esc in the list closes (asking first)."""
        steps = self.query_one(StepList)
        if self.focused is steps:
            self.action_close()
        else:
            steps.focus()

    def action_close(self) -> None:
        """Close the editor (the builder asks first when there are unsaved changes)."""
        self.dismiss([])

    def action_leave(self) -> None:
        """Quit (the builder asks first when there are unsaved changes)."""
        self.app.exit()
