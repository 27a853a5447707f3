"""The Textual front end: picker, safety notice, session and summary, wired together.

``run_tui`` is what ``acutimer run`` (in a terminal) and ``acutimer`` alone call. The app takes a
clock, so tests run whole sessions on a fake one.

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
from textual.filter import LineFilter

from acutimer.config import Config, Settings, SettingsSaver, Source, load_settings
from acutimer.paths import RoutineRef, all_refs
from acutimer.reach import Reach
from acutimer.routine.errors import EXIT_OK, EXIT_PROBLEM, AcutimerError
from acutimer.routine.loading import LoadedRoutine
from acutimer.routine.points import load_points
from acutimer.safetext import visible
from acutimer.session.clock import Clock, default_clock
from acutimer.session.cues import Cues
from acutimer.session.engine import Session
from acutimer.session.events import State
from acutimer.tui.guard import DROP_CONTROLS
from acutimer.tui.launch import NOT_READ, NOT_READ_NOTE, after_safety, session_screen
from acutimer.tui.resize import coalesce_resizes
from acutimer.tui.screens.leaving import QUIT
from acutimer.tui.settings import SettingsCommands

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.theme import Theme
    from textual.timer import Timer

    from acutimer.history.recorder import Recorder
    from acutimer.history.resume import Resumable
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

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, and the one that keeps control characters from the terminal."""
        return [*super().get_line_filters(), DROP_CONTROLS]

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

    @property
    def quitting(self) -> bool:
        """Whether the app is on its way out: a key typed just after q (still queued) must not
        open a screen as the app closes."""
        return self.return_code is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.quitting

    def begin(self, loaded: LoadedRoutine, resume: Resumable | None = None) -> None:
        """Start a session, after the safety notice if it was never acknowledged; ``resume``:
        the session cut short it carries on (none: it may offer to)."""
        if self.quitting:
            return

        def declined() -> None:
            if self.loaded is not None:
                self.quit_unread()
            else:
                self.notify(NOT_READ_NOTE, markup=False, timeout=8)

        after_safety(
            self,
            self.config,
            self.save_settings,
            lambda: self._offer(loaded, resume),
            declined,
            on_quit=self.quit_unread,
        )

    def quit_unread(self) -> None:
        """Quit from the first safety notice, closed unread: status 1, and a word why."""
        self.exit_message = NOT_READ
        self.exit(return_code=EXIT_PROBLEM)

    def _offer(self, loaded: LoadedRoutine, resume: Resumable | None) -> None:
        """Start the session, carrying on ``resume``; without it, first offer to carry on the
        routine's last session if it was cut short lately (Enter), or start afresh (n)."""
        if resume is not None or self.speed != 1 or self.quitting:
            self._start(loaded, resume)
            return
        from datetime import timedelta

        from acutimer.history.resume import offer, offer_text
        from acutimer.routine.adapt import adapt, conditions_from

        within = timedelta(minutes=self.config.resume_within_minutes)
        now = self.now()
        found, note = offer(loaded.ref.name, loaded.text, now, within)
        if note:
            self.notify(note, title="Starting afresh", markup=False, timeout=15)
        if found is None:
            self._start(loaded)
            return
        from acutimer.tui.screens.resume import ResumeScreen

        conditions = conditions_from(avoid_pregnancy_points=self.config.avoid_pregnancy_points)
        skip = adapt(loaded.routine, load_points(), conditions).skip

        def answered(answer: bool | str | None) -> None:
            if answer == QUIT or (answer is None and self.loaded is not None):
                self.exit(EXIT_OK)  # Esc with nothing to go back to leaves, as q does
            elif answer is not None:
                self._start(loaded, found if answer else None)

        title = loaded.routine.title
        self.push_screen(ResumeScreen(title, offer_text(found, now, skip)), answered)

    def _start(self, loaded: LoadedRoutine, resume: Resumable | None = None) -> None:
        """Open the history for the session (not for a preview), ask for pain, then run it.

        Without a pain question, the history opens just after the session's first paint, which
        comes sooner so. Nothing is lost in between: a session attached late is recorded from
        its start. A resumed session asks for no pain before: it keeps the one given before
        its first part.
        """
        self.close_recorder()
        if self.speed != 1:
            self._run(loaded)
            return
        if not self.ask_pain or resume is not None:
            before = resume.pain_before if resume is not None else None
            screen = self._run(loaded, before, recording=True, resume=resume)
            self.call_after_refresh(self._record, screen, loaded, resume)
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

    def _run(
        self,
        loaded: LoadedRoutine,
        pain_before: int | None = None,
        *,
        recording: bool = False,
        resume: Resumable | None = None,
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
            bell=self.config.bell,
            recording=recording,
            cued=True,
            earlier=(resume.done, resume.passed) if resume is not None else None,
        )
        if self.animation_level == "none":
            screen.settings = screen.settings._replace(reduced_motion=True)
        Cues(screen.session, load_points(), self.reach, self.config)
        if recorder is not None and recorder.enabled:
            recorder.attach(screen.session, loaded.ref.name, loaded.text)
        for hook in self._session_hooks:
            hook(screen.session)

        def over(session: Session | None) -> None:
            self._session_over(session, pain_before, list(screen.marked.values()))

        self.push_screen(screen, over)
        if resume is not None:
            from acutimer.history.resume import describe_span, where_it_stopped

            session = screen.session
            stopped = where_it_stopped(resume, session.first_step, session.steps)
            ago = describe_span(resume.ago(self.now()))
            self.notify(f"Cut short {ago} ago: {stopped}.", title="Resumed", markup=False)
        return screen

    def _session_over(
        self, session: Session | None, pain_before: int | None, helped: list[str]
    ) -> None:
        if session is None:
            return
        self.sessions.append(session)
        from acutimer.tui.screens.summary import SummaryScreen

        recording = self.recorder is not None and self.recorder.enabled
        summary = SummaryScreen(
            session,
            load_points(),
            ask_pain=recording and self.ask_pain,
            pain_before=pain_before,
            helped=helped if recording else [],
        )
        self.push_screen(summary, self._summary_closed)

    def _summary_closed(self, quit_app: bool | None) -> None:
        self.close_recorder()
        if quit_app or self.loaded is not None:
            self.exit(EXIT_OK)

    # --- leaving ----------------------------------------------------------------------------

    def session_in_progress(self) -> SessionScreen | None:
        """The session screen whose session has started and not ended, if any."""
        from acutimer.tui.screens.session import SessionScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, SessionScreen) and screen.in_progress:
                return screen
        return None

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

    # --- history ----------------------------------------------------------------------------

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

    def _quit_if_asked(self, result: object) -> None:
        """After a dialog over the picker: q on it quits."""
        if result == QUIT:
            self.exit(EXIT_OK)

    def action_safety(self) -> None:
        self.open_safety(self._quit_if_asked)

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

    # --- the terminal, cues and settings -------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        from acutimer.tui.terminal import titled

        driver: type[Driver] = titled(super().get_driver_class())
        return driver

    def terminal_started(self, write: Callable[[str], None]) -> None:
        """The terminal is the app's: the title can be written (again, after Ctrl+Z)."""
        self.reach.terminal = write
        self.reach.resume_title()

    def terminal_stopping(self) -> None:
        """The terminal is about to be given up (the end, or Ctrl+Z): its old title back."""
        self.reach.restore_title()
        self.reach.terminal = None

    def _cues_now(self) -> None:
        """After the first paint: cues are given at once, and the tones are made ready."""
        self.reach.defer = None
        if self.config.sound:
            self.reach.warm(self.config.volume, bell=self.config.bell)

    def _note(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False, timeout=8)

    def _flash(self) -> None:
        from acutimer.tui.screens.session import SessionScreen

        if isinstance(self.screen, SessionScreen):
            self.screen.flash()

    def _apply_theme(self) -> None:
        theme = self.config.theme
        if theme != self.theme and theme in self.available_themes:
            self.theme = theme
        elif theme not in self.available_themes:
            self.notify(
                f"theme: this Textual has no theme {theme!r}; using {self.theme}",
                severity="warning",
                markup=False,
            )
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        from acutimer.config.model import THEMES

        if theme.name != self.config.theme and theme.name in THEMES:
            self.change_setting("theme", theme.name)

    def change_setting(self, key: str, value: object) -> None:
        """Change a setting now (the next cue, the next session) and save it to the file."""
        setattr(self.config, key, value)
        self.sources[key] = Source.FILE
        if key == "theme" and value != self.theme and value in self.available_themes:
            self.theme = str(value)
        if key in ("sound", "volume") and self.config.sound:
            self.reach.warm(self.config.volume, bell=self.config.bell)
        if key == "wait_for_me":
            from acutimer.tui.screens.session import SessionScreen

            for screen in self.screen_stack:
                if isinstance(screen, SessionScreen):
                    screen.set_wait_for_me(bool(value))
        if key == "reduced_motion":
            self.animation_level = "none" if value else "full"
            from acutimer.tui.screens.session import SessionScreen
            from acutimer.tui.widgets.dashboard import Dashboard

            for screen in self.screen_stack:
                if isinstance(screen, SessionScreen):
                    screen.query_one(Dashboard).set_reduced_motion(bool(value))
        if key == "body_map":
            from acutimer.tui.screens.session import SessionScreen

            for screen in self.screen_stack:
                if isinstance(screen, SessionScreen):
                    screen.show_body_map(bool(value))
        self.save_settings()

    def save_settings(self) -> None:
        """Save the settings; a failure is shown, and the session carries on."""
        try:
            self._saver.save()
        except (OSError, AcutimerError) as error:
            self.notify(
                f"Your settings could not be saved: {error}", severity="warning", markup=False
            )


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
