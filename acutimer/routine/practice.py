"""How often to practise a routine: the ``[practice]`` table, and the words it is written in.

The articles prescribe a practice, not one sitting ("2 to 3 times a day", "up to five times a
day"). A routine file says so in an optional table::

    [practice]
    times_a_day = "2-3"          # a number, or a range
    min_gap = "3h"               # the least time between two sittings
    days = "every day"           # every day, weekdays, weekends, mon-fri, "mon,wed,fri"
    between = "09:00-18:00"      # optional: the part of the day it suits
    source = "7 Acupressure points to ease back pain"

The readers of days, clock times and windows live here, below the plan, so that a routine file
and ``acutimer plan add --days mon-fri`` read the same words the same way. No I/O, no pydantic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

from acutimer.routine.checks import After, Before, JsonSchema, Text
from acutimer.routine.units import format_duration, parse_duration

MAX_TIMES_A_DAY = 24
"""No routine or plan asks for more sittings than this in one day."""
MAX_GAP_SECONDS = 12 * 60 * 60
DAY_MINUTES = 24 * 60

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""The days of the week as files write them, Monday first (``date.weekday()`` order)."""
_DAY_NAMES = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{
        full: i
        for i, full in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_DAY_SETS = {
    "every day": tuple(range(7)),
    "everyday": tuple(range(7)),
    "daily": tuple(range(7)),
    "all": tuple(range(7)),
    "weekdays": tuple(range(5)),
    "weekends": (5, 6),
    "weekend": (5, 6),
}
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:h.]?([0-5]\d)$")


def _day(word: str) -> int:
    number = _DAY_NAMES.get(word)
    if number is None:
        from acutimer.routine.errors import did_you_mean

        hint = did_you_mean(word, [*WEEKDAYS, *_DAY_SETS])
        raise ValueError(
            f"{word!r} is not a day; write mon, tue... sun, a range like mon-fri, "
            "weekdays, weekends or every day" + (f"; {hint}" if hint else "")
        )
    return number


def parse_days(value: Any) -> list[str]:
    """Days of the week as written (``"mon-fri"``, ``"weekdays"``, ``["mon", "thu"]``...).

    Returns them as :data:`WEEKDAYS` words, Monday first, each once. A range may wrap round the
    week: ``"fri-mon"`` is Friday to Monday.

    Raises:
        ValueError: with a message a person can act on.
    """
    if isinstance(value, list):
        words = [str(item) if isinstance(item, str) else item for item in value]
        if not all(isinstance(w, str) for w in words):
            raise ValueError('days are words like "mon" or "mon-fri"')
        text = ",".join(words)
    elif isinstance(value, str):
        text = value
    else:
        raise ValueError('days are written like "every day", "weekdays", "mon-fri" or "mon,thu"')
    text = text.strip().lower()
    if text in _DAY_SETS:
        return [WEEKDAYS[i] for i in _DAY_SETS[text]]
    chosen: set[int] = set()
    for part in re.split(r"\s*,\s*|\s+", text):
        if not part:
            continue
        if part in _DAY_SETS:
            chosen.update(_DAY_SETS[part])
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            start, end = _day(first), _day(last)
            chosen.update((start + i) % 7 for i in range((end - start) % 7 + 1))
        else:
            chosen.add(_day(part))
    if not chosen:
        raise ValueError('no days given; write "every day", "weekdays", "mon-fri" or "mon,thu"')
    return [WEEKDAYS[i] for i in sorted(chosen)]


def days_text(days: list[str]) -> str:
    """``["mon", ..., "fri"]`` → ``"mon-fri"``; all seven → ``"every day"``."""
    numbers = sorted(WEEKDAYS.index(d) for d in days)
    if numbers == list(range(7)):
        return "every day"
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [
        f"{WEEKDAYS[r[0]]}-{WEEKDAYS[r[-1]]}" if len(r) > 2 else ",".join(WEEKDAYS[i] for i in r)
        for r in runs
    ]
    return ",".join(parts)


