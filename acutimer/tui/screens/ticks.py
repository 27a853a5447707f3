"""When the session screen looks at the clock next: a grid of the phase's time.

The screen keeps no time of its own; it only chooses when to ask the engine again. Ticks fall on
a grid of the phase's time, just after each change, so the screen is never a tick late and no
tick is wasted.
"""

from __future__ import annotations

GUIDE_HZ = 2.0
"""Ticks a second while the breathing guide moves fastest.

Each repaint costs Textual about 2 ms of CPU on the reference machine, whatever it shows, so
the guide moves at most twice a second, and once a second, with the countdown, when that still
looks smooth (see :func:`acutimer.tui.widgets.guide.guide_step`): so it does for every pace of
the built-in routines. The timer ticks only when something on screen changes; bench/bench_tui.py
measures the CPU."""
PLAIN_HZ = 1.0
"""Ticks a second otherwise: the countdown changes once a second (faster with --speed)."""
LATE = 0.005
"""Seconds after a change on the tick grid that a tick aims for: a timer may fire a little
early, and one that came before the change would leave the screen a whole tick behind."""


def until_tick(into_phase: float, period: float) -> float:
    """Real seconds to wait, ``into_phase`` seconds into a phase, for the next tick of its grid.

    The grid has a point every ``period`` seconds from the phase's start; the tick aims just
    after it (:data:`LATE`).
    """
    return period - into_phase % period + LATE
