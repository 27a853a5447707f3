"""Pain ratings in the TUI: one key each, 0 to 9, and x for 10.

Before a session a small dialog asks (Esc skips the question, q quits: no session has started);
after it, the summary screen asks on a line of its own with the same keys (see
:class:`acutimer.tui.screens.summary.SummaryScreen`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = {**{str(n): n for n in range(10)}, "x": 10}
"""The key for each rating: one key press each."""

SCALE = "  ".join(str(n) for n in range(11))
ENDS = f"{'none':<{len(SCALE) - len('worst')}}worst"
HINT = "One key: 0 to 9, or x for 10"


def rating_bindings(description: str) -> list[Binding]:
    """A binding per rating key, calling ``rate(n)``; the footer shows one of them for all."""
    return [
        Binding(key, f"rate({value})", description, key_display="0-9 x", show=value == 0)
        for key, value in KEYS.items()
    ]


def pain_text(before: int | None, after: int | None) -> str:
    """Ratings as the summary and the history show them: ``6 → 3``, ``– → 3``."""
    return f"{'–' if before is None else before} → {'–' if after is None else after}"


@dataclass
class PainRated(Message):
    """The user rated their pain after the session (on the summary screen)."""

    rating: int


class PainScreen(ModalScreen[int | None]):
    """Ask for a pain rating before a session. Dismissed with the rating, or None (Esc)."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        *rating_bindings("rate"),
        Binding("escape", "skip", "skip", id="pain.skip"),
        Binding("q", "app.quit", "quit", id="pain.quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="pain", classes="dialog"):
            yield Static("How is your pain right now?", classes="dialog-title")
            yield Static(f"{SCALE}\n{ENDS}", id="pain-scale")
            yield Static(f"{HINT}\nEsc skips the question · q quits", classes="dialog-hint")

    def action_rate(self, rating: int) -> None:
        self.dismiss(rating)

    def action_skip(self) -> None:
        self.dismiss(None)
