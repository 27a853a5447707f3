"""Text on its way to the terminal's title, a speech command or a notification: no control bytes.

A routine file may come from a stranger, and its text may hold ESC sequences, CR or NUL. Shown
in a title or passed to a notification, they would be terminal bytes, not words.
"""

from __future__ import annotations

import re

from acutimer.safetext import CONTROLS, visible

# A run of control characters (as the one guard, acutimer.safetext, defines them) or of spaces,
# tabs and newlines: one space on a title, in a notification or in speech.
_RUN = re.compile(f"(?:{CONTROLS.pattern}|\\s)+")


def plain(text: str, limit: int = 200) -> str:
    """``text`` on one line with every control character taken out, at most ``limit`` long.

    A run of control characters becomes one space (a newline still separates words); what is
    left goes through :func:`acutimer.safetext.visible` (a lone surrogate is shown as its byte).
    """
    cleaned = visible(_RUN.sub(" ", text).strip())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
