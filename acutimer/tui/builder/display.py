"""The builder form showing its draft: the values, the error under each field, a mark on each
step with a problem, the total, and the status line.

Nothing here changes the draft; :class:`~acutimer.tui.builder.form.DraftScreen` takes the edits.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.content import Content
from textual.events import DescendantFocus
from textual.widget import Widget
from textual.widgets import Collapsible, Input, OptionList, Select, Static, TextArea

from acutimer.routine import stepwords
from acutimer.routine.models import format_duration as fmt
from acutimer.tui.builder.fields import (
    CHOICES,
    MORE_FIELDS,
    QUIET_KEYS,
    STEP_FIELDS,
    TOP_FIELDS,
    as_text,
    get,
    step_label,
    step_placeholders,
    unknown_keys,
    widget_id,
)
from acutimer.tui.builder.layout import FormLayout
from acutimer.tui.builder.marks import place_errors
from acutimer.tui.builder.widgets import StepList
from acutimer.tui.widgets.status import StatusLine


class DraftDisplay(FormLayout):
    """The form filled in from the draft, and shown again after every change."""

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

    def _select_step(self, index: int | None) -> None:
        """Select step ``index`` (None: no step) and show it."""
        self.selected = index
        self._rebuild_list()

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

    @property
    def dirty(self) -> bool:
        """Whether the draft differs from what was last saved or loaded."""
        return self.draft.data != self.baseline
