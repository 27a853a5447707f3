"""Render a figure, with its marked points, into terminal cells of braille dots.

The result is lines of text in spans, each with a :class:`Style` of the map's own, so any front
end can colour them: :meth:`Picture.ansi` for a terminal, :meth:`Picture.plain` for a pipe, and a
Textual widget maps the styles to its own (``Text.assemble(*((s.text, STYLE[s.style]) ...))``).

Renders are cached per figure, marks, size and side: a screen that redraws every tick gets the
same :class:`Picture` back without drawing it again.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from acutimer.bodymap.figures import MIDLINE_SLACK, Figure
from acutimer.bodymap.raster import Canvas, Ink
from acutimer.bodymap.shipped import get_figure

DETAIL_SCALE = 0.3
"""Dots per figure unit (millimetre) from which detail shapes (fingernails) are drawn."""

MAX_CELLS = (200, 100)
"""The largest picture drawn (columns, rows); a bigger request is drawn at this size."""

MARK_GLYPH = "●"
"""The glyph of a marked point: one cell, distinct from every braille pattern."""


class Style(StrEnum):
    """What a span of a picture shows; front ends choose the colours."""

    OUTLINE = "outline"
    """The body's outline."""
    FAINT = "faint"
    """Landmarks the marked point is not measured from."""
    LANDMARK = "landmark"
    """Landmarks the marked point is measured from (shown lightly, but stronger than faint)."""
    MARK = "mark"
    """The marked point."""
    LABEL = "label"
    """The point's label beside its mark."""


ANSI: dict[Style, str] = {
    Style.OUTLINE: "",
    Style.FAINT: "90",
    Style.LANDMARK: "36",
    Style.MARK: "1;91",
    Style.LABEL: "1;91",
}
"""SGR parameters for each style on a terminal: grey, cyan, bold bright red."""


class Mark(NamedTuple):
    """A point to mark on a figure, in figure units as displayed (after any flip)."""

    x: float
    y: float
    label: str = ""


class Span(NamedTuple):
    """A run of cells in one style (None: plain text, e.g. spaces)."""

    text: str
    style: Style | None


@dataclass(frozen=True)
class Picture:
    """A rendered figure: ``height`` lines of exactly ``width`` cells."""

    figure: str
    width: int
    height: int
    lines: tuple[tuple[Span, ...], ...]
    caption: str
    """What the figure shows and which side is where (e.g. "your left on the left")."""

    def plain(self) -> list[str]:
        """The lines without styles, trailing spaces kept (every line is ``width`` cells)."""
        return ["".join(span.text for span in line) for line in self.lines]

    def ansi(self) -> list[str]:
        """The lines with SGR colour codes for a terminal."""
        out = []
        for line in self.lines:
            parts = []
            for span in line:
                code = ANSI.get(span.style, "") if span.style else ""
                parts.append(f"\x1b[{code}m{span.text}\x1b[0m" if code else span.text)
            out.append("".join(parts))
        return out


def fit(name: str, max_width: int, max_height: int) -> tuple[int, int]:
    """The largest cell box, at most ``max_width`` × ``max_height``, that the figure fills.

    Braille dots are square on a terminal whose cells are twice as tall as wide, so a figure
    keeps its proportions at 2 dots per cell across and 4 down.
    """
    figure = get_figure(name)
    max_width = min(max(1, max_width), MAX_CELLS[0])
    max_height = min(max(1, max_height), MAX_CELLS[1])
    scale = min(2 * max_width / figure.width, 4 * max_height / figure.height)
    width = max(1, min(max_width, math.ceil(figure.width * scale / 2 - 1e-9)))
    height = max(1, min(max_height, math.ceil(figure.height * scale / 4 - 1e-9)))
    return width, height


def render(
    name: str,
    marks: Sequence[Mark],
    width: int,
    height: int,
    *,
    flip: bool = False,
    landmarks: Collection[str] = (),
) -> Picture:
    """The figure ``name`` in ``width`` × ``height`` cells, with ``marks`` marked.

    Args:
        name: a figure's name (see :func:`acutimer.bodymap.shipped.figure_names`).
        marks: the points to mark, in figure units as displayed.
        width: cells across (at least 1).
        height: cells down (at least 1).
        flip: draw the figure flipped left to right (a one-sided figure's other side).
        landmarks: names of the landmarks the points are measured from, drawn stronger.

    Cached: the same arguments give the same :class:`Picture` without drawing again.

    Raises:
        KeyError: no figure has that name.
    """
    width = min(max(1, width), MAX_CELLS[0])
    height = min(max(1, height), MAX_CELLS[1])
    spots = tuple(m for m in marks if math.isfinite(m.x) and math.isfinite(m.y))
    return _render(name, spots, width, height, flip, frozenset(landmarks))


def cache_info() -> functools._CacheInfo:
    """How often :func:`render` drew, and how often it answered from its cache."""
    return _render.cache_info()


def clear_cache() -> None:
    """Forget every cached picture (tests)."""
    _render.cache_clear()


