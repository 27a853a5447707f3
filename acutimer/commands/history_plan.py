"""``acutimer history`` against the plan: the days and times done, and a streak of planned days.

Past days are read against the plan as it is now (the plan keeps no versions); the report says
so. Kept out of ``commands/history.py`` but for two calls, so that file stays the history's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from acutimer.plan.model import Plan
from acutimer.plan.schedule import plans_anything_on
from acutimer.plan.today import (
    DONE,
    DUE,
    LATER,
    MISSED,
    SKIPPED,
    SlotView,
    day_views,
    planned_streak,
)
from acutimer.safetext import visible as safe

DEFAULT_DAYS = 7
MAX_TEXT_DAYS = 31
RULE = "planned days: a day with nothing planned neither counts nor breaks it"


def streak(plan: Plan, days_newest_first: Iterable[date], today: date) -> int:
    """The streak, counted over planned days."""
    return planned_streak(days_newest_first, today, lambda day: plans_anything_on(plan, day))


def _days(plan: Plan, now: datetime, count: int) -> list[tuple[date, list[SlotView]]]:
    from acutimer.plan.done import completed_sessions
    from acutimer.plan.schedule import local_zone
    from acutimer.plan.state import load_state

    zone = local_zone()
    now = now.astimezone(zone)
    today = now.date()
    first = today - timedelta(days=count - 1)
    sessions = completed_sessions(first - timedelta(days=1), today + timedelta(days=1))
    marks = load_state()[0].marks
    return [
        (day, day_views(plan, day, now, zone, sessions, marks))
        for day in (first + timedelta(days=i) for i in range(count))
    ]


def report(
    plan: Plan, now: datetime, days: int | None, done_days: Iterable[date]
) -> dict[str, Any]:
    """The plan part of ``history --json``."""
    count = min(days or DEFAULT_DAYS, 366)
    return {
        "streak_days": streak(plan, done_days, now.date()),
        "streak_counts": RULE,
        "read_against": "the plan as it is now",
        "days": [
            {
                "date": day.isoformat(),
                "planned": len(views),
                "done": sum(v.status == DONE for v in views),
                "times": [
                    {"routine": v.slot.routine, "at": v.slot.wall, "status": v.status}
                    for v in views
                ],
            }
            for day, views in _days(plan, now, count)
        ],
    }


_WORDS = {DONE: "done", MISSED: "missed", SKIPPED: "skipped", DUE: "due now", LATER: "to come"}


def text(plan: Plan, now: datetime, days: int | None) -> list[str]:
    """The plan part of the text report: one line per day."""
    count = min(days or DEFAULT_DAYS, MAX_TEXT_DAYS)
    lines = [f"Against the plan (as it is now), the last {count} day{'s' * (count != 1)}"]
    for day, views in reversed(_days(plan, now, count)):
        label = day.strftime("%a %Y-%m-%d")
        if not views:
            lines.append(f"  {label}  nothing planned")
            continue
        done = sum(v.status == DONE for v in views)
        parts = []
        for status in (DONE, DUE, MISSED, SKIPPED, LATER):
            chosen = [v for v in views if v.status == status]
            if chosen:
                times = ", ".join(f"{safe(v.slot.routine)} {v.slot.wall}" for v in chosen)
                parts.append(f"{_WORDS[status]}: {times}")
        lines.append(f"  {label}  {done} of {len(views)} done · " + "; ".join(parts))
    return lines
