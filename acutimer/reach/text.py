"""Text on its way to the terminal's title, a speech command or a notification: no control bytes.

A routine file may come from a stranger, and its text may hold ESC sequences, CR or NUL. Shown
in a title or passed to a notification, they would be terminal bytes, not words.
"""

from __future__ import annotations

import re

# C0 controls (tab, newline and the rest), DEL and the C1 range (8-bit ESC, CSI, OSC, ST).
_CONTROL = re.compile(r" *[\x00-\x1f\x7f-\x9f]+ *")


def plain(text: str, limit: int = 200) -> str:
    """``text`` on one line with every control character taken out, at most ``limit`` long.

    A run of control characters becomes one space (a newline still separates words).
    """
    cleaned = _CONTROL.sub(" ", text).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
