"""The history's connection and the check of its rows.

A row another program changed (a date that is not one, text where a number goes) is left out of
everything shown, not added up as nonsense: the ``good_sessions`` view holds the rows that are
what acutimer writes. Schema 6 keeps a list of rows written since the last check and of those
found bad, so a row is checked once, not at every read; :class:`RowChecks` holds the
connection, its transactions and errors, that view and that bookkeeping.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from acutimer.history.errors import HistoryDamaged, HistoryError, explain

BUSY_TIMEOUT = 10.0
"""How long a write waits for another process's write (``acutimer history``, imports, tests)."""

GOOD_SESSIONS = "good_sessions"
"""A view of the rows that are what acutimer writes (see :data:`_GOOD`): statistics read it, so
a row another program changed (a date that is not one, text where a number goes) is left out,
not added up as nonsense. :meth:`RowChecks.unreadable` counts the rest."""
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


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


class RowChecks:
    """The history's connection, its transactions and errors, and the view of its good rows."""

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
            raise explain(self.path, error) from None
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
