"""The long wait: asleep until the next planned time, a key, a signal or a change of plan.

No polling. On Linux the process sleeps in one ``select()`` on:

- a ``timerfd`` on the wall clock (``CLOCK_REALTIME``, absolute, ``TFD_TIMER_CANCEL_ON_SET``):
  it fires at the planned moment even across a suspend, and wakes at once if the clock is set;
- ``inotify`` on the acutimer home (the plan file written or replaced) and on the history's
  live-session folder (a session starts or ends);
- the signal wake-up pipe (Ctrl+C, SIGTERM, SIGHUP), and the terminal when keys are wanted.

Elsewhere, or when the kernel refuses a watch, the same ``select()`` runs with a timeout of at
most a minute, re-reading the wall clock and the plan file's stamp on each wake.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

FALLBACK_SECONDS = 60.0
"""Without timerfd and inotify: the longest sleep, so a clock change or an edit is seen."""


@dataclass
class Wake:
    """Why the wait ended (several at once is possible)."""

    timer: bool = False
    """The deadline came (or the clock was set, which may move it)."""
    plan: bool = False
    """The plan file changed."""
    sessions: bool = False
    """A session started or ended somewhere."""
    keys: str = ""
    keys_closed: bool = False
    """The terminal's input ended: no more keys will come."""
    stop: int | None = None
    """The signal that asks us to stop."""


@dataclass
class _Stamp:
    value: tuple[int, int, int] | None = None


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class _Itimerspec(ctypes.Structure):
    _fields_ = [("it_interval", _Timespec), ("it_value", _Timespec)]


class _TimerFd:
    """A Linux timerfd on the wall clock, armed with absolute deadlines (via ctypes)."""

    CLOCK_REALTIME = 0
    TFD_NONBLOCK = 0o4000
    TFD_CLOEXEC = 0o2000000
    TFD_TIMER_ABSTIME = 1
    TFD_TIMER_CANCEL_ON_SET = 2

    def __init__(self) -> None:
        self._libc = ctypes.CDLL(None, use_errno=True)
        fd = self._libc.timerfd_create(self.CLOCK_REALTIME, self.TFD_NONBLOCK | self.TFD_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "timerfd_create failed")
        self.fd: int = fd

    def arm(self, epoch: float | None) -> None:
        """Fire at ``epoch`` (wall-clock seconds); None disarms."""
        spec = _Itimerspec()
        flags = 0
        if epoch is not None:
            whole = max(1, int(epoch))  # 0 would disarm; a past moment fires at once
            spec.it_value.tv_sec = whole
            spec.it_value.tv_nsec = int(max(0.0, epoch - whole) * 1e9) if epoch >= 1 else 0
            flags = self.TFD_TIMER_ABSTIME | self.TFD_TIMER_CANCEL_ON_SET
        if self._libc.timerfd_settime(self.fd, flags, ctypes.byref(spec), None) != 0:
            raise OSError(ctypes.get_errno(), "timerfd_settime failed")

    def drain(self) -> None:
        """Read the expiry (or the clock-was-set cancel, ECANCELED) so the fd is quiet again."""
        with contextlib.suppress(BlockingIOError, OSError):
            os.read(self.fd, 8)

    def close(self) -> None:
        os.close(self.fd)


