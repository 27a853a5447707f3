"""Writing to a history that may be busy or broken, without ever holding a front end up.

A history that another process is writing to (another acutimer, a backup tool) is never waited
on for long: opening and each write give up after :data:`WAIT_SECONDS`, and what could not be
written is kept, in order, and written at the next write, or when the recorder closes (waiting
a little longer then, since the session is over). A history that cannot be used at all turns
recording off with one warning. :class:`PendingWrites` holds that queue; the
:class:`~acutimer.history.recorder.Recorder` decides what to write.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from acutimer.history.errors import HistoryBusy, HistoryError
from acutimer.history.owners import OwnerLock
from acutimer.history.store import HistoryStore

Warn = Callable[[str], None]
Write = Callable[[], None]

WAIT_SECONDS = 0.25
"""How long opening the history, or a write during a session, waits for another process."""
FINAL_WAIT_SECONDS = 3.0
"""How long the last writes wait, when the recorder closes after the session."""
RETRY_SECONDS = 1.0
"""How soon a history that was busy is tried again."""


def off_warning(error: Exception, when: str) -> str:
    """The warning shown when history turns off: why, and what becomes of the session."""
    return f"history is off: {error}; {when}"


class PendingWrites:
    """The writes of one recorder to its history, kept while the history is busy.

    Args:
        store: the open history, or None while it was busy at first.
        lock: the lock that says this process is alive (see :mod:`acutimer.history.owners`).
        warn: called once if history turns off later.
        path: where to open the history when it was busy at first.
    """

    def __init__(
        self,
        store: HistoryStore | None,
        lock: OwnerLock | None,
        warn: Warn | None,
        path: Path | None = None,
    ) -> None:
        self._store = store
        self._lock: OwnerLock | None = lock
        self._path = path
        """Where to open the history when it was busy at first (``store`` is then None)."""
        self._tried = time.monotonic() if store is None else float("-inf")
        """When the history was last found busy."""
        self._pending: list[Write] = []
        """Writes that found the history busy, in order: tried again at the next one."""
        self._closed = False
        self._on_busy: Callable[[], None] | None = None
        self._warn = warn
        self.warning: str | None = None
        """Set when history turned off during the session (the front end may show it)."""

    @staticmethod
    def _open_store(path: Path, wait: float) -> tuple[HistoryStore, OwnerLock]:
        store = HistoryStore.open(path, timeout=wait)
        try:
            store.check()
            lock = OwnerLock(store.live_dir)
        except OSError as error:
            store.close()
            raise HistoryError(f"{store.live_dir}: {error.strerror or error}") from None
        except BaseException:
            store.close()
            raise
        return store, lock

    @property
    def enabled(self) -> bool:
        """Whether the session is still being recorded (or will be, once the history is free)."""
        return self.warning is None and not self._closed

    @property
    def pending(self) -> bool:
        """Whether writes are waiting for the history to be free (call :meth:`retry`)."""
        return bool(self._pending) and self.enabled

    def retry(self) -> None:
        """Try the writes that found the history busy again (at most once a second; cheap
        when there are none). Front ends call it now and then, so a session is recorded even
        if no step ends while it waits."""
        if self.pending:
            self._flush()

    def _store_timeout(self, seconds: float) -> None:
        if self._store is not None:
            self._store.set_timeout(seconds)

    def _held_up(self) -> None:
        """Called when a write held the front end up for more than a second."""

    def _flush(self, wait: float = WAIT_SECONDS) -> None:
        started = time.monotonic()
        if wait <= WAIT_SECONDS and started - self._tried < RETRY_SECONDS:
            return  # busy a moment ago: not worth another wait yet
        try:
            if self._store is None and not self._reopen(wait):
                return
            while self._pending:
                self._pending[0]()
                self._pending.pop(0)
        except HistoryBusy:
            self._tried = time.monotonic()  # kept: tried again at a later write
            if self._on_busy is not None:
                self._on_busy()
        except (HistoryError, OSError, sqlite3.Error) as error:
            self._turn_off(error)
        finally:
            if time.monotonic() - started > 1.0:
                self._held_up()

    def _guard_errors(self, write: Write) -> None:
        try:
            write()
        except (HistoryError, OSError, sqlite3.Error) as error:
            self._turn_off(error)

    def _reopen(self, wait: float) -> bool:
        """Open the history that was busy at first, at most every :data:`RETRY_SECONDS`."""
        if self._path is None:
            return False
        try:
            self._store, self._lock = self._open_store(self._path, wait)
        except HistoryBusy:
            self._tried = time.monotonic()
            if self._on_busy is not None:
                self._on_busy()
            return False
        return True

    def _turn_off(self, error: Exception, when: str = "this session is no longer recorded") -> None:
        self.warning = off_warning(error, when)
        self._pending.clear()
        self._release()
        if self._warn is not None:
            self._warn(self.warning)

    def _release(self) -> None:
        lock, self._lock = self._lock, None
        store, self._store = self._store, None
        try:
            if lock is not None:
                lock.release()
            if store is not None:
                store.close()
        except (OSError, sqlite3.Error) as error:
            if self.warning is None:
                self._turn_off(error)

    def _db(self) -> HistoryStore:
        if self._store is None:
            raise HistoryBusy("the history is not open yet")
        return self._store
