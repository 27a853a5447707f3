"""``acutimer history`` as data: the JSON report (``--json``) and the exports (``--export``).

In JSON and the exports, ``started_at`` and ``ended_at`` carry the UTC offset the user had when
the session started, and ``last_step_number`` counts steps from 1, as people do. ``status`` is
the session's outcome (completed, partial, abandoned or running, by the rule of
:mod:`acutimer.history.outcome`) and ``reached_end`` says whether it ran to the end of the routine.
Also here: what the text report reads too (the routines' titles and points, the plan, the
calendar). Kept light, as :mod:`acutimer.commands.history`.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Any

from acutimer.commands import history_presses
from acutimer.history import calendar, stats
from acutimer.history.effect import CONFIDENCE, METHOD, MIN_SESSIONS, Effect, ranked
from acutimer.history.outcome import RULE
from acutimer.history.records import SessionRecord
from acutimer.history.store import HistoryStore

EXPORT_FIELDS = [
    "id",
    "routine",
    "status",
    "started_at",
    "ended_at",
    "utc_offset_minutes",
    "active_seconds",
    "paused_seconds",
    "steps_total",
    "steps_done",
    "steps_skipped",
    "last_step_number",
    "pain_before",
    "pain_after",
    "pain_change",
    "helped",
    "content_hash",
    "title",
    "reached_end",
    "steps_left_out",
    "presses_planned",
    "presses_done",
    "presses_missed",
    "parts",
    "gap_seconds",
]
"""The columns of ``--export csv``, in order (those added later come last)."""


def current_titles() -> dict[str, str]:
    """Every routine's title by name, from ``acutimer list``'s cache (no models to import)."""
    return catalogue()[0]


def catalogue() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Every routine's title and point codes by name, from ``acutimer list``'s cache."""
    from acutimer.commands.listing import list_rows

    titles: dict[str, str] = {}
    points: dict[str, list[str]] = {}
    for row in list_rows():  # built-ins first: a built-in wins a shared name
        if row.get("title") and row["name"] not in titles:
            titles[row["name"]] = row["title"]
            points[row["name"]] = list(row.get("points", ()))
    return titles, points


def session_row(record: SessionRecord, title: str | None = None) -> dict[str, Any]:
    """A session as JSON-ready values; ``title`` is the routine's title today, if it exists."""
    before, after = record.pain_before, record.pain_after
    offset = record.started_at.utcoffset()
    return {
        "id": record.id,
        "routine": record.routine,
        "title": title or record.title,
        "status": record.outcome,
        "reached_end": record.reached_end,
        "started_at": record.started_at.isoformat(),
        "ended_at": record.ended_at.isoformat() if record.ended_at else None,
        "utc_offset_minutes": int(offset.total_seconds()) // 60 if offset else 0,
        "active_seconds": record.active_seconds,
        "paused_seconds": record.paused_seconds,
        "steps_total": record.steps_total,
        "steps_done": record.steps_done,
        "steps_skipped": record.steps_skipped,
        "steps_left_out": record.steps_left_out,
        "last_step_number": record.last_step + 1 if record.last_step is not None else None,
        "pain_before": before,
        "pain_after": after,
        "pain_change": after - before if before is not None and after is not None else None,
        "helped": list(record.helped),
        **history_presses.press_fields(record),
        "parts": record.parts,
        "gap_seconds": round(record.gap_seconds, 1),
        "content_hash": record.content_hash,
    }


def print_json(data: Any) -> None:
    import json

    from acutimer.safetext import json_text

    print(json_text(json.dumps(data, indent=2, ensure_ascii=False)))


def export(records: list[SessionRecord], kind: str) -> None:
    titles = current_titles() if records else {}
    rows = [session_row(r, titles.get(r.routine)) for r in records]
    if kind == "json":
        print_json(rows)
        return
    import csv

    writer = csv.DictWriter(sys.stdout, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "helped": " ".join(row["helped"])})


