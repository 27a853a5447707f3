"""Where the builder shows each of a draft's errors: under its field, on its step, or at the top.

A pure function of the draft's errors (key path to message) and the selected step, so the rule
is tested without a screen.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from acutimer.tui.builder.fields import STEP_FIELDS, TOP_FIELDS


class Marks(NamedTuple):
    """A draft's errors, placed."""

    routine: dict[str, str]
    """The routine's fields (``title``, ``pace.inhale``...) to the error shown under each."""
    fields: dict[str, str]
    """The selected step's fields to the error shown under each."""
    step: list[str]
    """The selected step's other errors (a key no field shows, or the step as a whole)."""
    general: list[str]
    """Errors of the routine that no field shows."""
    bad_steps: set[int]
    """Steps with any error, marked in the step list."""


_STEP_KEY = re.compile(r"steps\[(\d+)\]")


def place_errors(errors: dict[str, str], selected: int | None) -> Marks:
    """Place ``errors`` for a form showing step ``selected`` (None: no step)."""
    routine = {field: errors[field] for field in TOP_FIELDS if field in errors}
    fields: dict[str, str] = {}
    step: list[str] = []
    general: list[str] = []
    bad_steps: set[int] = set()
    prefix = f"steps[{selected}]"
    for key, text in errors.items():
        match = _STEP_KEY.match(key)
        if match is None:
            if key not in routine:
                general.append(f"{key or 'routine'}: {text}")
            continue
        bad_steps.add(int(match.group(1)))
        if selected is None or not (key == prefix or key.startswith(prefix + ".")):
            continue
        field = key[len(prefix) + 1 :]
        if field in STEP_FIELDS:
            fields[field] = text
        else:
            step.append(f"{field or 'this step'}: {text}")
    return Marks(routine, fields, step, general, bad_steps)
