"""The history database: a SQLite store of sessions, pain ratings and "this point helped" marks.

One row per session, written when it starts and updated in one short transaction at each step,
so whatever stops the process leaves a consistent database. The schema carries its version in
``PRAGMA user_version``; :mod:`acutimer.history.schema` takes any older file to the current one.

A crash (``kill -9``, a closed terminal) leaves a row ``running``. Whether its process is gone is
the operating system's word, not a guess: while a session records, its process holds an exclusive
lock (``flock``) on a file named by the row's ``owner`` token in ``history.sqlite3.live/``. The OS
drops the lock when the process dies, however it dies. Every open of the store looks at the
``running`` rows and abandons those whose lock can be taken (or whose file is gone): they keep the
progress of their last completed step, and end at their last update. A session running in
another terminal holds its lock and is left alone; a reused pid or a reboot cannot fool the rule.

No textual here, and no pydantic on the read path: ``acutimer history`` must start fast.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from acutimer.history.owners import owner_alive, sweep
from acutimer.history.records import PressRow, Progress, SessionRecord, step_list
from acutimer.history.schema import MIGRATIONS, SCHEMA_VERSION
from acutimer.paths import home_dir

FILE_NAME = "history.sqlite3"
_COLUMNS = (
    "id, routine, content_hash, started_at, utc_offset, ended_at, status, steps_total, "
    "steps_done, steps_skipped, last_step, paused_seconds, active_seconds, pain_before, "
    "pain_after, title, steps_left_out"
)


class HistoryError(Exception):
    """The history database cannot be used; the message says why, naming the file."""


def history_path(home: Path | None = None) -> Path:
    """Where the history database lives."""
    return (home if home is not None else home_dir()) / FILE_NAME


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _explain(path: Path, error: sqlite3.Error) -> HistoryError:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return HistoryError(f"{path} is not a valid history database ({error})")
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return HistoryError(f"{path} cannot be opened for writing ({error})")
    return HistoryError(f"{path}: {error}")


class HistoryStore:
    """The history database. Every write is one short ``BEGIN IMMEDIATE`` transaction."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self.live_dir = path.with_name(path.name + ".live")

    @classmethod
    def open(cls, path: Path) -> HistoryStore:
        """Open (creating, migrating and recovering as needed). Raises :class:`HistoryError`."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise HistoryError(f"{path.parent} cannot be created ({error.strerror})") from None
        try:
            connection = sqlite3.connect(path, timeout=10.0, isolation_level=None)
        except sqlite3.Error as error:
            raise _explain(path, error) from None
        store = cls(connection, path)
        try:
            store._prepare()
            store.recover()
        except BaseException:
            connection.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise _explain(self.path, error) from None
        except OSError as error:
            raise HistoryError(f"{self.live_dir}: {error.strerror or error}") from None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:
                    self._db.rollback()
                raise
            self._db.commit()

    def _prepare(self) -> None:
        with self._errors():
            self._db.execute("PRAGMA journal_mode = WAL").fetchone()
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            if self._version() == SCHEMA_VERSION:
                return
        with self._transaction() as db:
            version = self._version()
            if version > SCHEMA_VERSION:
                raise HistoryError(
                    f"{self.path} was written by a newer acutimer (schema {version}; "
                    f"this one knows up to {SCHEMA_VERSION})"
                )
            tables = db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
            if version == 0 and tables:
                raise HistoryError(f"{self.path} is a database, but not an acutimer history")
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def check(self) -> None:
        """Raise :class:`HistoryError` unless ``PRAGMA quick_check`` finds the file sound."""
        with self._errors():
            found = [row[0] for row in self._db.execute("PRAGMA quick_check")]
        if found != ["ok"]:
            raise HistoryError(f"{self.path} is damaged ({'; '.join(found[:3])})")

    def recover(self) -> int:
        """Abandon ``running`` rows whose process is gone; returns how many."""
        with self._errors():
            rows = self._db.execute(
                "SELECT id, owner FROM sessions WHERE status = 'running'"
            ).fetchall()
            dead = [(i,) for i, owner in rows if not owner_alive(self.live_dir, owner)]
        if dead:
            with self._transaction() as db:
                db.executemany(
                    "UPDATE sessions SET status = 'abandoned', ended_at = updated_at, "
                    "owner = NULL WHERE id = ? AND status = 'running'",
                    dead,
                )
        with self._errors():
            sweep(self.live_dir)
        return len(dead)

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
                    f"INSERT INTO sessions ({_COLUMNS.replace('id, ', '', 1)}, updated_at, "
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

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only query (for statistics); errors become :class:`HistoryError`."""
        with self._errors():
            return self._db.execute(sql, params).fetchall()

    def rows(self, sql: str, params: tuple[object, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """Like :meth:`query`, one row at a time: stopping early skips the rest."""
        with self._errors():
            yield from self._db.execute(sql, params)

    def sessions(
        self, first_day: date | None = None, limit: int | None = None
    ) -> list[SessionRecord]:
        """Sessions from the local day ``first_day`` on (all when None), oldest first.

        With ``limit``, only that many of the most recent.
        """
        where = ""
        params: tuple[object, ...] = ()
        if first_day is not None:
            where, params = "WHERE local_day >= ?", (first_day.isoformat(),)
        order = "started_at, id"
        if limit is not None:
            order, params = "started_at DESC, id DESC LIMIT ?", (*params, limit)
        with self._errors():
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM sessions {where} ORDER BY {order}",
                params,
            ).fetchall()
            helped: dict[int, list[str]] = {}
            for session_id, point in self._db.execute(
                "SELECT session_id, point FROM point_marks ORDER BY session_id, step, at"
            ):
                helped.setdefault(session_id, []).append(point)
            presses = {
                row[0]: row[1:]
                for row in self._db.execute(
                    "SELECT session_id, count(*), count(CASE WHEN outcome = 'done' THEN 1 END), "
                    "count(CASE WHEN outcome = 'missed' THEN 1 END) FROM presses "
                    "GROUP BY session_id"
                )
            }
        if limit is not None:
            rows.reverse()
        zones: dict[int, timezone] = {}
        records = []
        for (sid, name, digest, start, offset, end, status, total, done, skipped, last,
             paused, active, before, after, title, left_out) in rows:  # fmt: skip
            zone = zones.get(offset)
            if zone is None:
                zone = zones[offset] = timezone(timedelta(seconds=offset))
            records.append(
                SessionRecord(
                    sid, name, digest, datetime.fromisoformat(start).astimezone(zone),
                    datetime.fromisoformat(end).astimezone(zone) if end else None, status,
                    total, done, skipped, last, paused, active, before, after,
                    tuple(dict.fromkeys(helped.get(sid, ()))), title, left_out,
                    *presses.get(sid, (0, 0, 0)),
                )
            )  # fmt: skip
        return records
