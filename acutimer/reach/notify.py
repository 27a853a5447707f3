"""Desktop notifications, with a way down for every machine: the one route reminders take.

Tried in order, each until it fails:

1. **desktop-notifier**, a maintained library that speaks each desktop's own service (the
   freedesktop notification service over D-Bus on Linux, the Notification Center on macOS,
   Windows' toasts). It needs a D-Bus session bus on Linux; without one (a console, SSH, a
   container) it fails at once, and it never raises: it logs. So a notification counts as
   sent only when the library reports it dispatched, and its log is kept quiet.
2. **notify-send** (libnotify's command), which exits with an error when no service answers.
3. **the terminal**: a notification sequence (OSC 777 and OSC 9) and the bell, when there is a
   terminal to write to (:func:`acutimer.reach.terminal.notification_sequence`).

Nothing here raises because no notification service runs. The route in use is said once, and
again only if it changes; a route that failed is tried again after :data:`RETRY_SECONDS` (a
desktop session may have started meanwhile).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from enum import StrEnum

from acutimer.reach.terminal import notification_sequence
from acutimer.reach.text import plain

RETRY_SECONDS = 15 * 60
TIMEOUT = 5.0
"""Seconds to wait for one route to deliver (a D-Bus call, notify-send) before the next."""


class Route(StrEnum):
    """How a notification reaches the user."""

    DESKTOP = "desktop notifications"
    NOTIFY_SEND = "notify-send"
    TERMINAL = "the terminal (a notification sequence and the bell)"


DesktopSend = Callable[[str, str, float], bool]
"""Sends one notification (title, body, timeout); True only if it was delivered."""
DesktopProbe = Callable[[float], bool]
"""Asks the desktop's notification service whether it is there (timeout), showing nothing."""


def desktop_notifier_send(title: str, body: str, timeout: float) -> bool:
    """Send through desktop-notifier, in a thread of its own (any caller, any event loop)."""
    delivered = threading.Event()

    def run() -> None:
        import asyncio

        _quiet_library()  # whether it was sent is told by on_dispatched
        try:
            from desktop_notifier import DesktopNotifier
        except ImportError:
            return

        async def send() -> None:
            notifier = DesktopNotifier(app_name="acutimer")
            notifier.on_dispatched = lambda _identifier: delivered.set()
            await asyncio.wait_for(notifier.send(title=title, message=body), timeout)

        try:
            asyncio.run(send())
        except Exception:
            delivered.clear()

    worker = threading.Thread(target=run, name="acutimer-notify", daemon=True)
    worker.start()
    worker.join(timeout + 1)
    return delivered.is_set()


def desktop_notifier_probe(timeout: float) -> bool:
    """Whether desktop-notifier reaches a notification service, asked without showing anything.

    It asks the service what it can do (on Linux, the freedesktop service's capabilities over
    D-Bus): a service that answers is one a notification would reach.
    """
    answered = threading.Event()

    def run() -> None:
        import asyncio

        _quiet_library()
        try:
            from desktop_notifier import DesktopNotifier
        except ImportError:
            return

        async def ask() -> None:
            notifier = DesktopNotifier(app_name="acutimer")
            await asyncio.wait_for(notifier.get_capabilities(), timeout)
            answered.set()

        try:
            asyncio.run(ask())
        except Exception:
            answered.clear()

    worker = threading.Thread(target=run, name="acutimer-notify-probe", daemon=True)
    worker.start()
    worker.join(timeout + 1)
    return answered.is_set()


def _quiet_library() -> None:
    """desktop-notifier logs a failure (with a traceback) instead of raising it: on a terminal
    that shows a screen, that would be garbage. Whether it worked is told otherwise."""
    import logging

    log = logging.getLogger("desktop_notifier")
    log.propagate = False
    if not log.handlers:
        log.addHandler(logging.NullHandler())


class Notifier:
    """Reaches the user with a notification by the first route that works.

    Args:
        note: told once which route notifications take (and when that changes).
        terminal: writes to the terminal, or None when there is none (output is a pipe).
        desktop: the library route (None: desktop-notifier, :func:`desktop_notifier_send`);
            a fake in tests.
        probe: asks the library route whether it would work, showing nothing (for
            :meth:`probe`; None: :func:`desktop_notifier_probe`); a fake in tests.
        which: finds a program on PATH.
        clock: monotonic seconds, for retrying a failed route later.
        said: a route taken as said already: notifications that go that way are not told
            (a session's, which expect the desktop's and say only where they go instead).
    """

    def __init__(
        self,
        note: Callable[[str], None],
        terminal: Callable[[str], None] | None = None,
        *,
        desktop: DesktopSend | None = None,
        probe: DesktopProbe | None = None,
        which: Callable[[str], str | None] = shutil.which,
        clock: Callable[[], float] = time.monotonic,
        said: Route | None = None,
    ) -> None:
        self.note = note
        self.terminal = terminal
        self.desktop = desktop
        self.desktop_probe = probe
        self.which = which
        self.clock = clock
        self.route: Route | None = None
        """The route the last notification took (None before one, or if none worked)."""
        self._failed: dict[Route, float] = {}
        self._said: Route | None = said
        self._said_none = False

    def send(self, title: str, body: str) -> Route | None:
        """Show a notification; returns the route it took, or None if none could."""
        title, body = plain(title, 80), plain(body, 300)
        tried: list[Route] = []
        for route in Route:
            if self.clock() < self._failed.get(route, float("-inf")) + RETRY_SECONDS:
                continue
            if self._try(route, title, body):
                self._failed.pop(route, None)
                self.route = route
                self._tell(route, tried)
                return route
            self._failed[route] = self.clock()
            tried.append(route)
        self.route = None
        if not self._said_none:
            self._said_none = True
            self.note("notifications: no way to show one (no notification service, no terminal)")
        return None

    def probe(self) -> Route | None:
        """The route a notification would take now, found without showing one, and taken as
        said: the first :meth:`send` tells only if it has to go another way.

        The desktop service is asked whether it is there; notify-send counts if it is installed
        (it can only be tried by showing something); the terminal, if there is one.
        """
        route: Route | None = None
        if (self.desktop_probe or desktop_notifier_probe)(TIMEOUT):
            route = Route.DESKTOP
        if route is None and self.which("notify-send") is not None:
            route = Route.NOTIFY_SEND
        if route is None and self.terminal is not None:
            route = Route.TERMINAL
        self._said = route
        self._said_none = route is None
        return route

    def _try(self, route: Route, title: str, body: str) -> bool:
        if route is Route.DESKTOP:
            return (self.desktop or desktop_notifier_send)(title, body, TIMEOUT)
        if route is Route.NOTIFY_SEND:
            return self._notify_send(title, body)
        if self.terminal is None:
            return False
        try:
            self.terminal(notification_sequence(title, body))
        except OSError:
            return False
        return True

    def _notify_send(self, title: str, body: str) -> bool:
        command = self.which("notify-send")
        if command is None:
            return False
        try:
            done = subprocess.run(
                [command, "--app-name=acutimer", "--", title, body],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
        return done.returncode == 0

    def _tell(self, route: Route, tried: list[Route]) -> None:
        if route is self._said:
            return
        self._said = route
        self._said_none = False
        why = f"; {' and '.join(r.value for r in tried)}: not available" if tried else ""
        self.note(f"notifications go through {route.value}{why}")
