"""The countdown's digits and the breathing guide's band: what they look like at each moment.

Pure functions of what is shown, so the dashboard repaints only when one of them changes.
"""

from __future__ import annotations

import math
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.renderables.digits import Digits as DigitsRenderable

from acutimer.routine.timeline import Breath, BreathPhase


def whole_seconds(seconds: float) -> int:
    """What a countdown shows: the seconds left, rounded up (29.2 s left shows 30)."""
    return max(0, math.ceil(seconds - 1e-6))


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


MAX_JUMP = 8
"""The most half-cells a side of the breathing guide moves in one step (four cells)."""


def guide_step(length: float, half_cells: int, tick: float) -> float:
    """How long each step of the guide lasts, for a part of a breath ``length`` seconds long.

    One tick or two: two when the band still moves no more than :data:`MAX_JUMP` half-cells a
    step. With the widest band (32 half-cells a side) and ticks of half a second, every pace of
    the built-in routines moves once a second, in step with the countdown: a 4-second breath in
    by 8 half-cells, a 6-second breath out by 5.3. A quicker breath moves every half second.
    Each repaint costs Textual about 2 ms of CPU here, so this halves the CPU of a hold.
    """
    if length > 0 and half_cells * 2 * tick / length <= MAX_JUMP:
        return 2 * tick
    return tick


@lru_cache(maxsize=32)
def _glyph(character: str) -> tuple[str, ...]:
    """One character in Textual's three-line digits."""
    pieces = DigitsRenderable(character).render(Style())
    return tuple("".join(p.text for p in pieces if isinstance(p, Segment)).splitlines())


@lru_cache(maxsize=8)
def digit_rows(text: str) -> tuple[str, str, str]:
    """``text`` in Textual's three-line digits, one string per line."""
    glyphs = [_glyph(character) for character in text]
    top, middle, bottom = ("".join(glyph[row] for glyph in glyphs) for row in range(3))
    return top, middle, bottom


def band(level: int, side: int) -> str:
    """The breathing band: ``level`` half-cells filled each side of the middle, ``2*side`` wide."""
    level = min(level, side * 2)
    full, half = divmod(level, 2)
    pad = " " * (side - full - half)
    return pad + ("▐" if half else "") + "█" * (2 * full) + ("▌" if half else "") + pad
