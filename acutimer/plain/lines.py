"""The plain runner's words: the header, a phase's line, the details and map under it, the summary.

Pure functions of the session and the point library: they return text and print nothing.
:class:`acutimer.plain.view.PlainView` prints them, each phase line after the session clock.
"""

from __future__ import annotations

import bisect
import shutil
from collections.abc import Sequence

from acutimer.history.outcome import ran_to_a_completed_end
from acutimer.routine.describe import pregnancy_text
from acutimer.routine.models import Technique
from acutimer.routine.models import format_duration as fmt
from acutimer.routine.phasewords import long_wait_lines, waiting_line
from acutimer.routine.pointmap import map_lines
from acutimer.routine.points import Points
from acutimer.routine.safety import SAFETY_LINES
from acutimer.routine.stepwords import (
    PRESS_VERB,
    TECHNIQUE_TEXT,
    opening_lines,
    pace_text,
    side_text,
    step_text,
)
from acutimer.routine.timeline import Phase, PhaseKind, pace_for
from acutimer.routine.units import fmt_clock
from acutimer.session.engine import Session
from acutimer.session.events import State

INDENT = " " * len("[00:00] ")

KEYS_LINE = (
    "Keys: space pause/resume · n next step · p previous step · r restart step · q quit (asks)"
)
MARK_KEY_LINE = (
    "      h marks the point you are on as one that helped (kept in your history); "
    "h again takes it back"
)
WAIT_KEY_LINE = "      after a long wait: Enter says you are back · w turns wait for me on or off"

MAP_WIDTH, MAP_HEIGHT = 56, 14
"""The largest body map a plain session draws (columns with the indent, rows)."""


def header_lines(
    session: Session,
    points: Points,
    skipped: Sequence[int],
    gentler: Sequence[int],
    *,
    pregnancy: bool,
    keys: bool,
    mark_key: bool,
) -> list[str]:
    """The lines before the first phase: title, length, safety, the routine's caution and
    preparation, what the pregnancy setting does, keys.

    Args:
        skipped: steps left out by the settings.
        gentler: steps done their gentler way by the settings.
        pregnancy: whether the pregnancy setting is on.
        keys: whether keys work (the keys are then listed).
        mark_key: whether the h key marks a point as helpful.
    """
    routine = session.routine
    lines = [
        f"{routine.title} · {steps_text(len(session.steps))} · {fmt(session.total)}",
        *SAFETY_LINES,
    ]
    for index in skipped:
        point = points.resolve(routine.steps[index].point)
        lines.append(
            f"Leaving out step {index + 1} ({point.code} {point.pinyin}): "
            "your settings avoid points flagged for pregnancy."
        )
    for index in gentler:
        point = points.resolve(routine.steps[index].point)
        lines.append(
            f"Doing step {index + 1} ({point.code} {point.pinyin}) the gentler way: "
            "your pregnancy setting asks for it."
        )
    if not pregnancy:
        text = pregnancy_text(routine, points, setting=False)
        if text:
            lines.append(text)
    lines += opening_lines(routine)
    if session.speed != 1:
        lines.append(
            f"Preview at {session.speed:g}× speed; the clock shows routine time. "
            "A preview is not recorded in your history."
        )
    if keys:
        lines += [KEYS_LINE, MARK_KEY_LINE] if mark_key else [KEYS_LINE]
        if any(phase.long for phase in session.timeline):
            lines.append(WAIT_KEY_LINE)
    return lines


def summary_text(session: Session) -> str:
    """One line on how the session went, however it ended."""
    done = f"{len(session.completed)} of {steps_text(len(session.steps))}"
    paused = f", paused {fmt(round(session.paused_seconds))}" if session.paused_seconds >= 1 else ""
    finished = session.state is State.FINISHED
    counts = (len(session.routine.steps), len(session.completed), len(session.skipped_upfront))
    if ran_to_a_completed_end(finished, *counts):
        return f"Session complete: {done}, {fmt(session.total)}{paused}."
    if finished:
        return f"Session ended with steps skipped: {done} done, {fmt(session.total)}{paused}."
    where = ""
    if session.step is not None:
        where = f" in step {step_number(session, session.phase.step)}"
    return (
        f"Stopped at [{fmt_clock(session.elapsed())}]{where}: {done} done, "
        f"{fmt(round(session.elapsed()))} of {fmt(session.total)}{paused}."
    )


