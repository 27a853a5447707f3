"""What the session's box, its heading and the countdown's words say for a phase: plain functions
of the session.

The session screen puts these into its widgets. Text from routine and point files goes into
``Content`` as plain strings, never parsed as markup.

The box says first what matters in the phase, so that it fits at 80×24; the rest follows and is
reached by scrolling (:data:`ORDER`): where the point is while finding it (or the other side's),
how to press and the cautions while pressing, what to do meanwhile while waiting.
"""

from __future__ import annotations

from textual.content import Content

from acutimer.routine import describe
from acutimer.routine.models import Breathing, Routine, Step
from acutimer.routine.points import Points
from acutimer.routine.timeline import Phase, PhaseKind, breath_count, pace_for
from acutimer.session.engine import Session

PAUSED = "paused · press space to carry on"
HELPED = "★ helped"
"""Beside the point's name once the h key marked it."""

ORDER: dict[PhaseKind, tuple[str, ...]] = {
    PhaseKind.FIND: ("where", "cautions", "how", "note"),
    PhaseKind.SWITCH: ("where", "cautions", "how", "note"),
    PhaseKind.PRESS: ("how", "cautions", "note", "where"),
    PhaseKind.RELEASE: ("meanwhile", "how", "cautions", "note", "where"),
    PhaseKind.REST: ("meanwhile", "where", "cautions", "how", "note"),
}
"""The box's sections in each phase, what matters most first."""

RELEASE = "release · ease off, but keep your fingers on the spot"

ASIDE = {PhaseKind.RELEASE: "ease off", PhaseKind.REST: "hands off"}
"""Beside the countdown where there is no breathing guide."""
NATURAL = "breathe naturally"


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
    if phase.kind is PhaseKind.RELEASE:
        return title, RELEASE
    instruction = describe.phase_instruction(phase, current, point)
    if phase.kind is PhaseKind.PRESS and phase.repeats > 1:
        instruction += f" · {phase.repeat} of {phase.repeats}"
    return title, instruction


def heading_content(
    title: str, instruction: str, *, paused: bool, helped: str = "", on_title: bool = True
) -> Content:
    """The heading, in bold, with "paused" under it while the session is paused.

    ``helped`` (the h key's mark) follows the title, or the instruction when the title is about
    another point (resting before the next one).
    """
    mark: list[str | tuple[str, str]] = ["  ", (helped, "bold $accent")] if helped else []
    parts: list[str | tuple[str, str]] = [(title, "bold")]
    if on_title:
        parts += mark
    parts += ["\n", instruction]
    if not on_title:
        parts += mark
    if paused:
        parts += ["\n", (PAUSED, "bold $warning")]
    return Content.assemble(*parts)


def helped_mark(session: Session, routine: Routine, points: Points) -> tuple[str, bool]:
    """The mark for the current step when marked: its words, and whether it follows the title
    (False while resting, when the title names the next point)."""
    current = session.step
    assert current is not None
    if session.phase.kind is PhaseKind.REST and shown_step(session, routine) is not current:
        return f"★ {points.resolve(current.point).code} helped", False
    return HELPED, True


def about(session: Session, routine: Routine, points: Points) -> Content:
    """The box's text: the sections of :data:`ORDER` for the phase, each on lines of its own."""
    phase, current, step = session.phase, session.step, shown_step(session, routine)
    assert current is not None and step is not None
    point = points.resolve(step.point)
    waiting = phase.kind in (PhaseKind.RELEASE, PhaseKind.REST)
    cautions = describe.cautions_for(step, point)
    sections: dict[str, Content | None] = {
        "where": _labelled("Where: ", point.location),
        "how": _labelled("How: ", point.how_to_press),
        "cautions": (
            Content("\n").join(Content.styled(f"⚠ {line}", "$text-warning") for line in cautions)
            if cautions
            else None
        ),
        "note": _labelled("Note: ", step.note, "$foreground-muted"),
        "meanwhile": _labelled("Meanwhile: ", current.meanwhile if waiting else None),
    }
    shown = [sections[name] for name in ORDER.get(phase.kind, ())]
    return Content("\n").join(section for section in shown if section is not None)


def _labelled(label: str, text: str | None, style: str = "") -> Content | None:
    if not text:
        return None
    return Content.assemble((label, "bold"), (text, style) if style else text)


def countdown_words(session: Session, routine: Routine) -> tuple[str, str, int]:
    """What the countdown counts ("press · time left"), the word beside it where there is no
    breathing guide ("breathe naturally"), and the breaths to count on a breath-led press."""
    phase, step = session.phase, session.step
    assert step is not None
    name = "hold steady" if phase.steady else describe.PHASE_LABEL[phase.kind]
    label = f"{name} · time left"
    aside = ASIDE.get(phase.kind, "")
    breaths = 0
    if phase.kind is PhaseKind.PRESS:
        pace = pace_for(step, routine)
        if pace is None:
            aside = NATURAL
        elif step.breathing is Breathing.SYNCHRONISED and not phase.steady:
            breaths = breath_count(pace, phase.duration)
    return label, aside, breaths


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
