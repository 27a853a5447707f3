"""A stand-in front end for ``test_history_kill.py``: records sessions until it is killed.

Usage: ``python history_kill_child.py HOME SEED``. It runs session after session of a routine of
short steps on a fast fake clock, pausing, skipping, going back and quitting at random, with a
Recorder writing each into HOME's history. It prints one line per session event, with the row
id, just before the Recorder writes it, so the test can kill it at a chosen moment and knows
that a session whose end was never printed was never ended by this process; and a line starting
with ``WARNING`` if history ever turns off, which the test treats as a failure.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from acutimer.history.recorder import Recorder
from acutimer.routine.loading import parse_routine
from acutimer.session.engine import Session
from acutimer.session.events import Event, State

STEPS = 8
ROUTINE = f"""\
title = "Kill test"
summary = "Short steps, so that writes come fast."
focus = "whole-back"
position = "seated"
find_time = "1s"
{
    '''
[[steps]]
point = "LI-4"
sides = "both"
hold = "2s"
rest = "1s"
'''
    * STEPS
}"""


def main() -> int:
    home, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    routine = parse_routine(ROUTINE, "kill-test")
    now = [0.0]

    def clock() -> float:
        return now[0]

    def warn(message: str) -> None:
        print(f"WARNING {message}", flush=True)

    recorder: Recorder | None = None

    def echo(event: Event) -> None:
        assert recorder is not None
        print(event.kind.value, recorder.session_id, flush=True)

    while True:
        recorder, warning = Recorder.open(home, on_warning=warn)
        if recorder is None:
            warn(str(warning))
            return 1
        session = Session(routine, clock=clock, speed=rng.choice([1.0, 4.0]))
        session.subscribe(echo)  # first: a session's end is printed before it is written
        recorder.attach(session, "kill-test", ROUTINE)
        recorder.set_pain_before(rng.randint(0, 10))
        session.start()
        while session.state in (State.RUNNING, State.PAUSED):
            roll = rng.random()
            if roll < 0.03:
                session.toggle_pause()
            elif roll < 0.05:
                session.next_step()
            elif roll < 0.06:
                session.previous_step()
            elif roll < 0.063:
                session.quit()
            elif roll < 0.08 and session.step is not None:
                recorder.mark_helped(session.phase.step, session.step.point)
            now[0] += rng.uniform(0.05, 1.0)
            session.update()
        recorder.set_pain_after(rng.randint(0, 10))
        recorder.close()
        print("closed", flush=True)


if __name__ == "__main__":
    sys.exit(main())
