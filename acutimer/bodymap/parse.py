"""Reading figures from the text of a figures file: each figure and shape checked, a problem
named by the figure and the key.

The shipped file is read through :mod:`acutimer.bodymap.shipped`; this module only parses.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator
from typing import Any

from acutimer.bodymap.figures import ROLES, Figure, FigureError, Shape
from acutimer.bodymap.geometry import Point2, capsule, ellipse, smooth


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


def parse_figure(raw: Any, where: str) -> Figure:
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
    tables = figure_tables(read_toml(text, label), label)
    return {
        name: parse_figure(table, f"{label}: figure {name!r}") for name, table in tables.items()
    }


def read_toml(text: str, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FigureError(f"{label}: not valid TOML: {error}") from None


def figure_tables(data: Any, label: str) -> dict[str, dict[str, Any]]:
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
