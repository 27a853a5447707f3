"""What the session's box, its heading and the countdown's words say for a phase: plain functions
of the session.

The session screen puts these into its widgets. Text from routine and point files goes into
``Content`` as plain strings, never parsed as markup.

The box says first what matters in the phase, so that it fits at 80×24; the rest follows and is
reached by scrolling (:data:`ORDER`): where the point is (and how to reach it seated) while
finding it, the other side's, or getting ready to press again; how to press and the cautions
while pressing; what to do meanwhile while waiting. The session's first phase begins with the
routine's own caution and preparation.
"""

from __future__ import annotations

from textual.content import Content

from acutimer.routine import phasewords, stepwords
from acutimer.routine.limits import LONG_WAIT_SECONDS
from acutimer.routine.models import Breathing, Routine, Step
from acutimer.routine.pointmodels import Point
from acutimer.routine.points import Points
from acutimer.routine.timeline import Phase, PhaseKind, Side, breath_count, pace_for
from acutimer.routine.units import fmt_span
from acutimer.session.engine import Session

PAUSED = "paused · press space to carry on"
HELPED = "★ helped"
"""Beside the point's name once the h key marked it."""

ORDER: dict[PhaseKind, tuple[str, ...]] = {
    PhaseKind.FIND: ("where", "seated", "cautions", "how", "note"),
    PhaseKind.SWITCH: ("away", "where", "seated", "cautions", "how", "note"),
    # Back from a long wait, the press near: the point first, as when finding it.
    PhaseKind.GET_READY: ("back", "where", "seated", "cautions", "how", "note"),
    PhaseKind.PRESS: ("how", "cautions", "note", "where", "seated"),
    PhaseKind.RELEASE: ("away", "meanwhile", "how", "cautions", "note", "where", "seated"),
    PhaseKind.REST: ("away", "meanwhile", "where", "seated", "cautions", "how", "note"),
}
"""The box's sections in each phase, what matters most first ("seated": how to reach the point
in a seated routine, with where it is; "away": in a long wait, get on with your work until you
are called back; "back": with wait for me on, how to say you are back)."""

RELEASE = "release · ease off, but keep your fingers on the spot"
LONG_RELEASE = "release · let go until the timer calls you back"
"""A release long enough to get on with something else (it ends with a get-ready phase)."""
LONG_REST = "rest · carry on with your work until the timer calls you back"

ASIDE = {PhaseKind.RELEASE: "ease off", PhaseKind.REST: "hands off"}
"""Beside the countdown where there is no breathing guide."""
NATURAL = "breathe naturally"


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
    title = stepwords.point_title(point)
    if phase.kind is PhaseKind.REST or phase.before_next_step:
        if step is not current:
            title = f"up next: {title}"
        if phase.kind is PhaseKind.GET_READY:
            return title, phasewords.phase_instruction(phase, current, point)
        if phase.long:
            return title, LONG_REST
        return title, "rest · let your hands go soft"
    if phase.kind is PhaseKind.RELEASE:
        return title, LONG_RELEASE if _long_release(current) else RELEASE
    instruction = phasewords.phase_instruction(phase, current, point)
    if phase.kind is PhaseKind.PRESS and phase.repeats > 1:
        instruction += f" · {phase.repeat} of {phase.repeats}"
    return title, instruction


