"""The practice calendar: the last 12 weeks, one cell per local day, shaded by minutes practised.

Days are the user's local days, as everywhere in the history: a session counts for the local
date it started on, in the UTC offset it started in (so one begun at 23:50 counts for that day,
however long it runs, and one in Tokyo counts for the Tokyo day when read in New York). Weeks
start on Monday, as "this week (since Monday)" does. The calendar runs from the Monday twelve
weeks back, or from the first session if that is later, to today.

Minutes are active minutes (pauses left out) of every session, completed or not, as "minutes
this week" counts them. The shades are on a fixed scale, not stretched to the busiest day, so
ten minutes look the same in any history. A day the plan asked for (read as the plan is now)
with no completed session is *missed*, and drawn with its own glyph whatever minutes it had;
today is never missed yet. Each state has its own glyph, so the calendar reads without colour.

Pure: the front ends style the states; no plan import (the caller says which days are planned).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from acutimer.history.outcome import COMPLETED_SQL
from acutimer.history.rowchecks import GOOD_SESSIONS
from acutimer.history.store import HistoryStore

WEEKS = 12
LEVELS = (10, 20, 30)
"""Minutes at which the shade deepens: under 10, 10-19, 20-29, 30 and more."""

OUTSIDE = "outside"
"""Before the calendar's first day or after today: no cell."""
NONE = "none"
MISSED = "missed"
SHADES = ("light", "medium", "dark", "full")
STATES = (OUTSIDE, NONE, MISSED, *SHADES)
GLYPHS = {
    OUTSIDE: " ",
    NONE: "·",
    MISSED: "×",
    "light": "░",
    "medium": "▒",
    "dark": "▓",
    "full": "█",
}
"""One glyph per state: shading for practice, a dot for none, a cross for a planned day missed."""
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CELL = 2
"""Columns per week: a glyph and a space."""
LABEL = 4
"""Columns of the weekday labels: ``Mon `` ."""


@dataclass(frozen=True)
class Day:
    """One day of the calendar."""

    day: date
    minutes: float
    """Active minutes of every session that started on it."""
    sessions: int
    completed: int
    """Sessions that count as completed."""
    planned: bool
    """Whether the plan (as it is now) has anything on it."""
    state: str
    """none, missed, or a shade (light, medium, dark, full)."""


def shade(minutes: float) -> str:
    """The shade for some minutes of practice (more than none)."""
    return SHADES[sum(minutes >= level for level in LEVELS)]


def state_of(minutes: float, completed: int, planned: bool, past: bool) -> str:
    """A day's state: missed (planned, past, nothing completed), else its shade, else none."""
    if planned and past and not completed:
        return MISSED
    return shade(minutes) if minutes > 0 else NONE


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Calendar:
    """The days from :attr:`first` to :attr:`last` (today), and the week grid they sit in."""

    first: date
    last: date
    days: list[Day]
    """Oldest first, one per day from ``first`` to ``last``."""
    planned: bool
    """Whether a plan was read (without one, no day is missed)."""

    @property
    def weeks(self) -> int:
        """Columns: the weeks from ``first``'s Monday to ``last``'s."""
        return (week_start(self.last) - week_start(self.first)).days // 7 + 1

    def cell(self, week: int, weekday: int) -> Day | None:
        """The day in column ``week`` (0 is the oldest), row ``weekday`` (0 is Monday)."""
        day = week_start(self.first) + timedelta(days=7 * week + weekday)
        if day < self.first or day > self.last:
            return None
        return self.days[(day - self.first).days]

    @property
    def practised(self) -> int:
        """Days with any practice."""
        return sum(d.minutes > 0 for d in self.days)

    @property
    def missed(self) -> int:
        """Planned days missed."""
        return sum(d.state == MISSED for d in self.days)

    @property
    def minutes(self) -> float:
        """Active minutes in all."""
        return sum(d.minutes for d in self.days)


