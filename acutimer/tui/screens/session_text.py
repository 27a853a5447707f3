"""What the session's box and "next" line say for a phase: plain functions of the session.

The session screen puts these into its widgets. Text from routine and point files goes into
``Content`` as plain strings, never parsed as markup.
"""

from __future__ import annotations

from textual.content import Content

from acutimer.routine import describe
from acutimer.routine.models import Routine, Step
from acutimer.routine.points import Points
from acutimer.routine.timeline import Phase, PhaseKind
from acutimer.session.engine import Session

PAUSED = "paused · press space to carry on"


def shown_step(session: Session, routine: Routine) -> Step | None:
    """The step the box is about: the current one, or while resting (and getting ready after a
    rest) the one that comes next, so its point can be found in good time."""
    current = session.step
    phase = session.phase
    if current is None or not (phase.kind is PhaseKind.REST or phase.before_next_step):
        return current
    following = session.next_step_index()
    return current if following is None else routine.steps[following]


def heading(session: Session, routine: Routine, points: Points) -> tuple[str, str]:
    """The point (or the one up next) and what to do now."""
    phase, current, step = session.phase, session.step, shown_step(session, routine)
    assert current is not None and step is not None
    point = points.resolve(step.point)
    title = describe.point_title(point)
    if phase.kind is PhaseKind.REST or phase.before_next_step:
        if step is not current:
            title = f"up next: {title}"
        if phase.kind is PhaseKind.GET_READY:
            return title, describe.phase_instruction(phase, current, point)
        return title, "rest · let your hands go soft"
    instruction = describe.phase_instruction(phase, current, point)
    if phase.kind is PhaseKind.PRESS and phase.repeats > 1:
        instruction += f" · {phase.repeat} of {phase.repeats}"
    return title, instruction


def heading_content(title: str, instruction: str, *, paused: bool) -> Content:
    """The heading, in bold, with "paused" under it while the session is paused."""
    parts: list[str | tuple[str, str]] = [(title, "bold"), "\n", instruction]
    if paused:
        parts += ["\n", (PAUSED, "bold $warning")]
    return Content.assemble(*parts)


def about(session: Session, routine: Routine, points: Points) -> Content:
    """The cautions, where the point is, how to reach it seated, how to press it, and the note;
    before the first press, the routine's caution and preparation too."""
    phase, current, step = session.phase, session.step, shown_step(session, routine)
    assert current is not None and step is not None
    point = points.resolve(step.point)
    texts = describe.step_text(routine, step, point)
    parts: list[str | tuple[str, str]] = []
    if session.index == 0:  # before the first press: the routine's own caution and preparation
        if routine.caution:
            parts += [(f"⚠ {routine.caution}", "$text-warning"), "\n"]
        if routine.preparation:
            parts += [f"Before you start: {routine.preparation}", "\n\n"]
    for line in texts.cautions:
        parts += [(f"⚠ {line}", "$text-warning"), "\n"]
    parts += ["\n".join(t for t in (texts.where, texts.seated, texts.how) if t)]
    waiting = phase.kind in (PhaseKind.RELEASE, PhaseKind.REST)
    note = (current.meanwhile if waiting else None) or texts.note
    if note:
        parts += ["\n\n", (note, "$foreground-muted")]
    return Content.assemble(*parts)


def next_text(session: Session, routine: Routine, points: Points) -> str:
    """What comes next: the next phase of this step, or the next point and side."""
    upcoming: Phase | None = session.upcoming()
    if upcoming is None or upcoming.kind is PhaseKind.DONE:
        return "next: the end of the session"
    step = routine.steps[upcoming.step]
    point = points.resolve(step.point)
    what = describe.phase_instruction(upcoming, step, point)
    if upcoming.step == session.phase.step or session.phase.kind is PhaseKind.REST:
        return f"next: {what} ({describe.fmt_span(upcoming.duration)})"
    return f"next: {describe.point_title(point)} · {describe.side_text(upcoming.side, point)}"
