"""The builder form's layout: a row for every field of a routine and of its selected step.

Each field has its widget (a box to type in, a choice or a text area), its label and the line
under it where its error shows. :class:`FormLayout` is the base of the builder's screens; it
holds their state, and the screens above it fill the form in
(:class:`~acutimer.tui.builder.display.DraftDisplay`) and take the edits
(:class:`~acutimer.tui.builder.form.DraftScreen`).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Collapsible, Footer, Input, Label, Select, Static, TextArea

from acutimer.routine.draft import Draft
from acutimer.routine.points import Points, load_points
from acutimer.safetext import visible
from acutimer.tui.builder.fields import (
    CHOICES,
    GENTLER_FIELDS,
    MORE_FIELDS,
    ROUTINE_PLACEHOLDERS,
    STEP_FIELDS,
    TEXT_LINES,
    label,
    widget_id,
)
from acutimer.tui.builder.widgets import StepList
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
Field = tuple[str, bool]
"""A field's key, and whether it is a step's (else the routine's)."""


class FormLayout(Screen[list[Path]]):
    """The form's widgets, empty until a screen above fills them in from the draft."""

    CSS_PATH = "builder.tcss"

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

    def on_resize(self, event: Resize) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
