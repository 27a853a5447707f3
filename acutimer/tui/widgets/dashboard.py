"""The part of the session screen that moves, and the pieces it is drawn from.

Nothing here reads a clock: the session screen asks the engine and hands the :class:`Dashboard`
what to show (whole seconds, a breath), and a value that did not change costs nothing.

Everything that changes during a hold is one widget that draws its own lines, for the sake of
CPU in a long hold (issue 4 asks for under 5 ms a second):

- Each repaint costs Textual a round of messages and timers per widget refreshed, and renders
  every widget whose container overlaps the changed area. One widget, standing outside the box
  of text, keeps both small.
- It marks only the lines that changed, so Textual styles those again and reuses the rest.
- Drawing lines directly skips what ``render()`` costs (see :mod:`.drawn`).
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from acutimer.routine.describe import fmt_clock
from acutimer.routine.timeline import Breath, BreathPhase
from acutimer.tui.widgets.drawn import fit, narrow_line
from acutimer.tui.widgets.guide import (
    band,
    breath_level,
    digit_rows,
    guide_step,
    stepped_fullness,
    whole_seconds,
)

BREATH_WORDS = {
    BreathPhase.INHALE: "breathe in",
    BreathPhase.HOLD_IN: "hold",
    BreathPhase.EXHALE: "breathe out",
    BreathPhase.HOLD_OUT: "rest",
}
"""With reduced motion, what the guide says for each part of the breath."""


def _whole(length: float, step: float) -> bool:
    """Whether ``length`` is a whole number of ``step``s."""
    count = length / step if step > 0 else 0.5
    return abs(count - round(count)) < 1e-6


class Dashboard(Widget):
    """The routine's title and step, a bar for the whole session, the countdown and the breath.

    Seven lines: the title (bold) with the status ("not recorded", "preview at 2×") and the step
    on the right; the session bar, with the time done and the time left; a blank line; the
    countdown of the phase in Textual's three-line digits with the breathing guide beside it, a
    band that widens as you breathe in and narrows as you breathe out; the guide's cue, whole
    (it may say "never into pain"): under the band when it fits, else from the left edge.

    The bar and the countdown are in the widget's colour, which the screen sets to the phase's.
    The guide is drawn in the ``dashboard--breath-in`` or ``dashboard--breath-out`` component
    style, so the way the breath goes changes a colour without restyling a node. The guide moves
    in steps of time given by the caller, so it repaints at a fixed, modest rate whatever its
    width.
    """

    COMPONENT_CLASSES = {
        "dashboard--title",
        "dashboard--muted",
        "dashboard--done-time",
        "dashboard--time",
        "dashboard--track",
        "dashboard--breath-in",
        "dashboard--breath-out",
    }
    TITLE, BAR, CLOCK = 0, 1, 3
    """The first line of each part."""
    CLOCK_LINES = 4
    """The countdown's three and the cue's."""
    GAP = 4
    """Cells between the countdown and the guide."""
    BAND_MAX = 32
    """The guide's widest, in cells: twice the countdown's width, and narrow enough that a
    4-second breath in moves smoothly once a second (:func:`guide_step`)."""

    def __init__(
        self, title: str, status: str = "", *, id: str | None = None, reduced_motion: bool = False
    ) -> None:
        super().__init__(id=id)
        self.reduced_motion = reduced_motion
        """The breath in words that change ("breathe in · 3") instead of the moving band."""
        self.words = ""
        """With reduced motion: the part of the breath and its seconds left."""
        self.title = title
        """The routine's title, shown as written."""
        self.status = status
        """Why the session is not recorded, or empty."""
        self.step_text = ""
        """E.g. ``"step 2 of 7"``."""
        self.elapsed = 0
        self.total = 0
        self.seconds = 0
        """The whole seconds the countdown shows."""
        self.value = fmt_clock(0)
        """The countdown's text, e.g. ``"02:10"``."""
        self.breathing = False
        """Whether the guide shows (not between presses)."""
        self.level = 0
        """Half-cells each side of the guide's middle that are filled."""
        self.cue = ""
        self.out = False
        """Breathing out (or holding out): the guide's other colour."""
        self._fullness = 0.0
        self._width = 0
        self._lines: dict[int, tuple[Hashable, Strip]] = {}
        self._styles: dict[str, Style] = {}

    # --- what it shows ----------------------------------------------------------------------

    def show_step(self, step_text: str) -> None:
        """Show a new step number."""
        if step_text != self.step_text:
            self.step_text = step_text
            self._changed((self.TITLE, 1))

    def show_time(
        self, elapsed: int, seconds: int, breath: Breath | None, tick: float = 0.0
    ) -> float:
        """Show the session's elapsed seconds, the phase's seconds left and the breath now.

        ``tick`` is how often (in routine seconds) this may be called; the guide moves in steps
        of one or two ticks (:func:`guide_step`). Returns the step, or ``tick`` without a breath.
        """
        bar = elapsed != self.elapsed
        self.elapsed = elapsed
        before = self._clock_key()
        if seconds != self.seconds:
            self.seconds = seconds
            self.value = fmt_clock(seconds)
        self.breathing = breath is not None
        step = tick
        if breath is not None and self.reduced_motion:
            self.words = f"{BREATH_WORDS[breath.phase]} · {whole_seconds(breath.remaining)}"
            self.cue = breath.cue if breath.cue != BREATH_WORDS[breath.phase] else ""
            self.out = breath.phase in (BreathPhase.EXHALE, BreathPhase.HOLD_OUT)
            # The words change with the breath's whole seconds: every second when the breath's
            # parts last whole seconds, else at each tick.
            step = 2 * tick if _whole(breath.length, 2 * tick) else tick
        elif breath is not None:
            half_cells = self._half_cells(self._width)
            step = guide_step(breath.length, half_cells, tick)
            self._fullness = stepped_fullness(breath, step)
            self.level = breath_level(self._fullness, half_cells)
            self.cue = breath.cue
            self.out = breath.phase in (BreathPhase.EXHALE, BreathPhase.HOLD_OUT)
        clock = self._clock_key() != before
        self._changed(
            *([(self.BAR, 1)] if bar else []), *([(self.CLOCK, self.CLOCK_LINES)] if clock else [])
        )
        return step

    def _changed(self, *lines: tuple[int, int]) -> None:
        """Repaint these (first line, count): Textual styles those again and keeps the rest.

        One call for all of them, as each costs Textual a round of messages.
        """
        if not lines:
            return
        if self.is_mounted:
            self.refresh(*(Region(0, y, self._width, height) for y, height in lines))
        else:
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._width = self.content_size.width
        self.level = breath_level(self._fullness, self._half_cells(self._width))
        self.refresh()  # Textual may have painted the new size before this came

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self._styles.clear()

    def _style(self, component: str = "") -> Style:
        """The widget's style, or one of its component styles; kept until the CSS changes."""
        style = self._styles.get(component)
        if style is None:
            visual = self.get_visual_style(component) if component else self.visual_style
            style = self._styles[component] = visual.rich_style
        return style

    def band_width(self, width: int) -> int:
        """The guide's width when the widget is ``width`` cells wide."""
        room = width - len(digit_rows(self.value)[0]) - self.GAP
        return max(0, min(self.BAND_MAX, room))

    def _half_cells(self, width: int) -> int:
        """Half-cells on each side of the guide's middle."""
        return max(2, self.band_width(width) // 2 * 2)

    def _clock_key(self) -> Hashable:
        return (self.value, self.breathing, self.level, self.cue, self.out, self.words)

    def set_reduced_motion(self, reduced: bool) -> None:
        """Show the breath in words (True) or as the moving band (False), from the next tick."""
        if reduced != self.reduced_motion:
            self.reduced_motion = reduced
            self.words = ""
            self._lines.clear()
            self.refresh()

    # --- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == self.TITLE:
            key: Hashable = (self.title, self.status, self.step_text)
            draw = self._title_line
        elif y == self.BAR:
            key, draw = (self.elapsed, self.total), self._bar_line
        elif self.CLOCK <= y < self.CLOCK + self.CLOCK_LINES:
            key, draw = self._clock_key(), self._clock_lines
        else:
            key, draw = None, self._blank_line
        cached = self._lines.get(y)
        if cached is None or cached[0] != (key, width):
            lines = draw(width)
            for offset, line in enumerate(lines):
                self._lines[y if len(lines) == 1 else self.CLOCK + offset] = ((key, width), line)
            cached = self._lines[y]
        return cached[1]

    def _blank_line(self, width: int) -> list[Strip]:
        return [Strip.blank(width, self._style())]

    def _title_line(self, width: int) -> list[Strip]:
        style = self._style()
        right = self.step_text
        with_status = f"{self.status}  {right}"
        # The status goes first when room is short, but not before the title has 16 cells.
        if self.status and width - len(with_status) - 1 >= min(len(self.title), 16):
            right = with_status
        right = fit(right, width)
        title = fit(self.title, max(0, width - len(right) - 1))
        segments = [
            Segment(title, self._style("dashboard--title")),
            Segment(" " * (width - len(title) - len(right)), style),
            Segment(right, self._style("dashboard--muted")),
        ]
        return [Strip(segments).crop_extend(0, width, style)]

    def _bar_line(self, width: int) -> list[Strip]:
        left = fmt_clock(self.elapsed)
        right = f"{fmt_clock(max(0, self.total - self.elapsed))} left"
        room = max(0, width - len(left) - len(right) - 2)
        eighths = round(room * 8 * self.elapsed / self.total) if self.total > 0 else 0
        full, part = divmod(min(eighths, room * 8), 8)
        done = "━" * full + ("╸" if part >= 4 else "")
        style = self._style()
        parts = [
            (left, self._style("dashboard--done-time")),
            (f" {done}", style),
            ("─" * (room - len(done)), self._style("dashboard--track")),
            (" ", style),
            (right, self._style("dashboard--time")),
        ]
        return [narrow_line(parts, style, width)]

    def _clock_lines(self, width: int) -> list[Strip]:
        style = self._style()
        rows = digit_rows(self.value)
        band_width = self.band_width(width)
        if not self.breathing or band_width < 2:
            lines = [narrow_line([(row, style)], style, width) for row in rows]
            return [*lines, Strip.blank(width, style)]
        side = band_width // 2
        out = "dashboard--breath-out" if self.out else "dashboard--breath-in"
        breath_style = self._style(out)
        digits_width = max(len(row) for row in rows)
        left = digits_width + self.GAP
        if self.reduced_motion:
            beside = ["", self.words.center(side * 2), ""]
        else:
            beside = [band(self.level, side)] * 3
        lines = [
            narrow_line([(row.ljust(left), style), (text, breath_style)], style, width)
            for row, text in zip(rows, beside, strict=True)
        ]
        cue = self.cue
        if len(cue) <= side * 2:
            cue = " " * left + cue.center(side * 2)
        elif left + len(cue) <= width:
            cue = " " * left + cue
        cue_line = Strip([Segment(fit(cue, width), breath_style)]).crop_extend(0, width, style)
        return [*lines, cue_line]
