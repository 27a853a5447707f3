"""A point's body map on the screen: its picture, which side is where, and a legend.

Two forms, laid out here as plain lines of (text, part) and drawn by :class:`PointMap`:

- *beside* (:func:`beside`): a column beside the text. The picture; under it what its edges are
  ("left … right", "right … left" on a figure facing you, or the limb's view); then the mark and
  the side it marks ("● LI-4 · left hand"); and the figure's caption where the column has the
  rows for it. ``small`` (while pressing): a smaller picture and the legend only.
- *aside* (:func:`aside`): for a screen too small for a column, under the text in the box's
  scroll: the picture, with the legend and the caption beside it.

The picture comes from the body map's cache (once per point, size and side), and the widget
keeps its lines until its point, side, size or style changes: a tick of the session never draws
it again. Colours come from the ``point-map--*`` component classes (the app's CSS); without
colour the mark still reads: ● is no braille pattern, and the legend names it.
"""

from __future__ import annotations

import textwrap
from typing import Literal, NamedTuple

from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip

from acutimer.bodymap import MARK_GLYPH, Picture
from acutimer.routine.pointmap import edge_words, point_picture, point_size, side_words
from acutimer.routine.pointmodels import Point
from acutimer.routine.timeline import Side
from acutimer.tui.widgets.drawn import DrawnWidget

PARTS = ("outline", "faint", "landmark", "mark", "label", "code", "legend", "edge", "caption")
"""The parts of a drawing, each with a ``point-map--PART`` component class: the picture's own
styles (:class:`acutimer.bodymap.Style`), then the code and words of the legend, the edges'
words and the caption."""

Cell = tuple[str, str | None]
"""A run of text and the part it is (None: blank)."""

GAP = 2
"""Cells between the text and a map beside it, or a picture and its legend."""
LARGE = (36, 30)
"""The widest a picture beside the text is (finding the point), and the tallest."""
SMALL = (20, 6)
"""The same while pressing: a reminder of the place, not a guide to it."""
LABEL_ROWS = 12
"""From this many rows, the code is also written beside its mark (a smaller picture has no room
for it: the legend names the mark)."""
MIN_ROWS = 3
"""A picture needs this many rows to show a place; with fewer, no map."""
MIN_WIDTH = 8
"""Nor with fewer cells across than this."""
TEXT_LARGE = 44
"""Cells the text keeps beside a map while finding the point (the where-text, readable)."""
TEXT_SMALL = 50
"""And while pressing, beside the small map (how and the cautions)."""
ASIDE_ROWS = (4, 12)
"""The fewest and most rows of a map under the text (with fewer rows, none)."""
ASIDE_LEGEND = 24
"""The cells kept for the legend beside a picture under the text."""
ASIDE_BLANK = 6
"""From this many rows, a blank line parts the map from the text above it."""


class Drawing(NamedTuple):
    """Lines of (text, part) runs, each line at most ``width`` cells."""

    width: int
    height: int
    lines: tuple[tuple[Cell, ...], ...]


def _picture_lines(picture: Picture) -> list[list[Cell]]:
    return [
        [(span.text, span.style.value if span.style else None) for span in line]
        for line in picture.lines
    ]


def _legend(point: Point, side: Side | None, width: int) -> list[list[Cell]]:
    """ "● LI-4 · left hand"; in a narrow column the side goes on lines of its own under
    "● LI-4"."""
    head: list[Cell] = [(MARK_GLYPH, "mark"), (" ", None), (point.code, "code")]
    words = side_words(point, side)
    if _legend_width(point, side) <= width:
        return [[*head, (f" · {words}", "legend")]]
    return [head, *_wrapped(words, width, "legend")]


def _legend_width(point: Point, side: Side | None) -> int:
    """The legend's cells on one line."""
    return len(f"{MARK_GLYPH} {point.code} · {side_words(point, side)}")


