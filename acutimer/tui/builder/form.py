"""The builder screen: a view of a :class:`~acutimer.routine.draft.Draft`.

Every edit goes straight into the draft (``draft.set``), then the screen shows what the draft
says: the error under each field, a mark on each step with a problem, and the total. Nothing the
user types can crash it; a value that does not make sense is simply marked. Saving, quitting and
previewing live in :class:`acutimer.tui.builder.screen.BuilderScreen`, built on this one.
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
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, OptionList, Select, Static

from acutimer.routine import describe
from acutimer.routine.draft import Draft
from acutimer.routine.models import format_duration as fmt
from acutimer.routine.points import Points, load_points
from acutimer.safetext import visible
from acutimer.tui.builder.fields import (
    CHOICES,
    PLACEHOLDERS,
    QUIET_KEYS,
    STEP_FIELDS,
    TOP_FIELDS,
    as_text,
    step_label,
)
from acutimer.tui.builder.marks import place_errors
from acutimer.tui.builder.widgets import PointSearchScreen, StepList


class DraftScreen(Screen[list[Path]]):
    """Edit a draft: fields, steps, errors and total. Dismissed with the paths saved to."""

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

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="b-head"):
            yield Static(visible(self.heading), id="b-heading", markup=False)
            yield Static("", id="b-total", markup=False)
        with Vertical(id="b-top"):
            yield from self._row("title", Input(id="f-title", compact=True))
            yield from self._row("summary", Input(id="f-summary", compact=True))
            with Horizontal(classes="b-row"):
                yield Label("focus", classes="b-label")
                yield self._select("focus", self.draft.data, blank=False)
                yield Label("position", classes="b-label b-label-2")
                yield self._select("position", self.draft.data, blank=False)
            yield Static("", id="e-focus", classes="b-error", markup=False)
            yield Static("", id="e-position", classes="b-error", markup=False)
            yield Static("", id="e-general", classes="b-error", markup=False)
        first = self.draft.steps[0] if self.draft.steps else {}
        with Horizontal(id="b-body"):
            yield StepList(id="b-steps", markup=False)
            with VerticalScroll(id="b-step"):
                yield Static("", id="b-point", markup=False)
                yield Static("", id="b-count", markup=False)
                yield Static("", id="e-step", classes="b-error", markup=False)
                with Vertical(id="b-fields"):
                    for field in STEP_FIELDS:
                        if field in CHOICES:
                            widget: Widget = self._select(field, first, blank=field == "sides")
                        else:
                            widget = Input(
                                id=f"f-{field}", compact=True, placeholder=PLACEHOLDERS[field]
                            )
                        yield from self._row(field, widget)
                yield Static("", id="b-kept", markup=False)
                yield Static("", id="b-where", markup=False)
        yield Footer(show_command_palette=False)

    def _row(self, field: str, widget: Widget) -> ComposeResult:
        with Horizontal(classes="b-row"):
            yield Label(field, classes="b-label")
            yield widget
        yield Static("", id=f"e-{field}", classes="b-error", markup=False)

    def _select(self, field: str, data: dict[str, Any], *, blank: bool) -> Select[str]:
        """A Select showing ``data[field]`` from the start (set later, it would be an edit)."""
        value = as_text(data.get(field))
        return Select(
            [(Content(choice), choice) for choice in CHOICES[field]],
            value=value if value in CHOICES[field] else Select.NULL,
            id=f"f-{field}",
            allow_blank=blank,
            prompt="the point's usual" if blank else "Select",
            compact=True,
        )

    def on_mount(self) -> None:
        with self.prevent(Input.Changed, Select.Changed):
            for field in TOP_FIELDS:
                self._put(field, self.draft.data.get(field))
        self._rebuild_list()
        self.query_one(StepList).focus()

    # --- showing the draft ------------------------------------------------------------------

    def _put(self, field: str, value: Any) -> None:
        """Show ``value`` in a field without it counting as an edit."""
        widget = self.query_one(f"#f-{field}")
        with self.prevent(Input.Changed, Select.Changed):
            if isinstance(widget, Input):
                widget.value = as_text(value)
            elif isinstance(widget, Select):
                widget.value = as_text(value) if value else Select.NULL

    def _rebuild_list(self) -> None:
        """Fill the step list again after the steps changed, keeping the selection."""
        steps = self.query_one(StepList)
        with self.prevent(OptionList.OptionHighlighted):
            steps.clear_options()
            steps.add_options([""] * len(self.draft.steps))
            steps.highlighted = self.selected
        self._labels = []
        self._show_step()
        self.refresh_bindings()

    def _show_step(self) -> None:
        """Show the selected step's fields, then the state of the whole draft."""
        index = self.selected
        self.query_one("#b-fields").display = index is not None
        if index is not None:
            for field in STEP_FIELDS:
                self._put(field, self.draft.steps[index].get(field))
        self.refresh_status()

    def refresh_status(self) -> None:
        """Errors under their fields, marks in the list, the total and the footer."""
        errors = self.draft.errors()
        marks = place_errors(errors, self.selected)
        for field in TOP_FIELDS:
            self._error(field, marks.fields.get(field, ""))
        for field in STEP_FIELDS:
            self._error(field, marks.fields.get(field, ""))
        self._text("#e-step", "\n".join(marks.step))
        self._text("#e-general", "\n".join(marks.general))
        self._label_steps(marks.bad_steps)
        self._show_point(self.selected)
        total = self.draft.total()
        in_all = f"{fmt(total)} in all" if total is not None else "fix the marked fields"
        self._text("#b-total", in_all)
        self.query_one("#b-total").set_class(total is None, "-bad")

    def _label_steps(self, bad: set[int]) -> None:
        steps = self.query_one(StepList)
        labels = [
            step_label(i, step, self.points, i in bad) for i, step in enumerate(self.draft.steps)
        ]
        for i, label in enumerate(labels):
            if i >= len(self._labels) or self._labels[i] != label:
                steps.replace_option_prompt_at_index(i, Content(label))
        self._labels = labels
        count = len(self.draft.steps)
        steps.border_title = f"{count} step{'s' if count != 1 else ''}"

    def _show_point(self, index: int | None) -> None:
        if index is None:
            self._text("#b-point", "No steps yet. Press a to add a point from the library.")
            self._text("#b-count", "")
            self._text("#b-where", "")
            self._text("#b-kept", "")
            return
        step = self.draft.steps[index]
        point = self.points.get(str(step.get("point", "")))
        self._text("#b-point", describe.point_title(point) if point else str(step.get("point")))
        seconds = self.draft.step_total(index)
        about = f" · {fmt(seconds)} in all" if seconds is not None else ""
        self._text("#b-count", f"step {index + 1} of {len(self.draft.steps)}{about}")
        self._text("#b-where", f"Where: {point.location}" if point else "")
        kept = [key for key in step if key not in (*STEP_FIELDS, *QUIET_KEYS)]
        self._text(
            "#b-kept", f"Also in this step, kept as it is: {', '.join(kept)}" if kept else ""
        )

    def _error(self, field: str, text: str) -> None:
        self._text(f"#e-{field}", text)
        self.query_one(f"#f-{field}").set_class(bool(text), "-bad")

    def _text(self, selector: str, text: str) -> None:
        """Show ``text`` (hide the line when empty); an unchanged line costs no layout."""
        if self._shown.get(selector) == text:
            return
        self._shown[selector] = text
        widget = self.query_one(selector, Static)
        widget.update(text)
        widget.display = bool(text)

    # --- edits ------------------------------------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._edit(event.input, event.value)

    @on(Select.Changed)
    def _chose(self, event: Select.Changed) -> None:
        self._edit(event.select, "" if event.value is Select.NULL else str(event.value))

    def _edit(self, widget: Widget, text: str) -> None:
        """Put what the user typed or chose into the draft; the draft decides if it is valid."""
        field = (widget.id or "").removeprefix("f-")
        step = None if field in TOP_FIELDS else self.selected
        if field not in TOP_FIELDS and (step is None or field not in STEP_FIELDS):
            return
        target = self.draft.data if step is None else self.draft.steps[step]
        if as_text(target.get(field)) == text:
            return
        value: Any = text
        digits = text.strip()
        if field == "repeats" and digits.isascii() and digits.isdecimal() and len(digits) < 10:
            value = int(digits)  # a 5,000-digit number is left as text, for validation to refuse
        self.draft.set(field, value, step=step)
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

    def action_duplicate_step(self) -> None:
        if self.selected is not None:
            self._select_step(self.draft.duplicate_step(self.selected))

    def action_delete_step(self) -> None:
        index = self.selected
        if index is None:
            return
        step = copy.deepcopy(self.draft.steps[index])
        self.draft.delete_step(index)
        self.deleted.append((index, step))
        count = len(self.draft.steps)
        self._select_step(min(index, count - 1) if count else None)
        self.notify(
            f"Deleted step {index + 1} ({step.get('point')}). Press u to bring it back.",
            markup=False,
        )

    def action_undo_delete(self) -> None:
        if self.deleted:
            index, step = self.deleted.pop()
            self._select_step(self.draft.insert_step(index, step))

    def action_move_step(self, offset: int) -> None:
        if self.selected is not None:
            self._select_step(self.draft.move_step(self.selected, offset))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_delete":
            return bool(self.deleted)
        if action in ("duplicate_step", "delete_step", "move_step"):
            return self.selected is not None
        return True

    # --- leaving ----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Whether the draft differs from what was last saved or loaded."""
        return self.draft.data != self.baseline

    def action_back(self) -> None:
        """Esc in a field goes back to the step list; Esc in the list quits (asking first)."""
        steps = self.query_one(StepList)
        if self.focused is steps:
            self.action_quit()
        else:
            steps.focus()

    def action_quit(self) -> None:
        """Leave the editor (the builder asks first when there are unsaved changes)."""
        self.dismiss([])
