"""How screens say that the user asked to leave.

q means "quit acutimer" on every screen; a dialog over a session cannot quit by itself, as the
session asks first. Such a dialog closes with :data:`QUIT`, and whoever opened it goes on from
there: the session asks "end this session now?", the picker quits.
"""

from __future__ import annotations

QUIT = "quit"
"""What a dialog closes with when q (or Ctrl+C) was pressed on it."""
