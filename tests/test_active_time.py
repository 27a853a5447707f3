"""Session.active_seconds: real running time, pauses and stops left out (used by the summary)."""

from __future__ import annotations

from fakeclock import FakeClock

from acutimer.routine.loading import parse_routine
from acutimer.routine.models import Routine
from acutimer.session.engine import STALL_SECONDS, Session

ROUTINE = """
title = "Two points"
summary = "For the tests."
focus = "lower-back"
position = "seated"
find_time = "3s"

[[steps]]
point = "LI-4"
sides = "left-then-right"
hold = "12s"
release = "3s"
repeats = 2
rest = "4s"

[[steps]]
point = "BL-23"
sides = "both"
hold = "25s"
"""


def routine() -> Routine:
    return parse_routine(ROUTINE, "two.toml")


def test_active_time_leaves_out_pauses_and_stops_and_ends_at_the_finish() -> None:
    clock = FakeClock()
    session = Session(routine(), clock=clock)
    session.start()
    clock.advance(2)
    session.update()
    session.pause()
    clock.advance(50)
    assert session.active_seconds() == 2
    session.resume()
    clock.advance(1)
    session.update()
    clock.advance(STALL_SECONDS + 10)  # stopped with Ctrl+Z
    session.update()
    assert session.active_seconds() == 3
    session.resume()
    session.next_step()
    for _ in range(40):
        clock.advance(1)
        session.update()
    assert session.active_seconds() == 3 + 28


def test_active_time_of_a_quit_session_stops_at_the_quit() -> None:
    clock = FakeClock()
    session = Session(routine(), clock=clock, speed=2)
    session.start()
    clock.advance(1.5)
    session.quit()
    clock.advance(10)
    assert session.active_seconds() == 1.5
