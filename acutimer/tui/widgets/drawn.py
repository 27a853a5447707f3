"""Widgets that draw their own lines, and the helpers to draw them cheaply.

Drawing lines directly skips what ``render()`` costs: Textual would wrap, measure and style a
renderable again at every repaint.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget


class DrawnWidget(Widget):
    """A widget that draws its own lines and keeps them until what it shows changes.

    Subclasses say what their lines depend on (:meth:`shown`) and draw them (:meth:`draw`). The
    lines are drawn again when that, the size or the CSS style (a class on the screen, the
    theme) changed, so repainting unchanged content costs nothing here.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn_for: Hashable = None
        self._drawn: list[Strip] = []

    def shown(self) -> Hashable:
        """What the lines depend on, besides the size and the style."""
        raise NotImplementedError

    def draw(self, width: int, height: int) -> list[Strip]:
        """The lines, each ``width`` cells long (fewer lines than ``height`` leave blanks)."""
        raise NotImplementedError

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn_for = None

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        key = (self.shown(), width, height)
        if key != self._drawn_for:
            self._drawn = self.draw(width, height)
            self._drawn_for = key
        if y < len(self._drawn):
            return self._drawn[y]
        return Strip.blank(width, self.visual_style.rich_style)


def narrow_line(parts: list[tuple[str, Style]], style: Style, width: int) -> Strip:
    """A line of our own one-cell characters (digits, blocks, rules), padded or cut to ``width``.

    Counting characters instead of measuring cells keeps a repaint cheap; text that came from a
    file may hold wide characters and goes through ``Strip.crop_extend``.
    """
    segments: list[Segment] = []
    room = width
    for text, part_style in parts:
        if room <= 0:
            break
        text = text[:room]
        room -= len(text)
        segments.append(Segment(text, part_style))
    if room > 0:
        segments.append(Segment(" " * room, style))
    return Strip(segments, width)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, with an ellipsis when it had to be cut."""
    if len(text) <= width:
        return text
    return text[: width - 1] + "…" if width > 0 else ""
