"""A plan day's times against what was done: done, due, missed, skipped or later.

A completed session of a routine (the history's word: status "completed") marks the planned time
of that routine nearest to when it started as done, if that time is still open; taking them in
the order they happened, each session marks one time. Pure functions: the sessions, the
reminders' marks, now and the zone are passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from acutimer.plan.model import Plan
from acutimer.plan.schedule import Slot, day_slots

DUE_FOR = timedelta(hours=1)
"""A planned time stays due this long (or until the routine's next time), then it is missed."""

DONE, DUE, MISSED, SKIPPED, LATER = "done", "due", "missed", "skipped", "later"
STATUSES = (DONE, DUE, MISSED, SKIPPED, LATER)


@dataclass(frozen=True)
class Done:
    """A completed session, as the plan needs it."""

    routine: str
    started_at: datetime
    """Aware."""


@dataclass(frozen=True)
class SlotView:
    """A planned time and what became of it."""

    slot: Slot
    status: str
    """One of :data:`STATUSES`."""
    done_at: datetime | None = None
    """When the session that did it started."""


def match_done(slots: Iterable[Slot], sessions: Iterable[Done]) -> dict[str, datetime]:
    """Which planned times completed sessions did: slot key → the session's start.

    Each session, in the order they started, takes the open time of its routine nearest to its
    start (the earlier one on a tie), among the times of its own day (the plan day that is its
    local date, or the one whose window ran past midnight into it) and those within an hour of
    it. A session with no such time open does none: three sessions yesterday do not do today's.
    """
    open_slots: dict[str, list[Slot]] = {}
    for slot in sorted(slots):
        open_slots.setdefault(slot.routine, []).append(slot)
    done: dict[str, datetime] = {}
    for session in sorted(sessions, key=lambda s: s.started_at):
        day = session.started_at.date()
        candidates = [
            s
            for s in open_slots.get(session.routine, [])
            if day in (s.day, s.at.astimezone(session.started_at.tzinfo).date())
            or abs(s.at - session.started_at) <= DUE_FOR
        ]
        if not candidates:
            continue
        nearest = min(candidates, key=lambda s: (abs(s.at - session.started_at), s.at))
        open_slots[session.routine].remove(nearest)
        done[nearest.key] = session.started_at
    return done


def due_until(slot: Slot, later: Slot | None) -> datetime:
    """When a planned time stops being due: an hour on, or the routine's next time if sooner."""
    end = slot.at + DUE_FOR
    return min(end, later.at) if later is not None else end


def _views(
    slots: list[Slot], done: Mapping[str, datetime], marks: Mapping[str, str], now: datetime
) -> list[SlotView]:
    following: dict[str, Slot | None] = {}
    views: list[SlotView] = []
    for slot in reversed(slots):
        later = following.get(slot.routine)
        following[slot.routine] = slot
        if slot.key in done:
            views.append(SlotView(slot, DONE, done[slot.key]))
        elif marks.get(slot.key) == SKIPPED:
            views.append(SlotView(slot, SKIPPED))
        elif slot.at > now:
            views.append(SlotView(slot, LATER))
        elif now < due_until(slot, later):
            views.append(SlotView(slot, DUE))
        else:
            views.append(SlotView(slot, MISSED))
    views.reverse()
    return views


def day_views(
    plan: Plan,
    day: date,
    now: datetime,
    zone: tzinfo,
    sessions: Iterable[Done],
    marks: Mapping[str, str] | None = None,
) -> list[SlotView]:
    """The plan day ``day``: each planned time and its status, in time order.

    ``sessions`` are the completed sessions around that day (the day before to the day after
    is enough); ``marks`` the reminders' marks by slot key (``"skipped"``).
    """
    around = [s for d in (-1, 0, 1) for s in day_slots(plan, day + timedelta(days=d), zone)]
    done = match_done(around, sessions)
    return _views(day_slots(plan, day, zone), done, marks or {}, now)


def planned_days(plan: Plan, first: date, last: date) -> set[date]:
    """The days from ``first`` to ``last`` on which the plan has any time."""
    found: set[date] = set()
    day = first
    while day <= last:
        if any(entry.days and _on(entry.days, day) for entry in plan.routines):
            found.add(day)
        day += timedelta(days=1)
    return found


def _on(days: list[str], day: date) -> bool:
    from acutimer.routine.practice import WEEKDAYS

    return WEEKDAYS[day.weekday()] in days


def planned_streak(
    days_newest_first: Iterable[date], today: date, planned: Callable[[date], bool]
) -> int:
    """Days in a row with a completed session, where a day with nothing planned never breaks it.

    Walking back from today: a day with a session counts one; a day without one is passed over
    when nothing was planned on it, and ends the streak when something was. Today, still going,
    never ends it. So a plan for weekdays is not broken by a weekend, and a session on a
    Saturday still counts.
    """
    count = 0
    day = today
    for done in days_newest_first:
        if done > day:
            continue
        while day > done:
            if day != today and planned(day):
                return count
            day -= timedelta(days=1)
        count += 1
        day = done - timedelta(days=1)
    return count
