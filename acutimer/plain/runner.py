"""The plain-text front end: ``acutimer run ROUTINE --plain``, and any run without a terminal.

One line per phase change, written and flushed when the phase starts (see
:mod:`acutimer.plain.view`). Between phases the process sleeps in ``select()`` until the next
deadline or a key, and wakes at least once a second so the engine can notice that the process was
stopped (Ctrl+Z) or the machine slept (that loop, and the keys, are in :mod:`acutimer.plain.loop`).

Keys work when stdin is a terminal: space pauses and resumes, n next step, p previous step,
r restart the step, h marks the point as helpful (h again takes it back), q asks whether to end
the session (y ends it; any other key carries on); after a long wait, Enter says you are back
(a session waiting for you goes on) and w turns "wait for me" on or off for the session.
Without keys, a session that was stopped goes on by itself. Keys typed before the pain question
after the session are dropped, so that a key meant for the session never lands in the answer.

A session at speed 1 is recorded in the history (see :mod:`acutimer.plain.prompts`), with pain
ratings asked on the terminal before and after when that is on.

Exit status: 0 when the session completes or the user quits with q; 130 after Ctrl+C (SIGINT),
also at the pain question before the start; 143 after SIGTERM; 129 after SIGHUP (the terminal
closed). Every way out of a started session prints a one-line summary and leaves its history row
completed or abandoned.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from acutimer.config import Config, load_settings
from acutimer.config.load import overrides_from
from acutimer.history.recorder import Recorder
from acutimer.history.records import local_now
from acutimer.history.resume import Resumable, describe_span, offer_text, where_it_stopped
from acutimer.plain.loop import drive
from acutimer.plain.prompts import (
    PAIN_AFTER,
    PAIN_BEFORE,
    Marks,
    ask_pain,
    ask_resume,
    open_recorder,
)
from acutimer.plain.terminal import Terminal, drop_typeahead
from acutimer.plain.view import PlainView
from acutimer.reach import Reach
from acutimer.routine.adapt import adapt, conditions_from
from acutimer.routine.errors import EXIT_INTERRUPTED, EXIT_OK
from acutimer.routine.loading import LoadedRoutine
from acutimer.routine.points import load_points
from acutimer.safetext import guard, write_control
from acutimer.session.clock import Clock, default_clock
from acutimer.session.cues import Cues
from acutimer.session.engine import Session
from acutimer.session.events import State


def run_plain(
    loaded: LoadedRoutine,
    args: argparse.Namespace,
    *,
    attach: Sequence[Callable[[Session], object]] = (),
    clock: Clock = default_clock,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    resume: Resumable | None = None,
    offer: Resumable | None = None,
    note: str = "",
) -> int:
    """Run a session as plain text and return the exit status.

    Args:
        loaded: the routine to run.
        args: ``run``'s arguments: ``speed``, ``no_bell``, ``voice``, ``pain`` (None: as the
            settings say), ``map`` (draw each point on a body map; absent: no).
        attach: called with the session just before it starts, after the view and the history
            subscribed: the hook for more listeners, e.g. ``lambda s: s.subscribe(listener)``.
        clock: the session's clock.
        stdin: where keys come from (keys work only if it is a terminal); sys.stdin by default.
        stdout: where the lines go; sys.stdout by default.
        stderr: where warnings go; sys.stderr by default.
        resume: the session cut short this one carries on (``acutimer resume``).
        offer: a session cut short to offer to carry on (``acutimer run ROUTINE``): asked on
            the terminal, Enter carries on, n starts afresh.
        note: a line to show first (the routine changed since the session cut short).
    """
    # Behind the guard: a routine's text, a file name, a warning never reach the terminal raw.
    out = guard(stdout if stdout is not None else sys.stdout)
    err = guard(stderr if stderr is not None else sys.stderr)
    settings = load_settings(overrides_from(args))
    config = settings.config
    for line in (settings.warning or "").splitlines():
        print(f"acutimer: {line}", file=err)
    points = load_points()
    conditions = conditions_from(avoid_pregnancy_points=config.avoid_pregnancy_points)
    adapted = adapt(loaded.routine, points, conditions)
    keyboard = stdin if stdin is not None else sys.stdin
    if note:
        print(note, file=out, flush=True)
    if offer is not None and _isatty(keyboard):
        try:
            if ask_resume(offer_text(offer, local_now(), adapted.skip), keyboard, out):
                resume = offer
        except KeyboardInterrupt:
            print("\nNot started.", file=out, flush=True)
            return EXIT_INTERRUPTED
    earlier = (resume.done, resume.passed) if resume is not None else ((), ())
    session = Session(
        adapted.routine,
        clock=clock,
        speed=args.speed,
        skip=adapted.skip,
        done=earlier[0],
        passed=earlier[1],
    )
    recorder = open_recorder(args.speed, err)
    try:
        terminal = Terminal(keyboard)
        reach = open_reach(out, err)
        try:
            return _cued(
                session,
                loaded,
                args,
                config,
                recorder,
                attach,
                keyboard,
                out,
                terminal,
                reach,
                adapted.gentler,
                resume,
            )
        finally:
            # However the session ended, no tone or speech is left running and the title
            # comes back; after a session that ran to its end, the last chime and words may
            # finish.
            reach.close(grace=_grace(session, terminal))
    finally:
        if recorder is not None:
            recorder.close()


def _cued(
    session: Session,
    loaded: LoadedRoutine,
    args: argparse.Namespace,
    config: Config,
    recorder: Recorder | None,
    attach: Sequence[Callable[[Session], object]],
    keyboard: TextIO,
    out: TextIO,
    terminal: Terminal,
    reach: Reach,
    gentler: list[int],
    resume: Resumable | None = None,
) -> int:
    points = load_points()
    asking = config.ask_pain and recorder is not None and _isatty(keyboard)
    session.wait_for_me = config.wait_for_me and terminal.has_keys
    # The cues first: a phase's bell (or tone) comes just before its line.
    cues = Cues(session, points, reach, config)
    if config.sound:
        reach.warm(config.volume, bell=config.bell)
    view = PlainView(
        session,
        points,
        out,
        bell=False,
        keys=terminal.has_keys,
        mark_key=recorder is not None,
        maps=getattr(args, "map", None) is True,
    )
    session.subscribe(view.on_event)
    if recorder is not None:
        recorder.attach(session, loaded.ref.name, loaded.text, resuming=resume)
    for hook in attach:
        hook(session)
    view.header(session.skipped_upfront, gentler, pregnancy=config.avoid_pregnancy_points)
    if resume is not None:
        ago = describe_span(resume.ago(local_now()))
        stopped = where_it_stopped(resume, session.first_step, session.steps)
        view.write(f"Resuming the session cut short {ago} ago: {stopped}.")
    if config.wait_for_me and not terminal.has_keys and any(p.long for p in session.timeline):
        view.write("Wait for me is off for this run: no keys can be read here.", "")
    if asking and recorder is not None and resume is None:
        # A resumed session keeps the rating given before its first part.
        try:
            before = ask_pain(PAIN_BEFORE, keyboard, out)
        except KeyboardInterrupt:
            view.write("", "Not started.")
            return EXIT_INTERRUPTED
        if before is not None:
            recorder.set_pain_before(before)
    with terminal:
        # Start-up left a large heap (pydantic's schemas); a full collection of it mid-session
        # takes milliseconds and makes a cue late. Frozen objects are never scanned again.
        gc.enable()  # off since start-up (cli.main)
        gc.collect()
        gc.freeze()
        try:
            session.start()
            marks = Marks(recorder, session, points, out)
            status = drive(
                session,
                view,
                terminal,
                marks.toggle,
                cues.next_change,
                idle=recorder.retry if recorder is not None else None,
            )
        finally:
            gc.unfreeze()
        hung_up = terminal.stop_signal == signal.SIGHUP
        # The terminal is gone after SIGHUP: the summary has nowhere to go.
        with contextlib.suppress(OSError) if hung_up else contextlib.nullcontext():
            view.summary()
    if asking and recorder is not None and status == EXIT_OK:
        drop_typeahead(keyboard)
        try:
            after = ask_pain(PAIN_AFTER, keyboard, out)
        except KeyboardInterrupt:
            after = None
            view.write("")
        if after is not None:
            recorder.set_pain_after(after)
    return status


def open_reach(out: TextIO, err: TextIO) -> Reach:
    """The routes to the user: the bell and the title only when ``out`` is a terminal."""

    def note(message: str) -> None:
        print(f"acutimer: {message}", file=err, flush=True)

    def write(data: str) -> None:
        # After SIGHUP the terminal is gone: a title or a bell then has nowhere to go.
        with contextlib.suppress(OSError, ValueError):
            # Sequences of our own making (their text already plain), so past the guard.
            write_control(out, data)
            out.flush()

    tty = _isatty(out)
    return Reach(note, bell=(lambda: write("\a")) if tty else None, terminal=write if tty else None)


END_GRACE = 3.0
"""Seconds the last chime and words may go on after a session that ran to its end."""


def _grace(session: Session, terminal: Terminal) -> float:
    return END_GRACE if session.state is State.FINISHED and terminal.stop_signal is None else 0.0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
