"""The history database: a SQLite store of sessions, pain ratings and "this point helped" marks.

One row per session, written when it starts and updated in one short transaction at each step,
so whatever stops the process leaves a consistent database. The schema carries its version in
``PRAGMA user_version``; :mod:`acutimer.history.schema` takes any older file to the current one.
The store is built in layers: :mod:`~acutimer.history.rowchecks` holds the connection and the
check of its rows, :mod:`~acutimer.history.opening` the opening, migration and recovery of
sessions whose process died, :mod:`~acutimer.history.reads` the reads; :class:`HistoryStore`
adds the writes.

No textual here, and no pydantic on the read path: ``acutimer history`` must start fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from acutimer.history.errors import HistoryError, HistoryReadOnly
from acutimer.history.reads import COLUMNS, StoreReads
from acutimer.history.records import PressRow, Progress, SessionRecord, step_list
from acutimer.paths import home_dir

__all__ = ["FILE_NAME", "HistoryError", "HistoryReadOnly", "HistoryStore", "history_path"]

FILE_NAME = "history.sqlite3"


def history_path(home: Path | None = None) -> Path:
    """Where the history database lives."""
    return (home if home is not None else home_dir()) / FILE_NAME


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class HistoryStore(StoreReads):
    """The history database, to read and to write; open it with :meth:`open`.

    Every write is one short ``BEGIN IMMEDIATE`` transaction.
    """

    def start(
        self,
        routine: str,
        digest: str,
        started_at: datetime,
        steps_total: int,
        owner: str,
        *,
        title: str | None = None,
        steps_left_out: int = 0,
        presses: Iterable[PressRow] = (),
    ) -> int:
        """Write the row of a session that starts now, with a row for each press it follows
        (no outcome yet); returns its id."""
        offset = started_at.utcoffset() or timedelta()
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO sessions (routine, content_hash, started_at, utc_offset, local_day, "
                "updated_at, status, steps_total, owner, title, steps_left_out, done_steps, "
                "passed_steps) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, '', '')",
                (routine, digest, _iso(started_at), int(offset.total_seconds()),
                 started_at.date().isoformat(), _iso(started_at), steps_total, owner, title,
                 steps_left_out),
            )  # fmt: skip
            session_id = cursor.lastrowid
            assert session_id is not None
            db.executemany(
                "INSERT INTO presses (session_id, step, number, side, repeat) "
                "VALUES (?, ?, ?, ?, ?)",
                [(session_id, *row) for row in presses],
            )
            return session_id

    def press(
        self,
        session_id: int,
        step: int,
        number: int,
        outcome: str,
        away: str | None,
        at: datetime,
    ) -> None:
        """Record how a press went (``done``, or ``missed`` with what says the user was away).
        A press recorded as done stays done."""
        with self._transaction() as db:
            db.execute(
                "UPDATE presses SET outcome = ?, away = ?, at = ? WHERE session_id = ? "
                "AND step = ? AND number = ? AND outcome IS NOT 'done'",
                (outcome, away, _iso(at), session_id, step, number),
            )

    def save(self, session_id: int, progress: Progress, status: str = "running") -> None:
        """Record progress; a ``status`` other than running also ends the session."""
        ended = _iso(progress.updated_at) if status != "running" else None
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE sessions SET updated_at = ?, steps_done = ?, steps_skipped = ?, "
                "last_step = ?, paused_seconds = ?, active_seconds = ?, status = ?, "
                "ended_at = ?, owner = CASE WHEN ? = 'running' THEN owner END, "
                "done_steps = ?, passed_steps = ? "
                "WHERE id = ? AND status = 'running'",
                (_iso(progress.updated_at), progress.steps_done, progress.steps_skipped,
                 progress.last_step, progress.paused_seconds, progress.active_seconds,
                 status, ended, status, step_list(progress.done), step_list(progress.passed),
                 session_id),
            )  # fmt: skip
            if cursor.rowcount != 1:
                raise HistoryError(f"{self.path}: session {session_id} was closed elsewhere")

    def reopen(
        self,
        session_id: int,
        at: datetime,
        owner: str,
        *,
        steps_left_out: int,
        gap: float,
        presses: Iterable[PressRow] = (),
    ) -> None:
        """Run a session cut short again (resumed): the same row, one part more, ``gap``
        seconds between. Raises :class:`HistoryError` if it is no longer cut short (another
        terminal resumed it first).

        ``presses``: those this part follows. The rows of the earlier parts stay as they are,
        outcomes and all; a press they did not have (the settings now run a step they left
        out) gets its row."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE sessions SET status = 'running', owner = ?, ended_at = NULL, "
                "updated_at = ?, parts = parts + 1, gap_seconds = gap_seconds + ?, "
                "steps_left_out = ? WHERE id = ? AND status = 'abandoned'",
                (owner, _iso(at), max(0.0, round(gap, 3)), steps_left_out, session_id),
            )
            if cursor.rowcount != 1:
                raise HistoryError(
                    f"{self.path}: session {session_id} is no longer cut short "
                    "(resumed in another terminal?)"
                )
            db.executemany(
                "INSERT OR IGNORE INTO presses (session_id, step, number, side, repeat) "
                "VALUES (?, ?, ?, ?, ?)",
                [(session_id, *row) for row in presses],
            )

    def set_pain(self, session_id: int, when: str, rating: int) -> None:
        """Set ``pain_before`` or ``pain_after`` (``when`` is "before" or "after")."""
        column = {"before": "pain_before", "after": "pain_after"}[when]
        with self._transaction() as db:
            db.execute(f"UPDATE sessions SET {column} = ? WHERE id = ?", (rating, session_id))

    def mark(self, session_id: int, step: int, point: str, at: datetime) -> None:
        """Mark a point as having helped in a session (marking twice is one mark)."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO point_marks (session_id, step, point, at) "
                "VALUES (?, ?, ?, ?)",
                (session_id, step, point, _iso(at)),
            )

    def rename_routine(self, old: str, new: str) -> int:
        """Let the sessions of routine ``old`` go by the name ``new``; returns how many."""
        with self._transaction() as db:
            return db.execute(
                "UPDATE sessions SET routine = ? WHERE routine = ?", (new, old)
            ).rowcount

    def unmark(self, session_id: int, step: int, point: str) -> None:
        """Take back a mark made with :meth:`mark` (no mark: nothing changes)."""
        with self._transaction() as db:
            db.execute(
                "DELETE FROM point_marks WHERE session_id = ? AND step = ? AND point = ?",
                (session_id, step, point),
            )

    def add(self, records: Iterable[SessionRecord]) -> None:
        """Insert finished sessions as they are (an import, a test, a benchmark)."""
        with self._transaction() as db:
            for r in records:
                start = _iso(r.started_at)
                end = _iso(r.ended_at) if r.ended_at else None
                offset = r.started_at.utcoffset() or timedelta()
                cursor = db.execute(
                    f"INSERT INTO sessions ({COLUMNS.replace('id, ', '', 1)}, updated_at, "
                    f"local_day) VALUES ({', '.join('?' * 18)})",
                    (r.routine, r.content_hash, start, int(offset.total_seconds()), end,
                     r.status, r.steps_total, r.steps_done, r.steps_skipped, r.last_step,
                     r.paused_seconds, r.active_seconds, r.pain_before, r.pain_after,
                     r.title, r.steps_left_out, end or start, r.started_at.date().isoformat()),
                )  # fmt: skip
                db.executemany(
                    "INSERT OR IGNORE INTO point_marks VALUES (?, ?, ?, ?)",
                    [(cursor.lastrowid, -1, code, end or start) for code in r.helped],
                )
