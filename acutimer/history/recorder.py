"""Session history for front ends: a :class:`Recorder` writes a running session into the store.

The store itself (schema, migrations, crash recovery) is :mod:`acutimer.history.store`; its main
names are re-exported here. Nothing here raises into a front end because of the database: a file
that cannot be used turns history off with one warning, and the session runs on.

A history that another process is writing to (another acutimer, a backup tool) is never waited
on for long: opening and each write give up after :data:`WAIT_SECONDS`, and what could not be
written is written at the next step, or when the recorder closes (waiting a little longer
then, since the session is over). If a wait did hold the front end up, the recorder tells the
engine (:meth:`~acutimer.session.engine.Session.vouch`), so the stall detector does not take the
program's own wait for the user stopping it.

No textual import, and the engine only inside :meth:`Recorder.attach`, so ``acutimer history``
stays fast.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from acutimer.history.errors import HistoryBusy, HistoryError
from acutimer.history.owners import OwnerLock
from acutimer.history.records import Progress, SessionRecord, content_hash, local_now
from acutimer.history.store import HistoryStore, history_path

if TYPE_CHECKING:
    from acutimer.history.resume import Resumable
    from acutimer.session.engine import Session
    from acutimer.session.events import Event
    from acutimer.session.presses import Away, Outcome, Press, PressLog

__all__ = ["HistoryError", "HistoryStore", "Recorder", "SessionRecord", "history_path"]

Warn = Callable[[str], None]
Write = Callable[[], None]

WAIT_SECONDS = 0.25
"""How long opening the history, or a write during a session, waits for another process."""
FINAL_WAIT_SECONDS = 3.0
"""How long the last writes wait, when the recorder closes after the session."""
RETRY_SECONDS = 1.0
"""How soon a history that was busy is tried again."""


def _off(error: Exception, when: str) -> str:
    return f"history is off: {error}; {when}"


class Recorder:
    """Records one session into the history, from its events. One Recorder per session.

    Use :meth:`open`, then :meth:`attach` before (or right after) ``session.start()``, and
    :meth:`close` when the front end is done with the session (a ``with`` block does it). A row is
    written at the start (or, for a resumed session, reopened), updated at each step finished
    or skipped, at a pause and at a jump back, and ended at the finish or the abandon;
    :meth:`close` ends a row still running as abandoned. So a process killed at any moment
    leaves a row that :mod:`acutimer.history.resume` can carry on from. In a session with long
    waits, each press's outcome (:mod:`acutimer.session.presses`) is written as it is known,
    in a short transaction of its own; a resumed session keeps the outcomes of its earlier parts.
    """

    def __init__(
        self,
        store: HistoryStore | None,
        lock: OwnerLock | None,
        now: Callable[[], datetime],
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
        self._now = now
        self._warn = warn
        self.warning: str | None = None
        """Set when history turned off during the session (the front end may show it)."""
        self.session_id: int | None = None
        """The session's row id, once written."""
        self._session: Session | None = None
        self._routine = ("", "")
        self._pain: dict[str, int] = {}
        self._marks: list[tuple[int, str, datetime]] = []
        self._presses: PressLog | None = None
        self._press_queue: list[tuple[Press, Outcome, Away | None, datetime]] = []
        self._started = now()
        self._clock0 = 0.0
        self._deadline: float | None = None
        self._paused_since: float | None = None
        self._stalled = 0.0
        self._running = False
        self._resuming: Resumable | None = None
        self._earlier = (0.0, 0.0)
        """Paused and active seconds of the earlier parts of a resumed session."""

    @classmethod
    def open(
        cls,
        home: Path | None = None,
        *,
        now: Callable[[], datetime] = local_now,
        on_warning: Warn | None = None,
        on_busy: Callable[[], None] | None = None,
    ) -> tuple[Recorder | None, str | None]:
        """A recorder, or None and a warning to show when the history cannot be used.

        Never raises for a corrupt, newer or unwritable database. ``home`` defaults to the
        acutimer home dir; ``now`` gives the wall-clock time (aware, local); ``on_warning`` is
        called once if history turns off later, mid-session; ``on_busy`` each time writes are
        left waiting for a busy history (to call :meth:`retry` in a moment).
        """
        path = history_path(home)
        try:
            store, lock = cls._open_store(path, WAIT_SECONDS)
        except HistoryBusy:
            notice = (
                f"{path} is busy (another program is writing to it); this session is "
                "recorded once it is free"
            )
            waiting = cls(None, None, now, on_warning, path)
            waiting._on_busy = on_busy
            return waiting, notice
        except HistoryError as error:
            return None, _off(error, "the session runs without it")
        recorder = cls(store, lock, now, on_warning, path)
        recorder._on_busy = on_busy
        return recorder, None

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

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def enabled(self) -> bool:
        """Whether the session is still being recorded (or will be, once the history is free)."""
        return self.warning is None and not self._closed

    def attach(
        self,
        session: Session,
        routine_name: str,
        routine_text: str,
        *,
        resuming: Resumable | None = None,
    ) -> None:
        """Record ``session`` (of the routine ``routine_name`` whose file text is given).

        ``resuming``: the session cut short that ``session`` carries on (it was made with that
        one's done and passed steps). Its row is reopened rather than a new one written.
        """
        from acutimer.session.events import State

        if self._session is not None:
            raise RuntimeError("a Recorder records one session; open another for the next")
        from acutimer.session.presses import PressLog

        self._session = session
        self._resuming = resuming
        self._routine = (routine_name, content_hash(routine_text))
        session.subscribe(self._on_event)
        self._presses = PressLog(session, self._on_press)
        if session.state is not State.READY:
            self._guard(self._insert)
            if session.state in (State.FINISHED, State.ABANDONED):
                self._guard(lambda: self._end(session.state.value))

    def set_pain_before(self, rating: int) -> None:
        """The pain rating (0-10) before the session."""
        self._set_pain("before", rating)

    def set_pain_after(self, rating: int) -> None:
        """The pain rating (0-10) after the session."""
        self._set_pain("after", rating)

    def mark_helped(self, step_index: int, point_code: str) -> None:
        """Mark the point of a step as "this point helped"."""
        if self.session_id is None:
            self._marks.append((step_index, point_code, self._now()))
            return
        session_id, at = self.session_id, self._now()
        self._guard(lambda: self._db().mark(session_id, step_index, point_code, at))

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

    def unmark_helped(self, step_index: int, point_code: str) -> None:
        """Take back a "this point helped" mark (the h key pressed again)."""
        if self.session_id is None:
            self._marks = [m for m in self._marks if m[:2] != (step_index, point_code)]
            return
        session_id = self.session_id
        self._guard(lambda: self._db().unmark(session_id, step_index, point_code))

    def close(self) -> None:
        """Stop recording: a row still running ends as abandoned; the lock and file are let go.

        Writes still waiting for a busy history get a last, longer wait.
        """
        if self._closed:
            return
        if self.enabled and (self._pending or self._running or self._store is None):
            self._tried = float("-inf")  # try now, however recently
            if self._store is not None:
                self._guard_errors(lambda: self._store_timeout(FINAL_WAIT_SECONDS))
            if self._session is not None and self._session.state.value != "ready":
                self._guard(self._insert, wait=FINAL_WAIT_SECONDS)
            if self._running:
                if self._presses is not None:
                    self._presses.ended()  # a press it was paused through, before the row ends
                self._guard(lambda: self._end("abandoned"), wait=FINAL_WAIT_SECONDS)
            if self._pending and self.warning is None:
                busy = HistoryBusy(f"{self._path or 'the history'} stayed busy")
                self._turn_off(busy, "this session is not recorded")
        self._release()
        self._closed = True

    def _store_timeout(self, seconds: float) -> None:
        if self._store is not None:
            self._store.set_timeout(seconds)

    # --- internals ----------------------------------------------------------------------------

    def _set_pain(self, when: str, rating: int) -> None:
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
            raise ValueError(f"a pain rating is a whole number from 0 to 10, not {rating!r}")
        self._pain[when] = rating
        if self.session_id is not None:
            session_id = self.session_id
            self._guard(lambda: self._db().set_pain(session_id, when, rating))

    def _guard(self, write: Write, *, wait: float = WAIT_SECONDS) -> None:
        """Do ``write`` after any writes still pending; if the history is busy, keep them all
        for the next time (a write that only brings the row up to date is kept once)."""
        if not self.enabled:
            return
        if not (write in self._pending and write in (self._save, self._insert)):
            self._pending.append(write)
        self._flush(wait)

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
            if time.monotonic() - started > 1.0 and self._session is not None:
                self._session.vouch()  # the program's own wait, not a stopped process

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
        self.warning = _off(error, when)
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

    def _on_event(self, event: Event) -> None:
        from acutimer.session.events import EventKind, State

        session = self._session
        assert session is not None
        if self.session_id is None:
            self._guard(self._insert)
        kind = event.kind
        if kind is EventKind.PHASE_STARTED:
            self._deadline = session.next_deadline()
        elif kind is EventKind.STEP_STARTED and event.jumped:
            # Going back takes steps out of those passed over: a resume must know.
            self._guard(self._save)
        elif kind is EventKind.RESUMED:
            self._deadline = session.next_deadline()
            self._paused_since = None
        elif kind is EventKind.PAUSED:
            now = session.clock()
            self._paused_since = now
            if event.stalled and self._deadline is not None:
                # The engine counts a stall (Ctrl+Z, sleep) from when it noticed, not from when
                # time stopped: the phase's deadline and what remains tell when that was.
                stopped_at = self._deadline - session.remaining() / session.speed
                self._stalled += max(0.0, now - stopped_at)
            # A process killed while paused then ends at its pause, not at its last step.
            self._guard(self._save)
        elif kind in (EventKind.STEP_FINISHED, EventKind.STEP_SKIPPED):
            self._guard(self._save)
        elif kind is EventKind.SESSION_FINISHED:
            self._guard(lambda: self._end(State.FINISHED.value))
        elif kind is EventKind.SESSION_ABANDONED:
            if self._presses is not None:
                self._presses.ended()  # a press it was paused through, before the row ends
            self._guard(lambda: self._end(State.ABANDONED.value))

    def _on_press(self, press: Press, outcome: Outcome, away: Away | None) -> None:
        session = self._session
        assert session is not None
        at = self._started + timedelta(seconds=max(0.0, session.clock() - self._clock0))
        if self.session_id is None:
            self._press_queue.append((press, outcome, away, at))
            return
        session_id = self.session_id
        self._guard(lambda: self._write_press(session_id, press, outcome, away, at))

    def _write_press(
        self, session_id: int, press: Press, outcome: Outcome, away: Away | None, at: datetime
    ) -> None:
        why = away.value if away is not None else None
        self._db().press(session_id, press.step, press.number, outcome.value, why, at)

    def _insert(self) -> None:
        session = self._session
        assert session is not None
        if self.session_id is not None:
            return
        store = self._db()
        assert self._lock is not None
        # Recorded from the session's start, however late the row is written.
        since = session.clock() - session.started_clock if session.started_clock else 0.0
        self._started = self._now() - timedelta(seconds=max(0.0, since))
        self._clock0 = session.clock() - max(0.0, since)
        name, digest = self._routine
        total = len(session.routine.steps)
        left_out = len(session.skipped_upfront)
        presses = [
            (p.step, p.number, p.side.value if p.side else None, p.repeat)
            for p in (self._presses.presses if self._presses is not None else [])
        ]
        earlier = self._resuming
        if earlier is not None:
            # A failure here (resumed elsewhere first) turns history off: never a second row.
            gap = (self._started - earlier.ended_at).total_seconds()
            store.reopen(
                earlier.id,
                self._started,
                self._lock.token,
                steps_left_out=left_out,
                gap=gap,
                presses=presses,
            )
            [(paused, active)] = store.query(
                "SELECT paused_seconds, active_seconds FROM sessions WHERE id = ?", (earlier.id,)
            )
            self._earlier = (float(paused), float(active))
            session_id = earlier.id
        else:
            session_id = store.start(
                name,
                digest,
                self._started,
                total,
                self._lock.token,
                title=session.routine.title,
                steps_left_out=left_out,
                presses=presses,
            )
        self.session_id = session_id
        self._running = True
        # What was given before the row existed is written next, before anything else waits.
        later: list[Write] = [
            functools.partial(self._write_press, session_id, press, outcome, away, at)
            for press, outcome, away, at in self._press_queue
        ]
        self._press_queue.clear()
        later += [
            functools.partial(store.set_pain, session_id, when, rating)
            for when, rating in self._pain.items()
        ]
        later += [functools.partial(store.mark, session_id, *mark) for mark in self._marks]
        self._pending[1:1] = later

    def _progress(self) -> Progress:
        session = self._session
        assert session is not None
        now = session.clock()
        span = max(0.0, now - self._clock0)
        paused = session.paused_seconds + self._stalled
        if self._paused_since is not None and session.state.value == "paused":
            paused += now - self._paused_since
        paused = min(paused, span)
        paused_before, active_before = self._earlier
        upfront = set(session.skipped_upfront)
        return Progress(
            updated_at=self._started + timedelta(seconds=span),
            steps_done=len(session.completed),
            steps_skipped=len(session.skipped),
            last_step=session.completed[-1] if session.completed else None,
            paused_seconds=round(paused_before + paused, 3),
            active_seconds=round(active_before + span - paused, 3),
            done=tuple(session.completed),
            passed=tuple(s for s in session.skipped if s not in upfront),
        )

    def _save(self) -> None:
        if self._running and self.session_id is not None:
            self._db().save(self.session_id, self._progress())

    def _end(self, state: str) -> None:
        if not self._running or self.session_id is None:
            return
        status = "completed" if state == "finished" else "abandoned"
        self._db().save(self.session_id, self._progress(), status)
        self._running = False
        if self._lock is not None:
            # The row no longer runs: let go of the lock now, keep the store for pain_after.
            self._lock.release()
