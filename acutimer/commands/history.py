"""``acutimer history``: sessions, streak, minutes this week, pain change per routine, and the
points marked as helping.

Kept light: no pydantic, no textual, no engine. A history that does not exist yet is not created.
In JSON and the exports, ``started_at`` and ``ended_at`` carry the UTC offset the user had when
the session started, and ``last_step_number`` counts steps from 1, as people do. ``status`` is
the session's outcome (completed, partial, abandoned or running, by the rule of
:mod:`acutimer.history.outcome`) and ``reached_end`` says whether it ran to the end of the routine.
Routines are shown by title, as the picker shows them, with the name where it is needed
(:mod:`acutimer.history.labels`).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import Any

from acutimer.commands import history_presses
from acutimer.fsutil import describe_os_error
from acutimer.history import calendar, stats
from acutimer.history.effect import CONFIDENCE, METHOD, MIN_SESSIONS, Effect, ranked
from acutimer.history.errors import HistoryError
from acutimer.history.labels import routine_labels
from acutimer.history.outcome import RULE
from acutimer.history.records import SessionRecord, local_now
from acutimer.history.store import HistoryStore, history_path
from acutimer.routine.errors import EXIT_BAD_INPUT, EXIT_OK
from acutimer.routine.words import plural
from acutimer.safetext import visible as safe

RECENT = 15
"""Sessions listed in the text report; ``--export`` gives them all."""

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


def _fail(message: str) -> int:
    print(f"acutimer: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_history(args: argparse.Namespace, now: datetime | None = None) -> int:
    """Run ``acutimer history`` with ``args.json``, ``args.days`` and ``args.export``."""
    now = now or local_now()
    days: int | None = args.days
    if days is not None and days < 1:
        return _fail(f"--days must be 1 or more (got {days}); e.g. --days 7 for the last week")
    if args.json and args.export:
        return _fail("--json and --export do not go together; pick one")
    path = history_path()
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):  # none yet, or no home to keep one in
        return _show(None, args, now)
    except OSError as error:  # a home that cannot be read: say so, not "no sessions yet"
        return _fail(f"{path} cannot be read ({describe_os_error(error)})")
    try:
        store = _open(path)
        try:
            return _show(store, args, now)
        finally:
            store.close()
    except HistoryError as error:
        advice = f"\nacutimer: {error.advice}" if error.advice else ""
        return _fail(f"{error}{advice}")


def _open(path: Path) -> HistoryStore:
    store, note = HistoryStore.open_to_read(path)
    if note:
        print(f"acutimer: note: {note}", file=sys.stderr)
    return store


def _show(store: HistoryStore | None, args: argparse.Namespace, now: datetime) -> int:
    days: int | None = args.days
    since = stats.first_day(days, now.date())
    if args.export:
        _export(store.sessions(since) if store else [], args.export)
    elif args.json:
        _print_json(_report(store, days, now))
    else:
        print(_text(store, days, now))
    left_out = store.unreadable() if store else 0
    if left_out and (args.export or args.json):
        print(f"acutimer: note: {_left_out(left_out)}", file=sys.stderr)
    return EXIT_OK


def _left_out(count: int) -> str:
    if count == 1:
        return (
            "1 session in the history is not as acutimer writes it (did another program change "
            "it?), and is left out"
        )
    return (
        f"{count} sessions in the history are not as acutimer writes them (did another program "
        "change them?), and are left out"
    )


def _current_titles() -> dict[str, str]:
    """Every routine's title by name, from ``acutimer list``'s cache (no models to import)."""
    return _catalogue()[0]


def _catalogue() -> tuple[dict[str, str], dict[str, list[str]]]:
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


def _print_json(data: Any) -> None:
    import json

    from acutimer.safetext import json_text

    print(json_text(json.dumps(data, indent=2, ensure_ascii=False)))


def _export(records: list[SessionRecord], kind: str) -> None:
    titles = _current_titles() if records else {}
    rows = [session_row(r, titles.get(r.routine)) for r in records]
    if kind == "json":
        _print_json(rows)
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


def _report(store: HistoryStore | None, days: int | None, now: datetime) -> dict[str, Any]:
    from acutimer.history import helps

    today = now.date()
    since = stats.first_day(days, today)
    titles, points = _catalogue() if store else ({}, {})
    summaries = stats.routine_summaries(store, since) if store else []
    effects = {s.routine: s.effect for s in summaries}
    ranks = {
        name: rank
        for rank, name in enumerate([n for n in ranked(effects) if effects[n].enough], start=1)
    }
    plan = _plan()
    calendar = _calendar(store, today, plan) if store else None
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


def _plan() -> Any:
    from acutimer.plan.store import load_plan_if_any

    return load_plan_if_any()


def _calendar(store: HistoryStore, today: date, plan: Any) -> calendar.Calendar | None:
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


def _minutes(seconds: float) -> str:
    return "<1" if 0 < seconds < 30 else f"{seconds / 60:.0f}"


def _pain(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return ""
    return f"{'–' if before is None else before} → {'–' if after is None else after}"


def _text(store: HistoryStore | None, days: int | None, now: datetime) -> str:
    today = now.date()
    everything = stats.session_count(store) if store else 0
    left_out = store.unreadable() if store else 0
    if store is None or not everything:
        return (
            "No sessions recorded yet. Run a routine (`acutimer list` shows them) and it will "
            "show up here, with your streak and how your pain changes."
        ) + (f"\n({_left_out(left_out).capitalize()}.)" if left_out else "")
    since = stats.first_day(days, today)
    count = stats.session_count(store, since) if since else everything
    window = "in all" if days is None else f"in the last {days} day{'s' * (days != 1)}"
    if not count:
        return f"No sessions {window} ({everything} before that; try a larger --days)."
    recent = store.sessions(since, limit=RECENT)
    summaries = stats.routine_summaries(store, since)
    stored = {s.routine: s.title for s in summaries}
    stored.update((r.routine, r.title) for r in recent if r.title)
    # Every name shown gets a label, even one only the recent rows hold (a row edited elsewhere).
    names = [*stored, *(r.routine for r in recent)]
    titles, points = _catalogue()
    labels = routine_labels(names, titles, stored)
    plan = _plan()
    lines = [f"{count} session{'s' * (count != 1)} {window}", ""]
    lines += _calendar_lines(_calendar(store, today, plan))
    width = min(34, max((len(labels[r.routine]) for r in recent), default=7))
    lines.append(f"  {'WHEN':<20}  {'ROUTINE':<{width}}  {'STATUS':<9}  MIN  STEPS  PAIN")
    for r in reversed(recent):
        when = r.started_at.strftime("%a %Y-%m-%d %H:%M")
        steps = f"{r.steps_done}/{r.steps_total}"
        lines.append(
            f"  {when:<20}  {_clip(labels[r.routine], width):<{width}}  {r.outcome:<9}  "
            f"{_minutes(r.active_seconds):>3}  {steps:<5}  {_pain(r.pain_before, r.pain_after)}"
        )
    if count > len(recent):
        lines.append(f"  … and {count - len(recent)} earlier (`--export csv` gives them all)")
    from acutimer.commands import history_plan

    days_in_row = stats.streak(stats.completed_days(store, today), today)
    planned = ""
    if plan is not None:
        days_in_row = history_plan.streak(plan, stats.completed_days(store, today), today)
        planned = " (days with nothing planned don't break it)"
    week = stats.minutes_this_week(store, today)
    if left_out:
        lines += ["", f"  ({_left_out(left_out)}.)"]
    lines += [
        "",
        f"Streak: {days_in_row} day{'s' * (days_in_row != 1)} in a row"
        + (planned if days_in_row else " (complete a session today to start one)"),
        f"This week (since Monday): {plural(round(week), 'minute')}",
        "",
        *_helps_lines(store, summaries, labels, points, since),
        "",
        *textwrap.wrap(RULE, 96),
    ]
    if plan is not None:
        lines += ["", *history_plan.text(plan, now, days)]
    presses = history_presses.press_lines(list(reversed(recent)), labels, _clip)
    lines += ["", *presses] if presses else []
    lines += ["", *_helped_lines(stats.helped_points(store, since))]
    # Names come from the history (a routine run from any path): data, never terminal bytes.
    return "\n".join(safe(line).rstrip() for line in lines)


def _calendar_lines(found: calendar.Calendar | None) -> list[str]:
    """The calendar of the last weeks, under its heading (nothing when it would be empty)."""
    if found is None:
        return []
    weeks = f"the last {found.weeks} weeks" if found.weeks > 1 else "this week"
    head = f"Practice, {weeks}: {calendar.span_text(found)} (weeks start on Monday)"
    return [head, *(f"  {line}" for line in calendar.lines(found)), ""]


def _helps_lines(
    store: HistoryStore,
    summaries: list[stats.RoutineSummary],
    labels: dict[str, str],
    points: dict[str, list[str]],
    since: date | None,
) -> list[str]:
    """What helps you: routines ranked by mean change, then points, and what that means."""
    from acutimer.history import helps

    lines = ["What helps you: change in pain, after − before, by routine (most relief first)"]
    for head, figures in helps.routine_entries(summaries, labels):
        lines += [f"  {head}", f"     {figures}"]
    found = helps.point_summaries(store, summaries, points, since)
    if found:
        lines += ["", "By point: change (95% range), the sessions it rests on, the points"]
        lines += [f"  {line}" for line in helps.point_lines(found, 94)]
        lines += textwrap.wrap(
            helps.POINTS_REST_ON, 96, initial_indent="  ", subsequent_indent="  "
        )
        left = helps.uncounted(summaries, points)
        if left:
            lines.append(f"  {helps.uncounted_text(left)}")
    lines += [""]
    lines += textwrap.wrap(helps.RESTS_ON, 96)
    lines += textwrap.wrap(helps.NOT_A_TRIAL, 96)
    return lines


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _helped_lines(helped: list[stats.HelpedPoint]) -> list[str]:
    """The points marked as helping (the h key in a session), most often marked first."""
    if not helped:
        return ["Points marked as helping: none yet (press h in a session on a point that helps)"]
    lines = ["Points marked as helping (h in a session)", "  POINT     SESSIONS  LAST MARKED"]
    for h in helped:
        lines.append(f"  {h.point:<8}  {h.sessions:>8}  {h.last:%a %Y-%m-%d}")
    return lines
