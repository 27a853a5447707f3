"""``acutimer plan`` at work: today's planned times, and ``plan add`` / ``plan remove``.

``plan add ROUTINE`` follows the routine's own ``[practice]`` advice (the low end of its times a
day, its part of the day, its days) unless ``--at``, ``--every``, ``--times``, ``--between`` or
``--days`` say otherwise; going beyond the advice is allowed, and said.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from acutimer.plan.model import Plan, PlanEntry, check_every, check_times, parse_at
from acutimer.plan.schedule import entry_minutes, local_zone, min_spacing, next_slot
from acutimer.plan.state import load_state
from acutimer.plan.store import changing, load_plan, plan_path, read_plan_text
from acutimer.plan.today import DONE, DUE, SlotView, day_views
from acutimer.routine.errors import EXIT_OK, AcutimerError, Problem, did_you_mean
from acutimer.routine.practice import (
    clock_text,
    days_text,
    gap_text,
    parse_days,
    parse_times,
    parse_window,
    times_text,
)
from acutimer.routine.units import parse_duration
from acutimer.safetext import visible as safe

# --- acutimer plan --------------------------------------------------------------------------


def routine_problems(plan: Plan, text: str | None, label: str) -> list[Problem]:
    """Planned routines that no longer exist, with the line and a "did you mean"."""
    from acutimer.paths import all_refs
    from acutimer.routine.tomlpos import key_lines

    names = [r.name for r in all_refs()]
    lines = key_lines(text or "")
    problems = []
    for index, entry in enumerate(plan.routines):
        if entry.routine not in names:
            problems.append(
                Problem(
                    label,
                    f"no routine named {safe(entry.routine)!r}",
                    key=f"routines[{index}].routine",
                    line=lines.get(("routines", index, "routine")),
                    hint=did_you_mean(entry.routine, names)
                    or f"`acutimer plan remove {safe(entry.routine)}` takes it out",
                )
            )
    return problems


def today_views(now: datetime | None = None) -> tuple[Plan, list[SlotView], datetime]:
    """The plan, today's times with their status, and now."""
    from acutimer.plan.done import completed_sessions

    zone = local_zone()
    now = (now or datetime.now(zone)).astimezone(zone)
    plan = load_plan()
    day = now.date()
    sessions = completed_sessions(day - timedelta(days=2), day + timedelta(days=1))
    state, _ = load_state()
    return plan, day_views(plan, day, now, zone, sessions, state.marks), now


