"""A routine as the user's settings have it run: some steps left out, some done more gently.

A setting names a :class:`~acutimer.routine.models.Condition` (today one: pregnancy). With it on,
a step on a point whose flags include the condition's caution is left out, and a step with a
gentler way for the condition is done that way instead. Both front ends run what :func:`adapt`
returns, so neither has a special case of its own. No I/O here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import NamedTuple

from acutimer.routine.kinds import CONDITION_CAUTION
from acutimer.routine.models import Condition, Routine, Step
from acutimer.routine.points import Points

SETTING_NAME = {Condition.PREGNANCY: "pregnancy setting"}
"""What each condition's setting is called in the text."""


class Adapted(NamedTuple):
    """What a session runs: the routine with gentler ways swapped in, and what changed."""

    routine: Routine
    skip: list[int]
    """Steps left out (their point is flagged for one of the conditions)."""
    gentler: list[int]
    """Steps done their gentler way."""


def conditions_from(*, avoid_pregnancy_points: bool) -> frozenset[Condition]:
    """The conditions the user's settings turn on."""
    return frozenset({Condition.PREGNANCY}) if avoid_pregnancy_points else frozenset()


def adapt(routine: Routine, points: Points, conditions: Collection[Condition]) -> Adapted:
    """The routine as it runs with ``conditions`` on; the steps keep their indices.

    A step whose point is flagged for a condition is left out, even if it has a gentler way:
    pressing a point more gently does not make it one to press.
    """
    cautions = {CONDITION_CAUTION[c] for c in conditions}
    steps: list[Step] = []
    skip: list[int] = []
    gentler: list[int] = []
    for index, step in enumerate(routine.steps):
        if cautions & set(points.resolve(step.point).cautions):
            skip.append(index)
            steps.append(step)
            continue
        wanted = [c for c in conditions if step.gentler and c in step.gentler.when]
        if wanted:
            gentler.append(index)
            steps.append(gentler_step(step, wanted[0]))
        else:
            steps.append(step)
    if not gentler:
        return Adapted(routine, skip, [])
    return Adapted(dataclasses.replace(routine, steps=steps), skip, gentler)


def gentler_step(step: Step, condition: Condition) -> Step:
    """``step`` done its gentler way: its pressure, technique and how-to, and a note saying so."""
    way = step.gentler
    assert way is not None
    note = f"Done the gentler way, as your {SETTING_NAME[condition]} asks."
    if way.note:
        note += f" {way.note}"
    return dataclasses.replace(
        step,
        pressure=way.pressure,
        technique=way.technique or step.technique,
        how=way.how,
        note=note,
        gentler=None,
    )
