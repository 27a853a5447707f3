"""Routines made up step by step for the in-process session tests."""

from __future__ import annotations

import io
from typing import Any

from fakeclock import FakeClock

from acutimer.routine.models import Routine
from acutimer.routine.validation import validate
from acutimer.session.engine import Session


def routine(*steps: dict[str, Any]) -> Routine:
    """A seated routine for the lower back, with ``steps`` and ten seconds to find each point."""
    data = {
        "title": "Work hour",
        "summary": "Presses far apart.",
        "focus": "lower-back",
        "position": "seated",
        "find_time": 10,
        "steps": list(steps),
    }
    return validate(Routine, data)


def cv6(**fields: Any) -> dict[str, Any]:
    """CV-6 pressed a minute, three times, ten minutes apart, changed by ``fields``. In
    routine(): find 0-10, press 10-70, release 70-640, get ready 640-670, press 670-730, release,
    get ready 1300-1330, press 1330-1390."""
    return {
        "point": "CV-6",
        "sides": "midline",
        "hold": 60,
        "release": 600,
        "repeats": 3,
        **fields,
    }


class Keyboard(io.StringIO):
    """Typed lines, from something that says it is a terminal (it has no file descriptor, so no
    single keys: only the plain runner's questions read it)."""

    def isatty(self) -> bool:
        return True


def run_until(session: Session, clock: FakeClock, seconds: float) -> None:
    """Move the clock in half-second ticks, updating the session like a front end."""
    for _ in range(int(seconds * 2)):
        clock.advance(0.5)
        session.update()
