"""Statistics over the session history: streaks, minutes this week, the sums per routine that
"what helps you" (:mod:`acutimer.history.helps`) rests on.

Streaks and pain change count completed sessions only, by the rule of
:mod:`acutimer.history.outcome` (two thirds of the steps done, not skipped); minutes count every
session's active time, since time spent pressing is time spent whatever the session came to.

Days are the user's local days: each session stores the local date it started on (from the UTC
offset it started in), so a session at 23:30 in Tokyo counts for that Tokyo day even when the
history is read in New York. "Today" is the reader's local date, passed in, so tests pin it.

SQLite does the counting over the ``local_day`` index; a streak reads completed days newest
first and stops at the first gap. Reading 10,000 sessions into Python objects just to add them
up would make ``acutimer history`` slow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from acutimer.history.effect import Effect, Sums, effect
from acutimer.history.outcome import COMPLETED_SQL
from acutimer.history.rowchecks import GOOD_SESSIONS
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
    return int(store.query(f"SELECT count(*) FROM {GOOD_SESSIONS} {where}", params)[0][0])


def completed_days(store: HistoryStore, today: date) -> Iterable[date]:
    """Local days with a completed session, up to ``today``, newest first (read lazily)."""
    rows = store.rows(
        f"SELECT DISTINCT local_day FROM {GOOD_SESSIONS} WHERE local_day <= ? AND {COMPLETED_SQL} "
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
        f"SELECT total(active_seconds) FROM {GOOD_SESSIONS} WHERE local_day BETWEEN ? AND ?",
        (week_start(today).isoformat(), today.isoformat()),
    )
    return float(seconds) / 60


@dataclass(frozen=True)
class RoutineSummary:
    """How a routine has gone."""

    routine: str
    sessions: int
    completed: int
    """Sessions that count as completed (see :mod:`acutimer.history.outcome`)."""
    rated: int
    """Completed sessions with a pain rating both before and after."""
    average_change: float | None
    """Mean of (after - before) over the rated, completed sessions; negative is less pain."""
    last: datetime
    """When it last started (UTC)."""
    title: str | None = None
    """The routine's title when it last ran, if the history kept it."""
    changes: Sums = field(default_factory=Sums)
    """The sums of (after - before) over the rated, completed sessions (for the interval)."""

    @property
    def effect(self) -> Effect:
        """The mean change and its 95% interval; no number below the minimum of sessions."""
        return effect(self.changes)


def routine_summaries(store: HistoryStore, since: date | None = None) -> list[RoutineSummary]:
    """One summary per routine name (from the local day ``since`` on), most recent first."""
    where, params = _since(since)
    # From the index on (routine, started_at) alone; then the title each had when it last ran.
    rows = store.query(
        f"SELECT routine, count(*), max(started_at) FROM {GOOD_SESSIONS} {where} "
        "GROUP BY routine ORDER BY max(started_at) DESC, routine",
        params,
    )
    titles = {
        name: store.query(
            f"SELECT title FROM {GOOD_SESSIONS} WHERE routine = ? AND started_at = ? "
            "ORDER BY id DESC LIMIT 1",
            (name, last),
        )[0][0]
        for name, _n, last in rows
    }
    # The completed sessions apart, so that the rule is worked out once a row (not once an
    # aggregate: that was most of the time of `acutimer history` over 100,000 sessions).
    # The change is NULL unless rated both before and after, and count() and sum() skip it.
    completed, completed_params = _since(since, COMPLETED_SQL)
    change = "pain_after - pain_before"
    figures = {
        name: (int(done), rated, total, squares)
        for name, done, rated, total, squares in store.query(
            f"SELECT routine, count(*), count({change}), coalesce(sum({change}), 0), "
            f"coalesce(sum(({change}) * ({change})), 0) FROM {GOOD_SESSIONS} {completed} "
            "GROUP BY routine",
            completed_params,
        )
    }
    summaries = []
    for name, n, last in rows:
        title = titles[name]
        done, rated, total, squares = figures.get(name, (0, 0, 0, 0))
        average = total / rated if rated else None
        summaries.append(
            RoutineSummary(
                name, n, done, rated, average, datetime.fromisoformat(last), title,
                Sums(rated, total, squares),
            )
        )  # fmt: skip
    return summaries


def last_used(store: HistoryStore) -> dict[str, datetime]:
    """When each routine (by name) last started, in UTC: the picker sorts by it."""
    rows = store.query(f"SELECT routine, max(started_at) FROM {GOOD_SESSIONS} GROUP BY routine")
    return {name: datetime.fromisoformat(last) for name, last in rows}


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


RATED = f"pain_before IS NOT NULL AND pain_after IS NOT NULL AND {COMPLETED_SQL}"
"""A completed session rated both before and after."""


def pain_trend(
    store: HistoryStore,
    routine: str | None = None,
    since: date | None = None,
    limit: int | None = None,
) -> list[PainPoint]:
    """Completed sessions rated before and after, oldest first (of one routine, or all);
    with ``limit``, only that many of the latest."""
    where, params = _since(since, RATED if routine is None else f"{RATED} AND routine = ?")
    params = (*params, routine) if routine is not None else params
    order = "started_at, id"
    if limit is not None:
        order, params = "started_at DESC, id DESC LIMIT ?", (*params, limit)
    rows = store.query(
        f"SELECT local_day, routine, pain_before, pain_after FROM {GOOD_SESSIONS} {where} "
        f"ORDER BY {order}",
        params,
    )
    found = [PainPoint(date.fromisoformat(d), name, b, a) for d, name, b, a in rows]
    return found[::-1] if limit is not None else found


def pain_totals(store: HistoryStore) -> tuple[int, float | None]:
    """How many completed sessions were rated before and after, and their mean change."""
    [(count, mean)] = store.query(
        f"SELECT count(*), avg(pain_after - pain_before) FROM {GOOD_SESSIONS} WHERE {RATED}"
    )
    return int(count), mean


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
    # A point another program wrote as a number or as bytes is not a point's code.
    where, params = _since(since, "typeof(point) = 'text'")
    rows = store.query(
        "SELECT point, count(DISTINCT session_id), max(local_day) FROM point_marks "
        f"CROSS JOIN {GOOD_SESSIONS} AS s ON s.id = point_marks.session_id {where} "
        "GROUP BY point ORDER BY count(DISTINCT session_id) DESC, max(local_day) DESC, point",
        params,
    )
    return [HelpedPoint(point, count, date.fromisoformat(day)) for point, count, day in rows]
