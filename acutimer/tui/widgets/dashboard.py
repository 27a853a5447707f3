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

from collections.abc import Callable, Hashable

from textual import events
from textual.geometry import Region
from textual.strip import Strip

from acutimer.routine.timeline import Breath, BreathPhase
from acutimer.routine.units import fmt_clock
from acutimer.tui.widgets.dashboard_lines import DashboardLines
from acutimer.tui.widgets.guide import (
    breath_level,
    guide_step,
    stepped_fullness,
    whole_seconds,
)

BREATH_WORDS = {
    BreathPhase.INHALE: "breathe in",
    BreathPhase.HOLD_IN: "hold",
    BreathPhase.EXHALE: "breathe out",
    # Not "rest": that is the hands-off phase between steps.
    BreathPhase.HOLD_OUT: "pause",
}
"""With reduced motion, what the guide says for each part of the breath."""


def _whole(length: float, step: float) -> bool:
    """Whether ``length`` is a whole number of ``step``s."""
    count = length / step if step > 0 else 0.5
    return abs(count - round(count)) < 1e-6


_Part = tuple[int, int, Callable[[], Hashable], Callable[[int], list[Strip]]]
"""A part of the dashboard: its first line, its lines, what they show, how they are drawn."""


class Dashboard(DashboardLines):
    """The routine's title and step, a bar for the whole session, the countdown and the breath.

    Seven lines: the title (bold) with the status ("not recorded", "preview at 2×") and the step
    on the right; the session bar, with the time done and the time left; what the countdown
    counts ("press · time left"), with "breath 2 of 3" over the guide on breath-led steps; the
    countdown of the phase in Textual's three-line digits with the breathing guide beside it, a
    band that widens as you breathe in and narrows as you breathe out, or a word where there is
    no guide ("breathe naturally"); the guide's cue, whole (it may say "never into pain"): under
    the band when it fits, else from the left edge. Paused, the cue says so instead. With reduced
    motion, words that change ("breathe in · 3") stand in place of the band.

    Given fewer than seven lines (a short terminal), it draws four: the title, the bar, the
    countdown in plain digits with its label and the guide, and the cue.

    The bar and the countdown are in the widget's colour, which the screen sets to the phase's.
    The guide is drawn in the ``dashboard--breath-in`` or ``dashboard--breath-out`` component
    style, so the way the breath goes changes a colour without restyling a node. The guide moves
    in steps of time given by the caller, so it repaints at a fixed, modest rate whatever its
    width.
    """

    def __init__(
        self, title: str, status: str = "", *, id: str | None = None, reduced_motion: bool = False
    ) -> None:
        super().__init__(title, status, id=id, reduced_motion=reduced_motion)
        top: list[_Part] = [
            (self.TITLE, 1, self._title_key, self._title_line),
            (self.BAR, 1, self._bar_key, self._bar_line),
        ]
        self._tall_parts: list[_Part] = [
            *top,
            (2, 1, self._label_key, self._label_line),
            (self.CLOCK, 3, self._clock_key, self._clock_lines),
            (6, 1, self._cue_key, self._cue_line),
        ]
        self._short_parts: list[_Part] = [
            *top,
            (2, 1, self._clock_key, self._clock_lines),
            (3, 1, self._cue_key, self._cue_line),
        ]

    # --- what it shows ----------------------------------------------------------------------

    def show_step(self, step_text: str) -> None:
        """Show a new step number."""
        self._update(lambda: setattr(self, "step_text", step_text))

    def show_phase(self, label: str, aside: str = "", breaths: int = 0) -> None:
        """Show what the countdown of a new phase counts, the word beside it, its breath count."""

        def change() -> None:
            self.label, self.aside, self.breaths = label, aside, breaths

        self._update(change)

    def show_paused(self, paused: bool) -> None:
        """Say "paused" in place of the guide's cue, or give the cue back."""
        self._update(lambda: setattr(self, "paused", paused))

    def show_time(
        self, elapsed: int, seconds: int, breath: Breath | None, tick: float = 0.0
    ) -> float:
        """Show the session's elapsed seconds, the phase's seconds left and the breath now.

        ``tick`` is how often (in routine seconds) this may be called; the guide moves in steps
        of one or two ticks (:func:`guide_step`). Returns the step, or ``tick`` without a breath.
        """
        step = tick

        def change() -> None:
            nonlocal step
            self.elapsed = elapsed
            if seconds != self.seconds:
                self.seconds = seconds
                self.value = fmt_clock(seconds)
            self.breathing = breath is not None
            if breath is not None and self.reduced_motion:
                words = BREATH_WORDS[breath.phase]
                self.words = f"{words} · {whole_seconds(breath.remaining)}"
                self.cue = breath.cue if breath.cue != words else ""
                self.out = breath.phase in (BreathPhase.EXHALE, BreathPhase.HOLD_OUT)
                self.breath_number = breath.number
                # The words change with the breath's whole seconds: every second when the
                # breath's parts last whole seconds, else at each tick.
                step = 2 * tick if _whole(breath.length, 2 * tick) else tick
            elif breath is not None:
                half_cells = self._half_cells(self._width)
                step = guide_step(breath.length, half_cells, tick)
                self._fullness = stepped_fullness(breath, step)
                self.level = breath_level(self._fullness, half_cells)
                self.cue = breath.cue
                self.out = breath.phase in (BreathPhase.EXHALE, BreathPhase.HOLD_OUT)
                self.breath_number = breath.number

        self._update(change)
        return step

    def _update(self, change: Callable[[], None]) -> None:
        """Make a change, then repaint the parts whose keys it changed.

        One refresh for all of them, as each costs Textual a round of messages; Textual styles
        those lines again and keeps the rest.
        """
        parts = self._parts()
        before = [key() for _, _, key, _ in parts]
        change()
        lines = [
            Region(0, y, self._width, height)
            for (y, height, key, _), old in zip(parts, before, strict=True)
            if key() != old
        ]
        if not lines:
            return
        if self.is_mounted:
            self.refresh(*lines)
        else:
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._width = self.content_size.width
        self._tall = self.size.height >= self.TALL
        self.level = breath_level(self._fullness, self._half_cells(self._width))
        self.refresh()  # Textual may have painted the new size before this came

    # --- parts: (first line, lines, what they show, how they are drawn) ----------------------

    def _parts(self) -> list[_Part]:
        return self._tall_parts if self._tall else self._short_parts

    def _title_key(self) -> Hashable:
        return (self.title, self.status, self.step_text)

    def _bar_key(self) -> Hashable:
        return (self.elapsed, self.total)

    def _label_key(self) -> Hashable:
        return (self.label, self._breath_text(), len(self.value))

    def _clock_key(self) -> Hashable:
        short = "" if self.tall else self._short_clock()
        return (self.value, self.breathing, self.level, self.out, self.aside, short, self.words)

    def set_reduced_motion(self, reduced: bool) -> None:
        """Show the breath in words (True) or as the moving band (False), from the next tick."""
        if reduced != self.reduced_motion:
            self.reduced_motion = reduced
            self.words = ""
            self._lines.clear()
            self.refresh()

    def _cue_key(self) -> Hashable:
        return (self._cue_text(), self.out, self.breathing, self._digits_width())

    # --- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        for first, count, key, draw in self._parts():
            if first <= y < first + count:
                shown = (key(), width)
                cached = self._lines.get(y)
                if cached is None or cached[0] != shown:
                    for offset, line in enumerate(draw(width)):
                        self._lines[first + offset] = (shown, line)
                    cached = self._lines[y]
                return cached[1]
        return Strip.blank(width, self._style())
