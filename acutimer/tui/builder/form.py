"""The builder screen: a view of a :class:`~acutimer.routine.draft.Draft`.

Every edit goes straight into the draft (``draft.set``), then the screen shows what the draft
says: the error under each field, a mark on each step with a problem, and the total. Nothing the
user types can crash it; a value that does not make sense is simply marked. Every key of a step
has a field but its point (changed with the point search) and its protocol. Saving, quitting and
previewing live in :class:`acutimer.tui.builder.screen.BuilderScreen`, built on this one.

Keys are never taken from text: the keys that change the step list (a, c, x...) and q act only
while the list has the focus; quitting from anywhere is ctrl+q. What the builder has to say
goes on one status line above the footer, never over the form.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Collapsible, Footer, Input, Label, OptionList, Select, Static, TextArea

from acutimer.routine import stepwords
from acutimer.routine.draft import Draft
from acutimer.routine.models import format_duration as fmt
from acutimer.routine.points import Points, load_points
from acutimer.safetext import visible
from acutimer.tui.builder.fields import (
    CHOICES,
    GENTLER_FIELDS,
    MORE_FIELDS,
    QUIET_KEYS,
    ROUTINE_PLACEHOLDERS,
    STEP_FIELDS,
    TEXT_LINES,
    TOP_FIELDS,
    as_text,
    get,
    label,
    step_label,
    step_placeholders,
    unknown_keys,
    widget_id,
)
from acutimer.tui.builder.marks import place_errors
from acutimer.tui.builder.widgets import CHANGE_HINT, PointSearchScreen, StepList
from acutimer.tui.widgets.status import StatusLine

BLANK_CHOICE = {
    "focus": "required: choose one",
    "position": "required: choose one",
    "sides": "the point's usual",
    "pressure": "the default: firm",
    "technique": "the default: hold",
    "breathing": "the default: paced",
    "gentler.pressure": "none: no gentler way",
    "gentler.technique": "the step's",
}
"""What a choice left blank means, shown in its box."""
GENTLER_HEADING = "A gentler way, done instead when the pregnancy setting is on (optional):"
NARROW = 72
"""Below this width the step list and the step's fields stack, and the whole form scrolls."""
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
Field = tuple[str, bool]
"""A field's key, and whether it is a step's (else the routine's)."""


