"""The session: a routine's timeline walked through a monotonic clock.

Time is kept as deadlines. When a phase starts, its deadline is fixed; what remains is always
``deadline - now``. When a tick comes late, the next phase starts at the old deadline, not at the
late tick, so lateness never adds up. Paused time is not counted.

If the clock jumps forward by more than :data:`STALL_SECONDS` between two updates (the process
was stopped with Ctrl+Z or SIGSTOP, or the machine slept), the session comes back paused at the
moment of the last update: nothing is skipped. Front ends therefore call :meth:`Session.update`
at least once a second while running.

"Wait for me" (:attr:`Session.wait_for_me`): a get-ready phase ends a long wait, the time to
come back to the point. When one ends with no key from the user in it (:meth:`Session.saw_user`),
the session does not press on without them: it pauses at the end of the get-ready phase,
:attr:`Session.held`, and what follows (the press) starts when they carry on.

No textual import here: every front end shares this.
"""

from __future__ import annotations

from collections.abc import Callable

from acutimer.routine.timeline import PhaseKind
from acutimer.session.events import Event, EventKind, Listener, State
from acutimer.session.state import SessionState

STALL_SECONDS = 3.0
"""A gap between updates longer than this means the process was stopped or the machine slept."""


class Session(SessionState):
    """A guided session over one routine: it starts, follows the clock, pauses, moves between
    steps and tells its listeners what happened.

    It takes the arguments of :class:`~acutimer.session.state.SessionState`, which holds its
    state and reads it.
    """

    # --- observing ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with every event from now on."""
        self._listeners.append(listener)

    def watch(self, watcher: Callable[[], None]) -> None:
        """Call ``watcher`` after each look at the clock (:meth:`update`), once that look's events
        are out: for what changes within a phase, such as the time left in a title."""
        self._watchers.append(watcher)

    # --- driving --------------------------------------------------------------------------

    @property
    def first_step(self) -> int | None:
        """The step :meth:`start` begins at: the first one neither done nor skipped (None when
        an earlier part left nothing to do)."""
        for step in self._steps_in_order:
            if step not in self.completed and step not in self.skipped:
                return step
        return None

    def start(self) -> list[Event]:
        """Begin the session: the first phase (of :attr:`first_step`) starts now."""
        if self.state is not State.READY:
            return []
        now = self.clock()
        self.state = State.RUNNING
        self._last_seen = now
        self._running_since = now
        self.started_clock = now
        first = self.first_step
        if first is None and (self.completed or len(self.skipped) > len(self.skipped_upfront)):
            return self._enter(len(self.timeline) - 1, now)
        return self._enter(0 if first is None else self._first_of_step[first], now)

    def update(self) -> list[Event]:
        """Advance to the clock's now; returns the events that happened on the way."""
        if self.state is not State.RUNNING:
            return []
        now = self.clock()
        events: list[Event] = []
        if now - self._last_seen > STALL_SECONDS:
            events += self._advance_to(self._last_seen)
            if self.state is State.RUNNING:
                events += self._pause(self._last_seen, stalled=True)
            return events
        self._last_seen = now
        events += self._advance_to(now)
        for watcher in self._watchers:
            watcher()
        return events

    def vouch(self) -> None:
        """The program itself kept the clock from being read until now (a slow write, say):
        the gap is not a stall, and the session goes on as if it had been updated all along."""
        if self.state is State.RUNNING:
            self._last_seen = max(self._last_seen, self.clock())

    def saw_user(self) -> None:
        """A key from the user: in a get-ready phase, it says they are back (wait for me)."""
        self._seen = True

    def carry_on(self) -> list[Event]:
        """The user is here (Enter): a session waiting for them goes on; otherwise a key."""
        self._seen = True
        return self.resume() if self.held else []

    def pause(self) -> list[Event]:
        """Pause: the countdown stops until :meth:`resume`."""
        events = self.update()
        if self.state is not State.RUNNING:
            return events
        return events + self._pause(self.clock())

    def resume(self) -> list[Event]:
        """Resume after a pause: the remaining time is as it was."""
        if self.state is not State.PAUSED:
            return []
        now = self.clock()
        self.paused_seconds += now - self._paused_at
        self.state = State.RUNNING
        self._deadline = now + self._remaining
        self._last_seen = now
        self._running_since = now
        self._seen = True  # a key resumed it: the user is here
        held, self.held = self.held, False
        events = self._emit([Event(EventKind.RESUMED, self.phase, self.phase.step, held=held)])
        if held:
            events += self._advance_to(now)  # what they were waited for starts now
        return events

    def toggle_pause(self) -> list[Event]:
        """Pause when running; resume when paused."""
        return self.resume() if self.state is State.PAUSED else self.pause()

    def next_step(self) -> list[Event]:
        """Go to the start of the next step; from the last step, to the end."""
        events = self.update()
        if self.state not in (State.RUNNING, State.PAUSED):
            return events
        following = self.next_step_index()
        target = self._first_of_step[following] if following is not None else len(self.timeline) - 1
        return events + self._jump(target, skipping=True)

    def previous_step(self) -> list[Event]:
        """Go to the start of the previous step (at the first step, restart it)."""
        events = self.update()
        if self.state not in (State.RUNNING, State.PAUSED):
            return events
        current = self.phase.step
        earlier = [s for s in self._steps_in_order if s < current]
        step = earlier[-1] if earlier else self._steps_in_order[0]
        return events + self._jump(self._first_of_step[step])

    def restart_step(self) -> list[Event]:
        """Go back to the start of the current step."""
        events = self.update()
        if self.state not in (State.RUNNING, State.PAUSED) or self.step is None:
            return events
        return events + self._jump(self._first_of_step[self.phase.step])

    def jump_to_step(self, step: int) -> list[Event]:
        """Go to the start of ``step`` (0-based), which must be one this session runs."""
        if step not in self._steps_in_order:
            raise ValueError(f"step {step + 1} is not part of this session")
        events = self.update()
        if self.state not in (State.RUNNING, State.PAUSED):
            return events
        return events + self._jump(self._first_of_step[step], skipping=step > self.phase.step)

    def quit(self) -> list[Event]:
        """Abandon the session."""
        events = self.update()
        if self.state in (State.FINISHED, State.ABANDONED):
            return events
        if self.state is State.PAUSED:
            self.paused_seconds += self.clock() - self._paused_at
        self._stop_running(self.clock())
        self._remaining = self.remaining() / self.speed
        self.state = State.ABANDONED
        return events + self._emit(
            [Event(EventKind.SESSION_ABANDONED, self.phase, self.phase.step)]
        )

    # --- internals ------------------------------------------------------------------------

    def _stop_running(self, at: float) -> None:
        if self._running_since is not None:
            self._active += max(0.0, at - self._running_since)
            self._running_since = None

    def _pause(self, at: float, *, stalled: bool = False) -> list[Event]:
        self._stop_running(at)
        self._remaining = max(0.0, self._deadline - at)
        self._paused_at = self.clock()
        self.state = State.PAUSED
        return self._emit([Event(EventKind.PAUSED, self.phase, self.phase.step, stalled=stalled)])

    def _advance_to(self, now: float) -> list[Event]:
        events: list[Event] = []
        while self.state is State.RUNNING and now >= self._deadline:
            finished = self.phase
            if finished.kind is PhaseKind.GET_READY and self.wait_for_me and not self._seen:
                return events + self._hold(self._deadline)
            next_index = self.index + 1
            if self.timeline[next_index].step != finished.step:
                if finished.step not in self.completed:
                    self.completed.append(finished.step)
                events += self._emit([Event(EventKind.STEP_FINISHED, finished, finished.step)])
            events += self._enter(next_index, self._deadline)
        return events

    def _hold(self, at: float) -> list[Event]:
        """Wait for the user at the end of the get-ready phase (``at``: when it ended)."""
        self._stop_running(at)
        self._remaining = 0.0
        self._paused_at = at
        self.state = State.PAUSED
        self.held = True
        return self._emit([Event(EventKind.PAUSED, self.phase, self.phase.step, held=True)])

    def _jump(self, target: int, *, skipping: bool = False) -> list[Event]:
        events: list[Event] = []
        self.held = False
        if skipping:
            passed = {p.step for p in self.timeline[self.index : target]}
            for step in sorted(passed):
                if step not in self.completed and step not in self.skipped:
                    self.skipped.append(step)
                    events += self._emit([Event(EventKind.STEP_SKIPPED, self.phase, step)])
        else:
            # Going back: a step done again is no longer counted as skipped.
            for step in {p.step for p in self.timeline[target:]}:
                if step in self.skipped and step not in self.skipped_upfront:
                    self.skipped.remove(step)
        if self.state is State.PAUSED:
            self.index = target
            self._remaining = self.phase.duration / self.speed
            events += self._announce(target, jumped=True)
            if self.phase.kind is PhaseKind.DONE:
                self.paused_seconds += self.clock() - self._paused_at
                self.state = State.RUNNING
                events += self._finish()
            return events
        return events + self._enter(target, self.clock(), jumped=True)

    def _enter(self, index: int, at: float, *, jumped: bool = False) -> list[Event]:
        self.index = index
        self._seen = jumped  # a key brought it here: the user is here
        self._deadline = at + self.phase.duration / self.speed
        events = self._announce(index, jumped=jumped)
        if self.phase.kind is PhaseKind.DONE:
            self._stop_running(at)
            events += self._finish()
        return events

    def _announce(self, index: int, *, jumped: bool = False) -> list[Event]:
        phase = self.timeline[index]
        events = []
        if phase.kind is not PhaseKind.DONE and self._first_of_step[phase.step] == index:
            events.append(Event(EventKind.STEP_STARTED, phase, phase.step, jumped=jumped))
        events.append(Event(EventKind.PHASE_STARTED, phase, phase.step, jumped=jumped))
        return self._emit(events)

    def _finish(self) -> list[Event]:
        self.state = State.FINISHED
        return self._emit([Event(EventKind.SESSION_FINISHED, self.phase, self.phase.step)])

    def _emit(self, events: list[Event]) -> list[Event]:
        for event in events:
            for listener in self._listeners:
                listener(event)
        return events
