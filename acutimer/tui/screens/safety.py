"""The safety notice: before the first session, and from the s key at any time.

The points (:data:`acutimer.routine.safety.NOTICE`) come from the articles' safety lists, said in
our own words, with the signs that call for a doctor instead. Enter acknowledges the notice,
which the user's settings then remember, once every point has been on the screen: until then (a
small terminal) Enter reads on, a page at a time. The checkbox is the pregnancy setting. Esc
closes the notice, q closes it to quit (see :data:`~acutimer.tui.screens.leaving.QUIT`).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Checkbox, Static

from acutimer.config import Config
from acutimer.routine.safety import NOTICE
from acutimer.tui.screens.leaving import QUIT
from acutimer.tui.widgets.keybar import KeyBar
from acutimer.tui.widgets.more import MoreScroll

PREGNANCY_LABEL = "Pregnancy: skip flagged, go gently"
"""The pregnancy setting: steps on flagged points are left out; steps with a gentler way for
pregnancy are done that way. Short enough for one line at 45 columns."""
READ_ON = "There is more below: read on with ↓ or Enter before you go on."


class SafetyScreen(Screen[bool | str]):
    """The safety notice. Dismissed with True when acknowledged, False when closed (Esc), or
    :data:`QUIT` (q)."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("enter", "read_on", "read on", priority=True, id="safety.read-on"),
        Binding("enter", "acknowledge", "I have read this", priority=True, id="safety.ok"),
        Binding("escape", "close", "close", id="safety.close"),
        Binding("q", "leave", "quit", id="safety.quit"),
        Binding("up,k", "scroll_notice('up')", show=False),
        Binding("down,j", "scroll_notice('down')", show=False),
        Binding("pageup", "scroll_notice('page_up')", show=False),
        Binding("pagedown", "scroll_notice('page_down')", show=False),
        Binding("home", "scroll_notice('home')", show=False),
        Binding("end", "scroll_notice('end')", show=False),
    ]

    def __init__(self, config: Config, save: Callable[[], None], *, first_time: bool) -> None:
        super().__init__()
        self.config = config
        self.save = save
        self.first_time = first_time
        self.seen_all = False
        """Whether every point of the notice has been on the screen."""

    def compose(self) -> ComposeResult:
        with Vertical(id="safety"):
            yield Static("Before you press: safety", id="safety-title")
            with MoreScroll(id="notice", can_focus=False):
                for line in NOTICE:
                    # The bullet in a column of its own: a point's wrapped lines stay indented.
                    with Horizontal(classes="notice-point"):
                        yield Static("•", classes="notice-bullet")
                        yield Static(line, classes="notice-line", markup=False)
            yield Checkbox(
                PREGNANCY_LABEL, self.config.avoid_pregnancy_points, id="avoid-pregnancy"
            )
            yield Static(self._hint(), id="safety-hint", markup=False)
        yield KeyBar(id="keys")

    def _hint(self) -> str:
        if not self.seen_all:
            return READ_ON
        if self.first_time:
            return "Space ticks the box. Press Enter once you have read this."
        return "Space ticks the box; a change applies from the next session."

    def on_mount(self) -> None:
        notice = self.query_one(MoreScroll)
        self.watch(notice, "scroll_y", self._looked, init=False)
        self.watch(notice, "virtual_size", self._looked, init=False)
        notice.call_after_refresh(self._looked)

    def on_resize(self) -> None:
        self._looked()

    def _fit(self, notice: MoreScroll) -> None:
        """Close up the blank lines between the points when that makes the whole notice fit
        (at 80×24, say); where it does not fit either way, the points keep their spacing."""
        room = notice.scrollable_content_region.height
        lines = [line.size.height for line in notice.query(".notice-line")]
        if not room or not all(lines):
            return
        text = sum(lines)
        self.set_class(text + len(lines) - 1 > room and text <= room, "-tight")

    def _looked(self) -> None:
        """Note when the last point has been on the screen (it stays noted)."""
        notice = self.query_one(MoreScroll)
        self._fit(notice)
        if self.seen_all or not notice.virtual_size.height:
            return
        if notice.scroll_y >= notice.max_scroll_y - 0.5:
            self.seen_all = True
            self.query_one("#safety-hint", Static).update(self._hint())
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("read_on", "acknowledge"):
            return self.seen_all is (action == "acknowledge")
        return True

    def action_read_on(self) -> None:
        self.query_one(MoreScroll).move("page_down")

    def action_scroll_notice(self, where: str) -> None:
        self.query_one(MoreScroll).move(where)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.config.avoid_pregnancy_points = event.value
        self.save()

    def action_acknowledge(self) -> None:
        if not self.config.safety_acknowledged:
            self.config.safety_acknowledged = True
            self.save()
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(self.config.safety_acknowledged and not self.first_time)

    def action_leave(self) -> None:
        self.dismiss(QUIT)
