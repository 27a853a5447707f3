"""The history as the plan reads it: completed sessions, and whether one is running now."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from acutimer.history.outcome import COMPLETED_SQL
from acutimer.history.owners import any_alive
from acutimer.history.rowchecks import GOOD_SESSIONS
from acutimer.history.store import HistoryStore, history_path
from acutimer.plan.today import Done


def completed_sessions(first: date, last: date, home: Path | None = None) -> list[Done]:
    """Completed sessions that started on the local days ``first`` to ``last``.

    No history yet is no sessions. Raises :class:`~acutimer.history.store.HistoryError` when
    the history cannot be read.
    """
    path = history_path(home)
    if not path.exists():
        return []
    store = HistoryStore.open(path)
    try:
        rows = store.query(
            f"SELECT routine, started_at, utc_offset FROM {GOOD_SESSIONS} "
            f"WHERE {COMPLETED_SQL} AND local_day BETWEEN ? AND ? ORDER BY started_at",
            (first.isoformat(), last.isoformat()),
        )
    finally:
        store.close()
    return [
        Done(name, datetime.fromisoformat(start).astimezone(timezone(timedelta(seconds=offset))))
        for name, start, offset in rows
    ]


def session_running(home: Path | None = None) -> bool:
    """Whether a session is being recorded now, in any terminal (its live lock is held)."""
    path = history_path(home)
    return any_alive(path.with_name(path.name + ".live"))


def live_dir(home: Path | None = None) -> Path:
    """The folder of the running sessions' lock files (watched by ``acutimer remind``)."""
    path = history_path(home)
    return path.with_name(path.name + ".live")
