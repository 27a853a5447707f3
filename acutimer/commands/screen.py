"""Whether the full-screen front end can run here: shared by ``run``, ``resume``, ``edit`` and the
picker, so they choose the same way."""

from __future__ import annotations

import os
import sys


def full_screen() -> bool:
    """Whether the full-screen front end can run: stdin and stdout are a terminal that draws.

    ``TERM=dumb`` (Emacs' shell, some CI logs), or no TERM at all, cannot show it.
    """
    return sys.stdin.isatty() and sys.stdout.isatty() and not terminal_cannot_draw()


def terminal_cannot_draw() -> bool:
    """Whether TERM says the terminal cannot draw a full screen (dumb, unknown or unset)."""
    return os.environ.get("TERM", "").strip().lower() in ("", "dumb", "unknown")