def _edges_under(words: tuple[str, str] | str, width: int, left: int, span: int) -> list[Cell]:
    """The line under the picture: its edges' words at its edges (their first letters where the
    words do not fit), or the limb's view centred."""
    if isinstance(words, str):
        text = words[:width]
        return [(" " * max(0, (width - len(text)) // 2), None), (text, "edge")]
    first, last = words
    if len(first) + 1 + len(last) > width:
        first, last = first[0].upper(), last[0].upper()
    span = min(width, max(span, len(first) + 1 + len(last)))
    start = max(0, min(left, width - span))
    gap = " " * (span - len(first) - len(last))
    return [(" " * start, None), (first, "edge"), (gap, None), (last, "edge")]


def _orientation(point: Point, side: Side | None) -> str:
    """Which side is where, in a few words: "your left on the left", or the limb's view."""
    words = edge_words(point, side)
    if isinstance(words, str):
        return words
    return f"your left on the {'left' if words[0] == 'left' else 'right'}"


def _wrapped(text: str, width: int, part: str) -> list[list[Cell]]:
    return [[(line, part)] for line in textwrap.wrap(text, max(1, width))]


def beside(
    point: Point, side: Side | None, max_width: int, max_height: int, *, small: bool = False
) -> Drawing | None:
    """The map as a column of at most ``max_width`` × ``max_height`` cells, beside the text;
    None when the point has no place on the map, or there is no room for one.

    A narrow figure (the back) leaves the column room on either side: the edges' words stand
    there, level with the middle of the picture, and the picture gets their line.
    """
    cap_width, cap_rows = SMALL if small else LARGE
    room = min(max_width, cap_width)
    if point.map is None or room < MIN_WIDTH:
        return None
    words = "" if small else edge_words(point, side)
    widest = max(len(w) for w in words) if isinstance(words, tuple) else 0
    # The words under the picture, or beside it (a space from it) where that gives a taller
    # picture; for the same height, the narrower column (more room for the text).
    under = True
    column, width, height, legend = _fit(point, side, room, max_height, cap_rows, bool(words), 0)
    if widest:
        flanked = _fit(point, side, room, max_height, cap_rows, 0, widest + 1)
        if (flanked[2], -flanked[0]) > (height, -column):
            under = False
            column, width, height, legend = flanked
    if height < MIN_ROWS:
        return None
    margin = (column - width) // 2
    picture = point_picture(point, side, width, height, labels=height >= LABEL_ROWS)
    assert picture is not None
    lines = [[(" " * margin, None), *line] for line in _picture_lines(picture)]
    if isinstance(words, tuple) and not under:
        first, last = words
        middle = lines[height // 2]
        middle[0] = (f"{first} ".rjust(margin), "edge")  # each a space from the picture
        middle.append((f" {last}", "edge"))
    elif words:
        lines.append(_edges_under(words, column, margin, width))
    lines += legend
    caption = _wrapped(picture.caption, column, "caption")
    if not small and max_height - len(lines) > len(caption):
        lines += [[], *caption]
    return _drawing(lines)


def _fit(
    point: Point,
    side: Side | None,
    room: int,
    max_height: int,
    cap_rows: int,
    extra_rows: int,
    flank: int,
) -> tuple[int, int, int, list[list[Cell]]]:
    """The column's width, the picture's size and the legend's lines, for a column of at most
    ``room`` cells with ``extra_rows`` lines besides the legend and ``flank`` cells kept on each
    side of the picture."""
    legend = _legend(point, side, room)
    rows = min(cap_rows, max_height - len(legend) - extra_rows)
    width, _ = point_size(point, room - 2 * flank, rows)
    column = min(room, max(width + 2 * flank, _legend_width(point, side)))
    legend = _legend(point, side, column)  # narrower than first thought: it may wrap more
    rows = min(cap_rows, max_height - len(legend) - extra_rows)
    width, height = point_size(point, column - 2 * flank, max(1, rows))
    if flank and min((column - width) // 2, column - (column - width) // 2 - width) < flank:
        return column, width, 0, legend  # the words do not fit beside it after all
    return column, width, height if rows >= 1 else 0, legend


def aside(point: Point, side: Side | None, width: int, max_height: int) -> Drawing | None:
    """The map under the text, in ``width`` cells and ``max_height`` rows (at most
    :data:`ASIDE_ROWS`' most; None with fewer than its fewest), so that the box shows the whole
    of it at once: a blank line under the
    text where there are rows to spare, then the picture with the legend beside it, and the
    caption under the legend where it fits. In a column too narrow for both side by side, the
    legend goes under the picture."""
    if point.map is None or max_height < ASIDE_ROWS[0] or width < MIN_WIDTH:
        return None
    rows = min(ASIDE_ROWS[1], max_height)
    blank: list[list[Cell]] = [[]] if rows >= ASIDE_BLANK else []
    rows -= len(blank)
    room = width - GAP - ASIDE_LEGEND
    if room < MIN_WIDTH:
        legend = _legend(point, side, width)
        if rows - len(legend) < MIN_ROWS:
            return None
        size = point_size(point, width, rows - len(legend))
        picture = point_picture(point, side, *size, labels=False)
        assert picture is not None
        return _drawing([*blank, *_picture_lines(picture), *legend])
    picture_width, picture_height = point_size(point, room, rows)
    picture = point_picture(point, side, picture_width, picture_height, labels=False)
    assert picture is not None
    drawn = _picture_lines(picture)
    words_width = width - picture_width - GAP
    text = _legend(point, side, words_width)
    caption = _wrapped(picture.caption, words_width, "caption")
    if len(text) + len(caption) <= len(drawn):
        text += caption
    else:  # the caption's gist: which side is where
        text += _wrapped(_orientation(point, side), words_width, "caption")
    lines = list(blank)
    for row in range(max(len(drawn), len(text))):
        left = drawn[row] if row < len(drawn) else [(" " * picture_width, None)]
        right = text[row] if row < len(text) else []
        lines.append([*left, (" " * GAP, None), *right])
    return _drawing(lines)


def _cells(line: list[Cell]) -> int:
    return sum(len(text) for text, _ in line)


def _drawing(lines: list[list[Cell]]) -> Drawing:
    width = max((_cells(line) for line in lines), default=0)
    return Drawing(width, len(lines), tuple(tuple(line) for line in lines))


Form = Literal["beside", "aside"]


class PointMap(DrawnWidget):
    """The body map of the point the screen is about, in one of the two forms.

    :meth:`show` sets the point, the side and the size; the widget is as wide (beside) or as
    tall (aside) as its drawing, and takes no room when there is nothing to show. A map beside
    the text starts with :data:`GAP` blank cells, so that none is left when it is not there.
    """

    COMPONENT_CLASSES = {f"point-map--{part}" for part in PARTS}
    DEFAULT_CSS = """
    PointMap > .point-map--outline { color: $foreground 80%; }
    PointMap > .point-map--faint { color: $foreground 35%; }
    PointMap > .point-map--landmark { color: $accent; }
    PointMap > .point-map--mark, PointMap > .point-map--label { color: $error; text-style: bold; }
    PointMap > .point-map--code { text-style: bold; }
    PointMap > .point-map--legend, PointMap > .point-map--edge, PointMap > .point-map--caption {
        color: $text-muted;
    }
    """
    """The mark bold and in the error colour, the landmarks it is found from in the accent, the
    rest of the figure quiet; an app's CSS may restyle any part."""

    def __init__(self, form: Form, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.form: Form = form
        self.point: Point | None = None
        self.side: Side | None = None
        self.small = False
        self._layout: tuple[tuple[object, ...] | None, Drawing | None] = (None, None)

    def show(self, point: Point | None, side: Side | None, *, small: bool = False) -> None:
        """Show ``point`` with ``side`` marked (None: no map); ``small`` while pressing."""
        if (point, side, small) == (self.point, self.side, self.small):
            return
        self.point, self.side, self.small = point, side, small
        self.refresh(layout=True)

    def shown(self) -> object:
        return (self.point.code if self.point else None, self.side, self.small)

    def drawing(self, width: int, height: int) -> Drawing | None:
        """What the widget draws with ``width`` × ``height`` cells of room (its container's)."""
        key = (self.shown(), self.form, width, height)
        if self._layout[0] != key:
            found = None
            if self.point is not None:
                if self.form == "beside":
                    found = beside(self.point, self.side, width - GAP, height, small=self.small)
                else:
                    found = aside(self.point, self.side, width, height)
            self._layout = (key, found)
        return self._layout[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self.form == "aside":
            return container.width
        found = self.drawing(self._room(container.width), container.height)
        return found.width + GAP if found else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.form == "beside":
            return container.height
        found = self.drawing(width, container.height)
        return found.height if found else 0

    def _room(self, width: int) -> int:
        """The cells a map beside the text may take of ``width``: what the text leaves."""
        return width - (TEXT_SMALL if self.small else TEXT_LARGE)

    def draw(self, width: int, height: int) -> list[Strip]:
        key, found = self._layout
        if key is None or key[0] != self.shown() or (self.form == "aside" and key[2] != width):
            found = self.drawing(width, height)  # sized by CSS, or not laid out since shown
        if found is None:
            return []
        styles = {part: self.get_component_rich_style(f"point-map--{part}") for part in PARTS}
        base = self.rich_style
        offset = [Segment(" " * GAP, base)] if self.form == "beside" else []
        strips = []
        for line in found.lines:
            segments = offset + [
                Segment(text, base + styles[part] if part else base) for text, part in line if text
            ]
            strips.append(Strip(segments).extend_cell_length(width, base).crop(0, width))
        return strips
