"""The "what helps you" view: routines and points ranked by your mean change in pain.

Read from the per-routine sums (:func:`acutimer.history.stats.routine_summaries`) and the marks;
the arithmetic is :mod:`acutimer.history.effect`'s. The words are here, once, for every front end:
what the numbers rest on, what they mean and what they do not.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from acutimer.history.effect import MIN_SESSIONS, Effect, Sums, effect, interval_text, ranked
from acutimer.history.outcome import COMPLETED_SQL
from acutimer.history.rowchecks import GOOD_SESSIONS
from acutimer.history.stats import RoutineSummary
from acutimer.history.store import HistoryStore

RESTS_ON = (
    "Each number is the average of your pain after minus before (0 to 10 each; below zero "
    "means less pain after) over your completed sessions rated both times. The range beside "
    "it is a 95% t interval: how far that average could be off, given how much your ratings "
    f"vary and how few they are. Under {MIN_SESSIONS} such sessions there is no number."
)
NOT_A_TRIAL = (
    "This is your own before and after, not a trial. You knew which routine you did, a few "
    "quiet minutes may ease pain by themselves, and pain comes and goes on its own, so a "
    "difference may not be the routine's doing. Ranges that overlap do not show that one "
    "routine is better than another. It is a record of your ratings, not medical advice."
)
NARROW = 64
"""Below this width a point's figures and its codes take a line each."""
POINTS_REST_ON = (
    "A point's sessions are those of the routines that hold it, as their files are now; "
    "every point of a session shares its change, so points pressed together cannot be told "
    "apart."
)


@dataclass(frozen=True)
class PointSummary:
    """A point over the completed sessions of the routines that hold it."""

    point: str
    routines: tuple[str, ...]
    """The routines (names) that hold it and have completed sessions."""
    completed: int
    """Completed sessions of those routines."""
    changes: Sums
    marked: int
    """Of those completed sessions, how many marked this point as helping."""

    @property
    def effect(self) -> Effect:
        """The mean change and its 95% interval; no number below the minimum of sessions."""
        return effect(self.changes)


def point_summaries(
    store: HistoryStore,
    routines: Sequence[RoutineSummary],
    points: Mapping[str, Sequence[str]],
    since: date | None = None,
) -> list[PointSummary]:
    """One summary per point held by a routine with completed sessions, ranked.

    Args:
        routines: the routine summaries over the same days (from ``since`` on).
        points: the point codes of each routine there is now, by name.
    """
    where, params = ("AND local_day >= ?", (since.isoformat(),)) if since is not None else ("", ())
    marks = {
        (routine, point): count
        for routine, point, count in store.query(
            "SELECT routine, point, count(DISTINCT session_id) FROM point_marks CROSS JOIN "
            f"{GOOD_SESSIONS} AS s ON s.id = point_marks.session_id WHERE {COMPLETED_SQL} "
            f"{where} GROUP BY routine, point",
            params,
        )
    }
    found: dict[str, PointSummary] = {}
    for summary in routines:
        if not summary.completed:
            continue
        for code in dict.fromkeys(points.get(summary.routine, ())):
            was = found.get(code) or PointSummary(code, (), 0, Sums(), 0)
            found[code] = PointSummary(
                code,
                (*was.routines, summary.routine),
                was.completed + summary.completed,
                was.changes + summary.changes,
                was.marked + marks.get((summary.routine, code), 0),
            )
    order = ranked({code: p.effect for code, p in found.items()})
    return [found[code] for code in order]


def uncounted(routines: Sequence[RoutineSummary], points: Mapping[str, Sequence[str]]) -> int:
    """Completed sessions of routines not found now, which no point counts."""
    return sum(s.completed for s in routines if s.routine not in points)


def uncounted_text(count: int) -> str:
    """What :func:`uncounted` found, in words."""
    if count == 1:
        return "1 completed session of a routine not found now counts for its routine only."
    return f"{count} completed sessions of routines not found now count for their routine only."


def detail(found: Effect, completed: int, sessions: int | None = None) -> str:
    """The figures of one routine or point, and what they rest on."""
    rests = f"{found.n} rated of {completed} completed"
    if sessions is not None and sessions != completed:
        rests += f" ({sessions} in all)"
    if not found.enough:
        return f"too few sessions to tell · {rests}"
    return f"{interval_text(found)} · {found.reading} · {rests}"


def routine_entries(
    routines: Sequence[RoutineSummary], labels: Mapping[str, str]
) -> list[tuple[str, str]]:
    """(heading, detail) per routine, ranked: "1. Lower back at the desk" and its figures."""
    by_name = {s.routine: s for s in routines}
    order = ranked({s.routine: s.effect for s in routines})
    entries = []
    rank = 0
    for name in order:
        summary = by_name[name]
        if summary.effect.enough:
            rank += 1
        head = f"{rank}." if summary.effect.enough else "–"
        entries.append(
            (
                f"{head} {labels.get(name, name)}",
                detail(summary.effect, summary.completed, summary.sessions),
            )
        )
    return entries


def point_groups(found: Sequence[PointSummary]) -> list[list[PointSummary]]:
    """The points that rest on the same routines, together (their figures are the same), in
    the order :func:`point_summaries` ranks them."""
    groups: dict[tuple[str, ...], list[PointSummary]] = {}
    for p in found:
        groups.setdefault(p.routines, []).append(p)
    return list(groups.values())


def _code(p: PointSummary) -> str:
    return f"{p.point} (marked helping in {p.marked})" if p.marked else p.point


def point_lines(found: Sequence[PointSummary], width: int = 96) -> list[str]:
    """The points with a number, ranked, those with the same figures on one line: the mean
    change and interval, the rated sessions it rests on, the points and how often each was
    marked as helping; then, on one line, the points with too few sessions to tell."""
    lines: list[str] = []
    few: list[str] = []
    for group in point_groups(found):
        first = group[0]
        if not first.effect.enough:
            few += [_code(p) for p in group]
            continue
        figures = interval_text(first.effect).replace("95% range ", "")
        codes = ", ".join(_code(p) for p in group)
        rests = f"{first.effect.n} rated of {first.completed}"
        if width < NARROW:  # the figures on a line, the points under them
            lines.append(f"{figures} · {rests}")
            lines += textwrap.wrap(codes, width, initial_indent="  ", subsequent_indent="  ")
            continue
        head = f"{figures:<22}  {rests:<16}  "
        lines += textwrap.wrap(codes, width, initial_indent=head, subsequent_indent=" " * len(head))
    if few:
        lines += textwrap.wrap(
            ", ".join(few), width, initial_indent="Too few sessions to tell: ",
            subsequent_indent="  ",
        )  # fmt: skip
    return lines