def parse_clock(value: Any) -> int:
    """A time of day (``"09:30"``, ``"9:30"``, ``"0930"``) as minutes after midnight.

    Raises:
        ValueError: with a message a person can act on.
    """
    if not isinstance(value, str):
        raise ValueError('a time of day is written "HH:MM" in 24-hour time, e.g. "09:30"')
    match = _CLOCK.match(value.strip())
    if not match:
        raise ValueError(f'cannot read {value!r} as a time of day; write "HH:MM", e.g. "15:30"')
    return int(match.group(1)) * 60 + int(match.group(2))


def clock_text(minutes: int) -> str:
    """Minutes after midnight as ``"HH:MM"``."""
    hours, mins = divmod(minutes % DAY_MINUTES, 60)
    return f"{hours:02d}:{mins:02d}"


def parse_window(value: Any) -> str:
    """A part of the day, ``"09:00-18:00"``; it may cross midnight (``"21:00-01:00"``).

    Returns it normalised as ``"HH:MM-HH:MM"``.

    Raises:
        ValueError: with a message a person can act on.
    """
    if not isinstance(value, str) or value.count("-") != 1:
        raise ValueError('a part of the day is written "HH:MM-HH:MM", e.g. "09:00-18:00"')
    first, last = (part.strip() for part in value.split("-"))
    start, end = parse_clock(first), parse_clock(last)
    if start == end:
        raise ValueError(f"{value!r} starts and ends at the same time; give a span of the day")
    return f"{clock_text(start)}-{clock_text(end)}"


def window_minutes(window: str) -> tuple[int, int]:
    """A normalised window as (start, end) minutes after the start of its day.

    ``end`` is over 1440 when the window crosses midnight.
    """
    first, last = window.split("-")
    start, end = parse_clock(first), parse_clock(last)
    return start, end if end > start else end + DAY_MINUTES


def parse_times(value: Any) -> list[int]:
    """How many times a day: ``3``, ``"3"``, ``"2-3"``, ``"2 to 3"`` or ``[2, 3]``.

    Returns ``[fewest, most]``.

    Raises:
        ValueError: with a message a person can act on.
    """
    low: Any
    high: Any
    if isinstance(value, bool):
        raise ValueError('times_a_day is a whole number (3) or a range ("2-3")')
    if isinstance(value, int):
        low = high = value
    elif isinstance(value, list) and len(value) == 2:
        low, high = value
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,3})\s*(?:(?:-|–|to)\s*(\d{1,3})\s*)?", value)
        if not match:
            raise ValueError(f'cannot read {value!r} as times a day; write 3 or a range "2-3"')
        low = int(match.group(1))
        high = int(match.group(2) or low)
    else:
        raise ValueError('times_a_day is a whole number (3) or a range ("2-3")')
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (low, high)):
        raise ValueError('times_a_day is a whole number (3) or a range ("2-3")')
    if low < 1:
        raise ValueError("times_a_day must be at least 1")
    if high > MAX_TIMES_A_DAY:
        raise ValueError(f"times_a_day of {high} is more than {MAX_TIMES_A_DAY} a day")
    if low > high:
        raise ValueError(f"the range {low}-{high} runs backwards; write {high}-{low}")
    return [low, high]


def times_text(times: list[int]) -> str:
    """``[2, 3]`` → ``"2-3 times a day"``; ``[1, 1]`` → ``"once a day"``."""
    low, high = times
    if low == high:
        return "once a day" if low == 1 else f"{low} times a day"
    return f"{low}-{high} times a day"


def gap_text(seconds: float) -> str:
    """A gap between sittings as people say it: ``"3h"``, ``"2h30m"``, ``"45m"``."""
    hours, rest = divmod(round(seconds), 3600)
    if hours and not rest:
        return f"{hours}h"
    if hours:
        return f"{hours}h{format_duration(rest)}"
    return format_duration(rest)


