"""Small widgets of the session screen. Each shows what it is given and repaints only on change.

None of them reads a clock: the session screen asks the engine and hands them whole numbers
(seconds, half-cells), so a reactive that did not change costs nothing.

The three that change during a hold draw their own lines (:class:`DrawnWidget`) rather than
return a renderable from ``render()``, which Textual would wrap, measure and style again at
every repaint. Profiled headless, a repaint of the breathing guide took about 0.55 ms through
``render()`` and 0.24 ms this way; the session bar and the countdown's digits gained likewise.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.widget import Widget

from acutimer.describe import fmt_clock
from acutimer.timeline import Breath, BreathPhase


def whole_seconds(seconds: float) -> int:
    """What a countdown shows: the seconds left, rounded up (29.2 s left shows 30)."""
    return max(0, math.ceil(seconds - 1e-6))


class DrawnWidget(Widget):
    """A widget that draws its own lines and keeps them until what it shows changes.

    Subclasses say what their lines depend on (:meth:`shown`) and draw them (:meth:`draw`). The
    lines are drawn again when that, the size or the CSS style (a class on the screen, the
    theme) changed, so repainting unchanged content costs nothing here.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn_for: Hashable = None
        self._drawn: list[Strip] = []

    def shown(self) -> Hashable:
        """What the lines depend on, besides the size and the style."""
        raise NotImplementedError

    def draw(self, width: int, height: int) -> list[Strip]:
        """The lines, each ``width`` cells long (fewer lines than ``height`` leave blanks)."""
        raise NotImplementedError

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn_for = None

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        key = (self.shown(), width, height)
        if key != self._drawn_for:
            self._drawn = self.draw(width, height)
            self._drawn_for = key
        if y < len(self._drawn):
            return self._drawn[y]
        return Strip.blank(width, self.visual_style.rich_style)


def plain_line(text: str, style: Style, width: int) -> Strip:
    """One line of text in one style, cropped or padded to ``width`` cells."""
    return Strip([Segment(text, style)]).crop_extend(0, width, style)


class Countdown(DrawnWidget):
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

    def shown(self) -> Hashable:
        return self._text

    def draw(self, width: int, height: int) -> list[Strip]:
        style = self.visual_style.rich_style
        pieces = DigitsRenderable(self._text).render(style)
        digits = "".join(piece.text for piece in pieces if isinstance(piece, Segment))
        return [plain_line(row, style, width) for row in digits.splitlines()]


class SessionBar(DrawnWidget):
    """One line across the screen: time done, a bar for the whole session, time left.

    The bar is in the widget's colour; the times and the empty track are component styles.
    """

    COMPONENT_CLASSES = {"session-bar--done-time", "session-bar--time", "session-bar--track"}

    elapsed: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)

    def shown(self) -> Hashable:
        return (self.elapsed, self.total)

    def draw(self, width: int, height: int) -> list[Strip]:
        left = fmt_clock(self.elapsed)
        right = f"{fmt_clock(max(0, self.total - self.elapsed))} left"
        room = max(0, width - len(left) - len(right) - 2)
        eighths = round(room * 8 * self.elapsed / self.total) if self.total > 0 else 0
        full, part = divmod(min(eighths, room * 8), 8)
        done = "━" * full + ("╸" if part >= 4 else "")
        style = self.visual_style.rich_style
        component = self.get_visual_style
        segments = [
            Segment(left, component("session-bar--done-time").rich_style),
            Segment(f" {done}", style),
            Segment("─" * (room - len(done)), component("session-bar--track").rich_style),
            Segment(" ", style),
            Segment(right, component("session-bar--time").rich_style),
        ]
        return [Strip(segments).crop_extend(0, width, style)]


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
    length = breath.length
    into = length - breath.remaining
    steps = math.floor(into / quantum + 1e-3) if quantum > 0 else into
    progress = min(1.0, steps * quantum / length) if length > 0 else 1.0
    if breath.phase is BreathPhase.INHALE:
        return progress
    if breath.phase is BreathPhase.EXHALE:
        return 1.0 - progress
    return breath.fullness


class BreathGuide(DrawnWidget):
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

    def shown(self) -> Hashable:
        return (self.level, self.cue, self.out)

    def draw(self, width: int, height: int) -> list[Strip]:
        side = width // 2
        level = min(self.level, side * 2)
        full, half = divmod(level, 2)
        pad = " " * (side - full - half)
        band = pad + ("▐" if half else "") + "█" * (2 * full) + ("▌" if half else "") + pad
        if self.out:
            style = self.get_visual_style("breath-guide--out").rich_style
        else:
            style = self.visual_style.rich_style
        rows = [band] * max(1, height - 1) + [self.cue.center(side * 2)]
        return [plain_line(row, style, width) for row in rows]
