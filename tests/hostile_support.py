"""Running acutimer on hostile input, and judging what came out.

Shared by the property-based suite (tests/test_hostile.py) and the hostile pass
(bench/hostile_pass.py). Every run is in-process, with stdout and stderr as bytes in a chosen
encoding, under an alarm, so that a run can be judged on the four things that matter:

- no traceback (nothing but SystemExit escapes ``main``);
- exit status 0, or 2 with the file named;
- no raw control character in the bytes written;
- an end within :data:`HANG_SECONDS`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HANG_SECONDS = 5.0
"""A run that takes longer than this is a hang (each should take well under a second)."""

# C0 but newline and tab, DEL, C1 as UTF-8 or as single bytes (Latin-1), and the UTF-8 of the
# bidi and invisible format controls (U+061C, U+200E/F, U+2028-U+202E, U+2066-U+2069, U+FEFF).
_RAW_UTF8 = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]"
    rb"|\xe2\x81[\xa6-\xa9]|\xef\xbb\xbf"
)
_RAW_SINGLE = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def raw_controls(data: bytes, encoding: str = "utf-8") -> list[bytes]:
    """The control characters in ``data`` that a terminal would obey."""
    pattern = _RAW_UTF8 if encoding.replace("-", "").lower() in ("utf8",) else _RAW_SINGLE
    return pattern.findall(data)


class Hang(Exception):
    """A run went on past :data:`HANG_SECONDS`."""


@contextlib.contextmanager
def hang_guard(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Raise :class:`Hang` in the block after ``seconds`` (SIGALRM: main thread only)."""

    def ring(number: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    """What one run did."""

    args: list[str]
    code: int | None = None
    out: bytes = b""
    err: bytes = b""
    traceback: str | None = None
    """The traceback, if an exception escaped."""
    hung: bool = False
    seconds: float = 0.0
    encoding: str = "utf-8"
    raw: list[bytes] = field(default_factory=list)

    @property
    def text(self) -> str:
        return (self.out + self.err).decode(self.encoding, "replace")

    def problems(self, named: str | None = None) -> list[str]:
        """What is wrong with this outcome (empty when it is as it should be)."""
        found = []
        if self.traceback:
            found.append(f"traceback:\n{self.traceback}")
        if self.hung:
            found.append("hang")
        if not self.hung and self.code not in (0, 2):
            found.append(f"exit status {self.code}")
        if self.raw:
            found.append(f"raw control characters {self.raw[:5]!r}")
        if self.code == 2 and named is not None:
            err = self.err.decode(self.encoding, "replace")
            if named not in err:
                found.append(f"exit 2 without naming {named!r}: {err[:300]!r}")
        if b"Traceback" in self.err:
            found.append("a traceback was printed")
        return found


class _Streams:
    """stdout and stderr as bytes in ``encoding``, as a terminal in that locale would get."""

    def __init__(self, encoding: str) -> None:
        self.out_bytes = io.BytesIO()
        self.err_bytes = io.BytesIO()
        self.out = io.TextIOWrapper(self.out_bytes, encoding=encoding, write_through=True)
        self.err = io.TextIOWrapper(self.err_bytes, encoding=encoding, write_through=True)


def run_cli(
    args: list[str],
    *,
    encoding: str = "utf-8",
    hang_seconds: float = HANG_SECONDS,
) -> Outcome:
    """Run ``acutimer ARGS`` in-process; nothing it does escapes (see :class:`Outcome`)."""
    from acutimer.commands.cli import main

    return _run(args, encoding, hang_seconds, lambda: main(args))


def run_plain_fast(path: Path, *, encoding: str = "utf-8", speed: float = 2.0) -> Outcome:
    """``acutimer run PATH --plain`` in-process on a clock that jumps to each deadline: the
    real runner and view, the whole session, no waiting. At ``speed`` 1 it is recorded in the
    history; at the default 2, a preview, it is not."""
    import acutimer.plain.terminal as terminal
    from acutimer.plain.runner import run_plain
    from acutimer.routine.loading import load_routine

    clock = _JumpingClock()
    args = argparse.Namespace(speed=speed, no_bell=True, voice=False, pain=False)

    def go() -> int:
        saved = terminal.select
        terminal.select = clock  # type: ignore[assignment]
        try:
            return run_plain(
                load_routine(str(path)),
                args,
                clock=clock,
                stdin=io.StringIO(),
                stdout=sys.stdout,
                stderr=sys.stderr,
            )
        finally:
            terminal.select = saved  # type: ignore[assignment]

    return _run(["run", str(path), "--plain"], encoding, HANG_SECONDS, go, guard=True)


class _JumpingClock:
    """A clock, and a ``select`` whose sleeps move it instead of waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def select(self, read: Any, write: Any, error: Any, timeout: float | None) -> Any:
        # A real wait, however short, lets a little time pass: a float deadline is then
        # always reached (adding 1e-13 to 1000.0 can leave it where it was).
        self.now += max(timeout if timeout is not None else 1.0, 1e-4)
        return [], [], []


def _run(
    args: list[str],
    encoding: str,
    hang_seconds: float,
    go: Callable[[], int],
    *,
    guard: bool = False,
) -> Outcome:
    from acutimer.routine.errors import AcutimerError

    try:
        from acutimer.safetext import guarded_stdio
    except ImportError:  # an acutimer from before the guard (bench/hostile_pass.py --baseline)
        guarded_stdio = contextlib.nullcontext  # type: ignore[assignment]

    outcome = Outcome(list(args), encoding=encoding)
    streams = _Streams(encoding)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = streams.out, streams.err
    started = time.perf_counter()
    try:
        with hang_guard(hang_seconds):
            if guard:
                with guarded_stdio():
                    try:
                        outcome.code = go()
                    except AcutimerError as error:  # what main() turns into exit 2
                        for problem in error.problems:
                            print(f"acutimer: {problem}", file=sys.stderr)
                        outcome.code = 2
            else:
                outcome.code = go()
    except SystemExit as done:
        outcome.code = done.code if isinstance(done.code, int) else 2
    except Hang:
        outcome.hung = True
    except BaseException:
        outcome.traceback = traceback.format_exc()
    finally:
        outcome.seconds = time.perf_counter() - started
        sys.stdout, sys.stderr = saved
        for stream in (streams.out, streams.err):
            with contextlib.suppress(ValueError):
                stream.flush()
    outcome.out = streams.out_bytes.getvalue()
    outcome.err = streams.err_bytes.getvalue()
    outcome.raw = raw_controls(outcome.out + outcome.err, encoding)
    return outcome
