"""The clock a session is read through: monotonic seconds, injectable so tests drive time."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]
"""Monotonic seconds."""


def default_clock() -> float:
    """A monotonic clock that keeps counting while the machine sleeps, where the OS has one.

    Linux's CLOCK_BOOTTIME includes suspend, so a session notices that the machine slept;
    elsewhere ``time.monotonic``.
    """
    return time.clock_gettime(_CLOCK_ID)


_CLOCK_ID: int = getattr(time, "CLOCK_BOOTTIME", time.CLOCK_MONOTONIC)
