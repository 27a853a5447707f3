"""The figures of the body map: vector outlines and landmarks, read from ``figures.toml``.

A figure is drawn in its own units (millimetres of an average adult), x to the right and y down.
Its *body* shapes are filled, and the edge of their union is the outline; its *line* shapes are
landmarks (bones, creases, tendons), drawn lightly; its *guide* shapes are dotted measuring lines.

A *pair* figure shows both sides of the body (both hands, the whole back): shapes marked
``mirror`` are drawn again reflected about the figure's ``axis``. A *one-sided* figure shows one
limb (the outside of the left ankle); the other side is the same figure flipped left to right.

The file ships in the package and is checked when loaded; a problem names the figure and key.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from acutimer.fsutil import atomic_write_text
from acutimer.paths import cache_dir, figures_file

Point2 = tuple[float, float]

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


# --- loading ------------------------------------------------------------------------------------


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FigureError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _pairs(value: Any, where: str) -> list[Point2]:
    if not isinstance(value, list) or len(value) < 2:
        raise FigureError(f"{where}: expected a list of at least two [x, y] points")
    out = []
    for index, item in enumerate(value):
        if not isinstance(item, list) or len(item) != 2:
            raise FigureError(f"{where}[{index}]: expected [x, y]")
        out.append((_number(item[0], where), _number(item[1], where)))
    return out


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FigureError(f"{where}: expected some text")
    return value.strip()


def _shape(raw: Any, where: str, axis: float | None) -> Iterator[Shape]:
    if not isinstance(raw, dict):
        raise FigureError(f"{where}: expected a table")
    known = {
        *("name", "role", "path", "ellipse", "capsule", "closed", "smooth"),
        *("mirror", "hidden", "detail"),
    }
    extra = sorted(set(raw) - known)
    if extra:
        raise FigureError(f"{where}: unknown key {extra[0]!r}")
    name = _text(raw.get("name"), f"{where}.name")
    role = raw.get("role", "line")
    if role not in ROLES:
        raise FigureError(f"{where}.role: expected one of {', '.join(ROLES)}, got {role!r}")
    closed = bool(raw.get("closed", role == "body"))
    if "ellipse" in raw:
        values = raw["ellipse"]
        if not isinstance(values, list) or len(values) != 4:
            raise FigureError(f"{where}.ellipse: expected [cx, cy, rx, ry]")
        cx, cy, rx, ry = (_number(v, f"{where}.ellipse") for v in values)
        points = ellipse(cx, cy, rx, ry)
        closed = True
    elif "capsule" in raw:
        values = raw["capsule"]
        if not isinstance(values, list) or len(values) not in (5, 6):
            raise FigureError(f"{where}.capsule: expected [x1, y1, x2, y2, r1] or [..., r1, r2]")
        numbers = [_number(v, f"{where}.capsule") for v in values]
        points = capsule(*numbers)
        closed = True
    elif "path" in raw:
        points = _pairs(raw["path"], f"{where}.path")
        if raw.get("smooth", False):
            # A mirrored half ends on the midline: its seam stays straight (smoothed open, then
            # closed), so the two halves meet without a notch.
            mirrored = bool(raw.get("mirror", False)) and role == "body"
            points = smooth(points, closed=closed and not mirrored)
    else:
        raise FigureError(f"{where}: give a path or an ellipse")
    hidden = bool(raw.get("hidden", False))
    if role == "body":
        closed = True
        if hidden:
            raise FigureError(f"{where}.hidden: a body is always drawn")
    detail = bool(raw.get("detail", False))
    yield Shape(name, role, tuple(points), closed, hidden, detail)
    if raw.get("mirror", False):
        if axis is None:
            raise FigureError(f"{where}.mirror: only a pair figure (with an axis) mirrors shapes")
        flipped = tuple((2 * axis - x, y) for x, y in points)
        yield Shape(name, role, flipped, closed, hidden, detail)


def _figure(raw: Any, where: str) -> Figure:
    if not isinstance(raw, dict):
        raise FigureError(f"{where}: expected a table")
    known = {"name", "title", "caption", "mirror_caption", "size", "axis", "person_left", "shapes"}
    extra = sorted(set(raw) - known)
    if extra:
        raise FigureError(f"{where}: unknown key {extra[0]!r}")
    name = _text(raw.get("name"), f"{where}.name")
    size = raw.get("size")
    if not isinstance(size, list) or len(size) != 2:
        raise FigureError(f"{where}.size: expected [width, height]")
    width, height = (_number(v, f"{where}.size") for v in size)
    if width <= 0 or height <= 0:
        raise FigureError(f"{where}.size: width and height must be positive")
    axis = _number(raw["axis"], f"{where}.axis") if "axis" in raw else None
    mirror_caption = raw.get("mirror_caption")
    if axis is None and mirror_caption is None:
        raise FigureError(f"{where}: a one-sided figure (no axis) needs a mirror_caption")
    if axis is not None and mirror_caption is not None:
        raise FigureError(f"{where}.mirror_caption: a pair figure shows both sides already")
    person_left = raw.get("person_left", "left")
    if person_left not in ("left", "right"):
        raise FigureError(f"{where}.person_left: expected 'left' or 'right', got {person_left!r}")
    if axis is None and person_left != "left":
        raise FigureError(f"{where}.person_left: a one-sided figure shows a left limb as drawn")
    shapes_raw = raw.get("shapes")
    if not isinstance(shapes_raw, list) or not shapes_raw:
        raise FigureError(f"{where}.shapes: expected at least one shape")
    shapes = tuple(
        shape
        for index, item in enumerate(shapes_raw)
        for shape in _shape(item, f"{where}.shapes[{index}]", axis)
    )
    if not any(s.role == "body" for s in shapes):
        raise FigureError(f"{where}.shapes: a figure needs at least one body shape")
    return Figure(
        name=name,
        title=_text(raw.get("title"), f"{where}.title"),
        caption=_text(raw.get("caption"), f"{where}.caption"),
        mirror_caption=None
        if mirror_caption is None
        else _text(mirror_caption, f"{where}.mirror_caption"),
        width=width,
        height=height,
        axis=axis,
        person_left=person_left,
        shapes=shapes,
    )


def parse_figures(text: str, label: str = "figures.toml") -> dict[str, Figure]:
    """The figures in a figures file's text, by name.

    Raises:
        FigureError: the file is not valid TOML or a figure is wrong (named in the message).
    """
    tables = _tables(_toml(text, label), label)
    return {name: _figure(table, f"{label}: figure {name!r}") for name, table in tables.items()}


def _toml(text: str, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FigureError(f"{label}: not valid TOML: {error}") from None


def _tables(data: Any, label: str) -> dict[str, dict[str, Any]]:
    """Each figure's table by its name, from the file's data (names unique, at least one)."""
    items = data.get("figures", []) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise FigureError(f"{label}: figures must be an array of tables")
    tables: dict[str, dict[str, Any]] = {}
    for index, table in enumerate(items):
        if not isinstance(table, dict):
            raise FigureError(f"{label}: figures[{index}]: expected a table")
        name = _text(table.get("name"), f"{label}: figures[{index}].name")
        if name in tables:
            raise FigureError(f"{label}: two figures are named {name!r}")
        tables[name] = table
    if not tables:
        raise FigureError(f"{label}: no [[figures]]")
    return tables


@functools.cache
def _shipped_tables(cached: bool = True) -> dict[str, dict[str, Any]]:
    """The shipped file's tables, through a cache of its parsed TOML (keyed by its bytes).

    Parsing the TOML is most of the cost of a first map (about 16 ms); the JSON copy loads in
    well under one. A cache entry that cannot be read, or is not a table of tables, is ignored
    and rebuilt; a figure in it that fails its checks is built again from the TOML
    (see :func:`get_figure`). ``cached=False`` reads the TOML itself.
    """
    source = figures_file()
    label = str(source)
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise FigureError(f"{label}: cannot be read ({error.strerror})") from None
    copy = cache_dir() / "figures" / f"{hashlib.sha256(raw).hexdigest()}.json"
    if cached:
        with contextlib.suppress(OSError, ValueError, TypeError, LookupError, FigureError):
            entry = json.loads(copy.read_text(encoding="utf-8"))
            if entry["digest"] == _digest(entry["data"]):  # not damaged since it was written
                return _tables(entry["data"], label)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FigureError(f"{label}: is not UTF-8 text") from None
    data = _toml(text, label)
    tables = _tables(data, label)
    with contextlib.suppress(OSError, TypeError, ValueError):
        entry = {"digest": _digest(data), "data": data}
        atomic_write_text(copy, json.dumps(entry, ensure_ascii=False))
    return tables


def _digest(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def get_figure(name: str) -> Figure:
    """The shipped figure called ``name``, built (and checked) on first use.

    Raises:
        KeyError: there is no such figure.
        FigureError: the shipped file is broken.
    """
    where = f"{figures_file()}: figure {name!r}"
    try:
        return _figure(_shipped_tables()[name], where)
    except (FigureError, KeyError):
        # The cached copy may be stale or damaged: the TOML decides.
        return _figure(_shipped_tables(cached=False)[name], where)


def load_figures() -> dict[str, Figure]:
    """Every shipped figure, by name."""
    return {name: get_figure(name) for name in _shipped_tables()}


def figure_names() -> frozenset[str]:
    """The names of the shipped figures (without building them)."""
    return frozenset(_shipped_tables())


def forget_figures() -> None:
    """Drop the figures read in this process (tests; the cache on disk stays)."""
    _shipped_tables.cache_clear()
    get_figure.cache_clear()


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
