"""The Textual front end: picker, safety notice, session and summary, wired together.

``run_tui`` is what ``acutimer run`` (in a terminal) and ``acutimer`` alone call. The app takes a
clock, so tests run whole sessions on a fake one. It is built in layers, each a class of its
own: :mod:`~acutimer.tui.app_terminal` (the terminal, the cues' routes, the settings),
:mod:`~acutimer.tui.app_history` (the recorder), :mod:`~acutimer.tui.app_sessions` (from a
routine to its summary); :class:`AcutimerApp` adds the start, leaving and the other screens.

Each session at speed 1 is recorded by a :class:`~acutimer.history.Recorder` of its own, opened
as it starts and closed when its summary closes (or the app ends): a session that ends early is
abandoned at its last completed step. If the terminal is closed, the process dies with its lock
on the row, and the next open of the history marks the row abandoned.

Leaving: q means "quit acutimer" on every screen, and asks first while a session is in
progress (on a dialog over the session too); Ctrl+C does what q does; Esc closes a dialog or goes
back. Ctrl+Q ends a session in progress at once and shows its summary, and quits anywhere else.
Closing the first safety notice unread (q, Esc or Ctrl+C) quits with status 1 and says why.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from acutimer.config import Config, Settings, SettingsSaver, Source, load_settings
from acutimer.paths import RoutineRef, all_refs
from acutimer.reach import Reach
from acutimer.routine.errors import EXIT_OK
from acutimer.routine.loading import LoadedRoutine
from acutimer.safetext import visible
from acutimer.session.clock import Clock, default_clock
from acutimer.session.engine import Session
from acutimer.session.events import State
from acutimer.tui.app_sessions import SessionsApp
from acutimer.tui.resize import coalesce_resizes
from acutimer.tui.settings import SettingsCommands

if TYPE_CHECKING:
    from textual.timer import Timer

    from acutimer.history.recorder import Recorder
    from acutimer.history.resume import Resumable
    from acutimer.tui.screens.picker import RoutinePicked

# The other screens are imported when first shown: ``acutimer run`` paints the session sooner.


def local_now() -> datetime:
    """Now, as an aware datetime in the machine's time zone (the history's clock)."""
    from acutimer.history.records import local_now

    return local_now()


class AcutimerApp(SessionsApp):
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
        settings: the settings with where each came from (``run_tui`` reads them); ``config``
            wins when both are given.
        reach: the routes to the user (sound, speech, title, bell); tests pass their own.
        resume: the session cut short that ``loaded``'s session carries on (``acutimer
            resume``). Without it, a session about to start offers to carry on the last one
            of its routine, when that was cut short lately and its file is unchanged.
        note: shown as the app starts (the routine changed since the session cut short).
    """

    CSS_PATH = "app.tcss"
    """The session's CSS; the other screens load theirs when first shown."""
    TITLE = "acutimer"
    COMMANDS = App.COMMANDS | {SettingsCommands}
    BINDINGS = [
        Binding("ctrl+z", "suspend_process", show=False, id="app.suspend"),
        # Over every screen's own Ctrl+C (copying): Ctrl+C leaves as q does.
        Binding("ctrl+c", "leave", show=False, priority=True, id="app.leave"),
    ]

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
        settings: Settings | None = None,
        reach: Reach | None = None,
        resume: Resumable | None = None,
        note: str = "",
    ) -> None:
        # Each screen brings its own CSS when first shown; the first screen's comes at once.
        super().__init__(css_path=["app.tcss", "screens/picker.tcss"] if loaded is None else None)
        self.loaded = loaded
        self.speed = speed
        self.no_bell = no_bell
        self.clock = clock
        self._config_warning: str | None = None
        if config is None:
            settings = settings or load_settings()
            config, self._config_warning = settings.config, settings.warning
        if no_bell:
            config.bell = False  # for this run: the saver below does not write it to the file
        self.config = config
        self.sources: dict[str, Source] = dict(settings.sources) if settings else {}
        """Where each setting came from (empty when the settings were given as they are)."""
        self._saver = SettingsSaver(config)
        self.reach = reach or Reach(self._note, bell=lambda: self.bell(), flash=self._flash)
        # The first cue (a session's start) comes just after the first paint, not before it.
        self.reach.defer = self.call_after_refresh
        """The routes to the user, shared by every session of the app."""
        self._refs = refs
        self._session_hooks = attach
        self.sessions: list[Session] = []
        """Every session run, finished or abandoned, in order."""
        self.ask_pain = config.ask_pain if ask_pain is None else ask_pain
        self.now = now or local_now
        self.recorder: Recorder | None = None
        """The history's recorder of the session now running or just ended (until its summary
        closes)."""
        self._history_retry: Timer | None = None
        self.late_warnings: list[str] = []
        """History warnings that came after the app stopped (run_tui prints them)."""
        self.exit_message: str | None = None
        """Why the app quit with a non-zero status (run_tui prints it)."""
        self._resume = resume
        self._note_at_start = note

    def on_mount(self) -> None:
        self.call_after_refresh(gc.enable)  # off since start-up (cli.main), for a sooner paint
        self.reach.post = _poster(asyncio.get_running_loop())
        self.call_after_refresh(self._cues_now)
        if self._config_warning:
            self.notify(visible(self._config_warning), severity="warning", markup=False, timeout=15)
        if self._note_at_start:
            self.notify(
                visible(self._note_at_start), title="Starting afresh", markup=False, timeout=15
            )
        self._apply_theme()
        if self.config.reduced_motion:
            self.animation_level = "none"
        if not self.is_headless:
            # SIGTERM (kill, a logout) ends the app as q would: the terminal, its title and the
            # history row are put right, and no tone or speech is left playing.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().add_signal_handler(
                    signal.SIGTERM, lambda: self.exit(return_code=128 + signal.SIGTERM)
                )
        coalesce_resizes(self)  # after add_signal_handler: a storm of SIGWINCH hung or crashed
        if self.loaded is None:
            from acutimer.tui.screens.picker import PickerScreen

            picker = PickerScreen(
                self._refs, config=self.config, save=self.save_settings, preview=self.preview
            )
            self.push_screen(picker)
        else:
            self.begin(self.loaded, self._resume)

    # --- leaving ----------------------------------------------------------------------------

    async def action_leave(self) -> None:
        """Ctrl+C: what q does on this screen (its ``leave`` action), or quit. The command
        palette, where q is a letter to type, closes first: then Ctrl+C does what q does on the
        screen under it (over a session, it asks)."""
        from textual.command import CommandPalette

        if isinstance(self.screen, CommandPalette):
            await self.pop_screen()
        if not await self.run_action("leave", self.screen):
            await self.action_quit()

    async def action_quit(self) -> None:
        """Ctrl+Q (and q where nothing would be lost): quit, but a session in progress ends
        first, at once, and shows its summary, and a builder with unsaved changes asks first."""
        from acutimer.tui.builder.screen import BuilderScreen
        from acutimer.tui.screens.safety import SafetyScreen

        if isinstance(self.screen, SafetyScreen) and self.screen.first_time:
            self.quit_unread()
            return
        screen = self.session_in_progress()
        if screen is None:
            drafts = [s for s in self.screen_stack if isinstance(s, BuilderScreen)]
            if drafts and drafts[-1].dirty:
                drafts[-1].action_leave()  # it asks, then quits
                return
            self.exit(EXIT_OK)
            return
        while self.screen is not screen:
            self.pop_screen()  # the dialogs over it, without their answers
        screen.end_now()

    # --- the other screens ------------------------------------------------------------------

    def action_history(self) -> None:
        """Open the history screen."""
        from acutimer.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.now().date()))

    def on_routine_picked(self, message: RoutinePicked) -> None:
        self.begin(message.loaded)

    def preview(self, loaded: LoadedRoutine, speed: float) -> None:
        """The builder's preview (from the picker's n and e): a session, never recorded."""
        from acutimer.tui.launch import run_preview

        run_preview(self, self.config, self.clock, self.save_settings, loaded, speed)

    def action_command_palette(self) -> None:
        """Ctrl+P: the command palette, but in the builder its preview, as its footer says."""
        from acutimer.tui.builder.screen import BuilderScreen

        if isinstance(self.screen, BuilderScreen):
            self.screen.action_preview()
            return
        super().action_command_palette()

    def action_help(self) -> None:
        from acutimer.tui.screens.dialogs import HelpScreen

        self.push_screen(HelpScreen(), self._quit_if_asked)


