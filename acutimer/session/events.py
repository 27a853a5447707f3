"""What a session says about itself: its state, its events, and a reading of one instant."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

from acutimer.routine.timeline import Breath, Phase


class State(StrEnum):
    """Where the session is in its life."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ABANDONED = "abandoned"


class EventKind(StrEnum):
    """Things a front end or the history may want to react to."""

    PHASE_STARTED = "phase-started"
    STEP_STARTED = "step-started"
    STEP_FINISHED = "step-finished"
    STEP_SKIPPED = "step-skipped"
    PAUSED = "paused"
    RESUMED = "resumed"
    SESSION_FINISHED = "session-finished"
    SESSION_ABANDONED = "session-abandoned"


class Event(NamedTuple):
    """Something that happened in the session."""

    kind: EventKind
    phase: Phase
    """The phase current when it happened (for STEP_FINISHED, the step's last phase)."""
    step: int
    """The step it concerns (0-based)."""
    stalled: bool = False
    """For PAUSED: the session paused itself after the process was stopped or the machine slept."""
    jumped: bool = False
    """For PHASE_STARTED and STEP_STARTED: the phase was reached by a key (next, back,
    restart), not by the clock."""
    held: bool = False
    """For PAUSED: the session waits for the user at the end of a get-ready phase that passed
    with no key ("wait for me"); for RESUMED: it carries on from such a wait."""


Listener = Callable[[Event], None]


class Reading(NamedTuple):
    """Where a session is at one instant, from one look at the clock: what a front end shows."""

    remaining: float
    """Routine seconds left in the current phase."""
    elapsed: float
    """Planned routine seconds into the session (pauses excluded)."""
    breath: Breath | None
    """The breath, during a press with a breathing guide."""
