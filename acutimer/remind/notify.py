"""How a reminder reaches you: one small interface, and the minimal default behind it.

:class:`Notifier` is the seam: anything with ``notify(title, body)``. :func:`default_notifier`
is the one place that picks it; issue 17's shared module (desktop notifications, notify-send,
sound) plugs in there. Until then, in a terminal: the bell and an OSC 777 / OSC 9 notification
(which terminals such as kitty, foot, WezTerm, iTerm2 and Windows Terminal show on the desktop);
elsewhere (a user service writing to the journal): one plain line.
"""

from __future__ import annotations

import contextlib
import re
from typing import Protocol, TextIO

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


class TerminalNotifier:
    """The bell, then a desktop notification through the terminal (OSC 777, then OSC 9)."""

    way = "this terminal: the bell and a terminal notification (OSC 777/9)"

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def notify(self, title: str, body: str) -> None:
        title, body = safe(title).replace(";", ","), safe(body)
        try:
            self._stream.write(
                "\a"
                f"\x1b]777;notify;{title};{body}\x1b\\"
                # OSC 9 text must not start with a digit: ConEmu reads "9;1" as a command.
                f"\x1b]9;{title}: {body}\x1b\\"
            )
            self._stream.flush()
        except (OSError, ValueError):  # the terminal went away: nothing to tell it
            pass


class LineNotifier:
    """One line per reminder, for a log (a user service's journal)."""

    way = "a line on standard output (no terminal)"

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def notify(self, title: str, body: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            print(f"reminder: {safe(title)}: {safe(body)}", file=self._stream, flush=True)


def default_notifier(stream: TextIO) -> tuple[Notifier, str]:
    """The way reminders reach the user, and that way in words (said once at the start)."""
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal:
        return TerminalNotifier(stream), TerminalNotifier.way
    return LineNotifier(stream), LineNotifier.way
