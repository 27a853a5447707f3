"""A session's state, and what it reads at any instant: phase, time left and done, breath.

:class:`SessionState` is the half of :class:`acutimer.session.engine.Session` that changes
nothing: it sets up the state the engine moves on, and reads time as ``deadline - now`` through
the session's clock. No textual import here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from acutimer.routine.models import Breathing, Routine, Step
from acutimer.routine.timeline import Breath, Phase, PhaseKind, breath_at, expand, pace_for
from acutimer.session.clock import Clock, default_clock
from acutimer.session.events import Listener, Reading, State


class SessionState:
    """A session's state over one routine, and its readings; the engine
    (:class:`~acutimer.session.engine.Session`) moves it on.

    Args:
        routine: the routine to run.
        clock: monotonic seconds; injectable so tests drive time by hand.
        speed: how many routine seconds pass per real second (a preview at ``10`` is 10x).
        skip: indices of steps left out (e.g. points flagged for pregnancy).
        done: steps an earlier part of this session did (a resumed session): they count as
            completed, and the session starts at the first step neither done nor passed.
        passed: steps an earlier part passed over with next or a jump (counted as skipped).
        wait_for_me: pause at the end of a get-ready phase that passed with no key.
    """

    def __init__(
        self,
        routine: Routine,
        *,
        clock: Clock = default_clock,
        speed: float = 1.0,
        skip: Collection[int] = (),
        done: Collection[int] = (),
        passed: Collection[int] = (),
        wait_for_me: bool = False,
    ) -> None:
        if not speed > 0:
            raise ValueError("speed must be greater than zero")
        self.routine = routine
        self.clock = clock
        self.speed = speed
        self.skipped_upfront = sorted(set(skip))
        self.timeline = expand(routine, skip)
        self.index = 0
        self.state = State.READY
        self._deadline = 0.0
        self._remaining = self.timeline[0].duration / speed
        self._last_seen = 0.0
        self._listeners: list[Listener] = []
        self._watchers: list[Callable[[], None]] = []
        runs = {p.step for p in self.timeline if p.kind is not PhaseKind.DONE}
        every = range(len(routine.steps))
        self.completed: list[int] = [s for s in dict.fromkeys(done) if s in every]
        """Steps whose every phase ran to its end, in order (an earlier part's first)."""
        # A step an earlier part did stays done, even if the settings now leave it out.
        self.skipped_upfront = [s for s in self.skipped_upfront if s not in self.completed]
        self.skipped: list[int] = list(self.skipped_upfront)
        self.skipped += [s for s in dict.fromkeys(passed) if s in runs and s not in done]
        """Steps left out up front or passed over with next/jump."""
        self.paused_seconds = 0.0
        """Real seconds spent paused."""
        self._paused_at = 0.0
        self._active = 0.0
        self._running_since: float | None = None
        self.started_clock: float | None = None
        """The clock's time when the session started (None before)."""
        self.wait_for_me = wait_for_me
        """At the end of a get-ready phase with no key in it, wait for the user (may change
        during the session: it counts when a get-ready phase ends)."""
        self.held = False
        """Paused at the end of a get-ready phase, waiting for the user (see wait_for_me)."""
        self._seen = False
        self._first_of_step = {p.step: i for i, p in reversed(list(enumerate(self.timeline)))}
        self._steps_in_order = sorted(runs)

    @property
    def phase(self) -> Phase:
        """The current phase."""
        return self.timeline[self.index]

    @property
    def step(self) -> Step | None:
        """The current step, or None when done."""
        if self.phase.kind is PhaseKind.DONE:
            return None
        return self.routine.steps[self.phase.step]

    @property
    def total(self) -> float:
        """Planned length of the session in routine seconds (skipped steps left out)."""
        return self.timeline[-1].start

    @property
    def steps(self) -> list[int]:
        """Indices of the steps this session runs, in order."""
        return self._steps_in_order

    def remaining(self) -> float:
        """Routine seconds left in the current phase."""
        if self.state is State.RUNNING:
            real = max(0.0, self._deadline - self.clock())
        elif self.state is State.FINISHED:
            real = 0.0
        else:
            real = self._remaining
        return min(self.phase.duration, real * self.speed)

    def phase_elapsed(self) -> float:
        """Routine seconds into the current phase."""
        return self.phase.duration - self.remaining()

    def elapsed(self) -> float:
        """Planned routine seconds into the session (pauses excluded)."""
        return self.phase.start + self.phase_elapsed()

    def session_remaining(self) -> float:
        """Planned routine seconds until the end."""
        return self.total - self.elapsed()

    def active_seconds(self) -> float:
        """Real seconds the session has been running: pauses (and stops) not counted."""
        running = self.clock() - self._running_since if self._running_since is not None else 0.0
        return self._active + running

    def next_deadline(self) -> float | None:
        """Clock time at which the current phase ends, or None unless running."""
        return self._deadline if self.state is State.RUNNING else None

    def clock_at(self, offset: float) -> float | None:
        """Clock time at which the current phase is ``offset`` routine seconds in (None unless
        running): for cues inside a phase, such as each breath of a hold."""
        if self.state is not State.RUNNING:
            return None
        return self._deadline - (self.phase.duration - offset) / self.speed

    def breath(self) -> Breath | None:
        """The breath now, during a press with a breathing guide; otherwise None."""
        return self._breath_at(self.phase_elapsed())

    def reading(self) -> Reading:
        """The phase's time left, the session's time done and the breath, all at one instant."""
        remaining = self.remaining()
        into = self.phase.duration - remaining
        return Reading(remaining, self.phase.start + into, self._breath_at(into))

    def _breath_at(self, into_phase: float) -> Breath | None:
        step = self.step
        if step is None or self.phase.kind is not PhaseKind.PRESS:
            return None
        pace = pace_for(step, self.routine)
        if pace is None:
            return None
        synchronised = step.breathing is Breathing.SYNCHRONISED and not self.phase.steady
        return breath_at(pace, into_phase, synchronised=synchronised)

    def upcoming(self) -> Phase | None:
        """The phase after this one, or None at the end."""
        if self.index + 1 < len(self.timeline):
            return self.timeline[self.index + 1]
        return None

    def next_step_index(self) -> int | None:
        """The step after the current one, or None if this is the last."""
        current = self.phase.step
        later = [s for s in self._steps_in_order if s > current]
        return later[0] if later else None
