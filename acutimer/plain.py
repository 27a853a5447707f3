"""The plain-text front end: ``acutimer run ROUTINE --plain``, and any run without a terminal.

One line per phase change, written and flushed when the phase starts (see
:mod:`acutimer.plainview`). Between phases the process sleeps in ``select()`` until the next
deadline or a key, and wakes at least once a second so the engine can notice that the process was
stopped (Ctrl+Z) or the machine slept.

Keys work when stdin is a terminal: space pauses and resumes, n next step, p previous step,
r restart the step, q quits. Without keys, a session that was stopped goes on by itself.

Exit status: 0 when the session completes or the user quits with q; 130 after Ctrl+C (SIGINT);
143 after SIGTERM. Every way out prints a one-line summary.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from acutimer.config import load_config
from acutimer.cues import open_voice
from acutimer.describe import flagged_steps
from acutimer.engine import Clock, Session, State, default_clock
from acutimer.library import LoadedRoutine, load_points
from acutimer.models import Caution
from acutimer.plainview import PlainView
from acutimer.terminal import Terminal

MAX_WAIT = 1.0
"""Longest sleep between engine updates, well under :data:`acutimer.engine.STALL_SECONDS`."""

FINAL_WAIT = 0.02
"""The last stretch before a deadline, slept in one short wait of its own."""

EXIT_OK = 0

_KEYS: dict[str, Callable[[Session], object]] = {
    " ": Session.toggle_pause,
    "n": Session.next_step,
    "p": Session.previous_step,
    "r": Session.restart_step,
}


def run_plain(
    loaded: LoadedRoutine,
    args: argparse.Namespace,
    *,
    attach: Sequence[Callable[[Session], object]] = (),
    clock: Clock = default_clock,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run a session as plain text and return the exit status.

    Args:
        loaded: the routine to run.
        args: ``run``'s arguments: ``speed``, ``no_bell``, ``voice`` (``pain`` is not used yet).
        attach: called with the session just before it starts, after the view subscribed: the
            hook for more listeners, e.g. ``lambda s: recorder.attach(s, name, text)`` for the
            history, or ``lambda s: s.subscribe(listener)``.
        clock: the session's clock.
        stdin: where keys come from (keys work only if it is a terminal); sys.stdin by default.
        stdout: where the lines go; sys.stdout by default.
        stderr: where warnings go; sys.stderr by default.
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    config, warning = load_config()
    if warning:
        print(f"acutimer: {warning}", file=err)
    points = load_points()
    skip = (
        flagged_steps(loaded.routine, points, Caution.PREGNANCY)
        if config.avoid_pregnancy_points
        else []
    )
    session = Session(loaded.routine, clock=clock, speed=args.speed, skip=skip)
    voice = open_voice(err) if args.voice else None
    with Terminal(stdin) as terminal:
        view = PlainView(
            session,
            points,
            out,
            bell=config.bell and not args.no_bell,
            voice=voice,
            keys=terminal.has_keys,
        )
        session.subscribe(view.on_event)
        for hook in attach:
            hook(session)
        view.header(skip)
        # Start-up left a large heap (pydantic's schemas); a full collection of it mid-session
        # takes milliseconds and makes a cue late. Frozen objects are never scanned again.
        gc.collect()
        gc.freeze()
        try:
            session.start()
            status = drive(session, view, terminal)
        finally:
            gc.unfreeze()
        view.summary()
        return status


def drive(session: Session, view: PlainView, terminal: Terminal) -> int:
    """Run a started session to its end; returns the exit status."""
    while session.state in (State.RUNNING, State.PAUSED):
        keys = terminal.wait(_timeout(session, view, terminal))
        if terminal.stop_signal is not None:
            session.quit()
            return 128 + terminal.stop_signal
        session.update()
        if session.state is State.PAUSED and not terminal.has_keys:
            # Stopped and continued with no one at the keys: go on where it was.
            session.resume()
        view.catch_up()
        for key in keys.lower():
            if key == "q":
                session.quit()
                return EXIT_OK
            action = _KEYS.get(key)
            if action is not None:
                with view.jumping():
                    action(session)
                view.catch_up()
    return EXIT_OK


def _timeout(session: Session, view: PlainView, terminal: Terminal) -> float | None:
    """Seconds to sleep: until the phase's deadline or the next breath cue, at most MAX_WAIT."""
    deadline = session.next_deadline()
    if deadline is None:
        # Paused: only a key (or a signal) can change anything.
        return None if terminal.has_keys else MAX_WAIT
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
