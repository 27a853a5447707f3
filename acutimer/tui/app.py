"""The Textual front end: picker, safety notice, session and summary, wired together.

``run_tui`` is what ``acutimer run`` (in a terminal) and ``acutimer`` alone call. The app takes a
clock, so tests run whole sessions on a fake one.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from textual import on
from textual.app import App
from textual.binding import Binding

from acutimer import describe
from acutimer.config import Config, load_config, save_config
from acutimer.engine import Clock, Session, default_clock
from acutimer.library import LoadedRoutine, RoutineRef, all_refs, load_points
from acutimer.models import Caution
from acutimer.tui.dialogs import HelpScreen
from acutimer.tui.picker import PickerScreen, RoutinePicked
from acutimer.tui.safety import SafetyScreen
from acutimer.tui.session import SessionScreen, SessionSettings
from acutimer.tui.summary import SummaryScreen


class AcutimerApp(App[int]):
    """acutimer, full screen.

    Args:
        loaded: the routine to run, or None to open the picker.
        speed: routine seconds per real second (``--speed``).
        no_bell: flash the screen at phase changes instead of ringing the bell.
        clock: monotonic seconds; tests pass a fake one.
        config: the user's settings; read from the acutimer home when not given.
        refs: where the picker finds routines.
        attach: each called with every session just before it starts (as in ``run_plain``):
            the hook for more listeners, e.g. a history recorder.
    """

    CSS_PATH = "app.tcss"
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
    ) -> None:
        super().__init__()
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

    def on_mount(self) -> None:
        if self._config_warning:
            self.notify(self._config_warning, severity="warning", markup=False)
        if self.loaded is None:
            self.push_screen(PickerScreen(self._refs))
        else:
            self.begin(self.loaded)

    def begin(self, loaded: LoadedRoutine) -> None:
        """Start a session, after the safety notice if it was never acknowledged."""
        if self.config.safety_acknowledged:
            self._start(loaded)
            return

        def after(acknowledged: bool | None) -> None:
            if acknowledged:
                self._start(loaded)
            elif self.loaded is not None:
                self.exit(0)

        self.push_screen(SafetyScreen(self.config, self.save_settings, first_time=True), after)

    def _start(self, loaded: LoadedRoutine) -> None:
        points = load_points()
        skip: list[int] = []
        if self.config.avoid_pregnancy_points:
            skip = describe.flagged_steps(loaded.routine, points, Caution.PREGNANCY)
        settings = SessionSettings(
            speed=self.speed, bell=self.config.bell and not self.no_bell, skip=tuple(skip)
        )
        screen = SessionScreen(loaded, points, settings, self.clock, self.open_safety)
        for hook in self._session_hooks:
            hook(screen.session)
        self.push_screen(screen, self._session_over)

    def _session_over(self, session: Session | None) -> None:
        if session is None:
            return
        self.sessions.append(session)
        self.push_screen(SummaryScreen(session, load_points()), self._summary_closed)

    def _summary_closed(self, quit_app: bool | None) -> None:
        if quit_app or self.loaded is not None:
            self.exit(0)

    @on(RoutinePicked)
    def _picked(self, message: RoutinePicked) -> None:
        self.begin(message.loaded)

    def open_safety(self, done: Callable[[object], None]) -> None:
        """Show the safety notice from a key; ``done`` runs when it closes."""
        screen = SafetyScreen(self.config, self.save_settings, first_time=False)
        self.push_screen(screen, done)

    def action_safety(self) -> None:
        self.open_safety(lambda _result: None)

    def action_help(self) -> None:
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
    )
    app.run()
    return app.return_code or 0