def heading_content(
    title: str,
    instruction: str,
    *,
    paused: bool,
    helped: str = "",
    on_title: bool = True,
    held: str = "",
) -> Content:
    """The heading, in bold, with "paused" under it while the session is paused (``held``
    instead when it waits for you after a long wait).

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
        parts += ["\n", (held or PAUSED, "bold $warning")]
    return Content.assemble(*parts)


def helped_mark(session: Session, routine: Routine, points: Points) -> tuple[str, bool]:
    """The mark for the current step when marked: its words, and whether it follows the title
    (False while resting or getting ready for the next step, when the title names the next
    point)."""
    current = session.step
    assert current is not None
    if shown_step(session, routine) is not current:
        return f"★ {points.resolve(current.point).code} helped", False
    return HELPED, True


def about(session: Session, routine: Routine, points: Points) -> Content:
    """The box's text: the sections of :data:`ORDER` for the phase, each on lines of its own;
    in the session's first phase, the routine's own caution and preparation come first."""
    phase, current, step = session.phase, session.step, shown_step(session, routine)
    assert current is not None and step is not None
    point = points.resolve(step.point)
    waiting = phase.kind in (PhaseKind.RELEASE, PhaseKind.REST)
    cautions = stepwords.cautions_for(step, point)
    seated = stepwords.seated_text(routine, point)
    sections: dict[str, Content | None] = {
        "where": _labelled("Where: ", point.location),
        "seated": _labelled(*_split_label(seated)) if seated else None,
        "how": _labelled("How: ", stepwords.how_text(step, point)),
        "cautions": (
            Content("\n").join(Content.styled(f"⚠ {line}", "$text-warning") for line in cautions)
            if cautions
            else None
        ),
        "note": _labelled("Note: ", step.note, "$foreground-muted"),
        "meanwhile": _labelled("Meanwhile: ", current.meanwhile if waiting else None),
        "away": _lines(phasewords.long_wait_lines(phase, current, wait_for_me=session.wait_for_me)),
        "back": (
            _lines([phasewords.waiting_line(phase)], "bold")
            if phase.kind is PhaseKind.GET_READY and session.wait_for_me
            else None
        ),
    }
    shown = [_opening(routine) if session.index == 0 else None]
    shown += [sections[name] for name in ORDER.get(phase.kind, ())]
    return Content("\n").join(section for section in shown if section is not None)


def _opening(routine: Routine) -> Content | None:
    """What to know before the first press: the routine's caution, then its preparation."""
    lines: list[Content] = []
    if routine.caution:
        lines.append(Content.styled(f"⚠ {routine.caution}", "$text-warning"))
    preparation = _labelled("Before you start: ", routine.preparation)
    if preparation is not None:
        lines.append(preparation)
    return Content("\n").join(lines) if lines else None


def _split_label(text: str) -> tuple[str, str]:
    """``"At a desk: Sit forward…"`` → ``("At a desk: ", "Sit forward…")``."""
    label, _, rest = text.partition(": ")
    return f"{label}: ", rest


def _lines(lines: list[str], style: str = "") -> Content | None:
    if not lines:
        return None
    return Content("\n").join(Content.styled(line, style) for line in lines)


def _labelled(label: str, text: str | None, style: str = "") -> Content | None:
    if not text:
        return None
    return Content.assemble((label, "bold"), (text, style) if style else text)


def _long_release(step: Step) -> bool:
    """Whether the step's releases are long waits, not a moment's easing off on the spot."""
    return step.release >= LONG_WAIT_SECONDS


def countdown_words(session: Session, routine: Routine) -> tuple[str, str, int]:
    """What the countdown counts ("press · time left"), the word beside it where there is no
    breathing guide ("breathe naturally"), and the breaths to count on a breath-led press."""
    phase, step = session.phase, session.step
    assert step is not None
    name = "hold steady" if phase.steady else phasewords.PHASE_LABEL[phase.kind]
    label = f"{name} · time left"
    aside = ASIDE.get(phase.kind, "")
    if phase.kind is PhaseKind.RELEASE and _long_release(step):
        aside = ASIDE[PhaseKind.REST]
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
    what = phasewords.phase_instruction(upcoming, step, point)
    if upcoming.step == session.phase.step or session.phase.kind is PhaseKind.REST:
        return f"next: {what} ({fmt_span(upcoming.duration)})"
    return f"next: {stepwords.point_title(point)} · {stepwords.side_text(upcoming.side, point)}"


FULL_MAP = frozenset({PhaseKind.FIND, PhaseKind.SWITCH, PhaseKind.GET_READY})
"""The phases whose body map is drawn in full beside the where-text; in the others (pressing,
easing off, resting) it stays small."""


def map_subject(
    session: Session, routine: Routine, points: Points
) -> tuple[Point, Side | None, bool] | None:
    """The body map's point (the one the box is about), the side to mark, and whether the map
    is small; None between steps.

    The side is the phase's; while resting before another point, the side that point starts
    on. Both sides (or None, on the midline) mark both spots, or the midline one.
    """
    current, step = session.step, shown_step(session, routine)
    if current is None or step is None:
        return None
    phase = session.phase
    side = phase.side
    if step is not current:
        following = session.next_step_index()
        side = next((p.side for p in session.timeline if p.step == following), None)
    return points.resolve(step.point), side, phase.kind not in FULL_MAP
