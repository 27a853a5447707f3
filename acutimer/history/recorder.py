"""Session history for front ends: a :class:`Recorder` writes a running session into the store.

The store itself (schema, migrations, crash recovery) is :mod:`acutimer.history.store`; its main
names are re-exported here. Nothing here raises into a front end because of the database: a file
that cannot be used turns history off with one warning, and the session runs on.

A history that another process is writing to (another acutimer, a backup tool) is never waited
on for long (:mod:`acutimer.history.pending` keeps the writes it could not make yet). If a wait
did hold the front end up, the recorder tells the engine
(:meth:`~acutimer.session.engine.Session.vouch`), so the stall detector does not take the
program's own wait for the user stopping it. :mod:`acutimer.history.row` writes the row.

No textual import, and the engine only inside :meth:`Recorder.attach`, so ``acutimer history``
stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from acutimer.history.errors import HistoryBusy, HistoryError
from acutimer.history.pending import FINAL_WAIT_SECONDS, WAIT_SECONDS, Warn, off_warning
from acutimer.history.records import SessionRecord, content_hash, local_now
from acutimer.history.row import SessionRow
from acutimer.history.store import HistoryStore, history_path

if TYPE_CHECKING:
    from acutimer.history.resume import Resumable
    from acutimer.session.engine import Session
    from acutimer.session.events import Event
    from acutimer.session.presses import Away, Outcome, Press

__all__ = ["HistoryError", "HistoryStore", "Recorder", "SessionRecord", "history_path"]


class Recorder(SessionRow):
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
            return None, off_warning(error, "the session runs without it")
        recorder = cls(store, lock, now, on_warning, path)
        recorder._on_busy = on_busy
        return recorder, None

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