def cmd_plan(args: argparse.Namespace, now: datetime | None = None) -> int:
    """Show today's plan (``--json``: an array of {routine, at, status, ...})."""
    from acutimer.history.errors import HistoryError

    path = plan_path()
    try:
        plan, views, now = today_views(now)
    except HistoryError as error:
        raise AcutimerError.single(
            str(path), f"cannot be matched with the history: {error}"
        ) from None
    for problem in routine_problems(plan, read_plan_text(path), str(path)):
        print(f"acutimer: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps([_row(v, now.tzinfo or UTC) for v in views], indent=2, ensure_ascii=False))
        return EXIT_OK
    print(_text(plan, views, now))
    return EXIT_OK


def _row(view: SlotView, zone: tzinfo) -> dict[str, Any]:
    return {
        "routine": view.slot.routine,
        "at": view.slot.local(zone).strftime("%H:%M"),
        "status": view.status,
        "date": view.slot.local(zone).date().isoformat(),
        "planned": view.slot.wall,
        "done_at": view.done_at.isoformat() if view.done_at else None,
    }


def _status_text(view: SlotView, now: datetime) -> str:
    if view.status == DONE and view.done_at is not None:
        return f"done (started {view.done_at.astimezone(now.tzinfo).strftime('%H:%M')})"
    if view.status == DUE:
        return "due now"
    return view.status


def _text(plan: Plan, views: list[SlotView], now: datetime) -> str:
    if not plan.routines:
        return (
            "Nothing planned yet. `acutimer plan add ROUTINE` plans a routine by its own advice "
            "(`acutimer list` shows them); `acutimer remind` then reminds you."
        )
    lines = [f"Today, {now.strftime('%a %Y-%m-%d')}"]
    if not views:
        lines.append("  nothing planned today")
    width = max(len(v.slot.routine) for v in views) if views else 0
    for view in views:
        when = view.slot.local(now.tzinfo or UTC).strftime("%H:%M")
        moved = f" (planned {view.slot.wall})" if when != view.slot.wall[:5] else ""
        name = safe(view.slot.routine)
        lines.append(f"  {when}  {name:<{width}}  {_status_text(view, now)}{moved}")
    done = sum(v.status == DONE for v in views)
    if views:
        lines += ["", f"{done} of {len(views)} done."]
    upcoming = next_slot(plan, now, local_zone())
    if upcoming is not None and upcoming.local(now.tzinfo or UTC).date() != now.date():
        when = upcoming.local(now.tzinfo or UTC).strftime("%a %H:%M")
        lines.append(f"Next: {safe(upcoming.routine)} on {when}.")
    return "\n".join(lines)


# --- acutimer plan add / remove --------------------------------------------------------------


def _option(flag: str, value: str, parse: Any) -> Any:
    try:
        return parse(value)
    except ValueError as error:
        raise AcutimerError.single(flag, str(error)) from None


def planned_entry(args: argparse.Namespace, practice: Any) -> tuple[PlanEntry, str]:
    """The entry ``plan add`` writes, and where its times come from, in words."""
    between = _option("--between", args.between, parse_window) if args.between else None
    days = _option("--days", args.days, parse_days) if args.days else None
    at = every = times = None
    if args.at:
        at = _option("--at", args.at, parse_at)
        origin = "your --at"
    elif args.every:
        every = _option("--every", args.every, lambda v: check_every(parse_duration(v)))
        origin = "your --every"
    elif args.times:
        times = _option("--times", args.times, _one_count)
        origin = "your --times"
    elif practice is not None:
        times = practice.fewest
        origin = f"the routine's advice, {practice.text()} (from: {practice.source})"
        if practice.fewest != practice.most:
            origin += f"; {practice.fewest}, the low end, is the safer reading"
    else:
        times = 1
        origin = "no advice in the routine: once a day is our assumption"
    if at is None and between is None and practice is not None:
        between = practice.between
    if days is None:
        days = list(practice.days) if practice is not None else parse_days("every day")
    if at is not None and between is not None:
        raise AcutimerError.single("--between", "goes with --every or --times; --at gives times")
    try:
        entry = PlanEntry(
            routine=args.routine, at=at, every=every, times=times, between=between, days=days
        )
    except ValueError as error:
        flag = next((f"--{k}" for k in ("every", "times", "at") if getattr(args, k)), "plan add")
        raise AcutimerError.single(flag, str(error)) from None
    return entry, origin


def _one_count(text: str) -> int:
    low, high = parse_times(text.strip())
    if low != high:
        raise ValueError("give one number of times, e.g. --times 3")
    return check_times(low)


def cautions(entry: PlanEntry, practice: Any) -> list[str]:
    """Where the plan goes beyond the routine's advice."""
    if practice is None:
        return []
    minutes = entry_minutes(entry)
    found = []
    if len(minutes) > practice.most:
        found.append(
            f"{len(minutes)} times a day is more than the routine advises "
            f"({times_text(practice.times_a_day)}, from: {practice.source})"
        )
    spacing = min_spacing(minutes)
    if practice.min_gap and spacing is not None and spacing * 60 < practice.min_gap:
        found.append(
            f"two times are {gap_text(spacing * 60)} apart; the routine asks for at least "
            f"{gap_text(practice.min_gap)} between sittings"
        )
    return found


def moment() -> datetime:
    """Now, local, to the second: times before it are not held against a new entry."""
    return datetime.now(local_zone()).replace(microsecond=0)


def cmd_plan_add(args: argparse.Namespace) -> int:
    """Plan a routine, or re-plan it."""
    from acutimer.paths import looks_like_path
    from acutimer.routine.loading import load_routine

    if looks_like_path(args.routine):
        raise AcutimerError.single(
            args.routine,
            "plan a routine by its name: save the file in your routines folder "
            "(`acutimer new NAME --from FILE`), then `acutimer plan add NAME`",
        )
    practice = load_routine(args.routine).routine.practice
    entry, origin = planned_entry(args, practice)
    with changing() as plan:
        before = plan.entry(entry.routine)
        replaced = before is not None
        # Days already planned stay planned: a change of times is not a fresh start.
        entry.since = before.since if before is not None and before.since else moment()
        plan.routines = [e for e in plan.routines if e.routine != entry.routine] + [entry]
    times = ", ".join(clock_text(m) for m in entry_minutes(entry))
    verb = "re-planned" if replaced else "planned"
    print(f"{verb} {entry.routine}: {times}, {days_text(entry.days)}")
    print(f"  from {origin}")
    for caution in cautions(entry, practice):
        print(f"  caution: {caution}")
    print("`acutimer plan` shows today; `acutimer remind` reminds you when each time comes.")
    return EXIT_OK


def cmd_plan_remove(args: argparse.Namespace) -> int:
    """Take a routine out of the plan."""
    with changing() as plan:
        if plan.entry(args.routine) is None:
            names = [e.routine for e in plan.routines]
            hint = did_you_mean(args.routine, names)
            listed = f"; planned: {', '.join(names)}" if names else "; nothing is planned"
            raise AcutimerError.single(
                args.routine, "is not in the plan" + (f" ({hint})" if hint else listed)
            )
        plan.routines = [e for e in plan.routines if e.routine != args.routine]
    print(f"removed {args.routine} from the plan")
    return EXIT_OK
