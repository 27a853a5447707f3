"""How a reminder reaches you: one small interface, and the one place that picks what is behind it.

:class:`Notifier` is the seam: anything with ``notify(title, body)``. :func:`default_notifier`
is the one place that picks it: acutimer's own way to the user (:mod:`acutimer.reach.notify`),
a desktop notification, else notify-send's, else the terminal's (OSC 777 / OSC 9 and the bell).
Which of them works is found out once, at the start, without showing anything, and said once;
it is said again only if a notification has to go another way. No notification service
running is not a failure: the next route takes it.

Without a terminal (a user service writing to the journal), each reminder is also one plain
line on the output, so the journal says what was due even when nothing else could.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Protocol, TextIO

from acutimer.reach.notify import Notifier as Notifications
from acutimer.reach.notify import Route
from acutimer.reach.terminal import BELL

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Text from a file, with every control character shown as ``?``: it is data, never a
    terminal command (an ESC in a routine name must not reach the terminal)."""
    return _CONTROL.sub("?", text)


class Notifier(Protocol):
    """Something that can tell the user a routine is due."""

    def notify(self, title: str, body: str) -> None:
        """Say ``title`` (short) and ``body`` (a line or two); never raise for a missing
        service."""


WAYS: dict[Route | None, str] = {
    Route.DESKTOP: "desktop notifications",
    Route.NOTIFY_SEND: "notify-send's desktop notifications",
    Route.TERMINAL: "this terminal: a terminal notification (OSC 777/9) and the bell",
    None: "a line on standard output (no notification service, no terminal)",
}
"""Each way, as the first line of ``acutimer remind`` says it."""


class ReminderNotifier:
    """Reminders through :class:`acutimer.reach.notify.Notifier`.

    Args:
        notifications: the chain of routes.
        stream: the reminders' output. On a terminal, a notification that went another way
            also rings the terminal's bell (its tab shows it); elsewhere (a journal), each
            reminder is also written as one line.
        terminal: whether ``stream`` is a terminal.
    """

    def __init__(self, notifications: Notifications, stream: TextIO, *, terminal: bool) -> None:
        self.notifications = notifications
        self._stream = stream
        self._terminal = terminal

    def notify(self, title: str, body: str) -> None:
        route = self.notifications.send(safe(title), safe(body))
        with contextlib.suppress(OSError, ValueError):  # the output went away: nothing to tell
            if self._terminal and route is not Route.TERMINAL:
                self._write(BELL)
            elif not self._terminal:
                print(f"reminder: {safe(title)}: {safe(body)}", file=self._stream, flush=True)

    def _write(self, data: str) -> None:
        self._stream.write(data)
        self._stream.flush()


def default_notifier(
    stream: TextIO,
    *,
    note: Callable[[str], None] | None = None,
    notifications: Notifications | None = None,
) -> tuple[ReminderNotifier, str]:
    """The way reminders reach the user, and that way in words (said once at the start).

    Args:
        stream: the reminders' output (a terminal, or a user service's journal).
        note: told when notifications change their way later; by default a line on ``stream``.
        notifications: the chain to use (tests give one with fake routes).
    """
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False

    def say(text: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            print(f"acutimer: {text}", file=stream, flush=True)

    def write(data: str) -> None:
        stream.write(data)
        stream.flush()

    if notifications is None:
        notifications = Notifications(note or say, write if terminal else None)
    route = notifications.probe()
    return ReminderNotifier(notifications, stream, terminal=terminal), WAYS[route]
