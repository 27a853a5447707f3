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

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from acutimer.fsutil import describe_os_error, make_dirs
from acutimer.history.owners import owner_alive, sweep
from acutimer.history.records import PressRow, Progress, SessionRecord, step_list
from acutimer.history.schema import MIGRATIONS, REPAIR_CHECKED, SCHEMA_VERSION
from acutimer.paths import home_dir

FILE_NAME = "history.sqlite3"
_COLUMNS = (
    "id, routine, content_hash, started_at, utc_offset, ended_at, status, steps_total, "
    "steps_done, steps_skipped, last_step, paused_seconds, active_seconds, pain_before, "
    "pain_after, title, steps_left_out"
)
BUSY_TIMEOUT = 10.0
"""How long a write waits for another process's write (``acutimer history``, imports, tests)."""

GOOD_SESSIONS = "good_sessions"
"""A view of the rows that are what acutimer writes (see :data:`_GOOD`): statistics read it, so
a row another program changed (a date that is not one, text where a number goes) is left out,
not added up as nonsense. :meth:`HistoryStore.unreadable` counts the rest."""
_NUMBER = "typeof({0}) IN ('integer', 'real')"
_WHOLE = "typeof({0}) = 'integer'"
_GOOD = " AND ".join(
    [
        "typeof(id) = 'integer'",
        "typeof(routine) = 'text'",
        # Dates exactly as acutimer writes them (UTC, to the second). SQLite reads "now" as a
        # date too, and February 30th; '+0 days' makes it say which day that really is.
        "started_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', started_at, '+0 days')",
        "(ended_at IS NULL OR ended_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', ended_at, '+0 days'))",
        "typeof(utc_offset) = 'integer' AND utc_offset BETWEEN -86399 AND 86399",
        "typeof(local_day) = 'text' AND date(local_day, '+0 days') = local_day",
        "status IN ('running', 'completed', 'abandoned')",
        *(
            _WHOLE.format(c)
            for c in ("steps_total", "steps_done", "steps_skipped", "steps_left_out")
        ),
        "(title IS NULL OR typeof(title) = 'text')",
        "(last_step IS NULL OR typeof(last_step) = 'integer')",
        *(_NUMBER.format(c) for c in ("paused_seconds", "active_seconds", "gap_seconds")),
        "typeof(parts) = 'integer' AND parts >= 1 AND gap_seconds >= 0",
        *(
            f"({c} IS NULL OR typeof({c}) = 'integer' AND {c} BETWEEN 0 AND 10)"
            for c in ("pain_before", "pain_after")
        ),
    ]
)


class HistoryError(Exception):
    """The history database cannot be used; the message says why, naming the file."""

    advice = ""
    """What the user can do about it, when there is something (a line of its own)."""


class HistoryBusy(HistoryError):
    """Another process is writing to the history: try again in a moment."""


class HistoryDamaged(HistoryError):
    """The file is not a (sound) SQLite database: only moving it aside helps."""

    advice = "move that file aside to start a new history"


class HistoryReadOnly(HistoryError):
    """The file or its folder cannot be written; it may still be read."""


def history_path(home: Path | None = None) -> Path:
    """Where the history database lives."""
    return (home if home is not None else home_dir()) / FILE_NAME


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _explain(path: Path, error: sqlite3.Error) -> HistoryError:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return HistoryDamaged(f"{path} is not a valid history database ({error})")
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return HistoryReadOnly(f"{path} cannot be opened for writing ({error})")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return HistoryBusy(f"{path} is busy: another program is writing to it")
    return HistoryError(f"{path}: {error}")


