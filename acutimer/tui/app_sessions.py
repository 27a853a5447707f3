"""The full-screen app's sessions: the safety notice first, the offer to carry on a session
cut short, the pain question, the session screen with its cues and recorder, and its summary.

Closing the first safety notice unread (q, Esc or Ctrl+C) quits with status 1 and says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from acutimer.routine.errors import EXIT_OK, EXIT_PROBLEM
from acutimer.routine.loading import LoadedRoutine
from acutimer.routine.points import load_points
from acutimer.session.clock import Clock
from acutimer.session.cues import Cues
from acutimer.session.engine import Session
from acutimer.tui.app_history import RecordingApp
from acutimer.tui.launch import NOT_READ, NOT_READ_NOTE, after_safety, session_screen
from acutimer.tui.screens.leaving import QUIT

if TYPE_CHECKING:
    from acutimer.history.resume import Resumable
    from acutimer.tui.screens.session import SessionScreen


class SessionsApp(RecordingApp):
    """The app's way from a routine to its session and summary;
    :class:`~acutimer.tui.app.AcutimerApp` sets up the attributes below."""

    loaded: LoadedRoutine | None
    speed: float
    clock: Clock
    ask_pain: bool
    sessions: list[Session]
    exit_message: str | None
    _session_hooks: Sequence[Callable[[Session], object]]

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
