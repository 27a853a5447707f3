"""The row of one recorded session: written at its start, brought up to date, ended.

:class:`SessionRow` knows what the row says (the routine, the parts of a resumed session, the
steps done and passed, paused and active time, each press's outcome) and writes it through the
queue of :class:`~acutimer.history.pending.PendingWrites`. What is given before the row exists
(a pain rating, a mark, a press) is kept and written right after it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from acutimer.history.owners import OwnerLock
from acutimer.history.pending import WAIT_SECONDS, PendingWrites, Warn, Write
from acutimer.history.records import Progress
from acutimer.history.store import HistoryStore

if TYPE_CHECKING:
    from acutimer.history.resume import Resumable
    from acutimer.session.engine import Session
    from acutimer.session.presses import Away, Outcome, Press, PressLog


class SessionRow(PendingWrites):
    """The history row of one session, and the writes that keep it true.

    Args:
        now: gives the wall-clock time (aware, local).
        Others: as :class:`~acutimer.history.pending.PendingWrites`.
    """

    def __init__(
        self,
        store: HistoryStore | None,
        lock: OwnerLock | None,
        now: Callable[[], datetime],
        warn: Warn | None,
        path: Path | None = None,
    ) -> None:
        super().__init__(store, lock, warn, path)
        self._now = now
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

    def _held_up(self) -> None:
        if self._session is not None:
            self._session.vouch()  # the program's own wait, not a stopped process

    def _guard(self, write: Write, *, wait: float = WAIT_SECONDS) -> None:
        """Do ``write`` after any writes still pending; if the history is busy, keep them all
        for the next time (a write that only brings the row up to date is kept once)."""
        if not self.enabled:
            return
        if not (write in self._pending and write in (self._save, self._insert)):
            self._pending.append(write)
        self._flush(wait)

    def _set_pain(self, when: str, rating: int) -> None:
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
            raise ValueError(f"a pain rating is a whole number from 0 to 10, not {rating!r}")
        self._pain[when] = rating
        if self.session_id is not None:
            session_id = self.session_id
            self._guard(lambda: self._db().set_pain(session_id, when, rating))

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
