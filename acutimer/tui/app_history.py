"""The full-screen app's history: a recorder for each session, and what the user tells it.

Each session at speed 1 is recorded by a :class:`~acutimer.history.Recorder` of its own, opened
as it starts and closed when its summary closes (or the app ends). A history busy with another
program's write is tried again every second; a warning that comes after the app stopped is
kept for ``run_tui`` to print. The pain rating after a session and the h key's marks go to the
recorder here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from acutimer.safetext import visible
from acutimer.tui.app_terminal import TerminalApp

if TYPE_CHECKING:
    from textual.timer import Timer

    from acutimer.history.recorder import Recorder
    from acutimer.history.resume import Resumable
    from acutimer.routine.loading import LoadedRoutine
    from acutimer.tui.screens.pain import PainRated
    from acutimer.tui.screens.session import PointHelped, SessionScreen


class RecordingApp(TerminalApp):
    """The app's recorder of the session now running; :class:`~acutimer.tui.app.AcutimerApp`
    sets up the attributes below."""

    now: Callable[[], datetime]
    recorder: Recorder | None
    late_warnings: list[str]
    _history_retry: Timer | None

    def _open_recorder(self) -> Recorder | None:
        from acutimer.history import (
            recorder as history,  # sqlite3 and all: not before the first paint
        )

        recorder, warning = history.Recorder.open(
            now=self.now, on_warning=self._history_warning, on_busy=self._history_busy
        )
        if warning is not None:
            self._history_warning(warning)
        return recorder

    def _history_busy(self) -> None:
        """Writes wait for a busy history: try them again every second until they are done
        (a step may last many minutes; the session must be recorded anyway)."""
        if self._history_retry is None:
            self._history_retry = self.set_interval(1.0, self._retry_history)

    def _retry_history(self) -> None:
        recorder = self.recorder
        if recorder is not None:
            recorder.retry()
        if (recorder is None or not recorder.pending) and self._history_retry is not None:
            self._history_retry.stop()
            self._history_retry = None

    def _record(
        self, screen: SessionScreen, loaded: LoadedRoutine, resume: Resumable | None = None
    ) -> None:
        """Open the history and record the session on ``screen``; if it can't, say so there.

        The session may have moved on, or even ended, in the meantime: it is recorded whole.
        """
        self.recorder = self._open_recorder()
        if self.recorder is not None and self.recorder.enabled:
            self.recorder.attach(screen.session, loaded.ref.name, loaded.text, resuming=resume)
        elif screen.is_attached:
            screen.not_recorded()

    def on_pain_rated(self, message: PainRated) -> None:
        if self.recorder is not None:
            self.recorder.set_pain_after(message.rating)

    def on_point_helped(self, message: PointHelped) -> None:
        recorder = self.recorder
        screen = self.session_in_progress()
        if recorder is None:
            # The history opens just after the first paint: a key quicker than that is lost.
            self.notify("The history is still opening: press h again.", markup=False)
            if screen is not None:
                screen.forget_mark(message.step)
            return
        if not recorder.enabled:
            self.notify("History is off, so nothing was marked.", markup=False)
            if screen is not None:
                screen.not_recorded()
            return
        if message.helped:
            recorder.mark_helped(message.step, message.point)
        else:
            recorder.unmark_helped(message.step, message.point)

    def _history_warning(self, warning: str) -> None:
        if self.is_running:
            self.notify(
                visible(warning), title="History", severity="warning", markup=False, timeout=10
            )
        else:
            self.late_warnings.append(warning)

    def close_recorder(self) -> None:
        if self._history_retry is not None:
            self._history_retry.stop()
            self._history_retry = None
        recorder, self.recorder = self.recorder, None
        if recorder is not None:
            recorder.close()

    def on_unmount(self) -> None:
        # Quitting the app mid-session (ctrl+q) ends the row as abandoned.
        self.close_recorder()

    def session_in_progress(self) -> SessionScreen | None:
        """The session screen whose session has started and not ended, if any."""
        from acutimer.tui.screens.session import SessionScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, SessionScreen) and screen.in_progress:
                return screen
        return None
