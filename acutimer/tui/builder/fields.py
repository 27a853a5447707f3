"""What the builder shows of a routine: which fields, their choices, and one line per step.

No textual here: plain tables and strings for the builder's form and its step list. A field is
named by its key in the routine file, dotted inside a table (``pace.inhale``), so an error's key
path (``steps[2].pace.inhale``) says which field it belongs under.
"""

from __future__ import annotations

from typing import Any

from acutimer.routine.models import (
    Breathing,
    Focus,
    Gentler,
    Position,
    Pressure,
    Routine,
    Sides,
    Step,
    Technique,
)
from acutimer.routine.models import format_duration as fmt
from acutimer.routine.points import Points
from acutimer.routine.practice import Practice

PACE_FIELDS = ("pace.inhale", "pace.hold_in", "pace.exhale", "pace.hold_out")
GENTLER_FIELDS = ("gentler.pressure", "gentler.technique", "gentler.how", "gentler.note")
"""A step's gentler way (``[steps.gentler]``), done instead when the pregnancy setting is on."""
TOP_FIELDS = (
    "title",
    "summary",
    "focus",
    "position",
    "preparation",
    "caution",
    "find_time",
    *PACE_FIELDS,
)
"""The routine's fields, in order (its practice table, for ``acutimer plan``, is kept as it is)."""
MORE_FIELDS = ("preparation", "caution", "find_time", *PACE_FIELDS)
"""The routine's fields folded under "more" (shown at once when one of them has a problem)."""
CHOICES: dict[str, list[str]] = {
    "focus": [f.value for f in Focus],
    "position": [p.value for p in Position],
    "sides": [s.value for s in Sides],
    "pressure": [p.value for p in Pressure],
    "technique": [t.value for t in Technique],
    "breathing": [b.value for b in Breathing],
    "gentler.pressure": [p.value for p in Pressure],
    "gentler.technique": [t.value for t in Technique],
}
STEP_FIELDS = (
    "sides",
    "pressure",
    "technique",
    "hold",
    "release",
    "repeats",
    "rest",
    "get_ready",
    "find",
    "breathing",
    *PACE_FIELDS,
    "steady_after",
    "note",
    "how",
    "meanwhile",
    "caution",
    *GENTLER_FIELDS,
    "source",
)
"""The step fields shown, in order: every key of a step but its point (shown, and changed with
the point search) and its protocol (the project's own reference, kept as it is)."""
QUIET_KEYS = ("point", "protocol")
"""Step keys kept as they are without a word (any other key no field shows is listed)."""
TEXT_LINES = {
    "preparation": 2,
    "note": 4,
    "how": 2,
    "meanwhile": 2,
    "caution": 2,
    "gentler.how": 2,
    "gentler.note": 2,
}
"""Fields of prose, with the lines their box shows (they scroll and take new lines)."""
LABELS = {
    "find_time": "find time",
    "find": "find time",
    "steady_after": "steady after",
    "get_ready": "get ready",
    "how": "how to press",
    "gentler.pressure": "  pressure",
    "gentler.technique": "  technique",
    "gentler.how": "  how",
    "gentler.note": "  note",
    "pace.inhale": "breathe in",
    "pace.hold_in": "hold in",
    "pace.exhale": "breathe out",
    "pace.hold_out": "hold out",
}
"""A field's label, where it is not its key."""
LABEL_WIDTH = 13

ROUTINE_KEYS = frozenset(Routine.__dataclass_fields__)
STEP_KEYS = frozenset(Step.__dataclass_fields__)
PACE_KEYS = frozenset(("inhale", "hold_in", "exhale", "hold_out"))
TABLE_KEYS = {
    "pace": PACE_KEYS,
    "gentler": frozenset(Gentler.__dataclass_fields__),
    "practice": frozenset(Practice.__dataclass_fields__),
}
"""The keys each table in a routine file may hold."""


def label(field: str) -> str:
    """What a field is called on the form."""
    return LABELS.get(field, field)


def widget_id(field: str, *, step: bool) -> str:
    """The id of a field's widget: ``f-hold``, ``f-pace-inhale`` (a step's), ``f-r-pace-inhale``."""
    name = field.replace(".", "-")
    return f"f-{name}" if step or not field.startswith("pace.") else f"f-r-{name}"


def as_text(value: Any) -> str:
    """A draft value as a field shows it."""
    return "" if value is None else str(value)


def get(table: dict[str, Any], field: str) -> Any:
    """The value of ``field`` (maybe dotted) in a routine's or a step's data, or None."""
    if "." not in field:
        return table.get(field)
    outer, inner = field.split(".", 1)
    sub = table.get(outer)
    return sub.get(inner) if isinstance(sub, dict) else None


def step_placeholders(routine_data: dict[str, Any], step: dict[str, Any]) -> dict[str, str]:
    """What an empty step field means, in its box: the routine's value it falls back on."""
    pace = routine_data.get("pace") if isinstance(routine_data.get("pace"), dict) else {}
    defaults = {"inhale": "4s", "hold_in": "0s", "exhale": "6s", "hold_out": "0s"}
    found = {
        "hold": "e.g. 30s",
        "release": "0s",
        "repeats": "1",
        "rest": "0s",
        "find": f"{as_text(routine_data.get('find_time')) or fmt(8)}, the routine's",
        "steady_after": "0s; only with synchronised breathing",
        "get_ready": "30s, before a press after a wait of 2m or more",
        "source": "assumption, or the article's title",
        "note": "shown while the step runs",
        "how": "the point library's how-to, in its place",
        "meanwhile": "what to do during the release and the rest",
        "caution": "shown with the point's own cautions",
        "gentler.how": "how to press the gentler way",
        "gentler.note": "why, and where the gentler way comes from",
    }
    for key, default in defaults.items():
        value = as_text(pace.get(key)) if isinstance(pace, dict) else ""
        found[f"pace.{key}"] = f"{value or default}, the routine's"
    if step.get("breathing") == Breathing.NATURAL.value:
        for key in PACE_FIELDS:
            found[key] = "not used with natural breathing"
    return found


ROUTINE_PLACEHOLDERS = {
    "title": "a short name for lists",
    "summary": "one or two sentences: what it is for",
    "preparation": "a tip before starting (optional)",
    "caution": "for the whole routine, shown before it starts (optional)",
    "find_time": "8s",
    "pace.inhale": "4s",
    "pace.hold_in": "0s",
    "pace.exhale": "6s",
    "pace.hold_out": "0s",
}


def unknown_keys(data: dict[str, Any]) -> list[str]:
    """Key paths in the data that no routine file may hold (a typo, say): none a field shows."""
    found = _unknown(data, ROUTINE_KEYS, "")
    steps = data.get("steps")
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        if isinstance(step, dict):
            found += _unknown(step, STEP_KEYS, f"steps[{index}].")
    return found


def _unknown(table: dict[str, Any], known: frozenset[str], prefix: str) -> list[str]:
    found = [f"{prefix}{key}" for key in table if key not in known]
    for name, keys in TABLE_KEYS.items():
        inner = table.get(name)
        if name in known and isinstance(inner, dict):
            found += [f"{prefix}{name}.{key}" for key in inner if key not in keys]
    return found


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
    parts = [f"{index + 1}. {name}"]
    if sides:
        parts.append(SIDES_SHORT.get(str(sides), str(sides)))
    timing = str(step.get("hold", "?"))
    repeats = str(step.get("repeats", 1))
    if repeats != "1":
        timing += f" ×{repeats}"
    parts.append(timing)
    return ("⚠ " if bad else "") + " · ".join(parts)
