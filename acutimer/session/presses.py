"""Whether each press of a step with long waits was done, or missed while the user was away.

A step counts when a long wait (a release, switch or rest of 2 minutes or more: time to get on
with something else) comes before one of its presses; then each of its presses is followed, the
first included (CV-6 through the work hour: "3 of 3 done").

- **done**: the press's time ran to its end on the timer. acutimer cannot see hands: with wait
  for me off, a press runs whether or not the user came back for it.
- **missed**, because the user was away: the session waited for them at it (wait for me: no key
  while getting ready) and they never came back to it; or the session stayed paused through the
  time the press would have ended, and ended so. A press is missed only on such evidence, and
  never recorded as done unless its time ran.

A press the session never came to (it was ended before, or the step was passed over with a key)
is neither. A press missed and then done after all (the user came back and did it) is done; one
done stays done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import NamedTuple

from acutimer.routine.timeline import Phase, PhaseKind, Side
from acutimer.session.engine import Session
from acutimer.session.events import Event, EventKind, State


class Outcome(StrEnum):
    """How a press went."""

    DONE = "done"
    MISSED = "missed"


class Away(StrEnum):
    """What says the user was away for a missed press."""

    WAITED = "waited"
    """The session waited for them at it (no key while getting ready) and they did not come back
    to it."""
    PAUSED = "paused"
    """The session was paused through the time it would have ended, and ended so."""


class Press(NamedTuple):
    """One press of a followed step."""

    step: int
    """The step (0-based)."""
    number: int
    """Which press of the step, in the order it makes them, from 1."""
    side: Side | None
    repeat: int
    """Which press on its side, from 1."""


def followed_presses(timeline: Sequence[Phase]) -> dict[int, Press]:
    """The presses to follow, by the timeline index of each press's phases (a press with a
    steady part after it has two)."""
    followed: set[int] = set()
    waited = False
    for phase in timeline:
        if phase.long:
            waited = True
        elif phase.kind is PhaseKind.PRESS and not phase.steady:
            if waited:
                followed.add(phase.step)
            waited = False
    presses: dict[int, Press] = {}
    counts: dict[int, int] = {}
    for index, phase in enumerate(timeline):
        if phase.kind is not PhaseKind.PRESS or phase.step not in followed:
            continue
        if not phase.steady:
            counts[phase.step] = counts.get(phase.step, 0) + 1
        presses[index] = Press(phase.step, counts[phase.step], phase.side, phase.repeat)
    return presses


Write = Callable[[Press, Outcome, Away | None], None]
"""Told each outcome as it is known."""


class PressLog:
    """Follows the presses of one session and tells ``write`` each outcome as it is known.

    Args:
        session: the session, not started yet.
        write: called with each press's outcome (and, when missed, what says the user was away).
    """

    def __init__(self, session: Session, write: Write) -> None:
        self.session = session
        self.write = write
        self.by_index = followed_presses(session.timeline)
        self.presses: list[Press] = sorted(set(self.by_index.values()))
        """Every press followed, in order."""
        self.outcomes: dict[Press, tuple[Outcome, Away | None]] = {}
        self._last_part = {i for i in self.by_index if self.by_index.get(i + 1) != self.by_index[i]}
        self._due: float | None = None
        """While paused: the clock time at which the next press would have ended."""
        self._entered: int | None = None if session.state is State.READY else session.index
        """The timeline index of the phase last entered (None before the first): a press's time
        ran out only if the session was in it. A resumed session starts after its earlier
        parts' steps, and the press before where it starts is not one it ran."""
        session.subscribe(self.on_event)

    def on_event(self, event: Event) -> None:
        """Session listener."""
        kind = event.kind
        session = self.session
        if kind is EventKind.PHASE_STARTED:
            left, self._entered = self._entered, session.index
            ran_out = left == session.index - 1 and not event.jumped
            if ran_out and left is not None and left in self._last_part:
                self._set(self.by_index[left], Outcome.DONE, None)  # its time just ran out
        elif kind is EventKind.PAUSED:
            upcoming = self._next_press()
            if event.held and upcoming is not None:
                self._set(upcoming, Outcome.MISSED, Away.WAITED)
            self._due = self._due_at()
        elif kind is EventKind.RESUMED:
            self._due = None
        elif kind in (EventKind.SESSION_ABANDONED, EventKind.SESSION_FINISHED):
            self.ended()

    def ended(self) -> None:
        """The session ended (or its front end is closing it): a session paused through a
        press's time misses it."""
        session = self.session
        if self._due is None or session.clock() < self._due:
            return
        upcoming = self._next_press()
        if upcoming is not None and upcoming not in self.outcomes:
            self._set(upcoming, Outcome.MISSED, Away.PAUSED)
        self._due = None

    # --- internals ----------------------------------------------------------------------------

    def _set(self, press: Press, outcome: Outcome, away: Away | None) -> None:
        known = self.outcomes.get(press)
        if known is not None and (known[0] is Outcome.DONE or known == (outcome, away)):
            return
        self.outcomes[press] = (outcome, away)
        self.write(press, outcome, away)

    def _next_index(self) -> int | None:
        """The timeline index of the next followed press's last part: the one under way, or the
        one the session is heading for."""
        index = self.session.index
        later = [i for i in self._last_part if i >= index]
        return min(later) if later else None

    def _next_press(self) -> Press | None:
        index = self._next_index()
        return self.by_index[index] if index is not None else None

    def _due_at(self) -> float | None:
        """When, on the clock, the next press would have ended had the session run on."""
        session = self.session
        index = self._next_index()
        if index is None or session.state is not State.PAUSED:
            return None
        left = session.timeline[index].end - session.elapsed()
        return session.clock() + max(0.0, left) / session.speed
