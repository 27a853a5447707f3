"""A scrolling column that says when there is more to read above or below it.

A thin scrollbar is easy to miss: the column writes "▼ more below: ↓ j PgDn" on a bottom border
(its own, or a container's), so nothing is cut without a sign. It changes only when the
scroll position, the content's height or the column's size does.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget

BELOW = "▼ more below: ↓ j PgDn"
ABOVE = "▲ more above: ↑ k PgUp"
BOTH = "▲▼ more: ↑ ↓ j k PgUp PgDn"


def more_hint(scroll_y: float, max_scroll_y: float) -> str:
    """The words for a column scrolled to ``scroll_y`` of ``max_scroll_y`` (empty: it all fits)."""
    above = scroll_y > 0.5
    below = scroll_y < max_scroll_y - 0.5
    if above and below:
        return BOTH
    return BELOW if below else ABOVE if above else ""


class MoreScroll(VerticalScroll):
    """A vertical scroll that puts :func:`more_hint` on ``hint_on``'s border subtitle.

    ``hint_on`` (this widget by default) needs a bottom border for the words to show. j and k
    scroll as ↓ and ↑ do when it has the focus.
    """

    BINDINGS = [
        Binding("j", "scroll_down", show=False),
        Binding("k", "scroll_up", show=False),
    ]

    def __init__(
        self,
        *children: Widget,
        hint_on: Widget | None = None,
        id: str | None = None,
        classes: str | None = None,
        can_focus: bool | None = None,
    ) -> None:
        super().__init__(*children, id=id, classes=classes, can_focus=can_focus)
        self._hint_on = hint_on

    @property
    def hint(self) -> str:
        """What the border says now."""
        return more_hint(self.scroll_y, self.max_scroll_y)

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self.update_hint, init=False)
        self.watch(self, "virtual_size", self.update_hint, init=False)

    def on_resize(self) -> None:
        self.update_hint()

    def move(self, where: str) -> None:
        """Scroll at once: ``up``, ``down``, ``page_up``, ``page_down``, ``home`` or ``end``.

        Each move starts from where the last one ended, even before the screen is painted
        again: keys typed quickly (or a key held down) each count.
        """
        y, page = self.scroll_y, max(1, self.scrollable_content_region.height)
        targets = {
            "up": y - 1,
            "down": y + 1,
            "page_up": y - page,
            "page_down": y + page,
            "home": 0,
            "end": self.max_scroll_y,
        }
        target = max(0, min(targets[where], self.max_scroll_y))
        self.scroll_to(y=target, animate=False, immediate=True)

    def update_hint(self) -> None:
        """Write what the border says (also after changing what the column holds)."""
        target = self._hint_on if self._hint_on is not None else self
        hint = self.hint
        if str(target.border_subtitle or "") != hint:
            target.border_subtitle = hint
