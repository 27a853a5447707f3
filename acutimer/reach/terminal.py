"""What reaches the user through the terminal itself: its title, the bell, a notification.

The title is saved on the terminal's title stack (``CSI 22;0t``) before acutimer first sets it
and given back (``CSI 23;0t``) when it is done: xterm, VTE terminals (GNOME Terminal and
others), kitty, iTerm2, WezTerm and tmux keep such a stack. A terminal without one ignores both
sequences; so that it is not left showing a countdown that has stopped, the title is set empty
just before it is given back, and such a terminal (or the shell's prompt) shows its own again.

Title bytes go only to a terminal, never into a pipe or a file; the text passes through
:func:`acutimer.reach.text.plain` first, so nothing in it can be a control sequence.
"""

from __future__ import annotations

from collections.abc import Callable

from acutimer.reach.text import plain

TITLE_PUSH = "\x1b[22;0t"
"""Save the window and icon titles on the terminal's title stack (xterm's XTWINOPS 22)."""
TITLE_POP = "\x1b[23;0t"
"""Give back the titles saved last (XTWINOPS 23)."""
BELL = "\a"
SUFFIX = "acutimer"


def title_sequence(text: str) -> str:
    """OSC 2: set the window title to ``text`` (control characters taken out)."""
    return f"\x1b]2;{plain(text, 120)}\x1b\\"


def notification_sequence(title: str, body: str) -> str:
    """A notification the terminal itself shows, with the bell for one that can't.

    OSC 777 (rxvt-unicode, foot, WezTerm, Ghostty, some VTE terminals) and OSC 9 (iTerm2,
    kitty, Windows Terminal); a terminal that knows neither ignores them and rings the bell.
    """
    head, text = plain(title, 80).replace(";", ","), plain(body, 200)
    return f"\x1b]777;notify;{head};{text.replace(';', ',')}\x1b\\\x1b]9;{head}: {text}\x1b\\{BELL}"


class Title:
    """The terminal's title during a session: saved first, shown as it changes, given back.

    Args:
        write: writes to the terminal (and flushes).
    """

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write
        self.shown: str | None = None
        """What the title says now (without the suffix), or None before the first."""
        self._saved = False

    def show(self, text: str) -> None:
        """Set the title to ``text · acutimer``; the first time, save the old one first."""
        if text == self.shown and self._saved:
            return
        prefix = "" if self._saved else TITLE_PUSH
        self._saved = True
        self.shown = text
        self.write(prefix + title_sequence(f"{text} · {SUFFIX}" if text else SUFFIX))

    def restore(self) -> None:
        """Give the old title back (after setting it empty, for terminals without a stack)."""
        if self._saved:
            self._saved = False
            self.write(title_sequence("") + TITLE_POP)

    def resume(self) -> None:
        """After :meth:`restore` while suspended (Ctrl+Z): save the title again and show ours."""
        if self.shown is not None and not self._saved:
            text, self.shown = self.shown, None
            self.show(text)
