"""The body map's geometry: whether a point is inside a polygon, and the curves, ellipses and
rounded bars that figures are drawn from (each sampled into a polygon or polyline).

Pure arithmetic in figure units; no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Point2 = tuple[float, float]
"""A point in figure units: x to the right, y down."""


def inside_polygon(x: float, y: float, polygon: Sequence[Point2]) -> bool:
    """Even-odd rule: whether (x, y) is inside the closed polygon."""
    inside = False
    count = len(polygon)
    for index in range(count):
        x1, y1 = polygon[index]
        x2, y2 = polygon[index - 1]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def smooth(points: Sequence[Point2], *, closed: bool, steps: int = 6) -> list[Point2]:
    """A Catmull-Rom curve through ``points``, sampled ``steps`` times per span."""
    count = len(points)
    if count < 3:
        return list(points)
    out: list[Point2] = []
    spans = count if closed else count - 1
    for index in range(spans):

        def at(offset: int, i: int = index) -> Point2:
            j = i + offset
            return points[j % count] if closed else points[min(max(j, 0), count - 1)]

        p0, p1, p2, p3 = at(-1), at(0), at(1), at(2)
        for step in range(steps):
            t = step / steps
            t2, t3 = t * t, t * t * t
            out.append(
                (
                    0.5
                    * (
                        2 * p1[0]
                        + (p2[0] - p0[0]) * t
                        + (2 * p0[0] - 5 * p1[0] + 4 * p2[0] - p3[0]) * t2
                        + (3 * p1[0] - p0[0] - 3 * p2[0] + p3[0]) * t3
                    ),
                    0.5
                    * (
                        2 * p1[1]
                        + (p2[1] - p0[1]) * t
                        + (2 * p0[1] - 5 * p1[1] + 4 * p2[1] - p3[1]) * t2
                        + (3 * p1[1] - p0[1] - 3 * p2[1] + p3[1]) * t3
                    ),
                )
            )
    if not closed:
        out.append(points[-1])
    return out


def ellipse(cx: float, cy: float, rx: float, ry: float, *, steps: int = 40) -> list[Point2]:
    """An ellipse as a closed polygon."""
    return [
        (cx + rx * math.cos(2 * math.pi * i / steps), cy + ry * math.sin(2 * math.pi * i / steps))
        for i in range(steps)
    ]


def capsule(
    x1: float, y1: float, x2: float, y2: float, r1: float, r2: float | None = None
) -> list[Point2]:
    """A rounded bar from (x1, y1) to (x2, y2), r1 wide at the start and r2 at the end: a finger,
    a limb, a tendon."""
    end_radius = r1 if r2 is None else r2
    angle = math.atan2(y2 - y1, x2 - x1)
    out: list[Point2] = []
    steps = 10
    for i in range(steps + 1):  # the round end at (x2, y2), from one side to the other
        a = angle - math.pi / 2 + math.pi * i / steps
        out.append((x2 + end_radius * math.cos(a), y2 + end_radius * math.sin(a)))
    for i in range(steps + 1):  # the round end at (x1, y1)
        a = angle + math.pi / 2 + math.pi * i / steps
        out.append((x1 + r1 * math.cos(a), y1 + r1 * math.sin(a)))
    return out
