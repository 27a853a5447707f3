"""The last guard between the screens and the terminal: no control character gets through.

Text from a routine file, a file name or the history is shown with
:func:`acutimer.safetext.visible` where a screen puts it on screen, so its control characters
read as ``␛`` or ``\\x9b``. In case a screen forgets, every line Textual renders also passes this
filter on its way to the terminal (Textual applies an app's line filters to every line of every
widget, notifications and borders included): a control character left in a line is dropped, so
an OSC in a note can neither retitle the terminal nor write to the clipboard, and a CR or a
cursor move cannot tear the layout. Control characters take no cells, so dropping them keeps
every line's width; a lone surrogate (a file name that is not UTF-8) takes one and becomes ``?``.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from acutimer.safetext import CONTROLS

_SURROGATE = re.compile("[\ud800-\udfff]")


class DropControls(LineFilter):
    """A line filter that drops control characters from what is drawn."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(
            CONTROLS.search(s.text) or _SURROGATE.search(s.text) for s in segments if not s.control
        ):
            return segments
        return [
            s
            if s.control
            else Segment(_SURROGATE.sub("?", CONTROLS.sub("", s.text)), s.style, s.control)
            for s in segments
        ]


DROP_CONTROLS = DropControls()
"""The one instance (Textual caches filtered lines by filter)."""
