"""Small dialogs over the session: the keys and colours, and "end the session?".

Esc closes each; q closes it and asks to end the session (see
:data:`~acutimer.tui.screens.leaving.QUIT`), and on "end the session?" q is a yes.
"""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from acutimer.tui.screens.leaving import QUIT
from acutimer.tui.widgets.more import MoreScroll

KEYS = [
    ("space", "pause, or carry on"),
    ("n  →", "skip to the next point"),
    ("p  ←", "back to the previous point"),
    ("r", "start this point again"),
    ("↑ ↓ j k", "scroll the text in the box (PgUp PgDn Home End too)"),
    ("h", "mark this point as one that helped; h again takes it back"),
    ("enter", "after a long wait: you are back (a session waiting for you goes on)"),
    ("w", "wait for me after long waits: on or off, for this session"),
    ("q", "end the session (asks first); Ctrl+C too"),
    ("ctrl+q", "end the session at once and see its summary"),
    ("s", "the safety notice"),
    ("ctrl+p", "settings: sound, voice, theme, motion and more"),
    ("ctrl+z", "to the shell; `fg` comes back, paused"),
]
"""The session's keys (? opens this help; the hint at its foot says how it closes)."""

PHASES = [
    ("find the point", "-find", "feel for the spot"),
    ("press", "-press", "press; breathe with the band (a heavy border)"),
    ("release", "-release", "ease off, but stay on the spot"),
    ("switch side", "-switch", "move to the other side"),
    ("rest", "-rest", "hands off until the next point"),
    ("get ready", "-get-ready", "end of a long wait: back to the point"),
]


class HelpScreen(ModalScreen[str | None]):
    """What each key does and what each colour means."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("escape,question_mark,enter", "close", "close", id="help.close"),
        Binding("q", "leave", "quit", id="help.quit"),
    ]

    def compose(self) -> ComposeResult:
        # A table, so that a description too long for the line wraps beside its key.
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        for key, what in KEYS:
            keys.add_row(key, what)
        with MoreScroll(id="help", classes="dialog"):
            yield Static("Keys", classes="dialog-title -first")
            yield Static(keys)
            yield Static("Phases", classes="dialog-title")
            for name, css_class, what in PHASES:
                yield Static(
                    Content.assemble((f" {name:<14} ", "reverse"), "  ", what),
                    classes=f"phase-key {css_class}",
                )
            yield Static("Esc or ? closes this help; q quits.", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        self.dismiss(QUIT)


class ConfirmScreen(ModalScreen[bool]):
    """Ask before ending a session early. y (or q again) ends it; n or Esc carries on."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("y,q", "answer(True)", "end it", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "keep going", id="confirm.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static("End this session now?", classes="dialog-title")
            yield Static(
                "y (or q again) ends it and shows what you did · n or Esc carries on",
                classes="dialog-hint",
            )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_leave(self) -> None:
        """Ctrl+C again: a yes, as q is."""
        self.dismiss(True)