class SystemWaiter:
    """The real wait. Use as a context manager: it installs the signal handlers."""

    def __init__(self, plan_file: Path, live_dir: Path, keys_fd: int | None) -> None:
        self._plan = plan_file
        self._live = live_dir
        self._keys_fd = keys_fd
        self._stop: int | None = None
        self.ignore_interrupt = False
        """While a session runs in the foreground, Ctrl+C is the session's, not ours."""
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        self._timer: _TimerFd | None = None
        self._inotify: Any = None
        self._live_watch: int | None = None
        self._stamp = _Stamp(_stamp(plan_file))
        self._old: dict[int, Any] = {}
        self._old_fd = -1
        self.mode = "timeout"
        """How it waits: "events" (timerfd and inotify, no timeout) or "timeout"."""
        self._open_events()

    def _open_events(self) -> None:
        if not sys.platform.startswith("linux"):
            return
        try:
            self._timer = _TimerFd()
        except (OSError, AttributeError):
            self._timer = None
            return
        try:
            from inotify_simple import INotify, flags

            self._flags = flags
            self._inotify = INotify(nonblocking=True)
            self._plan.parent.mkdir(parents=True, exist_ok=True)
            self._inotify.add_watch(
                self._plan.parent,
                flags.CLOSE_WRITE | flags.MOVED_TO | flags.CREATE | flags.DELETE | flags.MOVED_FROM,
            )
            self._watch_live()
        except (ImportError, OSError):
            if self._inotify is not None:
                self._inotify.close()
            self._inotify = None
            self._timer.close()
            self._timer = None
            return
        self.mode = "events"

    def _watch_live(self) -> None:
        if self._inotify is None or self._live_watch is not None:
            return
        with contextlib.suppress(OSError):
            self._live_watch = self._inotify.add_watch(
                self._live, self._flags.CREATE | self._flags.DELETE | self._flags.MOVED_TO
            )

    # --- signals ------------------------------------------------------------------------------

    def __enter__(self) -> SystemWaiter:
        self._old_fd = signal.set_wakeup_fd(self._write, warn_on_full_buffer=False)
        for number in (signal.SIGINT, signal.SIGTERM, *_hangup()):
            self._old[number] = signal.signal(number, self._on_signal)
        return self

    def __exit__(self, *exc: object) -> None:
        for number, handler in self._old.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._old_fd)
        for fd in (self._read, self._write):
            os.close(fd)
        if self._timer is not None:
            self._timer.close()
        if self._inotify is not None:
            self._inotify.close()

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        if number == signal.SIGINT and self.ignore_interrupt:
            return
        self._stop = number

    @property
    def stop_signal(self) -> int | None:
        """The signal that asked us to stop, if one did."""
        return self._stop

    # --- the wait -----------------------------------------------------------------------------

    def wait(self, until: datetime | None, *, keys: bool, poll: float | None = None) -> Wake:
        """Sleep until ``until`` (aware), a key (when ``keys``), a signal or a change.

        ``poll`` caps the sleep (used while a session runs: a killed session leaves its lock
        file behind, and only looking again tells that it ended).
        """
        while True:
            wake = self._wait_once(until, keys=keys, poll=poll)
            # Our own writes (the marks, the history's -wal file) stir the watched folder too:
            # such a wake tells nothing, so it goes straight back to sleep.
            if wake.timer or wake.plan or wake.sessions or wake.keys or wake.keys_closed:
                return wake
            if wake.stop is not None:
                return wake
            if poll is not None:  # a capped wait: the caller looks again
                return wake

    def _wait_once(self, until: datetime | None, *, keys: bool, poll: float | None) -> Wake:
        wake = Wake(stop=self._stop)
        if wake.stop is not None:
            return wake
        fds = [self._read]
        if keys and self._keys_fd is not None:
            fds.append(self._keys_fd)
        timeout: float | None
        if self._timer is not None and self._inotify is not None:
            self._timer.arm(until.timestamp() if until is not None else None)
            fds += [self._timer.fd, self._inotify.fileno()]
            timeout = poll
        else:
            left = FALLBACK_SECONDS if until is None else until.timestamp() - time.time()
            timeout = max(0.0, min(left, FALLBACK_SECONDS, poll or FALLBACK_SECONDS))
        try:
            ready, _, _ = select.select(fds, [], [], timeout)
        except InterruptedError:  # pragma: no cover - PEP 475 retries; kept for safety
            ready = []
        if self._read in ready:
            with contextlib.suppress(BlockingIOError):
                os.read(self._read, 512)
        if self._timer is not None and self._timer.fd in ready:
            self._timer.drain()
            wake.timer = True
        if self._inotify is not None and self._inotify.fileno() in ready:
            self._read_events(wake)
        if self._keys_fd is not None and self._keys_fd in ready:
            with contextlib.suppress(BlockingIOError, OSError):
                wake.keys = os.read(self._keys_fd, 64).decode("utf-8", "replace")
            if not wake.keys:  # end of input: the terminal is gone
                self._keys_fd = None
                wake.keys_closed = True
        if self.mode == "timeout":
            stamp = _stamp(self._plan)
            if stamp != self._stamp.value:
                self._stamp.value = stamp
                wake.plan = True
            wake.timer = wake.timer or until is None or until.timestamp() <= time.time()
        wake.stop = self._stop
        return wake

    def _read_events(self, wake: Wake) -> None:
        for event in self._inotify.read(timeout=0):
            if event.wd == self._live_watch:
                wake.sessions = True
            elif event.name == self._plan.name:
                wake.plan = True
            elif event.name == self._live.name:
                self._watch_live()
                wake.sessions = True
            if event.mask & self._flags.IGNORED and event.wd == self._live_watch:
                self._live_watch = None  # the folder went away: watch for it again


def _hangup() -> tuple[int, ...]:
    return (signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()


class TerminalKeys:
    """Keys one at a time, unechoed, while reminding; the terminal as it was for a session."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd if fd is not None and os.isatty(fd) else None
        self._saved: Any = None

    def __enter__(self) -> TerminalKeys:
        if self.fd is not None:
            import termios
            import tty

            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(self, *exc: object) -> None:
        self._restore()

    def _restore(self) -> None:
        if self.fd is not None and self._saved is not None:
            import termios

            with contextlib.suppress(OSError):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    @contextlib.contextmanager
    def released(self) -> Iterator[None]:
        """The terminal as it was (for a session run here), then keys again."""
        self._restore()
        try:
            yield
        finally:
            if self.fd is not None and self._saved is not None:
                import tty

                with contextlib.suppress(OSError):
                    tty.setcbreak(self.fd)


__all__ = ["FALLBACK_SECONDS", "SystemWaiter", "TerminalKeys", "Wake"]
