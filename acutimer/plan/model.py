"""The plan file's data: one entry per planned routine. No I/O; validated like a routine file.

A plan file looks like this::

    [[routines]]
    routine = "lower-back-desk"
    times = 2                      # spread over `between`
    between = "09:00-18:00"
    days = "every day"

    [[routines]]
    routine = "hand-points-break"
    at = ["10:30", "15:30"]        # or: every = "2h", or: times = 3
    days = "mon-fri"

Each entry gives exactly one of ``at``, ``every`` or ``times``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from acutimer.routine.checks import After, Before, Items, JsonSchema, Text
from acutimer.routine.practice import (
    MAX_TIMES_A_DAY,
    WEEKDAYS,
    clock_text,
    gap_text,
    parse_clock,
    parse_days,
    parse_window,
    window_minutes,
)
from acutimer.routine.units import parse_duration

MIN_EVERY = 10 * 60
"""The shortest ``every``: reminders more often than this would be noise."""
MAX_EVERY = 24 * 60 * 60
DEFAULT_WINDOW = "09:00-18:00"
"""The part of the day ``every`` and ``times`` use when neither the plan nor the routine give one
(an assumption: a working day)."""

_CONFIG: dict[str, Any] = {
    "extra": "forbid",
    "use_attribute_docstrings": True,
    "str_strip_whitespace": True,
}


def parse_at(value: Any) -> list[str]:
    """Times of day, as a list or ``"10:00,15:30"``: normalised, sorted, each once.

    Raises:
        ValueError: with a message a person can act on.
    """
    if isinstance(value, str):
        value = [part for part in value.replace(" ", ",").split(",") if part]
    if not isinstance(value, list) or not value:
        raise ValueError('at is a list of times of day, e.g. ["10:00", "15:30"]')
    minutes = sorted({parse_clock(item) for item in value})
    if len(minutes) > MAX_TIMES_A_DAY:
        raise ValueError(f"{len(minutes)} times is more than {MAX_TIMES_A_DAY} a day")
    return [clock_text(m) for m in minutes]


def check_every(value: float) -> float:
    """Refuse an ``every`` too short (noise) or over a day."""
    if not MIN_EVERY <= value <= MAX_EVERY:
        raise ValueError(
            f"every {gap_text(value)} is out of range: use from {gap_text(MIN_EVERY)} to 24h"
        )
    return value


def check_times(value: int) -> int:
    """Refuse a ``times`` under 1 or over 24."""
    if not 1 <= value <= MAX_TIMES_A_DAY:
        raise ValueError(f"times is a number from 1 to {MAX_TIMES_A_DAY}")
    return value


_EVERY_SCHEMA = {
    "anyOf": [
        {"type": "number", "description": "seconds"},
        {"type": "string", "description": "a duration such as '2h' or '90m'"},
    ]
}
_AT_SCHEMA = {
    "anyOf": [
        {"type": "array", "items": {"type": "string", "pattern": r"^\d{1,2}:\d{2}$"}},
        {"type": "string", "description": 'e.g. "10:00,15:30"'},
    ]
}
_DAYS_SCHEMA = {
    "anyOf": [
        {"type": "string", "description": 'e.g. "every day", "weekdays", "mon-fri", "mon,thu"'},
        {"type": "array", "items": {"type": "string", "enum": list(WEEKDAYS)}},
    ]
}


@dataclass(kw_only=True)
class PlanEntry:
    """One planned routine: when in the day, and on which days."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    routine: Annotated[str, Text(1, 200)]
    """The routine's name, as `acutimer list` shows it (or a path to its file)."""
    at: Annotated[list[str], Before(parse_at), JsonSchema(_AT_SCHEMA)] | None = None
    """Fixed times of day, e.g. ["10:00", "15:30"]."""
    every: (
        Annotated[float, Before(parse_duration), After(check_every), JsonSchema(_EVERY_SCHEMA)]
        | None
    ) = None
    """Every so long, from the start of `between` to its end, e.g. "2h"."""
    times: Annotated[int, After(check_times)] | None = None
    """So many times, spread evenly over `between`."""
    between: Annotated[str, Before(parse_window)] | None = None
    """The part of the day for `every` and `times`, e.g. "09:00-18:00" (may cross midnight:
    times after midnight belong to the day the window starts). Defaults to 09:00-18:00."""
    days: Annotated[list[str], Before(parse_days), JsonSchema(_DAYS_SCHEMA)] = field(
        default_factory=lambda: list(WEEKDAYS)
    )
    """Which days: "every day" (the default), "weekdays", "weekends", "mon-fri" or "mon,thu"."""
    since: datetime | date | None = None
    """When it was first planned (`plan add` sets it): times before are not held against it."""

    def __post_init__(self) -> None:
        given = [name for name in ("at", "every", "times") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of at, every or times"
                + (f" (this gives {' and '.join(given)})" if given else "")
            )
        if self.at is not None and self.between is not None:
            raise ValueError("between goes with every or times; at gives the times itself")
        if self.every is not None:
            start, end = window_minutes(self.window)
            count = int((end - start) // max(1.0, self.every / 60)) + 1
            if count > MAX_TIMES_A_DAY:
                raise ValueError(
                    f"every {gap_text(self.every)} between {self.window} makes {count} times a "
                    f"day; at most {MAX_TIMES_A_DAY}"
                )

    @property
    def window(self) -> str:
        """The part of the day ``every`` and ``times`` use."""
        return self.between or DEFAULT_WINDOW


def _unique_routines(entries: list[PlanEntry]) -> list[PlanEntry]:
    seen: set[str] = set()
    for entry in entries:
        if entry.routine in seen:
            raise ValueError(
                f"{entry.routine!r} is planned twice; give it one entry (at can list several times)"
            )
        seen.add(entry.routine)
    return entries


@dataclass(kw_only=True)
class Plan:
    """The plan file: the routines planned, each with its times."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    routines: Annotated[list[PlanEntry], Items(0, 50), After(_unique_routines)] = field(
        default_factory=list
    )
    """The planned routines, one [[routines]] entry each."""

    def entry(self, routine: str) -> PlanEntry | None:
        """The entry of ``routine``, if it is planned."""
        return next((e for e in self.routines if e.routine == routine), None)
