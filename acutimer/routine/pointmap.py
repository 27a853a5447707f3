"""A point on the body map: which spots to mark for a side, and the picture of it.

The front ends call :func:`point_picture` with the side in use (from the phase) and the cells
they have; the picture comes from the body map's cache, so calling it on every redraw is free.
"""

from __future__ import annotations

from acutimer.bodymap import MARK_GLYPH, Mark, Picture, fit, get_figure, render
from acutimer.routine.models import Sides
from acutimer.routine.pointmodels import Point
from acutimer.routine.stepwords import side_text
from acutimer.routine.timeline import Side


def shown_side(sides: Sides) -> Side | None:
    """The side(s) a plan of a step shows: the one side it works, both, or None (midline)."""
    if sides is Sides.LEFT:
        return Side.LEFT
    if sides is Sides.RIGHT:
        return Side.RIGHT
    if sides is Sides.MIDLINE:
        return None
    return Side.BOTH


def marks_for(point: Point, side: Side | None) -> tuple[list[Mark], bool]:
    """The marks for ``point`` worked on ``side``, and whether the figure is drawn flipped.

    A midline point marks its spot whatever the side. On a figure of both sides, the left
    marks the person's left, the right their right, both (or None) marks both. A one-limb
    figure shows the left limb, flipped for the right; both shows the left limb.
    """
    place = point.map
    if place is None:
        return [], False
    label = point.code
    left = [Mark(x, y, label if i == 0 else "") for i, (x, y) in enumerate(place.at)]
    right = [Mark(x, y, label if i == 0 else "") for i, (x, y) in enumerate(place.mirror)]
    if not right:
        return left, False
    one_limb = not get_figure(place.figure).pair
    if side is Side.RIGHT:
        return right, one_limb
    if side is Side.LEFT or one_limb:
        return left, False
    return left + right, False


def point_size(point: Point, max_width: int, max_height: int) -> tuple[int, int]:
    """The cells the point's figure fills within ``max_width`` × ``max_height`` (0, 0 if none)."""
    if point.map is None:
        return 0, 0
    return fit(point.map.figure, max_width, max_height)


def point_picture(
    point: Point, side: Side | None, width: int, height: int, *, labels: bool = True
) -> Picture | None:
    """The point's figure in ``width`` × ``height`` cells with the spots for ``side`` marked,
    its landmarks drawn a little stronger; None for a point with no place on the map.

    ``labels``: write the point's code beside its mark (False where a legend under the
    picture names it, as in a small picture, where a label would hide the drawing).

    Cached by the body map: once per point, size and side.
    """
    if point.map is None:
        return None
    marks, flip = marks_for(point, side)
    if not labels:
        marks = [mark._replace(label="") for mark in marks]
    return render(point.map.figure, marks, width, height, flip=flip, landmarks=point.map.landmarks)


def side_words(point: Point, side: Side | None) -> str:
    """Which side a picture marks, in words: ``"left hand"``, ``"both sides"``, ``"midline"``."""
    place = point.map
    if place is None or not place.mirror:
        return "midline"
    if side is Side.BOTH or side is None:
        where = side_text(Side.BOTH, point).removesuffix(" at once")
        if not get_figure(place.figure).pair:
            where += " (the left shown; the right is its mirror image)"
        return where
    return side_text(side, point)


def edge_words(point: Point, side: Side | None) -> tuple[str, str] | str:
    """What the picture's left and right edges are, for a line under it: ``("left", "right")``
    on a view from behind, ``("right", "left")`` on one facing you; on a figure of one limb, its
    title (the limb is in :func:`side_words`). Empty for a point with no place on the map."""
    if point.map is None:
        return ""
    figure = get_figure(point.map.figure)
    if not figure.pair:
        return figure.title
    return ("left", "right") if figure.person_left == "left" else ("right", "left")


def legend(point: Point, side: Side | None, picture: Picture) -> str:
    """The line under a picture: ``"● LI-4 · left hand · Backs of both hands, ..."``."""
    return f"{MARK_GLYPH} {point.code} · {side_words(point, side)} · {picture.caption}"


def map_lines(
    point: Point,
    side: Side | None,
    max_width: int,
    max_height: int,
    *,
    colour: bool,
    indent: str = "",
) -> list[str]:
    """The point's picture as terminal lines (SGR colours if ``colour``), then its legend.

    Empty for a point with no place on the map. Lines carry no trailing spaces.
    """
    width, height = point_size(point, max(1, max_width - len(indent)), max_height)
    picture = point_picture(point, side, width, height)
    if picture is None:
        return []
    rows = picture.ansi() if colour else picture.plain()
    return [(indent + row).rstrip() for row in rows] + [indent + legend(point, side, picture)]
