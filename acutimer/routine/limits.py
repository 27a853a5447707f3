"""The limits on a routine file's numbers, and the field checks that hold them.

The models (:mod:`acutimer.routine.models` for routines, :mod:`acutimer.routine.pointmodels` for
the point library) put these checks on their fields; pydantic runs them when a file is validated.
"""

from __future__ import annotations

from typing import Annotated, Any

from acutimer.routine.checks import After, Before, JsonSchema, Text
from acutimer.routine.units import format_duration, parse_duration

MAX_STEP_SECONDS = 30 * 60
"""No single step (finding, holds, releases, switches and rest) may last longer than this."""
MAX_SESSION_SECONDS = 3 * 60 * 60
"""No routine may last longer than this."""
MAX_REPEATS = 100
MIN_HOLD_SECONDS = 1.0
"""A press lasts at least this long: anything shorter cannot be followed (or timed)."""
MIN_WAIT_SECONDS = 0.5
"""Every other wait (finding, a release, a rest, a pause in the breath) is 0 (none) or at
least this long."""
PROTOCOLS = (*(f"P{n}" for n in range(1, 20)), "P2′", "P5′", "P2'", "P5'")
"""The timing patterns the project's reading of the articles documents (P1-P19; P2′ and P5′
are variants of P2 and P5)."""
LONG_WAIT_SECONDS = 2 * 60
"""A release or rest at least this long ends with a get-ready phase before the next press."""
GET_READY_SECONDS = 30.0
"""How long a get-ready phase lasts when a step does not say (an assumption of ours)."""
MAX_GET_READY_SECONDS = 60.0
CALL_BACK_SECONDS = 30.0
"""A long wait with no get-ready phase (``get_ready = 0``) calls you back this long before it
ends (with one, its get-ready phase does)."""

STRICT: dict[str, Any] = {
    "extra": "forbid",
    "use_attribute_docstrings": True,
    "str_strip_whitespace": True,
}
DURATION_SCHEMA = {
    "anyOf": [
        {"type": "number", "description": "seconds"},
        {
            "type": "string",
            "description": "a duration such as '90s', '1m30s', '2 min' or '1:30'",
            "pattern": r"^\s*(\d+(\.\d+)?\s*[a-zA-Z]+\s*)+$|^\s*\d+(\.\d+)?\s*$|^\d+:[0-5]\d$",
        },
    ]
}


def _between(low: float, high: float, message: str, *, zero: bool = False) -> After:
    def check(value: float) -> float:
        if not (low <= value <= high or (zero and value == 0)):
            raise ValueError(message)
        return value

    return After(check)


def _too_short(name: str, value: float) -> None:
    if 0 < value < MIN_WAIT_SECONDS:
        raise ValueError(
            f"{name} of {format_duration(value)} is too short to follow; "
            f"use 0 for none, or at least {format_duration(MIN_WAIT_SECONDS)}"
        )


def wait_limit(name: str) -> After:
    def check(value: float) -> float:
        if value < 0:
            raise ValueError(f"{name} cannot be negative")
        _too_short(name, value)
        if value > MAX_STEP_SECONDS:
            raise ValueError(
                f"{name} of {format_duration(value)} is longer than a step may last (30m)"
            )
        return value

    return After(check)


def hold_limit(value: float) -> float:
    if value < MIN_HOLD_SECONDS:
        shown = format_duration(value) if value > 0 else "0s" if value == 0 else "negative"
        raise ValueError(
            f"a hold must last at least {format_duration(MIN_HOLD_SECONDS)} (this one: {shown})"
        )
    return value


def whole_number(value: Any) -> int:
    """A whole number such as 3 (or "3", as the builder's field gives it): not true/false, not
    2.5."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdecimal():
        if len(value.strip()) > 9:
            raise ValueError("should be a whole number of a few digits")
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"should be a whole number such as 3, not {_kind_of(value)}")
    return value


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float):
        return "a number with a fraction"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "a table"


def repeats_limit(value: int) -> int:
    if value < 1:
        raise ValueError("repeats must be at least 1 (one press)")
    if value > MAX_REPEATS:
        shown = f"{value}" if value < 10**6 else "over a million"
        raise ValueError(f"repeats of {shown} is more than {MAX_REPEATS}; split it into steps")
    return value


def find_time_limit(value: float) -> float:
    if value < 0:
        raise ValueError("find_time cannot be negative")
    _too_short("find_time", value)
    if value > 10 * 60:
        raise ValueError("find_time over 10 minutes is surely a mistake")
    return value


def known_protocol(value: str) -> str:
    if value not in PROTOCOLS:
        raise ValueError(
            f"protocol {value!r} is not one the project documents: P1 to P19, P2′ or P5′"
        )
    return value


def get_ready_limit(value: float) -> float:
    _too_short("get_ready", value)
    if not 0 <= value <= MAX_GET_READY_SECONDS:
        raise ValueError(
            f"get_ready should last between 0 and {format_duration(MAX_GET_READY_SECONDS)} "
            "(it is the end of a long wait, before the next press)"
        )
    return value


PARSE = Before(parse_duration)
AS_DURATION = JsonSchema(DURATION_SCHEMA)
BREATH = _between(1, 30, "a breath in or out should last between 1 and 30 seconds")
PAUSE = _between(
    MIN_WAIT_SECONDS,
    30,
    "a pause in the breath should be 0 (none) or last between 0.5 and 30 seconds",
    zero=True,
)

NonEmptyText = Annotated[str, Text(1, 2000)]
ShortText = Annotated[str, Text(1, 120)]