class DraftScreen(Screen[list[Path]]):
    """Edit a draft: fields, steps, errors and total. Dismissed with the paths saved to."""

    CSS_PATH = "builder.tcss"
    BINDINGS = [Binding("escape", "back", "back", show=False, id="builder.back")]

    def __init__(self, draft: Draft, heading: str, points: Points | None = None) -> None:
        super().__init__()
        self.draft = draft
        self.heading = heading
        self.points = points or load_points()
        self.selected: int | None = 0 if draft.steps else None
        self.baseline = copy.deepcopy(draft.data)
        """The draft as last saved (or loaded): quitting asks only when it differs."""
        self.deleted: list[tuple[int, dict[str, Any]]] = []
        """Deleted steps, most recent last, for undo."""
        self._shown: dict[str, str] = {}
        self._labels: list[str] = []
        self._fields: dict[str, Field] = {}
        self._binding_state: tuple[bool, ...] = ()
        self._step_list: StepList | None = None
        self.announce_problems = False
        """Say on opening how many problems there are (a file opened with problems)."""

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="b-head"):
            yield Static(visible(self.heading), id="b-heading", markup=False)
            yield Static("● unsaved changes", id="b-dirty", markup=False)
            yield Static("", id="b-total", markup=False)
        with VerticalScroll(id="b-page", can_focus=False):
            with Vertical(id="b-top"):
                yield from self._row("title", step=False)
                yield from self._row("summary", step=False)
                with Horizontal(id="b-kinds"):
                    for field in ("focus", "position"):
                        with Horizontal(classes="b-row b-pair"):
                            yield Label(label(field), classes="b-label")
                            yield self._widget(field, step=False)
                for field in ("focus", "position"):
                    yield self._error_line(field, step=False)
                more = "more: preparation, caution, find time, breathing pace"
                with Collapsible(title=more, id="b-more"):
                    for field in MORE_FIELDS:
                        yield from self._row(field, step=False)
                yield Static("", id="e-general", classes="b-error", markup=False)
            with Horizontal(id="b-body"):
                self._step_list = StepList(id="b-steps", markup=False)
                yield self._step_list
                with VerticalScroll(id="b-step", can_focus=False):
                    yield Static("", id="b-point", markup=False)
                    yield Static("", id="b-count", markup=False)
                    yield Static("", id="e-step", classes="b-error", markup=False)
                    with Vertical(id="b-fields"):
                        for field in STEP_FIELDS:
                            if field == GENTLER_FIELDS[0]:
                                yield Static(GENTLER_HEADING, classes="b-subhead")
                            yield from self._row(field, step=True)
                    yield Static("", id="b-kept", markup=False)
                    yield Static("", id="b-where", markup=False)
        yield StatusLine(id="b-status")
        yield Footer(show_command_palette=False)

    def _row(self, field: str, *, step: bool) -> ComposeResult:
        lines = TEXT_LINES.get(field, 1)
        with Horizontal(classes=f"b-row b-lines-{lines}"):
            yield Label(label(field), classes="b-label")
            yield self._widget(field, step=step)
        yield self._error_line(field, step=step)

    def _error_line(self, field: str, *, step: bool) -> Static:
        return Static("", id="e" + widget_id(field, step=step)[1:], classes="b-error", markup=False)

    def _widget(self, field: str, *, step: bool) -> Widget:
        """The widget for a field, empty: :meth:`on_mount` shows the draft's values in them.

        Every choice may be blank, so that a value a file has wrong stays wrong (and marked)
        rather than quietly becoming the first choice; the blank says what it means.
        """
        ident = widget_id(field, step=step)
        self._fields[ident] = (field, step)
        if field in CHOICES:
            return Select(
                [(Content(choice), choice) for choice in CHOICES[field]],
                id=ident,
                prompt=BLANK_CHOICE.get(field, "choose one"),
                compact=True,
            )
        if field in TEXT_LINES:
            return TextArea(
                id=ident,
                compact=True,
                soft_wrap=True,
                tab_behavior="focus",
                placeholder="" if step else ROUTINE_PLACEHOLDERS.get(field, ""),
            )
        return Input(
            id=ident,
            compact=True,
            placeholder="" if step else ROUTINE_PLACEHOLDERS.get(field, ""),
            select_on_focus=False,
        )

    def on_mount(self) -> None:
        for field in TOP_FIELDS:
            self._put(field, get(self.draft.data, field), step=False)
        self._rebuild_list()
        errors = self.draft.errors()
        if any(field in errors for field in MORE_FIELDS):
            self.query_one(Collapsible).collapsed = False
        marks = place_errors(errors, None)
        if marks.bad_steps and self.selected is not None:
            self._select_step(min(marks.bad_steps))
        # Not scrolled to: on a small screen the form starts at its top, the title.
        self.query_one(StepList).focus(scroll_visible=False)
        if errors and self.announce_problems:
            count = len(errors)
            self.say(
                f"{count} problem{'s' * (count != 1)} to fix: each is marked ⚠ in the list and "
                "said under its field.",
                "warning",
            )
        self._hint()

    def on_resize(self, event: Resize) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    # --- showing the draft ------------------------------------------------------------------

    def _put(self, field: str, value: Any, *, step: bool) -> None:
        """Show ``value`` in a field without it counting as an edit."""
        widget = self.query_one("#" + widget_id(field, step=step))
        text = as_text(value)
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            if isinstance(widget, Input):
                if widget.value != text:
                    widget.value = text
            elif isinstance(widget, Select):
                widget.value = text if text in CHOICES[field] else Select.NULL
            elif isinstance(widget, TextArea) and widget.text != text:
                widget.load_text(text)

    def _rebuild_list(self) -> None:
        """Fill the step list again after the steps changed, keeping the selection."""
        steps = self.query_one(StepList)
        with self.prevent(OptionList.OptionHighlighted):
            steps.clear_options()
            steps.add_options([""] * len(self.draft.steps))
            steps.highlighted = self.selected
        self._labels = []
        self._show_step()

    def _show_step(self) -> None:
        """Show the selected step's fields, then the state of the whole draft."""
        index = self.selected
        self.query_one("#b-fields").display = index is not None
        if index is not None:
            step = self.draft.steps[index]
            for field in STEP_FIELDS:
                self._put(field, get(step, field), step=True)
            self._placeholders(step)
        self.refresh_status()

    def _placeholders(self, step: dict[str, Any]) -> None:
        """What each empty field of the step falls back on, written in its box."""
        for field, text in step_placeholders(self.draft.data, step).items():
            widget = self.query_one("#" + widget_id(field, step=True))
            if isinstance(widget, Input | TextArea):
                widget.placeholder = text
        point = self.points.get(str(step.get("point", "")))
        sides = self.query_one("#f-sides", Select)
        sides.prompt = f"usual: {point.sides.value}" if point else "the point's usual"

    def refresh_status(self) -> None:
        """Errors under their fields, marks in the list, the total, and whether it is saved."""
        errors = self.draft.errors()
        marks = place_errors(errors, self.selected)
        for field in TOP_FIELDS:
            self._error(field, marks.routine.get(field, ""), step=False)
        for field in STEP_FIELDS:
            self._error(field, marks.fields.get(field, ""), step=True)
        self._text("#e-step", "\n".join(marks.step))
        self._text("#e-general", "\n".join(marks.general))
        self._label_steps(marks.bad_steps)
        self._show_point(self.selected)
        total = self.draft.total()
        in_all = f"{fmt(total)} in all" if total is not None else "fix the marked fields"
        self._text("#b-total", in_all)
        self.query_one("#b-total").set_class(total is None, "-bad")
        dirty = self.query_one("#b-dirty")
        if dirty.display != self.dirty:
            dirty.display = self.dirty
        # The footer is laid out again at each refresh of the bindings: only when they change.
        keys = (self.selected is None, bool(self.deleted), bool(unknown_keys(self.draft.data)))
        if keys != self._binding_state:
            self._binding_state = keys
            self.refresh_bindings()

    def _label_steps(self, bad: set[int]) -> None:
        steps = self.query_one(StepList)
        labels = [
            step_label(i, step, self.points, i in bad) for i, step in enumerate(self.draft.steps)
        ]
        for i, text in enumerate(labels):
            if i >= len(self._labels) or self._labels[i] != text:
                steps.replace_option_prompt_at_index(i, Content(text))
        self._labels = labels
        count = len(self.draft.steps)
        steps.border_title = f"{count} step{'s' if count != 1 else ''}"

    def _show_point(self, index: int | None) -> None:
        if index is None:
            self._text("#b-point", "No steps yet.")
            self._text("#b-count", "Press a to add a point from the library.")
            self._text("#b-where", "")
            self._text("#b-kept", "")
            return
        step = self.draft.steps[index]
        point = self.points.get(str(step.get("point", "")))
        self._text("#b-point", stepwords.point_title(point) if point else str(step.get("point")))
        seconds = self.draft.step_total(index)
        about = f" · {fmt(seconds)} in all" if seconds is not None else ""
        self._text("#b-count", f"step {index + 1} of {len(self.draft.steps)}{about}")
        self._text("#b-where", f"Where: {point.location}" if point else "")
        fields = {field.split(".")[0] for field in STEP_FIELDS}
        unknown = [key for key in step if key not in fields and key not in QUIET_KEYS]
        self._text(
            "#b-kept",
            f"Not routine keys, kept until you drop them with ctrl+r: {', '.join(unknown)}"
            if unknown
            else "",
        )

    def _error(self, field: str, text: str, *, step: bool) -> None:
        ident = widget_id(field, step=step)
        self._text("#e" + ident[1:], text)
        self.query_one("#" + ident).set_class(bool(text), "-bad")

    def _text(self, selector: str, text: str) -> None:
        """Show ``text`` (hide the line when empty); an unchanged line costs no layout."""
        if self._shown.get(selector) == text:
            return
        self._shown[selector] = text
        widget = self.query_one(selector, Static)
        widget.update(text)
        widget.display = bool(text)

    def say(self, text: str, severity: str = "information") -> None:
        """Put ``text`` on the status line, in place of whatever it said."""
        self.query_one(StatusLine).say(text, severity)

    def _hint(self) -> None:
        """When there is nothing else to say: what the keys do where the focus is."""
        in_list = self.focused is self.query_one(StepList)
        if in_list:
            hint = "Enter edits the step · Tab: its fields · Esc leaves"
        else:
            hint = "Tab, Shift+Tab: next, previous field · Esc: the steps"
        self.query_one(StatusLine).hint(hint)

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        # The row of the field with the focus is marked by a class, not by :focus-within,
        # which can stay on a row the focus has left.
        for row in self.query(".b-row.-focused"):
            row.remove_class("-focused")
        parent = event.widget.parent
        if isinstance(parent, Widget) and parent.has_class("b-row"):
            parent.add_class("-focused")
        if isinstance(event.widget, TextArea):
            # Typing goes on from the end of the text, as in a one-line field.
            event.widget.move_cursor(event.widget.document.end)
        self._hint()
        self.refresh_bindings()

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

    def _select_step(self, index: int | None) -> None:
        self.selected = index
        self._rebuild_list()

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

    @property
    def dirty(self) -> bool:
        """Whether the draft differs from what was last saved or loaded."""
        return self.draft.data != self.baseline

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
