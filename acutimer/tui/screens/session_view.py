"""The session screen's view: renders what the engine says, driven by one interval timer.

The screen keeps no time of its own. Each tick asks the :class:`~acutimer.session.engine.Session` to
catch up with its clock and for a reading (time left, time done, the breath), then hands the
dashboard what it shows (whole seconds, a breath), which repaints only what changed. The screen
only chooses when to look next: on a grid of the phase's time, just after each change
(:func:`~acutimer.tui.screens.ticks.until_tick`). Text from routine and point files is shown
literally, never as markup.

The box of text changes only at a phase change: it says first what matters in the phase (see
:mod:`.session_text`). Its text sits in ``#box-body``, a row with the point's body map beside the
text (large while finding the point, small while pressing); on a screen without room for it
there, the map follows the text in the box's scroll
(:func:`~acutimer.tui.screens.session_settings.map_beside`), so the words come first. The keys
are :class:`~acutimer.tui.screens.session.SessionScreen`'s.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from acutimer.routine import describe
from acutimer.routine.loading import LoadedRoutine
from acutimer.routine.points import Points
from acutimer.routine.timeline import Phase, PhaseKind
from acutimer.session.clock import Clock
from acutimer.session.engine import Session
from acutimer.session.events import Event, EventKind, State
from acutimer.tui.screens import session_text
from acutimer.tui.screens.session_settings import SHORT_ROWS, SessionSettings, map_beside
from acutimer.tui.screens.ticks import GUIDE_HZ, PLAIN_HZ, until_tick
from acutimer.tui.widgets.dashboard import Dashboard
from acutimer.tui.widgets.guide import whole_seconds
from acutimer.tui.widgets.keybar import KeyBar
from acutimer.tui.widgets.more import MoreScroll
from acutimer.tui.widgets.pointmap import PointMap

FLASH_SECONDS = 0.3
PHASE_CLASSES = frozenset(f"-{kind.value}" for kind in PhaseKind)


class SessionView(Screen[Session]):
    """A guided session, full screen: what it shows, and the timer that keeps it up to date
    (paused while the app is suspended). ``open_safety`` shows the safety screen."""

    def __init__(
        self,
        loaded: LoadedRoutine,
        points: Points,
        settings: SessionSettings,
        clock: Clock,
        open_safety: Callable[[Callable[[object], None]], None],
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.points = points
        self.settings = settings
        self.session = Session(
            loaded.routine,
            clock=clock,
            speed=settings.speed,
            skip=settings.skip,
            done=settings.done,
            passed=settings.passed,
            wait_for_me=settings.wait_for_me,
        )
        self._open_safety = open_safety
        self._pending: list[Event] = []
        self._timer: Timer | None = None
        self._hz = 0.0
        self._shown_index = -1
        self._shown_state: State | None = None
        self._heading = ("", "")
        self._ended = False
        self.marked: dict[int, str] = {}
        """The steps whose point the h key marked as one that helped, with the point's code."""
        # The first phase's colour from the start: a class added after mounting would restyle
        # every widget of the screen before the first paint.
        self.add_class(f"-{self.session.phase.kind.value}", update=False)
        if self.app.size.height < SHORT_ROWS:
            self.add_class("-short", update=False)
        if not map_beside(self.app.size.width, self.app.size.height):
            self.add_class("-map-aside", update=False)
        if not settings.body_map:
            self.add_class("-no-map", update=False)

    def compose(self) -> ComposeResult:
        # What moves (the bar, the countdown, the guide) is one widget, outside the box of
        # text: each repaint then costs Textual one widget's refresh and renders the screen's
        # few top-level widgets, not the box's contents too (see widgets/dashboard.py). Few
        # widgets in all, for a sooner first paint.
        yield Dashboard(
            self.loaded.routine.title,
            self._status(),
            id="dash",
            reduced_motion=self.settings.reduced_motion,
        )
        if self.session.skipped_upfront or self.settings.gentler:
            changes = []
            if self.session.skipped_upfront:
                codes = ", ".join(self._code(i) for i in self.session.skipped_upfront)
                changes.append(f"Left out (pregnancy setting): {codes}")
            if self.settings.gentler:
                codes = ", ".join(self._code(i) for i in self.settings.gentler)
                changes.append(f"Done the gentler way: {codes}")
            yield Static(" · ".join(changes), id="left-out", markup=False)
        with Vertical(id="main") as box:
            yield Static("", id="heading", markup=False)
            # A row, so that a figure may stand beside the text (while finding the point, say);
            # the box's own border says when there is more text than it shows.
            with Horizontal(id="box-body"):
                with MoreScroll(id="details", can_focus=False, hint_on=box):
                    yield Static("", id="about", markup=False)
                    yield PointMap("aside", id="map-aside")
                yield PointMap("beside", id="map-beside")
        yield Static("", id="next", markup=False)
        yield KeyBar(id="keys")

    def _status(self) -> str:
        """What the header says about the history: empty when the session is recorded."""
        if self.settings.recording:
            return ""
        speed = self.settings.speed
        preview = f"preview at {speed:g}× · " if speed != 1 else ""
        return f"{preview}not recorded"

    def on_mount(self) -> None:
        self._main = self.query_one("#main")
        self._details = self.query_one(MoreScroll)
        self._dash = self.query_one(Dashboard)
        self._dash.total = int(self.session.total)
        self.session.subscribe(self._pending.append)
        self.app.app_suspend_signal.subscribe(self, self._on_suspend, immediate=True)
        self.app.app_resume_signal.subscribe(self, self._on_resume)
        self.session.start()
        self._handle(cue=False)
        self.call_after_refresh(self._settle_heap)

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT_ROWS, "-short")
        self.set_class(not map_beside(*self.size), "-map-aside")

    @staticmethod
    def _settle_heap() -> None:
        """After the first paint, set the heap Textual built aside from the garbage collector.

        A full collection scans every object the app made (about 47,000 at 80x24); one comes
        every so often in a long hold and took 28 ms here, one and a half milliseconds a second
        on average. Frozen objects are not scanned again; the session's end unfreezes them, so
        any garbage frozen with them is collected then. (Collecting first would hold the first
        paint back by as long.)
        """
        gc.freeze()

    def _on_suspend(self, _app: object) -> None:
        if self.session.state is State.RUNNING:
            self.session.pause()
            self._handle(cue=False)

    def _on_resume(self, _app: object) -> None:
        self.session.update()
        self._handle(cue=False)
        self.refresh(layout=True)

    # --- the tick -------------------------------------------------------------------------

    def tick(self) -> None:
        """Catch up with the clock and show what changed. Tests call this after advancing."""
        self.session.update()
        self._handle(cue=True)

    def _handle(self, *, cue: bool) -> None:
        """React to the engine's events, then refresh what is shown."""
        events, self._pending[:] = self._pending[:], []
        ring = False
        for event in events:
            kind = event.kind
            if kind is EventKind.PHASE_STARTED and event.phase.kind is not PhaseKind.DONE:
                ring = ring or cue
            elif kind is EventKind.PAUSED and event.stalled:
                self.notify(
                    "The session paused itself while the terminal was stopped. "
                    "Press space to carry on.",
                    title="Paused",
                    markup=False,
                )
        if self.session.state in (State.FINISHED, State.ABANDONED):
            self._end()
            return
        if ring and self.settings.signal:
            self._signal_phase_change()
        self.refresh_view()

    def _end(self) -> None:
        if self._ended:
            return
        self._ended = True
        self._stop_timer()
        gc.unfreeze()
        self.dismiss(self.session)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _restart_timer(self, hz: float) -> None:
        """(Re)start the one interval timer, lined up with the phase, if the session runs.

        Ticks fall on a grid of the phase's time, 1/hz apart, just after each change: with
        whole-second phases and breaths, every change of the countdown and of the breathing
        guide falls on a tick, so the screen is never a tick late and no tick is wasted. The
        first tick waits for the next point of the grid (after a pause, say, the phase can be
        anywhere between two).
        """
        self._stop_timer()
        self._hz = hz
        session = self.session
        if session.state is not State.RUNNING:
            return
        wait = until_tick(session.phase_elapsed() / session.speed, 1 / hz)
        self._timer = self.set_timer(wait, self._start_ticking)

    def _start_ticking(self) -> None:
        self._timer = self.set_interval(1 / self._hz, self.tick)
        self.tick()

    def _signal_phase_change(self) -> None:
        if self.settings.bell:
            self.app.bell()
            return
        self.flash()

    def flash(self) -> None:
        """Flash the box briefly: the cue of a phase change when the bell is off."""
        self._main.add_class("-flash")
        self.set_timer(FLASH_SECONDS, lambda: self._main.remove_class("-flash"))

    # --- showing --------------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Push what the engine says to the widgets; a value that did not change costs nothing."""
        session = self.session
        realign = False
        if session.index != self._shown_index:
            self._shown_index = session.index
            self._show_phase(session.phase)
            realign = True
        if session.state is not self._shown_state:
            self._shown_state = session.state
            paused = session.state is State.PAUSED
            self.set_class(paused, "-paused")
            self._dash.show_paused(paused)
            self._show_heading()
            self.refresh_bindings()  # space: pause or resume
            realign = True
        now = session.reading()
        elapsed = int(now.elapsed + 1e-6)
        tick = session.speed / GUIDE_HZ
        step = self._dash.show_time(elapsed, whole_seconds(now.remaining), now.breath, tick=tick)
        hz = GUIDE_HZ * tick / step if now.breath is not None else PLAIN_HZ
        if realign or hz != self._hz:
            self._restart_timer(hz)

    def _show_phase(self, phase: Phase) -> None:
        classes = (set(self.classes) - PHASE_CLASSES) | {f"-{phase.kind.value}"}
        if classes != set(self.classes):
            self.set_classes(classes)  # one restyle, not one per class added or removed
        current = self.session.step
        if current is None:
            return
        session, routine, points = self.session, self.loaded.routine, self.points
        self._main.border_title = describe.PHASE_LABEL[phase.kind]
        position = session.steps.index(phase.step) + 1
        self._dash.show_step(f"step {position} of {len(session.steps)}")
        self._dash.show_phase(*session_text.countdown_words(session, routine))
        self._heading = session_text.heading(session, routine, points)
        self._show_heading()
        self.query_one("#about", Static).update(session_text.about(session, routine, points))
        self._show_map()
        self._details.scroll_home(animate=False)
        self._text("#next", session_text.next_text(session, routine, points))
        self.refresh_bindings()  # h: mark or unmark, as this step is

    def show_body_map(self, shown: bool) -> None:
        """Show the body map or leave it out (the setting, changed from the palette)."""
        self.settings = self.settings._replace(body_map=shown)
        self.set_class(not shown, "-no-map")

    def _show_map(self) -> None:
        """The point's body map, its side marked, in both places (CSS shows one or none)."""
        subject = session_text.map_subject(self.session, self.loaded.routine, self.points)
        point, side, small = subject if subject else (None, None, False)
        for widget in self.query(PointMap):
            widget.show(point, side, small=small)

    def _show_heading(self) -> None:
        session = self.session
        paused = session.state is State.PAUSED
        helped, on_title = "", True
        if session.step is not None and session.phase.step in self.marked:
            helped, on_title = session_text.helped_mark(session, self.loaded.routine, self.points)
        held = describe.held_line(session.phase) if session.held else ""
        content = session_text.heading_content(
            *self._heading, paused=paused, helped=helped, on_title=on_title, held=held
        )
        self.query_one("#heading", Static).update(content)

    def _text(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(text)
        widget.display = bool(text)

    def _code(self, step: int) -> str:
        return self.points.resolve(self.loaded.routine.steps[step].point).code
