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

    def _on_signal(self, number: int, frame: object) -> None:
        # As little as can be: a nested call finds the note and returns at once.
        if self._noted or self._loop is None:
            return
        self._noted = True
        with contextlib.suppress(RuntimeError):  # the loop has closed: the app is gone
            self._loop.call_soon_threadsafe(self._resize)

    def _resize(self) -> None:
        self._noted = False
        width, height = shutil.get_terminal_size((80, 24))
        size = Size(max(1, width), max(1, height))
        self._app.post_message(events.Resize(size, size))


def coalesce_resizes(app: App[Any]) -> None:
    """Coalesce ``app``'s resize signals from now on, and again after each resume."""
    coalescer = ResizeCoalescer(app)
    coalescer.install()
    app.app_resume_signal.subscribe(app, lambda _app: coalescer.install())