def read_calendar(
    store: HistoryStore,
    today: date,
    planned: Callable[[date], bool] | None = None,
    weeks: int = WEEKS,
) -> Calendar | None:
    """The calendar up to ``today``; None when no session started on or before it.

    Args:
        planned: whether the plan has anything on a day (None: there is no plan).
    """
    earliest = week_start(today) - timedelta(weeks=weeks - 1)
    [(first_day,)] = store.query(
        f"SELECT min(local_day) FROM {GOOD_SESSIONS} WHERE local_day BETWEEN ? AND ?",
        (earliest.isoformat(), today.isoformat()),
    )
    [(before,)] = store.query(
        f"SELECT count(*) FROM (SELECT 1 FROM {GOOD_SESSIONS} WHERE local_day < ? LIMIT 1)",
        (earliest.isoformat(),),
    )
    if first_day is None and not before:
        return None
    # Sessions before the weeks shown: all of them (empty weeks are worth seeing too).
    first = earliest if before else date.fromisoformat(first_day)
    rows = store.query(
        f"SELECT local_day, total(active_seconds), count(*), total({COMPLETED_SQL}) "
        f"FROM {GOOD_SESSIONS} WHERE local_day BETWEEN ? AND ? GROUP BY local_day",
        (first.isoformat(), today.isoformat()),
    )
    found = {day: (seconds / 60, n, int(done)) for day, seconds, n, done in rows}
    days = []
    for offset in range((today - first).days + 1):
        day = first + timedelta(days=offset)
        minutes, n, done = found.get(day.isoformat(), (0.0, 0, 0))
        is_planned = planned(day) if planned is not None else False
        days.append(
            Day(day, minutes, n, done, is_planned, state_of(minutes, done, is_planned, day < today))
        )
    return Calendar(first, today, days, planned is not None)


def month_row(calendar: Calendar) -> str:
    """The month labels above the grid: each at the week holding its 1st (the first column
    labelled too, when there is room before the next label)."""
    start = week_start(calendar.first)
    cells = [" "] * (LABEL + CELL * calendar.weeks + 2)
    marks: list[tuple[int, int]] = []
    for week in range(calendar.weeks):
        monday = start + timedelta(weeks=week)
        firsts = [
            monday + timedelta(days=i) for i in range(7) if (monday + timedelta(days=i)).day == 1
        ]
        if firsts and calendar.first <= firsts[0] <= calendar.last:
            marks.append((week, firsts[0].month))
    if not marks or marks[0][0] * CELL >= 4:
        marks.insert(0, (0, max(calendar.first, start).month))
    for week, month in marks:
        at = LABEL + CELL * week
        cells[at : at + 3] = MONTHS[month - 1]
    return "".join(cells).rstrip()


def grid(calendar: Calendar) -> list[tuple[str, list[str]]]:
    """The rows of the grid: (weekday label, the state of each week's cell), Monday first."""
    return [
        (
            WEEKDAYS[weekday],
            [
                (cell.state if (cell := calendar.cell(week, weekday)) else OUTSIDE)
                for week in range(calendar.weeks)
            ],
        )
        for weekday in range(7)
    ]


def span_text(calendar: Calendar) -> str:
    """ "Mon 8 Sep 2025 – Tue 2 Dec 2025", the year once when both ends share it."""
    first, last = calendar.first, calendar.last
    if first == last:
        return f"{last:%a} {last.day} {last:%b} {last.year}"
    head = f"{first:%a} {first.day} {first:%b}"
    if first.year != last.year:
        head += f" {first.year}"
    return f"{head} – {last:%a} {last.day} {last:%b} {last.year}"


def legend_parts(calendar: Calendar) -> list[str]:
    """What each glyph means, one part each."""
    parts = [f"{GLYPHS[NONE]} none"]
    if calendar.planned:
        parts.append(f"{GLYPHS[MISSED]} planned, missed")
    low, mid, high = LEVELS
    parts += [
        f"{GLYPHS['light']} <{low} min",
        f"{GLYPHS['medium']} {low}–{mid - 1}",
        f"{GLYPHS['dark']} {mid}–{high - 1}",
        f"{GLYPHS['full']} {high}+ min",
    ]
    return parts


def legend(calendar: Calendar, width: int = 80) -> list[str]:
    """The legend in lines of at most ``width`` columns, never breaking a part."""
    rows: list[str] = []
    for part in legend_parts(calendar):
        if rows and len(rows[-1]) + 2 + len(part) <= width:
            rows[-1] += "  " + part
        else:
            rows.append(part)
    return rows


def summary(calendar: Calendar) -> str:
    """What the calendar adds up to, and what it counts."""
    days = len(calendar.days)
    text = (
        f"Practised on {calendar.practised} of {days} day{'s' * (days != 1)}, "
        f"{round(calendar.minutes)} active min in all"
    )
    if calendar.planned:
        missed = calendar.missed
        text += f"; {missed} planned day{'s' * (missed != 1)} missed (by the plan as it is now)"
    return text


def lines(calendar: Calendar, width: int = 94) -> list[str]:
    """The calendar as plain text: months, seven rows of cells, the legend and the sum."""
    rows = [month_row(calendar)]
    for label, states in grid(calendar):
        rows.append(f"{label} " + " ".join(GLYPHS[s] for s in states).rstrip())
    return [*rows, *legend(calendar, width), *textwrap.wrap(summary(calendar), width)]
