"""The plain runner's loop: a started session driven to its end by its deadlines and keys.

Between phases the process sleeps in ``select()`` until the next deadline, the next breath cue or
a key, and wakes at least once a second (:data:`MAX_WAIT`) so the engine can notice that the
process was stopped (Ctrl+Z) or the machine slept. Keys: space, n, p, r, h, q (asks; y ends),
Enter (back after a long wait) and w (wait for me); see :mod:`acutimer.plain.runner`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from acutimer.plain.terminal import Terminal
from acutimer.plain.view import PlainView
from acutimer.routine.errors import EXIT_OK
from acutimer.session.engine import Session
from acutimer.session.events import State

MAX_WAIT = 1.0
"""Longest sleep between engine updates, well under
:data:`acutimer.session.engine.STALL_SECONDS`."""

FINAL_WAIT = 0.02
"""The last stretch before a deadline, slept in one short wait of its own."""


_KEYS: dict[str, Callable[[Session], object]] = {
    " ": Session.toggle_pause,
    "n": Session.next_step,
    "p": Session.previous_step,
    "r": Session.restart_step,
}


def drive(
    session: Session,
    view: PlainView,
    terminal: Terminal,
    mark: Callable[[], object] | None = None,
    also: Callable[[], float | None] | None = None,
    *,
    idle: Callable[[], object] | None = None,
) -> int:
    """Run a started session to its end; returns the exit status. ``mark`` is the h key;
    ``also`` gives one more clock time to wake at (the title's next change); ``idle`` is called
    at each wake (the history retries writes a busy database held up)."""
    question: _Question | None = None
    while session.state in (State.RUNNING, State.PAUSED):
        keys = terminal.wait(_timeout(session, view, terminal, also() if also else None))
        if terminal.stop_signal is not None:
            session.quit()
            return 128 + terminal.stop_signal
        if idle is not None:
            idle()
        session.update()
        if session.state is State.PAUSED and not terminal.has_keys:
            # Stopped and continued with no one at the keys: go on where it was.
            session.resume()
        view.catch_up()
        for key in keys.lower():
            session.saw_user()  # any key: the user is here (after a long wait: back)
            if question is not None:
                if key == "y":
                    session.quit()
                    return EXIT_OK
                if question.was_running:
                    session.resume()
                else:
                    view.still_paused()
                question = None
                continue
            if key == "q":
                question = _Question(was_running=session.state is State.RUNNING)
                if question.was_running:
                    with view.asking():
                        session.pause()
                view.ask_to_end()
                continue
            if key == "h" and mark is not None:
                mark()
                continue
            if key in "\r\n":
                session.carry_on()
                view.catch_up()
                continue
            if key == "w":
                session.wait_for_me = not session.wait_for_me
                view.wait_for_me_changed()
                continue
            action = _KEYS.get(key)
            if action is not None:
                with view.jumping():
                    action(session)
                view.catch_up()
    return EXIT_OK


@dataclass(frozen=True)
class _Question:
    """q was pressed: "end the session now?" waits for its answer (the next key)."""

    was_running: bool
    """Whether the session ran before the question paused it (a no resumes it)."""


def _timeout(
    session: Session, view: PlainView, terminal: Terminal, also: float | None = None
) -> float | None:
    """Seconds to sleep: until the phase's deadline, the next breath cue or ``also``, at most
    MAX_WAIT."""
    deadline = session.next_deadline()
    if deadline is None:
        # Paused: only a key (or a signal) can change anything.
        return None if terminal.has_keys else MAX_WAIT
    if also is not None:
        deadline = min(deadline, also)
    mark = view.next_mark()
    if mark is not None:
        at = session.clock_at(mark)
        if at is not None:
            deadline = min(deadline, at)
    left = max(0.0, deadline - session.clock())
    if left <= FINAL_WAIT:
        return left
    # The kernel may end a select() late by 0.1% of its timeout (1 ms on a second): stop short,
    # then sleep the last few ms on their own.
    return min(MAX_WAIT, left - FINAL_WAIT)
