"""A small rasteriser: polygons and polylines onto a grid of dots, and dots into braille cells.

Each dot holds a set of ink bits (:class:`Ink`); a terminal cell is 2×4 dots, the braille
pattern of its inked dots, in the style of its strongest ink. Pure Python, no dependencies: a
figure of 40×20 cells is 80×80 dots, and the work is a scanline fill and Bresenham lines.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from enum import IntFlag

Point2 = tuple[float, float]


class Ink(IntFlag):
    """What a dot shows. Higher bits win when a cell holds several."""

    BODY = 1
    """Inside the outline (not drawn as a dot; the outline is the edge of these)."""
    FAINT = 2
    """A landmark or guide, drawn lightly."""
    EDGE = 4
    """The outline."""
    REF = 8
    """A landmark the marked point is measured from."""


DRAWN = Ink.FAINT | Ink.EDGE | Ink.REF
"""Ink that puts a dot on the screen."""

# Braille dot numbers: bit for the dot at (column, row) of a 2×4 cell (Unicode's order).
_BRAILLE_BIT = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))


class Canvas:
    """A width × height grid of dots, each a set of :class:`Ink` bits."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.dots = bytearray(width * height)

    def get(self, x: int, y: int) -> int:
        if 0 <= x < self.width and 0 <= y < self.height:
            return self.dots[y * self.width + x]
        return 0

    def set(self, x: int, y: int, ink: int) -> None:
        if 0 <= x < self.width and 0 <= y < self.height:
            self.dots[y * self.width + x] |= ink

    def fill(
        self,
        polygon: Sequence[Point2],
        ink: int,
        *,
        clip: tuple[int, int, int, int] | None = None,
    ) -> None:
        """Set ``ink`` on every dot whose centre is inside ``polygon`` (even-odd) and ``clip``."""
        if len(polygon) < 3:
            return
        x0, y0, x1, y1 = clip if clip is not None else (0, 0, self.width - 1, self.height - 1)
        top = max(y0, math.floor(min(y for _, y in polygon)))
        bottom = min(y1, math.ceil(max(y for _, y in polygon)))
        edges = [(polygon[i - 1], polygon[i]) for i in range(len(polygon))]
        for row in range(top, bottom + 1):
            centre = row + 0.5
            crossings = sorted(
                x1 + (centre - y1) * (x2 - x1) / (y2 - y1)
                for (x1, y1), (x2, y2) in edges
                if (y1 > centre) != (y2 > centre)
            )
            for start, end in zip(crossings[::2], crossings[1::2], strict=False):
                first = max(x0, math.ceil(start - 0.5))
                last = min(x1, math.ceil(end - 0.5) - 1)
                base = row * self.width
                for column in range(first, last + 1):
                    self.dots[base + column] |= ink

    def line(
        self, points: Sequence[Point2], ink: int, *, closed: bool = False, dotted: bool = False
    ) -> None:
        """Draw a polyline through ``points`` (one dot thick); ``dotted`` draws every other dot."""
        if not points:
            return
        path = [*points, points[0]] if closed else list(points)
        cells = list(_walk(path))
        for index, (x, y) in enumerate(cells):
            if not dotted or index % 2 == 0:
                self.set(x, y, ink)

    def outline(
        self,
        inside: int = Ink.BODY,
        ink: int = Ink.EDGE,
        *,
        clip: tuple[int, int, int, int] | None = None,
    ) -> None:
        """Mark the dots of ``inside`` that touch a dot outside it (4-neighbours): the edge.

        ``clip`` (first column, first row, last column, last row) is the frame the shapes were
        cut to: a body running off the frame is open there, with no edge along the cut.
        """
        width, height, dots = self.width, self.height, self.dots
        x0, y0, x1, y1 = clip if clip is not None else (0, 0, width - 1, height - 1)

        def outside(x: int, y: int) -> bool:
            if x < x0 or x > x1 or y < y0 or y > y1:
                return clip is None
            return not dots[y * width + x] & inside

        edge = [
            y * width + x
            for y in range(height)
            for x in range(width)
            if dots[y * width + x] & inside
            and (outside(x - 1, y) or outside(x + 1, y) or outside(x, y - 1) or outside(x, y + 1))
        ]
        for index in edge:
            dots[index] |= ink

    def cell(self, column: int, row: int) -> tuple[str, int]:
        """The braille character of a 2×4 cell and the union of its drawn ink."""
        pattern = 0
        ink = 0
        for dx in (0, 1):
            for dy in range(4):
                dot = self.get(2 * column + dx, 4 * row + dy) & DRAWN
                if dot:
                    pattern |= _BRAILLE_BIT[dx][dy]
                    ink |= dot
        return (chr(0x2800 + pattern) if pattern else " "), ink


def _walk(path: Iterable[Point2]) -> Iterable[tuple[int, int]]:
    """The dots along a polyline, each segment by Bresenham's algorithm, without repeats."""
    last: tuple[int, int] | None = None
    previous: tuple[int, int] | None = None
    for x, y in path:
        here = (math.floor(x), math.floor(y))
        if previous is None:
            previous = here
            last = here
            yield here
            continue
        for dot in _segment(previous, here):
            if dot != last:
                last = dot
                yield dot
        previous = here


def _segment(start: tuple[int, int], end: tuple[int, int]) -> Iterable[tuple[int, int]]:
    x0, y0 = start
    x1, y1 = end
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx = 1 if x0 < x1 else -1
    sy = 1 if y0 < y1 else -1
    error = dx + dy
    while True:
        yield x0, y0
        if x0 == x1 and y0 == y1:
            return
        twice = 2 * error
        if twice >= dy:
            error += dy
            x0 += sx
        if twice <= dx:
            error += dx
            y0 += sy
