"""Reading and writing durations ("90s", "1m30s", "2 min") and countdown clocks ("02:10"); no
dependencies, so the fast commands can use it."""

from __future__ import annotations

import math
import re
from typing import Any


def format_duration(seconds: float) -> str:
    """Format seconds the way a routine file would write them: ``90`` → ``"1m30s"``.

    This is the one way acutimer writes a length of time, everywhere: ``"45s"``, ``"5m2s"``,
    ``"1h5m"``. (A countdown is a clock, ``05:02``: that is a different thing.)
    """
    whole = round(seconds)
    if abs(seconds - whole) > 1e-9:
        return f"{seconds:g}s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
        f"{secs}s" if secs else "",
    ]
    return "".join(parts) or "0s"


_UNIT_SECONDS = {
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_CLOCK = re.compile(r"^(\d+):([0-5]\d)$")


def parse_duration(value: Any) -> float:
    """Turn a duration as written in a routine file into seconds.

    Accepts a number of seconds (``90``), or a string such as ``"90s"``, ``"1m30s"``,
    ``"2 min"``, ``"1.5 minutes"`` or ``"1:30"``.

    Raises:
        ValueError: with a message a person can act on.
    """
    if isinstance(value, bool):
        raise ValueError("a duration is a number of seconds or a string like '90s', not true/false")
    if isinstance(value, int | float):
        try:
            seconds = float(value)
        except OverflowError:  # an integer too large for a float: hundreds of digits
            raise ValueError("a duration of that many digits is far too long") from None
    elif isinstance(value, str):
        seconds = _parse_duration_text(value)
    else:
        raise ValueError(
            "a duration is a number of seconds or a string like '1m30s', "
            f"not {type(value).__name__}"
        )
    if math.isnan(seconds) or math.isinf(seconds):
        raise ValueError("a duration must be a finite number of seconds")
    return seconds


def _parse_duration_text(text: str) -> float:
    cleaned = text.strip().lower()
    if not cleaned:
        raise ValueError("empty duration; write seconds like 30 or a string like '1m30s'")
    if len(cleaned) > 40:
        raise ValueError(
            "cannot read that long a text as a duration; write seconds (30), '90s' or '1m30s'"
        )
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return float(cleaned)
    clock = _CLOCK.match(cleaned)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    total = 0.0
    position = 0
    for match in _PART.finditer(cleaned):
        between = cleaned[position : match.start()]
        unit = match.group(2)
        if between.strip() or unit not in _UNIT_SECONDS:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[unit]
        position = match.end()
    else:
        if position and not cleaned[position:].strip():
            return total
    raise ValueError(
        f"cannot read {text!r} as a duration; write seconds (30), '90s', '1m30s', '2 min' or '1:30'"
    )


def fmt_clock(seconds: float) -> str:
    """``130`` → ``"02:10"``; an hour or more → ``"1:02:10"``."""
    whole = int(seconds + 1e-6)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def fmt_span(seconds: float) -> str:
    """A length of time, to the second, written as everywhere else: ``"45s"``, ``"3m5s"``."""
    return format_duration(int(seconds + 0.5))
