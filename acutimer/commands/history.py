"""``acutimer history``: the practice calendar, sessions, streak, minutes this week, what helps
you (the change in pain per routine and point, with its interval), and the points marked as
helping.

Kept light: no pydantic, no textual, no engine. A history that does not exist yet is not created.
This module holds the command and its text report; the JSON report and the exports are
:mod:`acutimer.commands.history_data`. Routines are shown by title, as the picker shows
them, with the name where it is needed (:mod:`acutimer.history.labels`).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

from acutimer.commands import history_data, history_presses
from acutimer.commands.history_data import EXPORT_FIELDS
from acutimer.fsutil import describe_os_error
from acutimer.history import calendar, stats
from acutimer.history.errors import HistoryError
from acutimer.history.labels import routine_labels
from acutimer.history.outcome import RULE
from acutimer.history.records import local_now
from acutimer.history.store import HistoryStore, history_path
from acutimer.routine.errors import EXIT_BAD_INPUT, EXIT_OK
from acutimer.routine.words import plural
from acutimer.safetext import visible as safe

__all__ = ["EXPORT_FIELDS", "cmd_history"]

RECENT = 15
"""Sessions listed in the text report; ``--export`` gives them all."""


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
        history_data.export(store.sessions(since) if store else [], args.export)
    elif args.json:
        history_data.print_json(history_data.report(store, days, now))
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
    titles, points = history_data.catalogue()
    labels = routine_labels(names, titles, stored)
    plan = history_data.load_plan()
    lines = [f"{count} session{'s' * (count != 1)} {window}", ""]
    lines += _calendar_lines(history_data.read_calendar(store, today, plan))
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
