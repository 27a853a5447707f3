"""The figures of the body map: vector outlines and landmarks, read from ``figures.toml``.

A figure is drawn in its own units (millimetres of an average adult), x to the right and y down.
Its *body* shapes are filled, and the edge of their union is the outline; its *line* shapes are
landmarks (bones, creases, tendons), drawn lightly; its *guide* shapes are dotted measuring lines.

A *pair* figure shows both sides of the body (both hands, the whole back): shapes marked
``mirror`` are drawn again reflected about the figure's ``axis``. A *one-sided* figure shows one
limb (the outside of the left ankle); the other side is the same figure flipped left to right.

The shipped file is read by :mod:`.shipped` (parsed by :mod:`.parse`, its curves from
:mod:`.geometry`); this module holds the model, and the check of a point's place on a figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from acutimer.bodymap.geometry import Point2, inside_polygon

ROLES = ("body", "line", "guide")
"""body: filled, its union's edge is the outline; line: a landmark; guide: a dotted measure."""


@dataclass(frozen=True)
class Shape:
    """One outline, landmark or guide of a figure."""

    name: str
    """The name points use to say what they are measured from, e.g. ``"knuckles"``."""
    role: str
    """``body``, ``line`` or ``guide`` (see :data:`ROLES`)."""
    points: tuple[Point2, ...]
    """The shape as a polyline in figure units (curves and ellipses already sampled)."""
    closed: bool
    """Whether the last point joins the first (always true for bodies)."""
    hidden: bool = False
    """Drawn only when a marked point is measured from it (a measuring guide)."""
    detail: bool = False
    """Drawn only when the figure is big enough for it (fingernails)."""


@dataclass(frozen=True)
class Figure:
    """A figure of one region of the body."""

    name: str
    """Its name, as points name it, e.g. ``"hands"``."""
    title: str
    """What it shows, in a few words."""
    caption: str
    """What it shows and which side is where, as drawn."""
    mirror_caption: str | None
    """For a one-sided figure: the caption of the figure flipped (the other side)."""
    width: float
    height: float
    axis: float | None
    """For a pair figure, the x of the body's midline; None for a one-sided figure."""
    person_left: str
    """On which side of the picture the person's left is: ``"left"`` (seen from behind, or
    one's own hands from above) or ``"right"`` (facing us). A one-sided figure shows a left
    limb as drawn."""
    shapes: tuple[Shape, ...]

    @property
    def pair(self) -> bool:
        """Whether the figure shows both sides of the body."""
        return self.axis is not None

    @property
    def bodies(self) -> tuple[Shape, ...]:
        return tuple(s for s in self.shapes if s.role == "body")

    @property
    def landmark_names(self) -> frozenset[str]:
        """Names a point may be measured from: any shape's (a body's, e.g. the ear, too)."""
        return frozenset(s.name for s in self.shapes)

    def contains(self, x: float, y: float) -> bool:
        """Whether (x, y) lies inside the figure's outline (inside any of its bodies)."""
        return any(inside_polygon(x, y, body.points) for body in self.bodies)

    def on_left(self, x: float) -> bool:
        """Whether x is on the person's left half of a pair figure."""
        assert self.axis is not None
        return (x < self.axis) == (self.person_left == "left")

    def reflect(self, x: float) -> float:
        """The x of the same place on the other side: across the axis, or the flipped figure."""
        return 2 * self.axis - x if self.axis is not None else self.width - x


class FigureError(ValueError):
    """The figures file is wrong: the message names the figure and the key."""


MIDLINE_SLACK = 2.0
"""How far (in figure units) a midline spot may sit from the axis, and a mirror from the
reflection of its spot."""


def spot_problems(
    figure: Figure,
    at: Sequence[Sequence[float]],
    mirror: Sequence[Sequence[float]],
    landmarks: Sequence[str],
) -> list[str]:
    """What is wrong with a point's place on ``figure``: outside the outline, on the wrong
    side, a mirror that is not the reflection of its spot, an unknown landmark.

    ``at`` is on the person's left (or on the midline, with no ``mirror``); ``mirror`` is the
    same spots on the right side: on a pair figure in the same picture, on a one-sided figure in
    the picture flipped.
    """
    problems = []
    for x, y in at:
        if not figure.contains(x, y):
            problems.append(f"[{x:g}, {y:g}] is outside the outline of figure {figure.name!r}")
    if mirror and len(mirror) != len(at):
        problems.append(f"mirror has {len(mirror)} spot(s) but at has {len(at)}")
    if not mirror and figure.axis is not None:
        for x, _ in at:
            if abs(x - figure.axis) > MIDLINE_SLACK:
                problems.append(
                    f"x = {x:g} is off the midline (x = {figure.axis:g}) of figure "
                    f"{figure.name!r}: a point off the midline needs its mirror"
                )
    if not mirror and figure.axis is None:
        problems.append(f"figure {figure.name!r} shows one limb: give the mirror spot too")
    for (x, y), (mx, my) in zip(at, mirror, strict=False):
        if figure.axis is not None:
            if not figure.on_left(x) or abs(x - figure.axis) <= MIDLINE_SLACK:
                problems.append(f"[{x:g}, {y:g}] is not on the person's left of {figure.name!r}")
            if figure.on_left(mx) or abs(mx - figure.axis) <= MIDLINE_SLACK:
                problems.append(
                    f"mirror [{mx:g}, {my:g}] is not on the person's right of {figure.name!r}"
                )
            inside = figure.contains(mx, my)
        else:
            inside = figure.contains(figure.width - mx, my)
        if not inside:
            problems.append(f"mirror [{mx:g}, {my:g}] is outside the outline of {figure.name!r}")
        if abs(mx - figure.reflect(x)) > MIDLINE_SLACK or abs(my - y) > MIDLINE_SLACK:
            problems.append(
                f"mirror [{mx:g}, {my:g}] is not the reflection of [{x:g}, {y:g}] "
                f"([{figure.reflect(x):g}, {y:g}])"
            )
    known = figure.landmark_names
    for name in landmarks:
        if name not in known:
            problems.append(
                f"figure {figure.name!r} has no landmark {name!r}; it has "
                + ", ".join(repr(n) for n in sorted(known))
            )
    return problems