@functools.lru_cache(maxsize=256)
def _render(
    name: str,
    marks: tuple[Mark, ...],
    width: int,
    height: int,
    flip: bool,
    landmarks: frozenset[str],
) -> Picture:
    figure = get_figure(name)
    canvas, place = _draw(figure, marks, width, height, flip, landmarks)
    cells = [
        [(char, _style(ink)) for char, ink in canvas.cells(row, width)] for row in range(height)
    ]
    spots = []
    for mark in marks:
        x, y = place(mark.x, mark.y)
        column = min(width - 1, max(0, math.floor(x / 2)))
        row = min(height - 1, max(0, math.floor(y / 4)))
        cells[row][column] = (MARK_GLYPH, Style.MARK)
        spots.append((column, row, mark.label))
    taken = {(column, row) for column, row, _ in spots}
    for column, row, label in spots:
        if label:
            _place_label(cells, column, row, label, taken, outward=column < width / 2)
    caption = figure.mirror_caption if flip and figure.mirror_caption else figure.caption
    return Picture(name, width, height, tuple(_spans(line) for line in cells), caption)


def _draw(
    figure: Figure,
    marks: tuple[Mark, ...],
    width: int,
    height: int,
    flip: bool,
    landmarks: frozenset[str],
) -> tuple[Canvas, Callable[[float, float], tuple[float, float]]]:
    canvas = Canvas(2 * width, 4 * height)
    scale = min(canvas.width / figure.width, canvas.height / figure.height)
    left = (canvas.width - figure.width * scale) / 2
    top = (canvas.height - figure.height * scale) / 2

    def place(x: float, y: float) -> tuple[float, float]:
        return left + x * scale, top + y * scale

    def placed(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        if flip:
            return [place(figure.width - x, y) for x, y in points]
        return [place(x, y) for x, y in points]

    clip = (
        max(0, math.floor(left + 1e-6)),
        max(0, math.floor(top + 1e-6)),
        min(canvas.width - 1, math.ceil(left + figure.width * scale - 1e-6) - 1),
        min(canvas.height - 1, math.ceil(top + figure.height * scale - 1e-6) - 1),
    )
    for shape in figure.bodies:
        canvas.fill(placed(shape.points), Ink.BODY, clip=clip)
    canvas.outline(clip=clip)
    # On a pair figure, the landmarks of the marked half (both, for a mark on the midline).
    sides = {_side_of(figure, [(mark.x, mark.y)]) for mark in marks}
    every_side = None in sides or not marks
    for shape in figure.shapes:
        measured = shape.name in landmarks and (
            every_side or _side_of(figure, shape.points) in {*sides, None}
        )
        if (shape.role == "body" or shape.hidden) and not measured:
            continue
        if shape.detail and scale < DETAIL_SCALE:
            continue
        ink = Ink.REF if measured else Ink.FAINT
        canvas.line(placed(shape.points), ink, closed=shape.closed, dotted=shape.role == "guide")
    return canvas, place


def _side_of(figure: Figure, points: Sequence[tuple[float, float]]) -> bool | None:
    """Which half of a pair figure points lie in (True: the person's left); None when they
    cross the midline, or the figure shows one limb."""
    if figure.axis is None:
        return None
    halves = {figure.on_left(x) for x, _ in points if abs(x - figure.axis) > MIDLINE_SLACK}
    return halves.pop() if len(halves) == 1 else None


def _style(ink: int) -> Style | None:
    if ink & Ink.REF:
        return Style.LANDMARK
    if ink & Ink.EDGE:
        return Style.OUTLINE
    if ink & Ink.FAINT:
        return Style.FAINT
    return None


LABEL_REACH = 10
"""How many cells from its mark a label may sit, to find room off the drawing."""


def _place_label(
    cells: list[list[tuple[str, Style | None]]],
    column: int,
    row: int,
    label: str,
    taken: set[tuple[int, int]],
    *,
    outward: bool,
) -> None:
    """Write ``label`` near its mark, where it hides the least of the drawing.

    On the mark's row or the rows above and below it, within :data:`LABEL_REACH` cells. Hiding
    a landmark costs most, the outline or a faint line less, and each cell of distance a
    little; a label never covers a mark or another label, nor touches one, and goes outward
    (away from the middle) when two places cost the same.
    """
    width, height = len(cells[0]), len(cells)
    size = len(label)
    cost_of: dict[Style | None, float] = {Style.LANDMARK: 3.0, Style.OUTLINE: 1.0, Style.FAINT: 1.0}
    best: tuple[float, bool, int, int] | None = None
    for dy in (0, -1, 1):
        line = row + dy
        if not 0 <= line < height:
            continue
        for start in range(column - LABEL_REACH - size, column + LABEL_REACH + 2):
            end = start + size
            if start < 0 or end > width:
                continue
            if dy == 0 and start <= column + 1 and end >= column:
                continue  # on the mark's row a label keeps a cell of space from its mark
            if any((c, line) in taken for c in range(max(0, start - 1), min(width, end + 1))):
                continue
            hidden = sum((cost_of.get(cells[line][c][1], 0.0) for c in range(start, end)), 0.0)
            gap = start - column - 1 if start > column else column - end
            cost = hidden + 0.5 * max(0, gap - 1) + abs(dy)
            inward = (start > column) == outward
            option = (cost, inward, start, line)
            if best is None or option < best:
                best = option
    if best is None:
        return
    _, _, start, line = best
    for offset, char in enumerate(label):
        cells[line][start + offset] = (char, Style.LABEL)
        taken.add((start + offset, line))


def _spans(line: list[tuple[str, Style | None]]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for char, style in line:
        if spans and spans[-1].style == style:
            spans[-1] = Span(spans[-1].text + char, style)
        else:
            spans.append(Span(char, style))
    return tuple(spans)
