"""The plain runner's q: it asks, pauses quietly while it waits, and only y ends the session.

Driven by hand: a fake clock and a stand-in for the terminal that hands over typed keys.
"""

from __future__ import annotations

import io
import os
import pty
from collections import deque

from fakeclock import FakeClock

from acutimer.plain.runner import drive
from acutimer.plain.terminal import drop_typeahead
from acutimer.plain.view import PlainView
from acutimer.routine.loading import load_routine
from acutimer.routine.points import load_points
from acutimer.session.engine import Session
from acutimer.session.events import State


class Keys:
    """A terminal with keys: each wait hands over the next chunk typed, and lets a second
    pass."""

    has_keys = True
    stop_signal: int | None = None

    def __init__(self, clock: FakeClock, *chunks: str) -> None:
        self.clock = clock
        self.chunks = deque(chunks)
        self.waits: list[float | None] = []

    def wait(self, timeout: float | None) -> str:
        self.waits.append(timeout)
        assert self.chunks, "the session waited for a key that never came"
        self.clock.advance(1.0 if timeout is None else min(timeout, 1.0))
        return self.chunks.popleft()


def run(*chunks: str) -> tuple[int, Session, list[str]]:
    clock = FakeClock()
    session = Session(load_routine("hand-points-break").routine, clock=clock)
    out = io.StringIO()
    view = PlainView(session, load_points(), out, keys=True)
    session.subscribe(view.on_event)
    session.start()
    status = drive(session, view, Keys(clock, *chunks))  # type: ignore[arg-type]
    return status, session, out.getvalue().splitlines()


def test_q_asks_and_any_other_key_carries_on() -> None:
    status, session, lines = run("", "q", "n", "qy")
    assert status == 0
    assert session.state is State.ABANDONED
    asked = [line for line in lines if "end the session now?" in line]
    assert len(asked) == 2
    assert asked[0].endswith("end the session now? y ends it · any other key carries on")
    assert any("going on:" in line for line in lines)  # the first no resumed it
    assert not any("paused" in line for line in lines)  # the question's pause is quiet
    assert session.completed == []  # n answered the question: it did not skip a step


def test_a_session_paused_before_q_stays_paused_after_a_no() -> None:
    status, _, lines = run(" ", "q", "x", "qy")
    assert status == 0
    assert any(line.endswith("carrying on, still paused · space to go on") for line in lines)
    assert not any("going on:" in line for line in lines)


def test_keys_typed_ahead_are_dropped_before_a_prompt() -> None:
    main, side = pty.openpty()
    try:
        os.write(main, b"yy\n")  # a whole line: readable at once unless dropped
        with os.fdopen(os.dup(side), "r") as stream:
            drop_typeahead(stream)
            os.set_blocking(side, False)
            try:
                left = os.read(side, 16)
            except BlockingIOError:
                left = b""
        assert left == b""
        drop_typeahead(io.StringIO())  # not a terminal: nothing to do
    finally:
        os.close(main)
        os.close(side)


def test_a_session_run_to_its_end_with_every_step_skipped_is_not_called_complete() -> None:
    steps = len(load_routine("hand-points-break").routine.steps)
    clock = FakeClock()
    session = Session(load_routine("hand-points-break").routine, clock=clock)
    view = PlainView(session, load_points(), io.StringIO(), keys=True)
    session.subscribe(view.on_event)
    session.start()
    drive(session, view, Keys(clock, *["n"] * steps))  # type: ignore[arg-type]
    assert session.state is State.FINISHED and not session.completed
    assert view.summary().startswith(f"Session ended with steps skipped: 0 of {steps} steps done")
