"""Words for a whole routine and a point, as ``show`` and ``points`` print them.

``show``'s text and JSON, a point in full, and what the pregnancy setting does to a routine.

The words for a step are in :mod:`acutimer.routine.stepwords`, those for a running phase in
:mod:`acutimer.routine.phasewords`. Plain strings only: front ends decide how to style them (and
render them literally).
"""

from __future__ import annotations

from typing import Any

from acutimer.routine.models import Caution, Condition, Routine, Sides
from acutimer.routine.models import format_duration as fmt
from acutimer.routine.phasewords import PHASE_LABEL as PHASE_LABEL
from acutimer.routine.phasewords import held_line as held_line
from acutimer.routine.plaindata import to_data
from acutimer.routine.pointmodels import Point
from acutimer.routine.points import Points
from acutimer.routine.stepwords import (
    SIDES_TEXT,
    TECHNIQUE_TEXT,
    breathing_text,
    gentler_text,
    opening_lines,
    pace_text,
    point_title,
    step_text,
    timing_text,
)
from acutimer.routine.stepwords import cautions_for as cautions_for
from acutimer.routine.stepwords import how_text as how_text
from acutimer.routine.stepwords import seated_text as seated_text
from acutimer.routine.timeline import step_seconds, total_seconds
from acutimer.routine.units import fmt_span as fmt_span
from acutimer.routine.words import plural


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


def flagged_steps(routine: Routine, points: Points, caution: Caution) -> list[int]:
    """Indices of the steps whose point carries ``caution`` (e.g. those to skip in pregnancy)."""
    return [
        index
        for index, step in enumerate(routine.steps)
        if caution in points.resolve(step.point).cautions
    ]


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