def phase_line(session: Session, points: Points, phase: Phase, *, breath_led: bool) -> str:
    """What a phase says after the session clock: the step, the side, what to do, how long.

    Args:
        breath_led: the press has a line per breath (breath-synchronised).
    """
    routine = session.routine
    step = routine.steps[phase.step]
    point = points.resolve(step.point)
    name = f"Step {step_number(session, phase.step)} · {point.code} {point.pinyin}"
    length = fmt(phase.duration)
    side = side_text(phase.side, point)
    if phase.kind is PhaseKind.FIND:
        return f"{name} · {side} · find the point {length}"
    if phase.kind is PhaseKind.SWITCH:
        return f"{name} · switch to the {side} {length}"
    if phase.kind is PhaseKind.RELEASE:
        return f"{name} · release {length}"
    if phase.kind is PhaseKind.REST:
        return f"rest {length} · next: {next_step_name(session, points, phase.step)}"
    if phase.kind is PhaseKind.GET_READY:
        if phase.before_next_step:
            return f"get ready {length} · next: {next_step_name(session, points, phase.step)}"
        count = f" · press {phase.repeat} of {phase.repeats} next" if phase.repeats > 1 else ""
        return f"{name} · {side} · get ready {length}: back to the point{count}"
    verb = "hold steady" if phase.steady else PRESS_VERB[step.pressure]
    if step.technique is not Technique.HOLD and not phase.steady:
        verb += f" ({TECHNIQUE_TEXT[step.technique]})"
    count = f" ({phase.repeat} of {phase.repeats})" if phase.repeats > 1 else ""
    line = f"{name} · {side} · {verb} {length}{count}"
    pace = pace_for(step, routine)
    if breath_led:
        line += " · with the breath: steady in, deeper out"
    elif pace is not None:
        line += f" · breathe {pace_text(pace)}"
    else:
        line += " · breathe naturally"
    return line


def phase_details(
    session: Session, points: Points, phase: Phase, *, opens_step: bool, keys: bool
) -> list[str]:
    """The lines under a phase's line, indented to its text: at a step's first phase, the
    cautions, where and how; after a long wait, where the point was; what a long wait says.

    Args:
        opens_step: the phase is the first of its step.
        keys: whether keys work (wait for me can then be changed).
    """
    routine = session.routine
    step = routine.steps[phase.step]
    point = points.resolve(step.point)
    texts = step_text(routine, step, point)
    lines: list[str] = []
    if opens_step:
        lines += [f"Caution: {text}" for text in texts.cautions]
        lines += [text for text in (texts.where, texts.seated, texts.how) if text]
        if texts.note:
            lines.append(f"Note: {texts.note}")
    elif phase.kind is PhaseKind.GET_READY and not phase.before_next_step:
        lines.append(texts.where)  # back from a long wait: where it was
    if phase.kind is PhaseKind.GET_READY and keys and session.wait_for_me:
        lines.append(waiting_line(phase))
    wait_for_me = session.wait_for_me if keys else None
    lines += long_wait_lines(phase, step, wait_for_me=wait_for_me)
    if phase.kind in (PhaseKind.RELEASE, PhaseKind.REST) and texts.meanwhile:
        lines.append(f"Meanwhile: {texts.meanwhile}")
    return [INDENT + line for line in lines]


def phase_map(session: Session, points: Points, phase: Phase, *, colour: bool) -> list[str]:
    """The body map of the point being found, with the side in use marked: at the find, each
    change of side, and the get-ready after a long wait (none in other phases)."""
    if phase.kind not in (
        PhaseKind.FIND,
        PhaseKind.SWITCH,
        PhaseKind.GET_READY,  # back to the point after a long wait: find it again
    ):
        return []
    if phase.kind is PhaseKind.GET_READY and phase.before_next_step:
        return []  # the next step's find, right after, draws it
    point = points.resolve(session.routine.steps[phase.step].point)
    width = shutil.get_terminal_size((80, 24)).columns
    return map_lines(
        point, phase.side, min(MAP_WIDTH, width), MAP_HEIGHT, colour=colour, indent=INDENT
    )


def step_number(session: Session, step: int) -> str:
    """``"2/7"``: the step's number of the routine's steps."""
    return f"{step + 1}/{len(session.routine.steps)}"


def next_step_name(session: Session, points: Points, step: int) -> str:
    """The step the session runs after ``step``, named, or "the end"."""
    steps = session.steps
    at = bisect.bisect_right(steps, step)
    if at == len(steps):
        return "the end"
    point = points.resolve(session.routine.steps[steps[at]].point)
    return f"Step {step_number(session, steps[at])} · {point.code} {point.pinyin}"


def steps_text(count: int) -> str:
    """``"1 step"``, ``"3 steps"``."""
    return f"{count} step" if count == 1 else f"{count} steps"
