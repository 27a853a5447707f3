"""Session history for front ends: a :class:`Recorder` writes a running session into the store.

The store itself (schema, migrations, crash recovery) is :mod:`acutimer.history.store`; its main
names are re-exported here. Nothing here raises into a front end because of the database: a file
that cannot be used turns history off with one warning, and the session runs on.

No textual import, and the engine only inside :meth:`Recorder.attach`, so ``acutimer history``
stays fast.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from acutimer.history.owners import OwnerLock
from acutimer.history.records import Progress, SessionRecord, content_hash, local_now
from acutimer.history.store import HistoryError, HistoryStore, history_path

if TYPE_CHECKING:
    from acutimer.history.resume import Resumable
    from acutimer.session.engine import Session
    from acutimer.session.events import Event
    from acutimer.session.presses import Away, Outcome, Press, PressLog

__all__ = ["HistoryError", "HistoryStore", "Recorder", "SessionRecord", "history_path"]

Warn = Callable[[str], None]


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
        self, store: HistoryStore, lock: OwnerLock, now: Callable[[], datetime], warn: Warn | None
    ) -> None:
        self._store = store
        self._lock: OwnerLock | None = lock
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
    ) -> tuple[Recorder | None, str | None]:
        """A recorder, or None and a warning to show when the history cannot be used.

        Never raises for a corrupt, newer or unwritable database. ``home`` defaults to the
        acutimer home dir; ``now`` gives the wall-clock time (aware, local); ``on_warning`` is
        called once if history turns off later, mid-session.
        """
        path = history_path(home)
        try:
            store = HistoryStore.open(path)
        except HistoryError as error:
            return None, _off(error, "the session runs without it")
        try:
            store.check()
            lock = OwnerLock(store.live_dir)
        except (HistoryError, OSError) as error:
            store.close()
            return None, _off(error, "the session runs without it")
        return cls(store, lock, now, on_warning), None

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def enabled(self) -> bool:
        """Whether the session is still being recorded."""
        return self.warning is None and self._lock is not None

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
        session_id = self.session_id
        self._guard(lambda: self._store.mark(session_id, step_index, point_code, self._now()))

    def unmark_helped(self, step_index: int, point_code: str) -> None:
        """Take back a "this point helped" mark (the h key pressed again)."""
        if self.session_id is None:
            self._marks = [m for m in self._marks if m[:2] != (step_index, point_code)]
            return
        session_id = self.session_id
        self._guard(lambda: self._store.unmark(session_id, step_index, point_code))

    def close(self) -> None:
        """Stop recording: a row still running ends as abandoned; the lock and file are let go."""
        if self._running:
            if self._presses is not None:
                self._presses.ended()
            self._guard(lambda: self._end("abandoned"))
        self._release()

    # --- internals ----------------------------------------------------------------------------

    def _set_pain(self, when: str, rating: int) -> None:
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
            raise ValueError(f"a pain rating is a whole number from 0 to 10, not {rating!r}")
        self._pain[when] = rating
        if self.session_id is not None:
            session_id = self.session_id
            self._guard(lambda: self._store.set_pain(session_id, when, rating))

    def _guard(self, write: Callable[[], None]) -> None:
        if not self.enabled:
            return
        try:
            write()
        except (HistoryError, OSError, sqlite3.Error) as error:
            self._turn_off(error)

    def _turn_off(self, error: Exception) -> None:
        self.warning = _off(error, "this session is no longer recorded")
        self._release()
        if self._warn is not None:
            self._warn(self.warning)

    def _release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is None:
            return
        try:
            lock.release()
            self._store.close()
        except (OSError, sqlite3.Error) as error:
            if self.warning is None:
                self._turn_off(error)

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
        self._store.press(session_id, press.step, press.number, outcome.value, why, at)

    def _insert(self) -> None:
        session = self._session
        assert session is not None and self._lock is not None
        self._started = self._now()
        self._clock0 = session.clock()
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
            self._store.reopen(
                earlier.id,
                self._started,
                self._lock.token,
                steps_left_out=left_out,
                gap=gap,
                presses=presses,
            )
            [(paused, active)] = self._store.query(
                "SELECT paused_seconds, active_seconds FROM sessions WHERE id = ?", (earlier.id,)
            )
            self._earlier = (float(paused), float(active))
            self.session_id = earlier.id
        else:
            self.session_id = self._store.start(
                name,
                digest,
                self._started,
                total,
                self._lock.token,
                title=session.routine.title,
                steps_left_out=left_out,
                presses=presses,
            )
        self._running = True
        for press, outcome, away, at in self._press_queue:
            self._write_press(self.session_id, press, outcome, away, at)
        self._press_queue.clear()
        for when, rating in self._pain.items():
            self._store.set_pain(self.session_id, when, rating)
        for step, point, at in self._marks:
            self._store.mark(self.session_id, step, point, at)

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
            self._store.save(self.session_id, self._progress())

    def _end(self, state: str) -> None:
        if not self._running or self.session_id is None:
            return
        status = "completed" if state == "finished" else "abandoned"
        self._store.save(self.session_id, self._progress(), status)
        self._running = False
        if self._lock is not None:
            # The row no longer runs: let go of the lock now, keep the store for pain_after.
            self._lock.release()
