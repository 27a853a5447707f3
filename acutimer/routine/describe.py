"""Words for routines, steps and points: shared by ``show``, ``points``, the runners and the TUI.

Plain strings only: front ends decide how to style them (and render them literally).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from acutimer.routine.limits import CALL_BACK_SECONDS, LONG_WAIT_SECONDS
from acutimer.routine.models import (
    Breathing,
    Caution,
    Condition,
    Pace,
    Position,
    Pressure,
    Routine,
    Sides,
    Step,
    Technique,
)
from acutimer.routine.models import format_duration as fmt
from acutimer.routine.plaindata import to_data
from acutimer.routine.pointmodels import Point
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
    "front of the ankle": "ankle",
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
    if phase.kind is PhaseKind.GET_READY:
        if phase.before_next_step:
            return "get ready for the next point"
        return f"get ready: back to {point.code} · {side}"
    if phase.kind is PhaseKind.DONE:
        return "done"
    verb = "hold steady" if phase.steady else PRESS_VERB[step.pressure]
    if step.technique is not Technique.HOLD and not phase.steady:
        verb += f" ({TECHNIQUE_TEXT[step.technique]})"
    return f"{verb} · {side}"


def long_wait_lines(phase: Phase, step: Step, *, wait_for_me: bool | None) -> list[str]:
    """What a long wait says (a release, switch or rest of 2 minutes or more): get on with your
    work, and how you are called back. Nothing for any other phase.

    Args:
        phase: the phase.
        step: the step it belongs to (its get-ready time is when the call back comes).
        wait_for_me: the setting now, or None where it cannot be changed (no keys).
    """
    if not phase.long:
        return []
    ahead = fmt(step.get_ready_seconds or CALL_BACK_SECONDS)
    what = "the next point" if phase.kind is PhaseKind.REST else "the next press"
    lines = [
        f"Carry on with your work: {ahead} before {what}, a soft tone and a notification "
        "call you back."
    ]
    if wait_for_me:
        lines.append(
            f"Wait for me is on: if no key comes from you by then, the session waits for you "
            f"at {what} (w turns it off)."
        )
    elif wait_for_me is not None:
        lines.append(f"Wait for me is off: {what} starts on time, back or not (w turns it on).")
    return lines


def waiting_line(phase: Phase) -> str:
    """In a get-ready phase with wait for me on: how to say you are back."""
    what = "the next point" if phase.before_next_step else "the press"
    return f"Back? Press Enter. Wait for me is on: {what} does not start without you."


def held_line(phase: Phase) -> str:
    """The session waits for you at the end of a get-ready phase: how to go on."""
    what = "the next point" if phase.before_next_step else "the press"
    return f"waiting for you · Enter or space starts {what}"


def step_names(routine: Routine, points: Points, indices: list[int]) -> str:
    """``"steps 2 (LI-4) and 5 (GB-21)"``."""
    named = [f"{i + 1} ({points.resolve(routine.steps[i].point).code})" for i in indices]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return f"step {listed}" if len(named) == 1 else f"steps {listed}"


def pregnancy_steps(routine: Routine, points: Points) -> tuple[list[int], list[int]]:
    """The steps the pregnancy setting changes: those it leaves out, those it does gently."""
    flagged = flagged_steps(routine, points, Caution.PREGNANCY)
    gentler = [
        index
        for index, step in enumerate(routine.steps)
        if step.gentler and Condition.PREGNANCY in step.gentler.when and index not in flagged
    ]
    return flagged, gentler


def pregnancy_text(routine: Routine, points: Points, setting: bool | None = None) -> str | None:
    """What the pregnancy setting does to this routine, said before it starts (None: nothing).

    Args:
        setting: the user's setting, or None where it is not known (``show``).
    """
    flagged, gentler = pregnancy_steps(routine, points)
    if not flagged and not gentler:
        return None
    what, effect = [], []
    if flagged:
        one = len(flagged) == 1
        what.append(
            f"{step_names(routine, points, flagged)} {'is' if one else 'are'} on "
            f"{'a point' if one else 'points'} flagged for pregnancy"
        )
        effect.append(f"leaves {'it' if one else 'them'} out")
    if gentler:
        one = len(gentler) == 1
        named = step_names(routine, points, gentler)
        what.append(f"{named} {'has' if one else 'have'} a gentler way")
        effect.append(f"does {'that step' if one else 'those steps'} the gentler way")
    text = f"Pregnancy: {', and '.join(what)}."
    does = " and ".join(effect)
    if setting is None:
        return f"{text} The pregnancy setting (in the safety notice, key s) {does}."
    if setting:
        return f"{text} Your pregnancy setting is on: it {does}."
    return (
        f"{text} Your pregnancy setting is off; turned on (in the safety notice, key s), it {does}."
    )


OURS_LINE = (
    "Ours, not the articles': the breathing paces, the rests between steps, and the times to "
    "find each point and to get ready. Each step says where the rest of its timing comes from."
)
"""Said by ``show`` for a built-in routine: the timings that trace to no article."""


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
            how_to_press=how_text(step, point),
            seated=point.desk_note if seated_text(routine, point) else None,
            cautions=cautions_for(step, point),
        )
        if point.map is not None:
            data["map"] = to_data(point.map)
        steps.append(data)
    flagged, gentler = pregnancy_steps(routine, points)
    return {
        "name": name,
        "title": routine.title,
        "summary": routine.summary,
        "focus": routine.focus.value,
        "position": routine.position.value,
        "caution": routine.caution,
        "preparation": routine.preparation,
        "duration_seconds": total_seconds(routine),
        "pregnancy": {
            "flagged_steps": [i + 1 for i in flagged],
            "gentler_steps": [i + 1 for i in gentler],
        },
        "practice": to_data(routine.practice) if routine.practice else None,
        "steps": steps,
        **extra,
    }


def routine_text(name: str, routine: Routine, points: Points, origin: str) -> str:
    """A routine as ``show`` prints it: the plan step by step and the total.

    A built-in (``origin == "built-in"``) also says which of its timings are ours.
    """
    head, steps, foot = routine_sections(name, routine, points, origin)
    return "\n\n".join([head, *steps, foot])


def routine_sections(
    name: str, routine: Routine, points: Points, origin: str
) -> tuple[str, list[str], str]:
    """The parts of :func:`routine_text`: the heading, each step's text, and the total."""
    total = total_seconds(routine)
    out = [
        f"{routine.title}  ({name}, {origin})",
        f"{routine.focus.value} · {routine.position.value} · "
        f"{plural(len(routine.steps), 'step')} · {fmt(total)} in all",
        "",
        routine.summary,
    ]
    before = opening_lines(routine)
    pregnancy = pregnancy_text(routine, points)
    if pregnancy:
        before.append(pregnancy)
    if before:
        out += ["", *before]
    if routine.practice:
        out += ["", f"How often: {routine.practice.text()} (from: {routine.practice.source})"]
    out += [
        "",
        f"Breathing guide: {pace_text(routine.pace)}; {fmt(routine.find_time)} to find each point",
    ]
    if origin == "built-in":
        out.append(OURS_LINE)
    steps = []
    for index, step in enumerate(routine.steps):
        point = points.resolve(step.point)
        sides = SIDES_TEXT[step.sides or Sides.LEFT_THEN_RIGHT]
        lines = [
            f"{index + 1:>2}. {point_title(point)} · {point.region}",
            f"    {sides} · {step.pressure.value} {TECHNIQUE_TEXT[step.technique]} · "
            f"{timing_text(step)}",
        ]
        extras = [f"about {fmt(step_seconds(routine, index))}"]
        if step.rest and index < len(routine.steps) - 1:
            extras.insert(0, f"rest {fmt(step.rest)} after")
        lines.append("    " + " · ".join(extras))
        lines.append(f"    Breathing: {breathing_text(step, routine)}")
        texts = step_text(routine, step, point)
        lines += [f"    Caution: {line}" for line in texts.cautions]
        lines.append(f"    {texts.where}")
        if texts.seated:
            lines.append(f"    {texts.seated}")
        lines.append(f"    {texts.how}")
        gentler = gentler_text(step)
        if gentler:
            lines.append(f"    {gentler}")
        if step.note:
            lines.append(f"    Note: {step.note}")
        if step.meanwhile:
            lines.append(f"    Meanwhile: {step.meanwhile}")
        source = step.source + (f" ({step.protocol})" if step.protocol else "")
        lines.append(f"    Timing from: {source}")
        steps.append("\n".join(lines))
    return "\n".join(out), steps, f"Total: {fmt(total)}"


def point_text(point: Point) -> str:
    """One point in full, as ``points QUERY`` prints it."""
    out = [point_title(point), f"    Region: {point.region}"]
    if point.aliases:
        out.append(f"    Also called: {', '.join(point.aliases)}")
    if point.old_numbers:
        out.append(f"    Old Bladder numbers (one article): {', '.join(point.old_numbers)}")
    for article_name in point.article_names:
        out.append(f"    An article also calls it {article_name.name!r}: {article_name.note}")
    out.append(f"    Where: {point.location}")
    out.append(f"    How: {point.how_to_press}")
    desk = "yes" if point.desk else "not alone"
    out.append(f"    At a desk: {desk}" + (f" ({point.desk_note})" if point.desk_note else ""))
    out.append(f"    The articles say it helps with: {', '.join(point.helps)}")
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
    PhaseKind.GET_READY: "get ready",
    PhaseKind.DONE: "done",
}
"""A phase's name, as a label over the countdown."""


def fmt_span(seconds: float) -> str:
    """A length of time, to the second, written as everywhere else: ``"45s"``, ``"3m5s"``."""
    return fmt(int(seconds + 0.5))
