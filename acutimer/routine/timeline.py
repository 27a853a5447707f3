"""Expand a routine into its timeline of phases, and tell the breath at any moment of a hold.

This is the one expansion every part uses: ``show`` and ``list`` sum it for their totals, the
engine walks it, the front ends render it. No I/O, no clock, no textual.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from enum import StrEnum
from typing import NamedTuple

from acutimer.routine.limits import LONG_WAIT_SECONDS, MAX_SESSION_SECONDS, MAX_STEP_SECONDS
from acutimer.routine.models import (
    SLOW_DEEP_PACE,
    Breathing,
    Pace,
    Routine,
    Sides,
    Step,
    format_duration,
)


class PhaseKind(StrEnum):
    """What the person is doing during a phase."""

    FIND = "find"
    PRESS = "press"
    RELEASE = "release"
    SWITCH = "switch"
    REST = "rest"
    GET_READY = "get-ready"
    """The end of a long wait (a release, switch or rest of 2 minutes or more): come back to
    the point before the next press, which still starts when planned. It has the side of the
    wait it ends (after a release, also the number of the press to come); after a rest, the
    next step's find follows it."""
    DONE = "done"


class Side(StrEnum):
    """The side being worked during a phase."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Phase(NamedTuple):
    """One stretch of time with one instruction."""

    kind: PhaseKind
    step: int
    """Index of the step in the routine (0-based); for DONE, the number of steps."""
    start: float
    """Planned seconds into the session at which this phase starts."""
    duration: float
    side: Side | None = None
    """The side worked (None on the midline, or between steps)."""
    repeat: int = 0
    """Which press on this side, counting from 1 (0 outside presses)."""
    repeats: int = 0
    """How many presses on this side."""
    steady: bool = False
    """A steady hold after breath-led pressing (P6)."""
    long: bool = False
    """A release, switch or rest of :data:`LONG_WAIT_SECONDS` or more (its get-ready phase
    included): a wait to get on with something else until the timer calls you back."""

    @property
    def end(self) -> float:
        """Planned seconds into the session at which this phase ends."""
        return self.start + self.duration

    @property
    def before_next_step(self) -> bool:
        """A get-ready phase at the end of a rest: it gets ready for the next step's point.

        (One after a release or a switch gets ready for this step's next press, and has its
        side or its number.)
        """
        return self.kind is PhaseKind.GET_READY and self.side is None and self.repeat == 0


def _side_order(sides: Sides) -> list[Side | None]:
    orders: dict[Sides, list[Side | None]] = {
        Sides.LEFT: [Side.LEFT],
        Sides.RIGHT: [Side.RIGHT],
        Sides.BOTH: [Side.BOTH],
        Sides.MIDLINE: [None],
        Sides.LEFT_THEN_RIGHT: [Side.LEFT, Side.RIGHT],
        Sides.RIGHT_THEN_LEFT: [Side.RIGHT, Side.LEFT],
        Sides.ALTERNATING: [Side.LEFT, Side.RIGHT],
    }
    return orders[sides]


def step_phases(step: Step, index: int, find_time: float, *, last: bool) -> list[Phase]:
    """The phases of one step, with ``start`` counted from the step's own start."""
    phases: list[Phase] = []
    clock = 0.0

    def add(kind: PhaseKind, duration: float, **fields: object) -> None:
        nonlocal clock
        if duration <= 0:
            return
        phases.append(Phase(kind, index, clock, duration, **fields))  # type: ignore[arg-type]
        clock += duration

    def wait(kind: PhaseKind, duration: float, **fields: object) -> None:
        """A release, switch or rest; a long one ends with a get-ready phase taken out of it."""
        long = duration >= LONG_WAIT_SECONDS
        ready = step.get_ready_seconds if long else 0.0
        add(kind, duration - ready, long=long, **fields)
        add(PhaseKind.GET_READY, ready, **fields)

    find = step.find if step.find is not None else find_time
    sides = step.sides or Sides.LEFT_THEN_RIGHT
    order = _side_order(sides)
    presses: list[tuple[Side | None, int]]
    if sides is Sides.ALTERNATING:
        presses = [(order[k % 2], k // 2 + 1) for k in range(2 * step.repeats)]
    else:
        presses = [(side, r) for side in order for r in range(1, step.repeats + 1)]

    previous: Side | None = None
    for number, (side, repeat) in enumerate(presses):
        if number == 0:
            add(PhaseKind.FIND, find, side=side)
        elif side != previous:
            gap = step.release if sides is Sides.ALTERNATING else find
            wait(PhaseKind.SWITCH, gap, side=side)
        else:
            wait(PhaseKind.RELEASE, step.release, side=side, repeat=repeat, repeats=step.repeats)
        add(PhaseKind.PRESS, step.hold, side=side, repeat=repeat, repeats=step.repeats)
        add(
            PhaseKind.PRESS,
            step.steady_after,
            side=side,
            repeat=repeat,
            repeats=step.repeats,
            steady=True,
        )
        previous = side
    if not last:
        wait(PhaseKind.REST, step.rest)
    return phases


def expand(routine: Routine, skip: Collection[int] = ()) -> list[Phase]:
    """The whole session: every step's phases end to end, then a zero-length DONE.

    Steps whose index is in ``skip`` are left out; the others keep their index.
    """
    timeline: list[Phase] = []
    offset = 0.0
    kept = [i for i in range(len(routine.steps)) if i not in skip]
    for index in kept:
        step = routine.steps[index]
        for phase in step_phases(step, index, routine.find_time, last=index == kept[-1]):
            timeline.append(_shifted(phase, offset))
        offset = timeline[-1].end if timeline else offset
    timeline.append(Phase(PhaseKind.DONE, len(routine.steps), offset, 0.0))
    return timeline


def _shifted(phase: Phase, offset: float) -> Phase:
    return Phase(
        phase.kind,
        phase.step,
        phase.start + offset,
        phase.duration,
        phase.side,
        phase.repeat,
        phase.repeats,
        phase.steady,
        phase.long,
    )


def total_seconds(routine: Routine) -> float:
    """How long an unpaused session of ``routine`` takes."""
    return expand(routine)[-1].start


def step_seconds(routine: Routine, index: int) -> float:
    """How long one step takes, its rest included (none after the last step)."""
    step = routine.steps[index]
    phases = step_phases(step, index, routine.find_time, last=index == len(routine.steps) - 1)
    return sum(p.duration for p in phases)


def check_limits(routine: Routine) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems with the routine's overall length, as (key path, message) pairs."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    lengths = [step_seconds(routine, index) for index in range(len(routine.steps))]
    for index, seconds in enumerate(lengths):
        if seconds > MAX_STEP_SECONDS:
            problems.append(
                (
                    ("steps", index),
                    f"this step lasts {format_duration(seconds)}; a step may last at most 30m "
                    "(split it into several steps)",
                )
            )
    total = sum(lengths)
    if total > MAX_SESSION_SECONDS:
        problems.append(
            (
                ("steps",),
                f"the routine lasts {format_duration(total)}; a session may last at most 3h",
            )
        )
    return problems


# --- breathing ------------------------------------------------------------------------------


class BreathPhase(StrEnum):
    """Where in one breath the person is."""

    INHALE = "inhale"
    HOLD_IN = "hold-in"
    EXHALE = "exhale"
    HOLD_OUT = "hold-out"


class Breath(NamedTuple):
    """The breath at one moment of a hold."""

    phase: BreathPhase
    progress: float
    """How far through this part of the breath, 0.0 to 1.0."""
    remaining: float
    """Seconds until this part of the breath ends."""
    number: int
    """Which breath of the hold, counting from 1."""
    cue: str
    """What to say: "breathe in", or on synchronised steps "steady as you breathe in"..."""
    length: float = 0.0
    """Seconds in this part of the breath (so ``length - remaining`` seconds have passed)."""

    @property
    def fullness(self) -> float:
        """How full the lungs are, 0.0 (empty) to 1.0 (full): for a guide that grows and shrinks."""
        if self.phase is BreathPhase.INHALE:
            return self.progress
        if self.phase is BreathPhase.HOLD_IN:
            return 1.0
        if self.phase is BreathPhase.EXHALE:
            return 1.0 - self.progress
        return 0.0


_CUES: dict[bool, dict[BreathPhase, str]] = {
    False: {
        BreathPhase.INHALE: "breathe in",
        BreathPhase.HOLD_IN: "hold the breath in",
        BreathPhase.EXHALE: "breathe out",
        # Not "rest": that is the hands-off phase between steps.
        BreathPhase.HOLD_OUT: "pause before breathing in",
    },
    True: {
        BreathPhase.INHALE: "breathe in · keep the pressure steady",
        BreathPhase.HOLD_IN: "hold the breath · steady",
        BreathPhase.EXHALE: "breathe out · press deeper, never into pain",
        BreathPhase.HOLD_OUT: "ease the pressure off",
    },
}


def breath_cue(phase: BreathPhase, *, synchronised: bool = False) -> str:
    """What to say at the start of a part of a breath (the same words as :attr:`Breath.cue`)."""
    return _CUES[synchronised][phase]


def pace_for(step: Step, routine: Routine) -> Pace | None:
    """The breathing pace that guides a press on ``step``, or None when breathing is natural."""
    if step.breathing is Breathing.NATURAL:
        return None
    if step.pace is not None:
        return step.pace
    if step.breathing is Breathing.SLOW_DEEP:
        return SLOW_DEEP_PACE
    return routine.pace


def breath_parts(pace: Pace) -> Sequence[tuple[BreathPhase, float]]:
    """The parts of one breath with their lengths, skipping empty pauses."""
    parts = [
        (BreathPhase.INHALE, pace.inhale),
        (BreathPhase.HOLD_IN, pace.hold_in),
        (BreathPhase.EXHALE, pace.exhale),
        (BreathPhase.HOLD_OUT, pace.hold_out),
    ]
    return [(phase, length) for phase, length in parts if length > 0]


def breath_at(pace: Pace, elapsed: float, *, synchronised: bool = False) -> Breath:
    """The breath ``elapsed`` seconds into a hold that started on an in-breath."""
    elapsed = max(0.0, elapsed)
    number, into = divmod(elapsed, pace.cycle)
    for phase, length in breath_parts(pace):
        if into < length:
            cue = _CUES[synchronised][phase]
            return Breath(phase, into / length, length - into, int(number) + 1, cue, length)
        into -= length
    last_phase, last_length = breath_parts(pace)[-1]
    cue = _CUES[synchronised][last_phase]
    return Breath(last_phase, 1.0, 0.0, int(number) + 1, cue, last_length)


def breath_count(pace: Pace, duration: float) -> int:
    """How many breaths begin in a hold of ``duration``: the "of 3" in "breath 2 of 3"."""
    return sum(1 for _, part in breath_changes(pace, duration) if part is BreathPhase.INHALE)


def breath_changes(pace: Pace, duration: float) -> list[tuple[float, BreathPhase]]:
    """Offsets into a hold of ``duration`` at which each part of a breath begins."""
    changes: list[tuple[float, BreathPhase]] = []
    clock = 0.0
    while clock < duration:
        for phase, length in breath_parts(pace):
            if clock >= duration:
                break
            changes.append((clock, phase))
            clock += length
    return changes