def _effect(found: Effect) -> dict[str, Any]:
    return {
        "rated": found.n,
        "mean": round(found.mean, 2) if found.mean is not None else None,
        "interval_95": [round(found.low, 2), round(found.high, 2)]
        if found.low is not None and found.high is not None
        else None,
        "reading": found.reading,
    }


def report(store: HistoryStore | None, days: int | None, now: datetime) -> dict[str, Any]:
    from acutimer.history import helps

    today = now.date()
    since = stats.first_day(days, today)
    titles, points = catalogue() if store else ({}, {})
    summaries = stats.routine_summaries(store, since) if store else []
    effects = {s.routine: s.effect for s in summaries}
    ranks = {
        name: rank
        for rank, name in enumerate([n for n in ranked(effects) if effects[n].enough], start=1)
    }
    plan = load_plan()
    calendar = read_calendar(store, today, plan) if store else None
    return {
        "days": days,
        "unreadable_sessions": store.unreadable() if store else 0,
        "sessions": [session_row(r, titles.get(r.routine)) for r in store.sessions(since)]
        if store
        else [],
        "streak_days": stats.streak(stats.completed_days(store, today), today) if store else 0,
        "minutes_this_week": round(stats.minutes_this_week(store, today), 1) if store else 0.0,
        "routines": [
            {
                "routine": s.routine,
                "title": titles.get(s.routine) or s.title,
                "sessions": s.sessions,
                "completed": s.completed,
                "rated": s.rated,
                # The plain mean over any number of rated sessions, as before; pain_change
                # holds the mean with its interval, and no number below the minimum.
                "average_pain_change": (
                    round(s.average_change, 2) if s.average_change is not None else None
                ),
                "pain_change": _effect(s.effect),
                "rank": ranks.get(s.routine),
                "last_started_at": s.last.isoformat(),
            }
            for s in summaries
        ],
        "points": [
            {
                "point": p.point,
                "routines": list(p.routines),
                "completed": p.completed,
                "marked_helping": p.marked,
                "pain_change": _effect(p.effect),
            }
            for p in (helps.point_summaries(store, summaries, points, since) if store else [])
        ],
        "what_helps": {
            "method": f"mean of after - before, {METHOD} interval, {CONFIDENCE:.0%}",
            "minimum_sessions": MIN_SESSIONS,
            "rests_on": helps.RESTS_ON,
            "not_a_trial": helps.NOT_A_TRIAL,
            "points_rest_on": helps.POINTS_REST_ON,
            "completed_sessions_not_counted_by_point": helps.uncounted(summaries, points),
            "rule": RULE,
        },
        "calendar": _calendar_report(calendar),
        "plan": _plan_report(plan, store, days, now),
    }


def load_plan() -> Any:
    from acutimer.plan.store import load_plan_if_any

    return load_plan_if_any()


def read_calendar(store: HistoryStore, today: date, plan: Any) -> calendar.Calendar | None:
    from acutimer.plan.schedule import plans_anything_on

    planned = None if plan is None else lambda day: plans_anything_on(plan, day)
    return calendar.read_calendar(store, today, planned)


def _calendar_report(found: calendar.Calendar | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "first_day": found.first.isoformat(),
        "last_day": found.last.isoformat(),
        "weeks_start_on": "Monday",
        "minutes": "active minutes of every session, by the local day it started on",
        "missed": "a planned day (by the plan as it is now) with no completed session"
        if found.planned
        else None,
        "shade_from_minutes": list(calendar.LEVELS),
        "days": [
            {
                "date": d.day.isoformat(),
                "minutes": round(d.minutes, 1),
                "sessions": d.sessions,
                "completed": d.completed,
                "planned": d.planned,
                "state": d.state,
            }
            for d in found.days
        ],
    }


def _plan_report(plan: Any, store: HistoryStore | None, days: int | None, now: datetime) -> Any:
    from acutimer.commands import history_plan

    if plan is None:
        return None
    done = stats.completed_days(store, now.date()) if store else []
    return history_plan.report(plan, now, days, done)
