"""How a session runs on the screen (:class:`SessionSettings`), and where its body map goes.

On a screen with room, the body map stands beside the box's text; on a smaller one the text
comes first and the map follows it in the box's scroll (:func:`map_beside`).
"""

from __future__ import annotations

from typing import NamedTuple

from acutimer.tui.widgets.dashboard import Dashboard

SHORT_ROWS = 20
"""Below this many rows, the countdown takes one line instead of three (room for the text)."""
MAP_BESIDE = (70, 8)
"""The body map stands beside the text from this many columns and rows of the box's text; on
a smaller screen the text comes first, and the map steps aside under it (:func:`map_beside`)."""


class SessionSettings(NamedTuple):
    """How to run a session, from the command line and the user's settings."""

    speed: float = 1.0
    bell: bool = True
    """Ring the terminal bell at phase changes; otherwise flash the screen."""
    skip: tuple[int, ...] = ()
    """Steps left out up front (points flagged for pregnancy, with that setting on)."""
    gentler: tuple[int, ...] = ()
    """Steps done their gentler way (with the pregnancy setting on)."""
    recording: bool = False
    """The session goes into the history: the h key marks points (otherwise a note says so)."""
    signal: bool = True
    """Ring (or flash) at phase changes; False when acutimer.session.cues gives those cues."""
    reduced_motion: bool = False
    """The breath in words that change ("breathe in · 3") instead of a moving band."""
    body_map: bool = True
    """Draw the point on a body map: beside the text while finding it, small while pressing."""
    done: tuple[int, ...] = ()
    """Steps done by the earlier part of a resumed session (it starts after them)."""
    passed: tuple[int, ...] = ()
    """Steps passed over by the earlier part of a resumed session."""
    wait_for_me: bool = False
    """After a long wait, wait for a key before what follows (the w key changes it)."""


def map_beside(width: int, height: int) -> bool:
    """Whether a screen of ``width`` × ``height`` has room for the map beside the text: the
    rows the box's text gets (the screen less the countdown, the next line, the keys, the box's
    border and heading, see app.tcss) are at least :data:`MAP_BESIDE`'s."""
    short = height < SHORT_ROWS
    rows = height - (4 if short else Dashboard.TALL) - 6 - (0 if short else 1)
    return width >= MAP_BESIDE[0] and rows >= MAP_BESIDE[1]