def _gap(value: float) -> float:
    if value < 0:
        raise ValueError("min_gap cannot be negative")
    if value > MAX_GAP_SECONDS:
        raise ValueError(f"min_gap of {gap_text(value)} is more than 12 hours")
    return value


_DAYS_SCHEMA = {
    "anyOf": [
        {"type": "string", "description": 'e.g. "every day", "weekdays", "mon-fri", "mon,thu"'},
        {"type": "array", "items": {"type": "string", "enum": list(WEEKDAYS)}},
    ]
}
_TIMES_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": MAX_TIMES_A_DAY},
        {"type": "string", "pattern": r"^\s*\d{1,3}\s*((-|–|to)\s*\d{1,3}\s*)?$"},
        {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
    ],
    "description": 'a number of sittings (3), or a range ("2-3")',
}
_WINDOW_SCHEMA = {
    "type": "string",
    "pattern": r"^\s*\d{1,2}[:h.]?\d{2}\s*-\s*\d{1,2}[:h.]?\d{2}\s*$",
    "description": 'a part of the day, "HH:MM-HH:MM"',
}
_GAP_SCHEMA = {
    "anyOf": [
        {"type": "number", "description": "seconds"},
        {"type": "string", "description": "a duration such as '3h', '90m' or '2 hours'"},
    ]
}


@dataclass(kw_only=True)
class Practice:
    """How often to do a routine: the articles' "times a day", as a plan can follow it."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "use_attribute_docstrings": True,
        "str_strip_whitespace": True,
    }

    times_a_day: Annotated[list[int], Before(parse_times), JsonSchema(_TIMES_SCHEMA)]
    """How many sittings a day: a number (3) or a range ("2-3"). A plan starts at the low end,
    the safer reading."""
    min_gap: Annotated[float, Before(parse_duration), After(_gap), JsonSchema(_GAP_SCHEMA)] = 0.0
    """The least time between the start of one sitting and the next, e.g. "3h"."""
    days: Annotated[list[str], Before(parse_days), JsonSchema(_DAYS_SCHEMA)] = field(
        default_factory=lambda: list(WEEKDAYS)
    )
    """Which days: "every day" (the default), "weekdays", "weekends", "mon-fri" or "mon,thu"."""
    between: Annotated[str, Before(parse_window), JsonSchema(_WINDOW_SCHEMA)] | None = None
    """The part of the day it suits, e.g. "09:00-18:00" (may cross midnight); a plan spreads
    the sittings over it. Without it, a plan uses 09:00-18:00."""
    source: Annotated[str, Text(1, 120)] = "assumption"
    """Where the advice comes from: an article's title, or "assumption"."""
    note: Annotated[str, Text(1, 2000)] | None = None
    """Which parts are the article's and which are ours, or where the articles differ."""

    def __post_init__(self) -> None:
        most = self.times_a_day[-1]
        span = DAY_MINUTES * 60
        if self.between is not None:
            start, end = window_minutes(self.between)
            span = (end - start) * 60
        if self.min_gap and (most - 1) * self.min_gap > span:
            where = f"between {self.between}" if self.between else "in a day"
            raise ValueError(
                f"{most} sittings at least {gap_text(self.min_gap)} apart do not fit "
                f"{where}; lower times_a_day or min_gap"
            )

    @property
    def fewest(self) -> int:
        """The low end of times_a_day: what a plan follows unless told otherwise."""
        return self.times_a_day[0]

    @property
    def most(self) -> int:
        """The high end of times_a_day: a plan that asks for more is told so."""
        return self.times_a_day[-1]

    def text(self) -> str:
        """One line, e.g. ``2-3 times a day, at least 3h apart, every day, 09:00-18:00``."""
        parts = [times_text(self.times_a_day)]
        if self.min_gap:
            parts.append(f"at least {gap_text(self.min_gap)} apart")
        parts.append(days_text(self.days))
        if self.between:
            parts.append(f"between {self.between.replace('-', ' and ')}")
        return ", ".join(parts)
