"""The terminal side of the plain runner: single keys, signals, and sleeping until needed.

:class:`Terminal` puts a terminal stdin in cbreak mode (keys arrive one by one, unechoed; Ctrl+C and
Ctrl+Z still work) and gives one :meth:`Terminal.wait` that sleeps in ``select()`` until a key, a
signal or a timeout. Leaving the ``with`` block restores the terminal and the signal handlers,
whatever happened. Ctrl+Z restores the terminal before the process stops; after ``fg`` (SIGCONT)
cbreak mode comes back and the wait wakes at once.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import termios
import tty
from types import FrameType, TracebackType
from typing import Any, TextIO

_Handler = Any  # what signal.signal returns: a callable, an int, or None


class Terminal:
    """Keys from stdin (when it is a terminal) and stop signals, behind one :meth:`wait`.

    Args:
        stdin: where keys come from; keys are read only when it is a terminal.
    """

    def __init__(self, stdin: TextIO | None = None) -> None:
        stream = stdin if stdin is not None else sys.stdin
        self._fd: int | None = None
        with contextlib.suppress(AttributeError, ValueError, OSError):
            if stream.isatty():
                self._fd = stream.fileno()
        self._saved: list[Any] | None = None
        self._wake_read = -1
        self._wake_write = -1
        self._handlers: dict[int, _Handler] = {}
        self.stop_signal: int | None = None
        """The signal (SIGINT, SIGTERM, SIGHUP) that asked the session to end, once one came."""

    @property
    def has_keys(self) -> bool:
        """Whether keys can reach the session (stdin is a terminal and has not closed)."""
        return self._fd is not None

    def __enter__(self) -> Terminal:
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)
        os.set_blocking(self._wake_read, False)
        try:
            self._cbreak()
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                # A signal ignored by whoever started us (nohup, a background job) stays ignored.
                if signal.getsignal(number) is not signal.SIG_IGN:
                    self._install(number, self._on_stop)
            self._install(signal.SIGCONT, self._on_continue)
            if self.has_keys:
                self._install(signal.SIGTSTP, self._on_suspend)
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._close()

    def wait(self, timeout: float | None) -> str:
        """Sleep until a key, a signal, or ``timeout`` seconds (None: no limit).

        Returns:
            the keys typed meanwhile, possibly none.
        """
        watched = [self._wake_read]
        if self._fd is not None and self._in_foreground():
            watched.append(self._fd)
        try:
            ready, _, _ = select.select(watched, [], [], timeout)
        except InterruptedError:  # pragma: no cover - Python retries select itself (PEP 475)
            ready = []
        if self._wake_read in ready:
            with contextlib.suppress(BlockingIOError):
                os.read(self._wake_read, 512)
        if self._fd is not None and self._fd in ready:
            try:
                data = os.read(self._fd, 64)
            except OSError:  # EIO: the terminal was closed
                data = b""
            if not data:  # the terminal hung up: no more keys
                self._fd = None
            return data.decode(errors="replace")
        return ""

    # --- terminal mode ----------------------------------------------------------------------

    def _in_foreground(self) -> bool:
        # A background job that touches the terminal is stopped (SIGTTIN, SIGTTOU).
        if self._fd is None:
            return False
        try:
            return os.tcgetpgrp(self._fd) == os.getpgrp()
        except OSError:
            # Not our controlling terminal (e.g. a pty handed to us): no job control applies.
            return True

    def _cbreak(self) -> None:
        if self._fd is None or not self._in_foreground():
            return
        try:
            if self._saved is None:
                self._saved = termios.tcgetattr(self._fd)
            tty.setcbreak(self._fd, termios.TCSANOW)
        except termios.error:
            # The terminal was closed (its SIGHUP comes with a SIGCONT): no more keys.
            self._fd = None

    def _restore(self) -> None:
        if self._fd is not None and self._saved is not None and self._in_foreground():
            # A terminal closed meanwhile has no mode left to restore.
            with contextlib.suppress(termios.error):
                termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)

    def _close(self) -> None:
        for number, handler in self._handlers.items():
            signal.signal(number, handler)
        self._handlers.clear()
        try:
            self._restore()
        finally:
            for fd in (self._wake_read, self._wake_write):
                if fd >= 0:
                    os.close(fd)
            self._wake_read = self._wake_write = -1

    # --- signals ----------------------------------------------------------------------------

    def _install(self, number: int, handler: _Handler) -> None:
        self._handlers[number] = signal.signal(number, handler)

    def _wake(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            os.write(self._wake_write, b"\0")

    def _on_stop(self, number: int, frame: FrameType | None) -> None:
        if self.stop_signal is None:
            self.stop_signal = number
        self._wake()

    def _on_continue(self, number: int, frame: FrameType | None) -> None:
        self._cbreak()
        self._wake()

    def _on_suspend(self, number: int, frame: FrameType | None) -> None:
        # Give the shell back a sane terminal, then stop as Ctrl+Z normally would.
        self._restore()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)
        # Here the process has been continued (fg or bg); SIGCONT's handler restores cbreak.
        signal.signal(signal.SIGTSTP, self._on_suspend)


def colour_ok(stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream``: a terminal, not "dumb", and no ``NO_COLOR``."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def drop_typeahead(stream: TextIO) -> None:
    """Throw away keys typed on a terminal ``stream`` and not read yet (nothing if not one)."""
    with contextlib.suppress(AttributeError, ValueError, OSError, termios.error):
        if stream.isatty():
            termios.tcflush(stream.fileno(), termios.TCIFLUSH)
