"""Opening the history: creating, migrating, recovering, or reading only.

A crash (``kill -9``, a closed terminal) leaves a row ``running``. Whether its process is gone is
the operating system's word, not a guess: while a session records, its process holds an exclusive
lock (``flock``) on a file named by the row's ``owner`` token in ``history.sqlite3.live/``. The OS
drops the lock when the process dies, however it dies. Every open of the store looks at the
``running`` rows and abandons those whose lock can be taken (or whose file is gone): they keep the
progress of their last completed step, and end at their last update. A session running in
another terminal holds its lock and is left alone; a reused pid or a reboot cannot fool the rule.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Self

from acutimer.fsutil import describe_os_error, make_dirs
from acutimer.history.errors import HistoryDamaged, HistoryError, HistoryReadOnly, explain
from acutimer.history.owners import owner_alive, sweep
from acutimer.history.rowchecks import BUSY_TIMEOUT, RowChecks
from acutimer.history.schema import MIGRATIONS, REPAIR_CHECKED, SCHEMA_VERSION


class OpenedStore(RowChecks):
    """The history as it is opened: :meth:`open` brings its file to the current schema and
    abandons the sessions whose process is gone."""

    @classmethod
    def open(cls, path: Path, *, timeout: float = BUSY_TIMEOUT) -> Self:
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
            raise explain(path, error) from None
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
    def open_readonly(cls, path: Path) -> Self:
        """Open for reading only: for a history in a folder (or on a disk) that cannot be
        written. Nothing is migrated or recovered; a file of an older schema is refused.

        Raises:
            HistoryError: the file cannot be read.
        """
        uri = f"{path.resolve().as_uri()}?mode=ro"
        store: Self | None = None
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
                    explain(path, error)
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
    def open_to_read(cls, path: Path) -> tuple[Self, str | None]:
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
