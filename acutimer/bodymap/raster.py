"""A small rasteriser: polygons and polylines onto a grid of dots, and dots into braille cells.

The grid keeps one bitmask per row for each kind of ink (:class:`Ink`), so filling a span, finding
the outline and packing 2×4 dots into a braille cell are a few integer operations a row rather
than a Python step a dot. A cell is the braille pattern of its drawn dots, in the style of its
strongest ink. Pure Python, no dependencies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

Point2 = tuple[float, float]


class Ink:
    """What a dot shows: bits, so a dot can hold several. Higher bits win in a cell's style."""

    BODY = 1
    """Inside the outline (not drawn as a dot; the outline is the edge of these)."""
    FAINT = 2
    """A landmark or guide, drawn lightly."""
    EDGE = 4
    """The outline."""
    REF = 8
    """A landmark the marked point is measured from."""


INKS = (Ink.BODY, Ink.FAINT, Ink.EDGE, Ink.REF)
DRAWN = Ink.FAINT | Ink.EDGE | Ink.REF
"""Ink that puts a dot on the screen."""


def _braille_table() -> list[int]:
    """Braille bits for the 2-dot pairs of a cell's four rows, packed as row0 | row1 << 2 ...

    Unicode numbers the dots down the left column (1, 2, 3, then 7) and the right (4, 5, 6, 8).
    """
    left = (0x01, 0x02, 0x04, 0x40)
    right = (0x08, 0x10, 0x20, 0x80)
    table = []
    for packed in range(256):
        bits = 0
        for row in range(4):
            pair = (packed >> (2 * row)) & 3
            if pair & 1:
                bits |= left[row]
            if pair & 2:
                bits |= right[row]
        table.append(bits)
    return table


_BRAILLE = _braille_table()


class Canvas:
    """A width × height grid of dots; each ink is a list of row bitmasks (bit x is column x)."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.rows: dict[int, list[int]] = {ink: [0] * height for ink in INKS}

    def get(self, x: int, y: int) -> int:
        """The ink bits of one dot (0 outside the grid)."""
        if not (0 <= x < self.width and 0 <= y < self.height):
            return 0
        return sum(ink for ink, rows in self.rows.items() if rows[y] >> x & 1)

    def set(self, x: int, y: int, ink: int) -> None:
        """Add ``ink`` (one or more bits) to a dot; outside the grid, nothing."""
        if 0 <= x < self.width and 0 <= y < self.height:
            for bit in INKS:
                if ink & bit:
                    self.rows[bit][y] |= 1 << x

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
        if bottom < top:
            return
        crossings: list[list[float]] = [[] for _ in range(bottom - top + 1)]
        for index in range(len(polygon)):
            (ax, ay), (bx, by) = polygon[index - 1], polygon[index]
            if ay == by:
                continue
            low, high = (ay, by) if ay < by else (by, ay)
            # rows whose centre (row + 0.5) lies in [low, high)
            first = max(top, math.ceil(low - 0.5))
            last = min(bottom, math.ceil(high - 0.5) - 1)
            slope = (bx - ax) / (by - ay)
            for row in range(first, last + 1):
                crossings[row - top].append(ax + (row + 0.5 - ay) * slope)
        masks = [self.rows[bit] for bit in INKS if ink & bit]
        for offset, xs in enumerate(crossings):
            if len(xs) < 2:
                continue
            xs.sort()
            span = 0
            for start, end in zip(xs[::2], xs[1::2], strict=False):
                first = max(x0, math.ceil(start - 0.5))
                last = min(x1, math.ceil(end - 0.5) - 1)
                if last >= first:
                    span |= ((1 << (last - first + 1)) - 1) << first
            for rows in masks:
                rows[top + offset] |= span

    def line(
        self, points: Sequence[Point2], ink: int, *, closed: bool = False, dotted: bool = False
    ) -> None:
        """Draw a polyline through ``points`` (one dot thick); ``dotted`` draws every other dot."""
        if not points:
            return
        path = [*points, points[0]] if closed else list(points)
        for index, (x, y) in enumerate(_walk(path)):
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
        body = self.rows[inside]
        out = self.rows[ink]
        x0, y0, x1, y1 = clip if clip is not None else (0, 0, self.width - 1, self.height - 1)
        # Past the frame counts as inside when cut (no edge there), as outside otherwise.
        frame = ((1 << (x1 - x0 + 1)) - 1) << x0 if clip is not None else 0
        left_in = 1 << x0 if clip is not None else 0
        right_in = 1 << x1 if clip is not None else 0
        for y in range(self.height):
            row = body[y]
            if not row:
                continue
            up = body[y - 1] if y - 1 >= y0 else frame
            down = body[y + 1] if y + 1 <= y1 else frame
            inner = row & ((row << 1) | left_in) & ((row >> 1) | right_in) & up & down
            out[y] |= row & ~inner

    def cells(self, row: int, columns: int) -> list[tuple[str, int]]:
        """One row of ``columns`` braille cells: each its character and the ink it shows."""
        layers = []
        for bit in (Ink.REF, Ink.EDGE, Ink.FAINT):
            rows = self.rows[bit]
            r0, r1, r2, r3 = (
                rows[y] if y < self.height else 0 for y in range(4 * row, 4 * row + 4)
            )
            if r0 | r1 | r2 | r3:
                layers.append((bit, r0 | r1 | r2 | r3, r0, r1, r2, r3))
        out = []
        for column in range(columns):
            shift = 2 * column
            pattern = 0
            ink = 0
            for bit, anywhere, r0, r1, r2, r3 in layers:
                if not anywhere >> shift & 3:
                    continue
                packed = (
                    (r0 >> shift & 3)
                    | (r1 >> shift & 3) << 2
                    | (r2 >> shift & 3) << 4
                    | (r3 >> shift & 3) << 6
                )
                pattern |= _BRAILLE[packed]
                ink |= bit
            out.append(((chr(0x2800 + pattern) if pattern else " "), ink))
        return out

    def cell(self, column: int, row: int) -> tuple[str, int]:
        """The braille character of one 2×4 cell and the ink it shows."""
        return self.cells(row, column + 1)[column]


def _walk(path: Iterable[Point2]) -> Iterable[tuple[int, int]]:
    """The dots along a polyline, each segment by Bresenham's algorithm, without repeats."""
    last: tuple[int, int] | None = None
    previous: tuple[int, int] | None = None
    for x, y in path:
        here = (math.floor(x), math.floor(y))
        if previous is None:
            previous = last = here
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
