"""Small widgets of the session screen. Each shows what it is given and repaints only on change.

None of them reads a clock: the session screen asks the engine and hands them whole numbers
(seconds, half-cells), so a reactive that did not change costs nothing.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widget import Widget

from acutimer.describe import fmt_clock
from acutimer.timeline import Breath, BreathPhase


def whole_seconds(seconds: float) -> int:
    """What a countdown shows: the seconds left, rounded up (29.2 s left shows 30)."""
    return max(0, math.ceil(seconds - 1e-6))


class Countdown(Widget):
    """The big countdown of the current phase, in whole seconds, in Textual's 3-line digits.

    A change of the number repaints the widget and nothing else: its width only changes when
    the text gets longer (past an hour), which is the only time it asks for a new layout.
    """

    seconds: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = fmt_clock(0)

    def watch_seconds(self, seconds: int) -> None:
        text = fmt_clock(seconds)
        if len(text) != len(self._text):
            self.refresh(layout=True)
        self._text = text

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return DigitsRenderable.get_width(self._text)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3

    @property
    def value(self) -> str:
        """The text shown, e.g. ``"02:10"``."""
        return self._text

    def render(self) -> RenderResult:
        return DigitsRenderable(self._text, self.rich_style)


class SessionBar(Widget):
    """One line across the screen: time done, a bar for the whole session, time left."""

    elapsed: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)

    def render(self) -> RenderResult:
        left = fmt_clock(self.elapsed)
        right = f"{fmt_clock(max(0, self.total - self.elapsed))} left"
        room = max(0, self.size.width - len(left) - len(right) - 2)
        eighths = round(room * 8 * self.elapsed / self.total) if self.total > 0 else 0
        full, part = divmod(min(eighths, room * 8), 8)
        done = "━" * full + ("╸" if part >= 4 else "")
        return Content.assemble(
            (left, "bold $foreground"),
            " ",
            done,
            ("─" * (room - len(done)), "$foreground 25%"),
            " ",
            (right, "$foreground"),
        )


def breath_level(fullness: float, half_cells: int) -> int:
    """How many half-cells each side of the breathing guide fills, at least one."""
    return 1 + round(max(0.0, min(1.0, fullness)) * max(0, half_cells - 1))


def stepped_fullness(breath: Breath, quantum: float) -> float:
    """How full the lungs are, moving in steps of ``quantum`` seconds of the breath.

    The guide changes only at those steps, so it repaints at a fixed, modest rate however wide
    it is, and the steps line up with the screen's ticks.
    """
    if breath.progress >= 1:
        return breath.fullness
    length = breath.remaining / (1 - breath.progress)
    into = length - breath.remaining
    steps = math.floor(into / quantum + 1e-3) if quantum > 0 else into
    progress = min(1.0, steps * quantum / length) if length > 0 else 1.0
    if breath.phase is BreathPhase.INHALE:
        return progress
    if breath.phase is BreathPhase.EXHALE:
        return 1.0 - progress
    return breath.fullness


class BreathGuide(Widget):
    """A band that widens as you breathe in and narrows as you breathe out, with the cue.

    The band grows from the middle. It moves in steps of time given by the caller, so it
    repaints at a fixed, modest rate whatever its width. Breathing out is drawn with the
    ``breath-guide--out`` component style rather than a CSS class on the widget, because a class
    change restyles the node (several milliseconds here) twice a breath.
    """

    COMPONENT_CLASSES = {"breath-guide--out"}

    level: reactive[int] = reactive(0)
    cue: reactive[str] = reactive("")
    out: reactive[bool] = reactive(False)
    _fullness = 0.0

    def show(self, breath: Breath | None, quantum: float = 0.0) -> None:
        """Show the breath now (in steps of ``quantum`` seconds), or hide between presses."""
        if self.display != (breath is not None):
            self.display = breath is not None
        if breath is None:
            return
        self._fullness = stepped_fullness(breath, quantum)
        level = breath_level(self._fullness, self._half_cells())
        if level != self.level:
            self.level = level
        if breath.cue != self.cue:
            self.cue = breath.cue
            self.out = breath.phase in (BreathPhase.EXHALE, BreathPhase.HOLD_OUT)

    def _half_cells(self) -> int:
        """Half-cells on each side of the middle, for the current width."""
        return max(2, self.content_size.width // 2 * 2)

    def on_resize(self) -> None:
        self.level = breath_level(self._fullness, self._half_cells())

    def render(self) -> RenderResult:
        side = self.content_size.width // 2
        level = min(self.level, side * 2)
        full, half = divmod(level, 2)
        pad = " " * (side - full - half)
        band = pad + ("▐" if half else "") + "█" * (2 * full) + ("▌" if half else "") + pad
        cue = self.cue.center(side * 2)
        text = "\n".join([band] * max(1, self.content_size.height - 1) + [cue])
        if self.out:
            return Text(text, style=self.get_component_rich_style("breath-guide--out"))
        return Content(text)
