"""The child processes that reach the user (a player, a speech command): started without
waiting, reaped as they end, and none left behind.

Each is started with no stdin, no stdout and no stderr, so none can read keys or write over the
screen. :meth:`Children.close` ends what is still running: after a grace period at the end of a
session (the last chime may finish), at once on a signal.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Child:
    """One process, with what it was started for."""

    process: subprocess.Popen[bytes]
    command: str
    """The program's name, e.g. ``pw-play``."""
    ends: float
    """When it should have finished (monotonic seconds), for a bounded wait at the end."""
    stopped: bool = field(default=False)
    """Ended by us: its exit status says nothing about the command."""


class Children:
    """The running children of one route (sound or speech)."""

    def __init__(self) -> None:
        self.running: list[Child] = []

    def start(self, argv: Sequence[str], command: str, seconds: float) -> Child | None:
        """Start ``argv``; None when it cannot be started (gone from disk, not executable)."""
        try:
            process = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return None
        child = Child(process, command, time.monotonic() + seconds)
        self.running.append(child)
        return child

    def reap(self) -> list[tuple[Child, int]]:
        """Collect the children that ended: each with its exit status."""
        ended = []
        still = []
        for child in self.running:
            status = child.process.poll()
            if status is None:
                still.append(child)
            else:
                ended.append((child, status))
        self.running = still
        return ended

    def busy(self) -> bool:
        """Whether one is still running."""
        self.reap()
        return bool(self.running)

    def stop(self, child: Child) -> None:
        """Ask ``child`` to end now (it is reaped later)."""
        child.stopped = True
        with contextlib.suppress(ProcessLookupError):
            child.process.terminate()

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Wait until every child has ended by itself, at most ``timeout`` seconds (tests).

        They are left to be reaped by their route, which looks at how each ended.
        """
        deadline = time.monotonic() + timeout
        for child in self.running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.process.wait(max(0.0, deadline - time.monotonic()))

    def close(self, grace: float = 0.0) -> None:
        """End every child: those due to finish within ``grace`` seconds may; then the rest go.

        Returns once none is left running (a child that ignores SIGTERM is killed).
        """
        now = time.monotonic()
        for child in self.running:
            wait = min(grace, child.ends - now)
            if wait > 0:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.process.wait(wait)
            if child.process.poll() is None:
                self.stop(child)
        for child in self.running:
            try:
                child.process.wait(0.5)
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
        self.running = []
