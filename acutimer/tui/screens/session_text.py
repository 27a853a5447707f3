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
    """The step the box is about: the current one, or while resting the one that comes next,
    so its point can be found in good time."""
    current = session.step
    if current is None or session.phase.kind is not PhaseKind.REST:
        return current
    following = session.next_step_index()
    return current if following is None else routine.steps[following]


def heading(session: Session, routine: Routine, points: Points) -> tuple[str, str]:
    """The point (or the one up next) and what to do now."""
    phase, current, step = session.phase, session.step, shown_step(session, routine)
    assert current is not None and step is not None
    point = points.resolve(step.point)
    title = describe.point_title(point)
    if phase.kind is PhaseKind.REST:
        if step is not current:
            title = f"up next: {title}"
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
    """The cautions, where the point is, how to press it, and the step's note."""
    phase, current, step = session.phase, session.step, shown_step(session, routine)
    assert current is not None and step is not None
    point = points.resolve(step.point)
    parts: list[str | tuple[str, str]] = []
    for line in describe.cautions_for(step, point):
        parts += [(f"⚠ {line}", "$text-warning"), "\n"]
    parts += [f"Where: {point.location}\nHow: {point.how_to_press}"]
    waiting = phase.kind in (PhaseKind.RELEASE, PhaseKind.REST)
    note = (current.meanwhile if waiting else None) or step.note
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
