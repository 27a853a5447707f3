"""What the builder shows of a routine: which fields, their choices, and one line per step.

No textual here: plain tables and strings for the builder's form and its step list.
"""

from __future__ import annotations

from typing import Any

from acutimer.routine.models import Breathing, Focus, Position, Pressure, Sides, Technique
from acutimer.routine.points import Points

TOP_FIELDS = ("title", "summary", "focus", "position")
CHOICES: dict[str, list[str]] = {
    "focus": [f.value for f in Focus],
    "position": [p.value for p in Position],
    "sides": [s.value for s in Sides],
    "pressure": [p.value for p in Pressure],
    "technique": [t.value for t in Technique],
    "breathing": [b.value for b in Breathing],
}
STEP_FIELDS = (
    "sides",
    "pressure",
    "technique",
    "hold",
    "release",
    "repeats",
    "rest",
    "breathing",
    "note",
)
"""The step fields shown, in order (the point is shown, not edited: delete and add instead)."""
QUIET_KEYS = ("point", "source", "protocol")
"""Step keys kept as they are without a word (the others not shown are listed under the fields)."""
PLACEHOLDERS = {"hold": "e.g. 30s", "release": "0s", "rest": "0s", "repeats": "1", "note": ""}


def as_text(value: Any) -> str:
    """A draft value as a field shows it."""
    return "" if value is None else str(value)


SIDES_SHORT = {
    "left": "left",
    "right": "right",
    "both": "both",
    "midline": "midline",
    "left-then-right": "L then R",
    "right-then-left": "R then L",
    "alternating": "alt L/R",
}


def step_label(index: int, step: dict[str, Any], points: Points, bad: bool) -> str:
    """``"3. BL-23 Shen Shu · both · 1m ×2"``: one line of the step list."""
    point = points.get(str(step.get("point", "")))
    name = f"{point.code} {point.pinyin}" if point else str(step.get("point", "?"))
    sides = step.get("sides") or (point.sides.value if point else "")
    parts = [f"{index + 1}. {name}", SIDES_SHORT.get(str(sides), str(sides))]
    timing = str(step.get("hold", "?"))
    repeats = str(step.get("repeats", 1))
    if repeats != "1":
        timing += f" ×{repeats}"
    parts.append(timing)
    return ("⚠ " if bad else "") + " · ".join(parts)
