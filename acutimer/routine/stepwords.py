"""Words for a step and its point: sides, techniques, timings, how to press, cautions.

Shared by ``show``, the runners and the TUI, so that every front end says a step the same way.
Plain strings only: front ends decide how to style them (and render them literally).
"""

from __future__ import annotations

from typing import NamedTuple

from acutimer.routine.limits import LONG_WAIT_SECONDS
from acutimer.routine.models import (
    Breathing,
    Pace,
    Position,
    Pressure,
    Routine,
    Sides,
    Step,
    Technique,
)
from acutimer.routine.pointmodels import Point
from acutimer.routine.timeline import Side, pace_for
from acutimer.routine.units import format_duration as fmt

SIDES_TEXT = {
    Sides.LEFT: "left side only",
    Sides.RIGHT: "right side only",
    Sides.BOTH: "both sides at once",
    Sides.MIDLINE: "midline",
    Sides.LEFT_THEN_RIGHT: "left, then right",
    Sides.RIGHT_THEN_LEFT: "right, then left",
    Sides.ALTERNATING: "alternating left and right",
}


TECHNIQUE_TEXT = {
    Technique.HOLD: "steady hold",
    Technique.CIRCLES: "small circles",
    Technique.PINCH: "pinch",
    Technique.PULSES: "press-and-release pulses",
    Technique.RUB: "rub",
}


PRESS_VERB = {
    Pressure.LIGHT: "press lightly",
    Pressure.MEDIUM: "press with medium pressure",
    Pressure.FIRM: "press firmly",
    Pressure.DEEP: "press deeply",
}


BREATHING_TEXT = {
    Breathing.PACED: "paced",
    Breathing.SLOW_DEEP: "slow and deep",
    Breathing.NATURAL: "natural",
    Breathing.SYNCHRONISED: "with the breath: steady in, deeper out, then ease off",
}


_LIMB = {
    "hand": "hand",
    "forearm": "arm",
    "elbow": "elbow",
    "behind the knee": "knee",
    "outer ankle": "ankle",
    "inner ankle": "ankle",
    "front of the ankle": "ankle",
    "buttock": "side",
    "upper chest": "side",
    "shoulder": "shoulder",
}


def point_title(point: Point) -> str:
    """``"LI-4 He Gu (Joining Valley)"``."""
    return f"{point.code} {point.pinyin} ({point.english})"


def side_text(side: Side | None, point: Point) -> str:
    """Words for a side of a point: ``"left hand"``, ``"both sides"``, ``"midline"``."""
    if side is None:
        return "midline"
    limb = _LIMB.get(point.region, "side")
    if side is Side.BOTH:
        return "both sides at once" if limb == "side" else f"both {limb}s at once"
    return f"{side.value} {limb}"


def pace_text(pace: Pace) -> str:
    """``"in 4s · out 6s"`` with any pauses."""
    parts = [f"in {fmt(pace.inhale)}"]
    if pace.hold_in:
        parts.append(f"hold {fmt(pace.hold_in)}")
    parts.append(f"out {fmt(pace.exhale)}")
    if pace.hold_out:
        parts.append(f"pause {fmt(pace.hold_out)}")
    return " · ".join(parts)


def breathing_text(step: Step, routine: Routine) -> str:
    """How to breathe on a step, with the pace when there is a guide."""
    pace = pace_for(step, routine)
    text = BREATHING_TEXT[step.breathing]
    return f"{text} ({pace_text(pace)})" if pace else text


def timing_text(step: Step) -> str:
    """``"hold 5s, release 3s, ×3 each side"``; a long release says its get-ready part."""
    parts = [f"hold {fmt(step.hold)}"]
    if step.steady_after:
        parts.append(f"then steady {fmt(step.steady_after)}")
    if step.repeats > 1:
        if step.release:
            release = f"release {fmt(step.release)}"
            if step.release >= LONG_WAIT_SECONDS and step.get_ready_seconds:
                release += f" (its last {fmt(step.get_ready_seconds)} to get ready)"
            parts.append(release)
        each = (
            ""
            if step.sides in (Sides.BOTH, Sides.MIDLINE, Sides.LEFT, Sides.RIGHT)
            else " each side"
        )
        parts.append(f"×{step.repeats}{each}")
    return ", ".join(parts)


def cautions_for(step: Step, point: Point) -> list[str]:
    """Every caution shown with a step: the point's, then the step's own."""
    lines = point.caution_lines()
    if step.caution:
        lines.append(step.caution)
    return lines


def how_text(step: Step, point: Point) -> str:
    """How to press on this step: the step's own words, or the point library's."""
    return step.how or point.how_to_press


SEATED_LABEL = {Position.SEATED: "At a desk", Position.ANY: "Seated"}
"""The label of a point's seated how-to, by the routine's position (none lying or standing)."""


def seated_text(routine: Routine, point: Point) -> str | None:
    """The point's seated how-to (``desk_note``) when the routine may be done seated."""
    if routine.position not in SEATED_LABEL or not point.desk_note:
        return None
    return f"{SEATED_LABEL[routine.position]}: {point.desk_note}"


class StepText(NamedTuple):
    """The words about one step that a front end shows while it runs; each says what to do."""

    cautions: list[str]
    where: str
    """``"Where: ..."``: how to find the point."""
    seated: str | None
    """``"At a desk: ..."``: how to reach it seated, in a seated routine."""
    how: str
    """``"How: ..."``: how to press it, the step's own words or the library's."""
    note: str | None
    meanwhile: str | None
    """What to do in the step's releases and rest (a long wait: carry on working)."""


def step_text(routine: Routine, step: Step, point: Point) -> StepText:
    """What both front ends say about ``step``, in the same words."""
    return StepText(
        cautions=cautions_for(step, point),
        where=f"Where: {point.location}",
        seated=seated_text(routine, point),
        how=f"How: {how_text(step, point)}",
        note=step.note,
        meanwhile=step.meanwhile,
    )


def opening_lines(routine: Routine) -> list[str]:
    """What to know before the first press: the routine's caution, then its preparation."""
    lines = []
    if routine.caution:
        lines.append(f"Caution: {routine.caution}")
    if routine.preparation:
        lines.append(f"Before you start: {routine.preparation}")
    return lines


def gentler_text(step: Step) -> str | None:
    """The step's gentler way, for ``show``: when it is used, how hard and how."""
    way = step.gentler
    if way is None:
        return None
    settings = ", ".join(f"the {condition.value} setting" for condition in way.when)
    technique = TECHNIQUE_TEXT[way.technique or step.technique]
    text = f"Gentler way (with {settings} on): {way.pressure.value} {technique}. {way.how}"
    return f"{text} {way.note}" if way.note else text
