"""The safety notice: before the first session, and from the s key at any time.

The points (:data:`acutimer.routine.safety.NOTICE`) come from the articles' safety lists, said in
our own words, with the signs that call for a doctor instead. Enter acknowledges the
notice, which the user's settings then remember; the checkbox is the pregnancy setting.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Static

from acutimer.config import Config
from acutimer.routine.safety import NOTICE

PREGNANCY_LABEL = "Pregnancy: leave out flagged points, press gently"
"""The pregnancy setting: steps on flagged points are left out; steps with a gentler way for
pregnancy are done that way."""


class SafetyScreen(Screen[bool]):
    """The safety notice. Dismissed with True when acknowledged, False when closed unread."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("enter", "acknowledge", "I have read this", priority=True, id="safety.ok"),
        Binding("escape", "close", "close", id="safety.close"),
    ]

    def __init__(self, config: Config, save: Callable[[], None], *, first_time: bool) -> None:
        super().__init__()
        self.config = config
        self.save = save
        self.first_time = first_time

    def compose(self) -> ComposeResult:
        with Vertical(id="safety"):
            yield Static("Before you press: safety", id="safety-title")
            with VerticalScroll(id="notice", can_focus=False):
                for line in NOTICE:
                    yield Static(f"• {line}", classes="notice-line", markup=False)
            yield Checkbox(
                PREGNANCY_LABEL, self.config.avoid_pregnancy_points, id="avoid-pregnancy"
            )
            if self.first_time:
                hint = "Space ticks the box. Press Enter once you have read this."
            else:
                hint = "Space ticks the box; a change applies from the next session."
            yield Static(hint, id="safety-hint", markup=False)
        yield Footer(show_command_palette=False, compact=True)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.config.avoid_pregnancy_points = event.value
        self.save()

    def action_acknowledge(self) -> None:
        if not self.config.safety_acknowledged:
            self.config.safety_acknowledged = True
            self.save()
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(self.config.safety_acknowledged and not self.first_time)
