"""Words for routines, steps and points: shared by ``show``, ``points``, the runners and the TUI.

Plain strings only: front ends decide how to style them (and render them literally).
"""

from __future__ import annotations

from typing import Any

from acutimer.routine.models import (
    Breathing,
    Caution,
    Pace,
    Point,
    Pressure,
    Routine,
    Sides,
    Step,
    Technique,
)
from acutimer.routine.models import format_duration as fmt
from acutimer.routine.plaindata import to_data
from acutimer.routine.points import Points
from acutimer.routine.timeline import Phase, PhaseKind, Side, pace_for, step_seconds, total_seconds
from acutimer.routine.words import plural

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
    "buttock": "side",
    "upper chest": "side",
    "shoulder": "shoulder",
}


def fmt_clock(seconds: float) -> str:
    """``130`` → ``"02:10"``; an hour or more → ``"1:02:10"``."""
    whole = int(seconds + 1e-6)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


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
    """``"hold 5s, release 3s, ×3 each side"``."""
    parts = [f"hold {fmt(step.hold)}"]
    if step.steady_after:
        parts.append(f"then steady {fmt(step.steady_after)}")
    if step.repeats > 1:
        if step.release:
            parts.append(f"release {fmt(step.release)}")
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


def phase_instruction(phase: Phase, step: Step, point: Point) -> str:
    """What to do in a phase, in a few words: ``"press firmly · left hand"``."""
    side = side_text(phase.side, point)
    if phase.kind is PhaseKind.FIND:
        return f"find {point.code} · {side}"
    if phase.kind is PhaseKind.SWITCH:
        return f"switch to the {side}" if phase.side is not None else "switch sides"
    if phase.kind is PhaseKind.RELEASE:
        return "release"
    if phase.kind is PhaseKind.REST:
        return "rest"
    if phase.kind is PhaseKind.DONE:
        return "done"
    verb = "hold steady" if phase.steady else PRESS_VERB[step.pressure]
    if step.technique is not Technique.HOLD and not phase.steady:
        verb += f" ({TECHNIQUE_TEXT[step.technique]})"
    return f"{verb} · {side}"


def routine_json(name: str, routine: Routine, points: Points, **extra: Any) -> dict[str, Any]:
    """A routine as ``show --json`` prints it."""
    steps = []
    for index, step in enumerate(routine.steps):
        point = points.resolve(step.point)
        data = to_data(step)
        data.update(
            index=index + 1,
            point=point.code,
            names=[point.pinyin, point.english],
            duration_seconds=step_seconds(routine, index),
            cautions=cautions_for(step, point),
        )
        steps.append(data)
    return {
        "name": name,
        "title": routine.title,
        "summary": routine.summary,
        "focus": routine.focus.value,
        "position": routine.position.value,
        "preparation": routine.preparation,
        "duration_seconds": total_seconds(routine),
        "steps": steps,
        **extra,
    }


def routine_text(name: str, routine: Routine, points: Points, origin: str) -> str:
    """A routine as ``show`` prints it: the plan step by step and the total."""
    total = total_seconds(routine)
    out = [
        f"{routine.title}  ({name}, {origin})",
        f"{routine.focus.value} · {routine.position.value} · "
        f"{plural(len(routine.steps), 'step')} · {fmt(total)} in all",
        "",
        routine.summary,
    ]
    if routine.preparation:
        out += ["", f"Before you start: {routine.preparation}"]
    out += [
        "",
        f"Breathing guide: {pace_text(routine.pace)}; {fmt(routine.find_time)} to find each point",
    ]
    for index, step in enumerate(routine.steps):
        point = points.resolve(step.point)
        sides = SIDES_TEXT[step.sides or Sides.LEFT_THEN_RIGHT]
        out += [
            "",
            f"{index + 1:>2}. {point_title(point)} · {point.region}",
            f"    {sides} · {step.pressure.value} {TECHNIQUE_TEXT[step.technique]} · "
            f"{timing_text(step)}",
        ]
        extras = [f"about {fmt(step_seconds(routine, index))}"]
        if step.rest and index < len(routine.steps) - 1:
            extras.insert(0, f"rest {fmt(step.rest)} after")
        out.append("    " + " · ".join(extras))
        out.append(f"    Breathing: {breathing_text(step, routine)}")
        out.append(f"    Where: {point.location}")
        out.append(f"    How: {point.how_to_press}")
        out += [f"    Caution: {line}" for line in cautions_for(step, point)]
        if step.note:
            out.append(f"    Note: {step.note}")
        if step.meanwhile:
            out.append(f"    Meanwhile: {step.meanwhile}")
        source = step.source + (f" ({step.protocol})" if step.protocol else "")
        out.append(f"    Timing from: {source}")
    out += ["", f"Total: {fmt(total)}"]
    return "\n".join(out)


def point_text(point: Point) -> str:
    """One point in full, as ``points QUERY`` prints it."""
    out = [point_title(point), f"    Region: {point.region}"]
    if point.aliases:
        out.append(f"    Also called: {', '.join(point.aliases)}")
    out.append(f"    Where: {point.location}")
    out.append(f"    How: {point.how_to_press}")
    desk = "yes" if point.desk else "not alone"
    out.append(f"    At a desk: {desk}" + (f" ({point.desk_note})" if point.desk_note else ""))
    out.append(f"    Said to help: {', '.join(point.helps)}")
    out += [f"    Caution: {line}" for line in point.caution_lines()]
    if point.confidence:
        out.append(f"    Identification: {point.confidence}")
    out.append(f"    Sources: {'; '.join(point.sources)}")
    return "\n".join(out)


def flagged_steps(routine: Routine, points: Points, caution: Caution) -> list[int]:
    """Indices of the steps whose point carries ``caution`` (e.g. those to skip in pregnancy)."""
    return [
        index
        for index, step in enumerate(routine.steps)
        if caution in points.resolve(step.point).cautions
    ]


PHASE_LABEL = {
    PhaseKind.FIND: "find the point",
    PhaseKind.PRESS: "press",
    PhaseKind.RELEASE: "release",
    PhaseKind.SWITCH: "switch side",
    PhaseKind.REST: "rest",
    PhaseKind.DONE: "done",
}
"""A phase's name, as a label over the countdown."""


def fmt_span(seconds: float) -> str:
    """A length of time, to the second, written as everywhere else: ``"45s"``, ``"3m5s"``."""
    return fmt(int(seconds + 0.5))