class HistoryStore:
    """The history database. Every write is one short ``BEGIN IMMEDIATE`` transaction."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        # Text another program wrote may not be UTF-8: read it as the bytes it is (shown as
        # \xNN on output), not as a UnicodeDecodeError.
        connection.text_factory = _text
        self._db = connection
        self.path = path
        self.live_dir = path.with_name(path.name + ".live")
        self._timeout = BUSY_TIMEOUT
        self._waiting = False
        """Whether rows waited to be checked when the view was made."""
        self._tracked = False
        """Whether schema 6's bookkeeping of checked rows is there (see :meth:`_views`)."""
        self._unreadable: int | None = None

    @classmethod
    def open(cls, path: Path, *, timeout: float = BUSY_TIMEOUT) -> HistoryStore:
        """Open (creating, migrating and recovering as needed).

        Args:
            path: the database file.
            timeout: how long to wait for another process's write before giving up with
                :class:`HistoryBusy`.

        Raises:
            HistoryError: the file cannot be used; the subclass says whether waiting
                (:class:`HistoryBusy`), reading only (:class:`HistoryReadOnly`) or moving the
                file aside (:class:`HistoryDamaged`) can help.
        """
        try:
            make_dirs(path.parent)
        except OSError as error:
            raise HistoryReadOnly(
                f"{error.filename or path.parent} cannot be created ({describe_os_error(error)})"
            ) from None
        try:
            connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise _explain(path, error) from None
        store = cls(connection, path)
        store._timeout = timeout
        try:
            store._prepare()
            store.recover()
            store.check_rows()
        except BaseException:
            connection.close()
            raise
        return store

    @classmethod
    def open_readonly(cls, path: Path) -> HistoryStore:
        """Open for reading only: for a history in a folder (or on a disk) that cannot be
        written. Nothing is migrated or recovered; a file of an older schema is refused.

        Raises:
            HistoryError: the file cannot be read.
        """
        uri = f"{path.resolve().as_uri()}?mode=ro"
        store: HistoryStore | None = None
        for query in ("", "&immutable=1"):  # WAL needs its -shm file unless immutable
            try:
                connection = sqlite3.connect(
                    uri + query, uri=True, timeout=1.0, isolation_level=None
                )
                store = cls(connection, path)
                version = store._version()
                store._views()
                break
            except (sqlite3.Error, UnicodeDecodeError) as error:
                if store is not None:
                    store.close()
                store = None
                failure = (
                    _explain(path, error)
                    if isinstance(error, sqlite3.Error)
                    else HistoryDamaged(f"{path} is not a valid history database")
                )
                if isinstance(failure, HistoryDamaged) or query:
                    raise failure from None
        assert store is not None
        if version != SCHEMA_VERSION:
            store.close()
            raise HistoryReadOnly(
                f"{path} is of history version {version}, and its folder cannot be written "
                f"to bring it to version {SCHEMA_VERSION}"
            )
        return store

    @classmethod
    def open_to_read(cls, path: Path) -> tuple[HistoryStore, str | None]:
        """Open to show the history: as :meth:`open`, or read-only where its folder or disk
        cannot be written (then with a note to show).

        Raises:
            HistoryError: it cannot be read either.
        """
        try:
            return cls.open(path, timeout=2.0), None
        except HistoryReadOnly as error:
            return cls.open_readonly(path), f"{error}; it is shown as it is"

    def set_timeout(self, seconds: float) -> None:
        """How long writes wait for another process's write from now on."""
        self._timeout = seconds
        with self._errors():
            self._db.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def unreadable(self) -> int:
        """How many rows are not as acutimer writes them (left out of everything shown)."""
        if self._unreadable is None:
            with self._errors():
                if self._tracked:
                    sql = (
                        "SELECT (SELECT count(*) FROM main.sessions WHERE id IN "
                        "(SELECT id FROM main.rows_left_out) AND id NOT IN "
                        "(SELECT id FROM main.rows_unchecked)) + (SELECT count(*) FROM "
                        "main.sessions WHERE id IN (SELECT id FROM main.rows_unchecked) "
                        f"AND ({_GOOD}) IS NOT 1)"
                    )
                    self._unreadable = int(self._db.execute(sql).fetchone()[0])
                else:
                    total = self._db.execute("SELECT count(*) FROM sessions").fetchone()[0]
                    good = self._db.execute(f"SELECT count(*) FROM {GOOD_SESSIONS}").fetchone()
                    self._unreadable = int(total) - int(good[0])
        return self._unreadable

    def _views(self) -> None:
        """The view of good rows, for this connection only (the file is not changed).

        With the bookkeeping of schema 6 in place, a row is checked while it is unchecked and
        left out once found bad, and when nothing waits or is left out the view is the table
        itself (so the statistics read its indexes alone); without it (a trigger dropped by
        another program, or a file opened read-only before its migration) every row is checked
        at every read.
        """
        found = {
            name
            for (name,) in self._db.execute(
                "SELECT name FROM main.sqlite_schema WHERE name IN "
                "('rows_unchecked', 'rows_left_out', 'sessions_inserted', 'sessions_updated')"
            )
        }
        self._tracked = len(found) == 4
        self._unreadable = None
        if not self._tracked:
            self._define(_GOOD)
            return
        self._waiting = self._rows_waiting()
        [(left_out,)] = self._db.execute("SELECT EXISTS (SELECT 1 FROM main.rows_left_out)")
        kept = "id NOT IN (SELECT id FROM main.rows_left_out)" if left_out else ""
        if self._waiting:
            kept = (
                f"{kept or '1'} AND id NOT IN (SELECT id FROM main.rows_unchecked) OR id IN "
                f"(SELECT id FROM main.rows_unchecked) AND ({_GOOD}) IS 1"
            )
        self._define(kept)

    def _define(self, where: str) -> None:
        self._db.execute(f"DROP VIEW IF EXISTS temp.{GOOD_SESSIONS}")
        self._db.execute(
            f"CREATE TEMP VIEW {GOOD_SESSIONS} AS SELECT * FROM main.sessions"
            + (f" WHERE {where}" if where else "")
        )

    def _rows_waiting(self) -> bool:
        [(waiting,)] = self._db.execute("SELECT EXISTS (SELECT 1 FROM main.rows_unchecked)")
        return bool(waiting)

    def _fresh_view(self) -> None:
        """Check the view still fits: a row written since (by any program) is checked too."""
        if self._tracked and not self._waiting and self._rows_waiting():
            # A view another statement of this connection is reading cannot be dropped: that
            # read goes on as it began (a write of the last moment is read unchecked).
            with contextlib.suppress(sqlite3.OperationalError):
                self._views()

    def check_rows(self) -> None:
        """Check the rows written since the last check, leaving out those that fail (once the
        history is writable and no one else is writing; else the view checks them as it reads).
        """
        if not self._tracked:
            return
        with self._errors():
            if not self._rows_waiting():
                return
        try:
            # Never a wait for another process's write: the view checks meanwhile.
            self._db.execute("PRAGMA busy_timeout = 50")
            with self._transaction() as db:
                db.execute(
                    "INSERT OR IGNORE INTO rows_left_out SELECT id FROM sessions WHERE id IN "
                    f"(SELECT id FROM rows_unchecked) AND ({_GOOD}) IS NOT 1"
                )
                db.execute(
                    "DELETE FROM rows_left_out WHERE id IN (SELECT id FROM rows_unchecked) AND "
                    f"id IN (SELECT id FROM sessions WHERE ({_GOOD}) IS 1)"
                )
                db.execute("DELETE FROM rows_unchecked")
        except (HistoryError, sqlite3.Error):
            return  # busy or read-only: the view goes on checking them
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
        with self._errors():
            self._views()

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise _explain(self.path, error) from None
        except UnicodeDecodeError:
            # SQLite's own message about the file held bytes that are not text: the schema
            # itself is damaged.
            raise HistoryDamaged(
                f"{self.path} is not a valid history database (its schema is damaged)"
            ) from None
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
                self._views()
                if not self._tracked:
                    self._repair()
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
            if version < 0:
                raise HistoryError(
                    f"{self.path} says it is history version {version}, which no acutimer "
                    "writes (another program changed it); it is left as it is"
                )
            try:
                for statements in MIGRATIONS[version:]:
                    for statement in statements:
                        db.execute(statement)
            except sqlite3.OperationalError:
                raise HistoryError(
                    f"{self.path} says it is history version {version}, but its tables are not "
                    "those of that version (another program changed it); it is left as it is"
                ) from None
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        with self._errors():
            self._views()

    def _repair(self) -> None:
        """Put back the bookkeeping of checked rows that another program dropped part of."""
        try:
            with self._transaction() as db:
                for statement in REPAIR_CHECKED:
                    db.execute(statement)
        except HistoryError:
            return  # busy or read-only: every row is checked as it is read, as before
        with self._errors():
            self._views()

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
            self._fresh_view()
            return self._db.execute(sql, params).fetchall()

    def rows(self, sql: str, params: tuple[object, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """Like :meth:`query`, one row at a time: stopping early skips the rest."""
        with self._errors():
            self._fresh_view()
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
            self._fresh_view()
            rows = self._db.execute(
                f"SELECT {_COLUMNS}, parts, gap_seconds FROM {GOOD_SESSIONS} {where} "
                f"ORDER BY {order}",
                params,
            ).fetchall()
            # The marks and presses of these sessions only (a few, with a limit), read as the
            # sessions are, in id order: point_marks first, each row's session by its id.
            ids = (
                f"session_id IN ({','.join(str(int(row[0])) for row in rows)})"
                if limit is not None
                else "1"
            )
            helped: dict[int, list[str]] = {}
            for session_id, point in self._db.execute(
                f"SELECT session_id, point FROM point_marks WHERE typeof(point) = 'text' "
                f"AND {ids} ORDER BY session_id, step, at"
            ):
                helped.setdefault(session_id, []).append(point)
            presses: dict[int, tuple[int, int, int]] = {
                row[0]: (row[1], row[2], row[3])
                for row in self._db.execute(
                    "SELECT session_id, count(*), count(CASE WHEN outcome = 'done' THEN 1 END), "
                    f"count(CASE WHEN outcome = 'missed' THEN 1 END) FROM presses WHERE {ids} "
                    "GROUP BY session_id"
                )
            }
        if limit is not None:
            rows.reverse()
        zones: dict[int, timezone] = {}
        records = []
        for (sid, name, digest, start, offset, end, status, total, done, skipped, last,
             paused, active, before, after, title, left_out, parts, gap) in rows:  # fmt: skip
            zone = zones.get(offset)
            if zone is None:
                zone = zones[offset] = timezone(timedelta(seconds=offset))
            try:
                started = datetime.fromisoformat(start).astimezone(zone)
                ended = datetime.fromisoformat(end).astimezone(zone) if end else None
            except ValueError:  # a date SQLite reads but Python does not: left out too
                continue
            records.append(
                SessionRecord(
                    sid, name, str(digest), started, ended, status, total, done, skipped,
                    last, float(paused), float(active), before, after,
                    tuple(dict.fromkeys(helped.get(sid, ()))), title, left_out,
                    *presses.get(sid, (0, 0, 0)), int(parts), float(gap),
                )
            )  # fmt: skip
        return records