END_GRACE = 3.0
"""Seconds the last chime and words may go on when the app ends just after a session's end."""


def _poster(loop: asyncio.AbstractEventLoop) -> Callable[[Callable[[], object]], object]:
    """Runs a callable in the app's loop, from another thread (a notification sent in the
    background); once the loop is closed, there is nothing left to run it for."""

    def post(callback: Callable[[], object]) -> None:
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(callback)

    return post


def run_tui(
    loaded: LoadedRoutine | None,
    args: argparse.Namespace,
    *,
    resume: Resumable | None = None,
    note: str = "",
) -> int:
    """Run the full-screen app: a session of ``loaded`` (carrying on ``resume``, if given), or
    the picker when it is None."""
    from acutimer.config.load import overrides_from

    app = AcutimerApp(
        loaded,
        speed=getattr(args, "speed", 1.0),
        ask_pain=getattr(args, "pain", None),
        settings=load_settings(overrides_from(args)),
        resume=resume,
        note=note,
    )
    try:
        app.run()
    finally:
        app.close_recorder()
        # The last chime may finish after a session that ran to its end, not after a signal
        # (a session after it may have been cut short by SIGTERM).
        signalled = app.return_code == 128 + signal.SIGTERM
        ended = bool(app.sessions) and app.sessions[-1].state is State.FINISHED and not signalled
        app.reach.close(grace=END_GRACE if ended else 0.0)
        for warning in app.late_warnings:
            print(f"acutimer: {warning}", file=sys.stderr)
        if app.exit_message:
            print(f"acutimer: {app.exit_message}", file=sys.stderr)
    return app.return_code or 0
