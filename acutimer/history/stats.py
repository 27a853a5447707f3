"""Statistics over the session history: streaks, minutes this week, pain change per routine.

Days are the user's local days: each session stores the local date it started on (from the UTC
offset it started in), so a session at 23:30 in Tokyo counts for that Tokyo day even when the
history is read in New York. "Today" is the reader's local date, passed in, so tests pin it.

SQLite does the counting over the ``local_day`` index; a streak reads completed days newest
first and stops at the first gap. Reading 10,000 sessions into Python objects just to add them
up would make ``acutimer history`` slow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from acutimer.history.store import HistoryStore

MAX_DAYS = 36_500
"""``--days`` beyond this (a century) means everything."""


def first_day(days: int | None, today: date) -> date | None:
    """The first local day of "the last ``days`` days" (today and the days before), or None."""
    if days is None or days >= MAX_DAYS:
        return None
    return today - timedelta(days=days - 1)


def _since(since: date | None, where: str = "") -> tuple[str, tuple[object, ...]]:
    if since is None:
        return (f"WHERE {where}" if where else ""), ()
    return f"WHERE local_day >= ?{' AND ' + where if where else ''}", (since.isoformat(),)


def session_count(store: HistoryStore, since: date | None = None) -> int:
    """How many sessions started on the local day ``since`` or later (all when None)."""
    where, params = _since(since)
    return int(store.query(f"SELECT count(*) FROM sessions {where}", params)[0][0])


def completed_days(store: HistoryStore, today: date) -> Iterable[date]:
    """Local days with a completed session, up to ``today``, newest first (read lazily)."""
    rows = store.rows(
        "SELECT DISTINCT local_day FROM sessions WHERE local_day <= ? AND status = 'completed' "
        "ORDER BY local_day DESC",
        (today.isoformat(),),
    )
    return (date.fromisoformat(day) for (day,) in rows)


def streak(days_newest_first: Iterable[date], today: date) -> int:
    """Consecutive local days with a completed session, ending today or yesterday.

    A streak not yet continued today still counts until today is over. Reads only as far back
    as the streak goes.
    """
    expected = today
    count = 0
    for day in days_newest_first:
        if day > expected:
            continue
        if count == 0 and day == today - timedelta(days=1):
            expected = day
        if day != expected:
            break
        count += 1
        expected = day - timedelta(days=1)
    return count


def week_start(today: date) -> date:
    """The Monday of ``today``'s week."""
    return today - timedelta(days=today.weekday())


def minutes_this_week(store: HistoryStore, today: date) -> float:
    """Active minutes (pauses excluded, abandoned sessions included) since Monday, local."""
    [(seconds,)] = store.query(
        "SELECT total(active_seconds) FROM sessions WHERE local_day BETWEEN ? AND ?",
        (week_start(today).isoformat(), today.isoformat()),
    )
    return float(seconds) / 60


@dataclass(frozen=True)
class RoutineSummary:
    """How a routine has gone."""

    routine: str
    sessions: int
    completed: int
    rated: int
    """Sessions with a pain rating both before and after."""
    average_change: float | None
    """Mean of (after - before) over the rated sessions; negative is less pain."""
    last: datetime
    """When it last started (UTC)."""


def routine_summaries(store: HistoryStore, since: date | None = None) -> list[RoutineSummary]:
    """One summary per routine name (from the local day ``since`` on), most recent first."""
    where, params = _since(since)
    rows = store.query(
        "SELECT routine, count(*), sum(status = 'completed'), count(pain_after - pain_before), "
        f"avg(pain_after - pain_before), max(started_at) FROM sessions {where} "
        "GROUP BY routine ORDER BY max(started_at) DESC, routine",
        params,
    )
    return [
        RoutineSummary(name, n, done, rated, change, datetime.fromisoformat(last))
        for name, n, done, rated, change, last in rows
    ]


@dataclass(frozen=True)
class PainPoint:
    """One session rated before and after, for a trend line."""

    day: date
    """The local day it started."""
    routine: str
    before: int
    after: int

    @property
    def change(self) -> int:
        """After minus before: negative is relief."""
        return self.after - self.before


def pain_trend(
    store: HistoryStore, routine: str | None = None, since: date | None = None
) -> list[PainPoint]:
    """Sessions rated before and after, oldest first (of one routine, or all)."""
    rated = "pain_before IS NOT NULL AND pain_after IS NOT NULL"
    where, params = _since(since, rated if routine is None else f"{rated} AND routine = ?")
    rows = store.query(
        f"SELECT local_day, routine, pain_before, pain_after FROM sessions {where} "
        "ORDER BY started_at, id",
        (*params, routine) if routine is not None else params,
    )
    return [PainPoint(date.fromisoformat(d), name, b, a) for d, name, b, a in rows]


@dataclass(frozen=True)
class HelpedPoint:
    """A point marked "this point helped" (the h key), over a stretch of the history."""

    point: str
    """The point's code."""
    sessions: int
    """Sessions in which it was marked."""
    last: date
    """The local day it was last marked on."""


def helped_points(store: HistoryStore, since: date | None = None) -> list[HelpedPoint]:
    """The points marked as helping in sessions from ``since`` on, most often marked first."""
    where, params = _since(since)
    rows = store.query(
        "SELECT point, count(DISTINCT session_id), max(local_day) FROM point_marks "
        f"JOIN sessions ON sessions.id = point_marks.session_id {where} "
        "GROUP BY point ORDER BY count(DISTINCT session_id) DESC, max(local_day) DESC, point",
        params,
    )
    return [HelpedPoint(point, count, date.fromisoformat(day)) for point, count, day in rows]
