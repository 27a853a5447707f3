"""The session screen: the keys of a guided session, over the view of
:mod:`~acutimer.tui.screens.session_view` (what it shows, and the timer).

↑ ↓ j k PgUp PgDn Home End scroll the box's text, which its border says is there; ← → (n, p)
move between steps, r restarts one, space pauses, h marks the point as one that helped.

Leaving: q (and Ctrl+C, which the app sends here) asks first; q on a dialog over the session
asks too, as the dialog closes. Ctrl+Q ends the session at once, and its summary follows.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from acutimer.session.events import State
from acutimer.tui.screens import session_text
from acutimer.tui.screens.leaving import QUIT
from acutimer.tui.screens.session_settings import SessionSettings, map_beside
from acutimer.tui.screens.session_view import SessionView

__all__ = ["PointHelped", "SessionScreen", "SessionSettings", "map_beside"]


class PointHelped(Message):
    """The user marked the point of a step as helpful (the h key), or took the mark back."""

    def __init__(self, step: int, point: str, helped: bool = True) -> None:
        super().__init__()
        self.step = step
        self.point = point
        self.helped = helped


class SessionScreen(SessionView):
    """A guided session, full screen. Dismissed with the finished or abandoned session."""

    BINDINGS = [
        Binding("space", "pause", "pause", id="session.pause"),
        Binding("space", "resume", "resume", id="session.resume"),
        Binding("n,right", "next_step", "next", key_display="n→", id="session.next"),
        Binding("p,left", "previous_step", "back", key_display="p←", id="session.previous"),
        Binding("r", "restart_step", "restart", id="session.restart"),
        Binding("q", "leave", "quit", id="session.quit"),
        Binding("question_mark", "help", "help", key_display="?", id="session.help"),
        Binding("s", "safety", "safety", id="session.safety"),
        Binding("h", "mark_helped", "helped", id="session.helped"),
        Binding("h", "unmark_helped", "unmark", id="session.unmark"),
        Binding("up,k", "scroll_box('up')", show=False),
        Binding("down,j", "scroll_box('down')", show=False),
        Binding("pageup", "scroll_box('page_up')", show=False),
        Binding("pagedown", "scroll_box('page_down')", show=False),
        Binding("home", "scroll_box('home')", show=False),
        Binding("end", "scroll_box('end')", show=False),
        Binding("enter", "carry_on", show=False, id="session.back"),
        Binding("w", "wait_for_me", show=False, id="session.wait"),
    ]

    # --- keys -----------------------------------------------------------------------------

    @property
    def in_progress(self) -> bool:
        """Whether the session has started and not ended."""
        return not self._ended and self.session.state in (State.RUNNING, State.PAUSED)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark_helped", "unmark_helped"):
            step = self.session.phase.step if self.session.step is not None else None
            marked = step in self.marked
            return self.settings.recording and marked is (action == "unmark_helped")
        if action in ("pause", "resume"):
            return (self.session.state is State.PAUSED) is (action == "resume")
        return True

    def not_recorded(self) -> None:
        """The history could not take the session after all: say so, and drop the h key."""
        self.settings = self.settings._replace(recording=False)
        self.marked.clear()
        self._dash.status = self._status()
        self._dash.refresh()
        self._show_heading()
        self.refresh_bindings()

    def forget_mark(self, step: int) -> None:
        """Show ``step`` unmarked again: the history could not take the mark."""
        if self.marked.pop(step, None) is not None:
            self._show_heading()
            self.refresh_bindings()

    def action_mark_helped(self) -> None:
        self._toggle_helped()

    def action_unmark_helped(self) -> None:
        self._toggle_helped()

    def _toggle_helped(self) -> None:
        """The h key: mark the current step's point as one that helped, or take the mark back."""
        if self.session.step is None or not self.in_progress:
            return
        step = self.session.phase.step
        helped = step not in self.marked
        code = self._code(step)
        if helped:
            self.marked[step] = code
        else:
            del self.marked[step]
        self._show_heading()
        self.refresh_bindings()
        self.post_message(PointHelped(step, code, helped))

    def action_pause(self) -> None:
        self.action_toggle_pause()

    def action_resume(self) -> None:
        self.action_toggle_pause()

    def action_toggle_pause(self) -> None:
        self.session.toggle_pause()
        self._handle(cue=False)

    def action_next_step(self) -> None:
        self.session.next_step()
        self._handle(cue=False)

    def action_previous_step(self) -> None:
        self.session.previous_step()
        self._handle(cue=False)

    def action_restart_step(self) -> None:
        self.session.restart_step()
        self._handle(cue=False)

    def on_key(self) -> None:
        """Any key says the user is here (after a long wait: back, see wait for me)."""
        self.session.saw_user()

    def action_carry_on(self) -> None:
        """Enter: the user is back; a session waiting for them goes on."""
        self.session.carry_on()
        self._handle(cue=False)

    def action_wait_for_me(self) -> None:
        """w: wait for me on or off, for this session."""
        self.set_wait_for_me(not self.session.wait_for_me)
        if self.session.wait_for_me:
            said = "on: after a long wait, with no key while you get ready, it waits for you"
        else:
            said = "off: after a long wait, the next press starts on time"
        self.notify(f"Wait for me {said} (this session).", markup=False, timeout=6)

    def set_wait_for_me(self, on: bool) -> None:
        """Wait for me on or off from now on; the box says so."""
        self.session.wait_for_me = on
        if self.session.step is not None:
            about = session_text.about(self.session, self.loaded.routine, self.points)
            self.query_one("#about", Static).update(about)

    def action_scroll_box(self, where: str) -> None:
        """Scroll the box's text (↑ ↓ j k PgUp PgDn Home End; ← → move between steps)."""
        self._details.move(where)

    def action_leave(self) -> None:
        """q (and Ctrl+C): ask whether to end the session."""
        if self.in_progress:
            self._hold_while(self._ask, asking=True)

    def _ask(self, done: Callable[[object], None]) -> None:
        from acutimer.tui.screens.dialogs import ConfirmScreen

        self.app.push_screen(ConfirmScreen(), done)

    def end_now(self) -> None:
        """End the session at once (Ctrl+Q): it is abandoned, and the summary follows."""
        if self.in_progress:
            self.session.quit()
            self._handle(cue=False)

    def action_help(self) -> None:
        from acutimer.tui.screens.dialogs import HelpScreen

        self._hold_while(lambda done: self.app.push_screen(HelpScreen(), done))

    def action_safety(self) -> None:
        self._hold_while(self._open_safety)

    def _hold_while(
        self,
        show: Callable[[Callable[[object], None]], object],
        *,
        asking: bool = False,
        was_running: bool | None = None,
    ) -> None:
        """Pause while a dialog is up; carry on afterwards if it was running before.

        ``asking``: the dialog asks whether to end the session; True ends it. Any other dialog
        closed with :data:`QUIT` (q on it) asks that next.
        """
        if was_running is None:
            was_running = self.session.state is State.RUNNING
            if was_running:
                self.session.pause()
                self._handle(cue=False)

        def closed(result: object) -> None:
            if not self.in_progress:
                return
            if asking and result is True:
                self.session.quit()
                self._handle(cue=False)
                return
            if not asking and result == QUIT:
                self._hold_while(self._ask, asking=True, was_running=was_running)
                return
            if was_running and self.session.state is State.PAUSED:
                self.session.resume()
                self._handle(cue=False)

        show(closed)
