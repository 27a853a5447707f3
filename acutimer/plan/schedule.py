"""The plan's times: pure functions of the plan, a day and a time zone.

A planned time is a wall-clock time on a *plan day*: "10:00 on Monday" means ten o'clock where
the user is. Its identity (:attr:`Slot.key`) is that wall time, never an offset, so a reminder
fires once however the clock moves: a DST change, a flight, or a clock set back cannot make the
same 10:00 come round twice, and one set forward leaves the 10:00 behind, to be caught up once.

- ``every`` counts from the start of the window to its end; ``times`` puts each sitting in the
  middle of an equal share of the window, rounded to 5 minutes.
- A window that crosses midnight ("21:00-01:00") keeps its times after midnight on the day it
  started: Monday's 00:30 is early Tuesday, and only Monday's ``days`` decide it.
- A wall time the clock skips (02:30 on the night DST starts) moves on by the length of the
  jump; one it shows twice (when DST ends) is the first. Two times of one routine that land on
  the same instant are one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise

from acutimer.plan.model import Plan, PlanEntry
from acutimer.routine.practice import DAY_MINUTES, WEEKDAYS, clock_text, parse_clock, window_minutes

ROUND_MINUTES = 5


def entry_minutes(entry: PlanEntry) -> list[int]:
    """The entry's times as minutes after the start of its plan day (over 1440 after midnight)."""
    if entry.at is not None:
        return sorted({parse_clock(t) for t in entry.at})
    start, end = window_minutes(entry.window)
    if entry.every is not None:
        step = max(1, round(entry.every / 60))
        return list(range(start, end + 1, step))
    count = entry.times or 1
    share = (end - start) / count
    minutes = [
        start + round((i + 0.5) * share / ROUND_MINUTES) * ROUND_MINUTES for i in range(count)
    ]
    return sorted(set(minutes))


def plans_on(entry: PlanEntry, day: date) -> bool:
    """Whether ``entry`` has times on the plan day ``day``."""
    if entry.since is not None and day < _since_day(entry.since):
        return False
    return WEEKDAYS[day.weekday()] in entry.days


def plans_anything_on(plan: Plan, day: date) -> bool:
    """Whether the plan has anything on ``day``."""
    return any(plans_on(entry, day) for entry in plan.routines)


def _since_day(since: date) -> date:
    return since.date() if isinstance(since, datetime) else since


def local_instant(day: date, minute: int, zone: tzinfo) -> datetime:
    """The moment (in UTC) the wall clock in ``zone`` shows ``minute`` minutes after ``day``
    began.

    A wall time the clock skips moves on by the jump; one shown twice is the first.
    """
    wall = datetime.combine(day, time()) + timedelta(minutes=minute)
    # In UTC: aware datetimes that share a zone compare and subtract as wall times (a DST
    # night's repeated hour would compare wrong); through UTC, a skipped time comes out after
    # the jump, at its real moment.
    return wall.replace(tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True, order=True)
class Slot:
    """One planned time of one routine."""

    at: datetime
    """The moment, in UTC (show it with :meth:`local`)."""
    routine: str
    day: date
    """The plan day it belongs to (the day a window across midnight started)."""
    minute: int
    """Minutes after the plan day began, as planned (over 1440 after midnight)."""

    def local(self, zone: tzinfo) -> datetime:
        """The moment on the wall clock of ``zone``."""
        return self.at.astimezone(zone)

    @property
    def wall(self) -> str:
        """The planned time of day, "HH:MM"."""
        return clock_text(self.minute)

    @property
    def key(self) -> str:
        """Which planned time this is, whatever the offset: routine, plan day and wall time."""
        late = "+1d" if self.minute >= DAY_MINUTES else ""
        return f"{self.routine}@{self.day.isoformat()}T{self.wall}{late}"


def entry_slots(entry: PlanEntry, day: date, zone: tzinfo) -> list[Slot]:
    """The entry's times on the plan day ``day`` (none when the day is not planned)."""
    if not plans_on(entry, day):
        return []
    by_instant: dict[datetime, Slot] = {}
    since = entry.since if isinstance(entry.since, datetime) else None
    for minute in entry_minutes(entry):
        slot = Slot(local_instant(day, minute, zone), entry.routine, day, minute)
        if since is not None and slot.at < since:
            continue  # planned after that time had gone: not missed
        other = by_instant.get(slot.at)
        # Two wall times on one instant (a skipped hour): one reminder, the one the clock shows.
        if other is None or (_shown(slot, zone) and not _shown(other, zone)):
            by_instant[slot.at] = slot
    return sorted(by_instant.values())


def _shown(slot: Slot, zone: tzinfo) -> bool:
    """Whether the clock shows the slot's planned wall time at its moment (not skipped)."""
    return slot.local(zone).strftime("%H:%M") == slot.wall


def day_slots(plan: Plan, day: date, zone: tzinfo) -> list[Slot]:
    """Every planned time of the plan day ``day``, in time order."""
    return sorted(s for entry in plan.routines for s in entry_slots(entry, day, zone))


def slots_between(plan: Plan, start: datetime, end: datetime, zone: tzinfo) -> list[Slot]:
    """Planned times at or after ``start`` and before ``end``, in time order."""
    first = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    found: list[Slot] = []
    for day in _days(first, last):
        found.extend(s for s in day_slots(plan, day, zone) if start <= s.at < end)
    return sorted(found)


def next_slot(plan: Plan, after: datetime, zone: tzinfo, *, horizon_days: int = 8) -> Slot | None:
    """The first planned time after ``after``, looking up to ``horizon_days`` ahead."""
    end = after + timedelta(days=horizon_days)
    return next(iter(s for s in slots_between(plan, after, end, zone) if s.at > after), None)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def min_spacing(minutes: list[int]) -> int | None:
    """The smallest gap between consecutive times, in minutes (None for fewer than two)."""
    ordered = sorted(minutes)
    gaps = [b - a for a, b in pairwise(ordered)]
    return min(gaps) if gaps else None


def local_zone() -> tzinfo:
    """The machine's time zone with its rules (DST), read afresh: it may change while we run.

    ``$TZ`` first, then ``/etc/localtime``; where neither can be read, the current fixed offset.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").removeprefix(":")
    if name:
        try:
            if os.path.isabs(name):
                with open(name, "rb") as handle:
                    return ZoneInfo.from_file(handle, key=name)
            return ZoneInfo(name)
        except (OSError, ValueError, ZoneInfoNotFoundError):
            pass
    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        pass
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


__all__ = [
    "DAY_MINUTES",
    "Slot",
    "day_slots",
    "entry_minutes",
    "entry_slots",
    "local_instant",
    "local_zone",
    "next_slot",
    "slots_between",
]
