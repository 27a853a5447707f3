"""The Textual front end: picker, safety notice, session and summary, wired together.

``run_tui`` is what ``acutimer run`` (in a terminal) and ``acutimer`` alone call. The app takes a
clock, so tests run whole sessions on a fake one.

Each session at speed 1 is recorded by a :class:`~acutimer.history.Recorder` of its own, opened
as it starts and closed when its summary closes (or the app ends): a session that ends early is
abandoned at its last completed step. If the terminal is closed, the process dies with its lock
on the row, and the next open of the history marks the row abandoned.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from acutimer.config import Config, load_config, save_config
from acutimer.paths import RoutineRef, all_refs
from acutimer.routine.loading import LoadedRoutine
from acutimer.routine.points import load_points
from acutimer.session.clock import Clock, default_clock
from acutimer.session.engine import Session
from acutimer.tui.launch import after_safety, session_screen

if TYPE_CHECKING:
    from acutimer.history.recorder import Recorder
    from acutimer.tui.screens.pain import PainRated
    from acutimer.tui.screens.picker import RoutinePicked
    from acutimer.tui.screens.session import PointHelped, SessionScreen

# The other screens are imported when first shown: ``acutimer run`` paints the session sooner.


def local_now() -> datetime:
    """Now, as an aware datetime in the machine's time zone (the history's clock)."""
    from acutimer.history.records import local_now

    return local_now()


class AcutimerApp(App[int]):
    """acutimer, full screen.

    Args:
        loaded: the routine to run, or None to open the picker.
        speed: routine seconds per real second (``--speed``).
        no_bell: flash the screen at phase changes instead of ringing the bell.
        clock: monotonic seconds; tests pass a fake one.
        config: the user's settings; read from the acutimer home when not given.
        refs: where the picker finds routines.
        attach: each called with every session just before it starts (as in ``run_plain``),
            after the history's recorder: the hook for more listeners.
        ask_pain: ask for pain ratings before and after a recorded session; None: as the
            settings say.
        now: the wall-clock time (aware, local), for the history.
    """

    CSS_PATH = "app.tcss"
    """The session's CSS; the other screens load theirs when first shown."""
    TITLE = "acutimer"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+z", "suspend_process", show=False, id="app.suspend")]

    def __init__(
        self,
        loaded: LoadedRoutine | None = None,
        *,
        speed: float = 1.0,
        no_bell: bool = False,
        clock: Clock = default_clock,
        config: Config | None = None,
        refs: Callable[[], list[RoutineRef]] = all_refs,
        attach: Sequence[Callable[[Session], object]] = (),
        ask_pain: bool | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        # Each screen brings its own CSS when first shown; the first screen's comes at once.
        super().__init__(css_path=["app.tcss", "screens/picker.tcss"] if loaded is None else None)
        self.loaded = loaded
        self.speed = speed
        self.no_bell = no_bell
        self.clock = clock
        self._config_warning: str | None = None
        if config is None:
            config, self._config_warning = load_config()
        self.config = config
        self._refs = refs
        self._session_hooks = attach
        self.sessions: list[Session] = []
        """Every session run, finished or abandoned, in order."""
        self.ask_pain = config.ask_pain if ask_pain is None else ask_pain
        self.now = now or local_now
        self.recorder: Recorder | None = None
        """The history's recorder of the session now running or just ended (until its summary
        closes)."""
        self.late_warnings: list[str] = []
        """History warnings that came after the app stopped (run_tui prints them)."""

    def on_mount(self) -> None:
        self.call_after_refresh(gc.enable)  # off since start-up (cli.main), for a sooner paint
        if self._config_warning:
            self.notify(self._config_warning, severity="warning", markup=False)
        if self.loaded is None:
            from acutimer.tui.screens.picker import PickerScreen

            picker = PickerScreen(
                self._refs, config=self.config, save=self.save_settings, preview=self.preview
            )
            self.push_screen(picker)
        else:
            self.begin(self.loaded)

    def begin(self, loaded: LoadedRoutine) -> None:
        """Start a session, after the safety notice if it was never acknowledged."""

        def declined() -> None:
            if self.loaded is not None:
                self.exit(0)

        after_safety(self, self.config, self.save_settings, lambda: self._start(loaded), declined)

    def _start(self, loaded: LoadedRoutine) -> None:
        """Open the history for the session (not for a preview), ask for pain, then run it.

        Without a pain question, the history opens just after the session's first paint, which
        comes sooner so. Nothing is lost in between: a session attached late is recorded from
        its start.
        """
        self.close_recorder()
        if self.speed != 1:
            self._run(loaded)
            return
        if not self.ask_pain:
            screen = self._run(loaded, recording=True)
            self.call_after_refresh(self._record, screen, loaded)
            return
        self.recorder = self._open_recorder()
        if self.recorder is None or not self.recorder.enabled:
            self._run(loaded)
            return

        from acutimer.tui.screens.pain import PainScreen

        def rated(rating: int | None) -> None:
            if rating is not None and self.recorder is not None:
                self.recorder.set_pain_before(rating)
            self._run(loaded, rating)

        self.push_screen(PainScreen(), rated)

    def _open_recorder(self) -> Recorder | None:
        from acutimer.history import (
            recorder as history,  # sqlite3 and all: not before the first paint
        )

        recorder, warning = history.Recorder.open(now=self.now, on_warning=self._history_warning)
        if warning is not None:
            self._history_warning(warning)
        return recorder

    def _record(self, screen: SessionScreen, loaded: LoadedRoutine) -> None:
        """Open the history and record the session on ``screen``; if it can't, say so there.

        The session may have moved on, or even ended, in the meantime: it is recorded whole.
        """
        self.recorder = self._open_recorder()
        if self.recorder is not None and self.recorder.enabled:
            self.recorder.attach(screen.session, loaded.ref.name, loaded.text)
        elif screen.is_attached:
            screen.not_recorded()

    def _run(
        self, loaded: LoadedRoutine, pain_before: int | None = None, *, recording: bool = False
    ) -> SessionScreen:
        recorder = self.recorder
        if recorder is not None:
            recording = recorder.enabled
        screen = session_screen(
            loaded,
            self.config,
            self.clock,
            self.open_safety,
            speed=self.speed,
            bell=self.config.bell and not self.no_bell,
            recording=recording,
        )
        if recorder is not None and recorder.enabled:
            recorder.attach(screen.session, loaded.ref.name, loaded.text)
        for hook in self._session_hooks:
            hook(screen.session)

        def over(session: Session | None) -> None:
            self._session_over(session, pain_before)

        self.push_screen(screen, over)
        return screen

    def _session_over(self, session: Session | None, pain_before: int | None) -> None:
        if session is None:
            return
        self.sessions.append(session)
        from acutimer.tui.screens.summary import SummaryScreen

        recording = self.recorder is not None and self.recorder.enabled
        summary = SummaryScreen(
            session, load_points(), ask_pain=recording and self.ask_pain, pain_before=pain_before
        )
        self.push_screen(summary, self._summary_closed)

    def _summary_closed(self, quit_app: bool | None) -> None:
        self.close_recorder()
        if quit_app or self.loaded is not None:
            self.exit(0)

    # --- history ----------------------------------------------------------------------------

    def on_pain_rated(self, message: PainRated) -> None:
        if self.recorder is not None:
            self.recorder.set_pain_after(message.rating)

    def on_point_helped(self, message: PointHelped) -> None:
        recorder = self.recorder
        if recorder is None or not recorder.enabled:
            self.notify("History is off, so nothing was marked.", markup=False)
            return
        recorder.mark_helped(message.step, message.point)
        self.notify(f"Marked {message.point} as helpful.", markup=False, timeout=3)

    def _history_warning(self, warning: str) -> None:
        if self.is_running:
            self.notify(warning, title="History", severity="warning", markup=False, timeout=10)
        else:
            self.late_warnings.append(warning)

    def close_recorder(self) -> None:
        recorder, self.recorder = self.recorder, None
        if recorder is not None:
            recorder.close()

    def on_unmount(self) -> None:
        # Quitting the app mid-session (ctrl+q) ends the row as abandoned.
        self.close_recorder()

    def action_history(self) -> None:
        """Open the history screen."""
        from acutimer.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.now().date()))

    def on_routine_picked(self, message: RoutinePicked) -> None:
        self.begin(message.loaded)

    def open_safety(self, done: Callable[[object], None]) -> None:
        """Show the safety notice from a key; ``done`` runs when it closes."""
        from acutimer.tui.screens.safety import SafetyScreen

        screen = SafetyScreen(self.config, self.save_settings, first_time=False)
        self.push_screen(screen, done)

    def action_safety(self) -> None:
        self.open_safety(lambda _result: None)

    def preview(self, loaded: LoadedRoutine, speed: float) -> None:
        """The builder's preview (from the picker's n and e): a session, never recorded."""
        from acutimer.tui.launch import run_preview

        run_preview(self, self.config, self.clock, self.save_settings, loaded, speed)

    async def action_quit(self) -> None:
        """Ctrl+Q (and q in the picker): leave; a builder with unsaved changes asks first."""
        from acutimer.tui.builder.screen import BuilderScreen

        drafts = [screen for screen in self.screen_stack if isinstance(screen, BuilderScreen)]
        if drafts and drafts[-1].dirty:
            drafts[-1].action_leave()
            return
        await super().action_quit()

    def action_help(self) -> None:
        from acutimer.tui.screens.dialogs import HelpScreen

        self.push_screen(HelpScreen())

    def save_settings(self) -> None:
        """Save the settings; a failure is shown, and the session carries on."""
        try:
            save_config(self.config)
        except OSError as error:
            self.notify(
                f"Your settings could not be saved: {error}", severity="warning", markup=False
            )


def run_tui(loaded: LoadedRoutine | None, args: argparse.Namespace) -> int:
    """Run the full-screen app: a session of ``loaded``, or the picker when it is None."""
    app = AcutimerApp(
        loaded,
        speed=getattr(args, "speed", 1.0),
        no_bell=getattr(args, "no_bell", False),
        ask_pain=getattr(args, "pain", None),
    )
    try:
        app.run()
    finally:
        app.close_recorder()
        for warning in app.late_warnings:
            print(f"acutimer: {warning}", file=sys.stderr)
    return app.return_code or 0
