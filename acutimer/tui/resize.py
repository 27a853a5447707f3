"""Terminal resizes, coalesced: a storm of SIGWINCH cannot crash or stall the app.

Textual's Linux driver (checked in 8.2.8, and the same in its repository's current
``linux_driver.py``) reads the terminal's size and posts a ``Resize`` from inside its SIGWINCH
handler. Python runs a signal handler between two bytecodes of whatever the main thread is
doing, and a signal that comes while the handler runs starts the handler again on top of
itself: a burst of resizes (a tiling window manager, a drag, a script) nests it until a
``RecursionError`` ends the app. Here 250,000 ``TIOCSWINSZ`` in three seconds did that in one
run of four, in ``shutil.get_terminal_size`` called from ``on_terminal_resize``; acutimer's
own code is not on that stack.

:func:`coalesce_resizes` puts a handler in its place that only notes that a resize came and
asks the event loop to look once: a signal that comes while one is noted does nothing more.
The loop then reads the size and posts one ``Resize``, which Textual handles as it would its
own (and coalesces again). The handler is put back after a suspend, since the driver
installs its own again when it resumes.

A burst also deadlocked the app, which then stopped answering keys. Once
``loop.add_signal_handler`` has been called (the timer app's SIGTERM), CPython's C handler
writes a byte to asyncio's wake-up socket for each signal that has a Python handler. When a
burst fills that socket while the loop is busy laying out, the write fails and the C handler
queues a warning with ``_PyEval_AddPendingCall``, which takes a lock (CPython's comment: it
"isn't signal-safe, but we still use it"). A signal that comes while the main thread holds that
lock, running the warning before, waits for it forever, with the GIL held: gdb found every
thread in ``trip_signal`` -> ``_PyEval_AddPendingCall`` -> ``PyThread_acquire_lock``, the main
one interrupted in ``make_pending_calls``. asyncio (3.11 here, and newer sources read) sets the fd
with the default ``warn_on_full_buffer=True``; :func:`coalesce_resizes`, called after the
app's own ``add_signal_handler``, sets it again without the warning (a full socket already
means the loop has been woken). And from the note until the loop looks, SIGWINCH is ignored
(its default action): the kernel drops the rest of the burst rather than running the C handler
for each, so the socket has room for a SIGTERM; the loop listens again before it reads the
size, so the last resize is never missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
import threading
from typing import Any

from textual import events
from textual.app import App
from textual.geometry import Size


class ResizeCoalescer:
    """Stands in for the driver's SIGWINCH handler; see the module's doc."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._loop: asyncio.AbstractEventLoop | None = None
        self._noted = False

    def install(self) -> None:
        """Take SIGWINCH over from the driver (nothing in a headless app or off the main
        thread, where the driver installs nothing either)."""
        winch = getattr(signal, "SIGWINCH", None)
        if winch is None or self._app.is_headless:
            return
        if threading.current_thread() is not threading.main_thread():
            return
        self._loop = asyncio.get_running_loop()
        signal.signal(winch, self._on_signal)
        quiet_wakeup_fd()

    def _on_signal(self, number: int, frame: object) -> None:
        # As little as can be: a nested call finds the note and returns at once.
        if self._noted or self._loop is None:
            return
        self._noted = True
        signal.signal(number, signal.SIG_IGN)  # the rest of the burst: see the module's doc
        with contextlib.suppress(RuntimeError):  # the loop has closed: the app is gone
            self._loop.call_soon_threadsafe(self._resize)

    def _resize(self) -> None:
        self._noted = False
        if signal.getsignal(signal.SIGWINCH) == signal.SIG_IGN:  # not reset by a stopping driver
            signal.signal(signal.SIGWINCH, self._on_signal)  # listen again, then read the size
        width, height = shutil.get_terminal_size((80, 24))
        size = Size(max(1, width), max(1, height))
        self._app.post_message(events.Resize(size, size))


def quiet_wakeup_fd() -> None:
    """Keep the signal wake-up fd (if one is set) but drop its full-buffer warning, whose C path
    can deadlock; see the module's doc."""
    fd = signal.set_wakeup_fd(-1)
    if fd != -1:
        signal.set_wakeup_fd(fd, warn_on_full_buffer=False)


def coalesce_resizes(app: App[Any]) -> None:
    """Coalesce ``app``'s resize signals from now on, and again after each resume.

    Call it after the app's own ``loop.add_signal_handler`` calls: each of those sets the
    wake-up fd anew, with the warning."""
    coalescer = ResizeCoalescer(app)
    coalescer.install()
    app.app_resume_signal.subscribe(app, lambda _app: coalescer.install())
