"""Small widgets of the session screen. Each shows what it is given and repaints only on change.

None of them reads a clock: the session screen asks the engine and hands them whole numbers
(seconds, half-cells), so a reactive that did not change costs nothing.
"""

from __future__ import annotations

import math

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits

from acutimer.describe import fmt_clock
from acutimer.timeline import Breath, BreathPhase


def whole_seconds(seconds: float) -> int:
    """What a countdown shows: the seconds left, rounded up (29.2 s left shows 30)."""
    return max(0, math.ceil(seconds - 1e-6))


class Countdown(Digits):
    """The big countdown of the current phase, in whole seconds."""

    seconds: reactive[int] = reactive(-1, init=False)

    def watch_seconds(self, seconds: int) -> None:
        self.update(fmt_clock(seconds))


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


class BreathGuide(Widget):
    """A band that widens as you breathe in and narrows as you breathe out, with the cue.

    The band grows from the middle in half-cell steps, so at 10 frames a second a four-second
    breath moves smoothly while a frame where nothing visible changes costs no repaint.
    """

    level: reactive[int] = reactive(0)
    cue: reactive[str] = reactive("")
    _fullness = 0.0

    def show(self, breath: Breath | None) -> None:
        """Show the breath now, or nothing between presses and with natural breathing."""
        self.display = breath is not None
        if breath is None:
            return
        self._fullness = breath.fullness
        self.level = breath_level(breath.fullness, self._half_cells())
        self.cue = breath.cue
        inhaling = breath.phase in (BreathPhase.INHALE, BreathPhase.HOLD_IN)
        self.set_class(inhaling, "-inhale")
        self.set_class(not inhaling, "-exhale")

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
        lines = [band] * max(1, self.content_size.height - 1) + [cue]
        return Content("\n".join(lines))
