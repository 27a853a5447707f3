"""Small dialogs over the session: the keys and colours, and "end the session?"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("space", "pause, or carry on"),
    ("n  →", "skip to the next point"),
    ("p  ←", "back to the previous point"),
    ("r", "start this point again"),
    ("h", "mark this point as one that helped"),
    ("q", "end the session (asks first)"),
    ("s", "the safety notice"),
    ("?", "this help"),
    ("ctrl+z", "to the shell; `fg` comes back, paused"),
]

PHASES = [
    ("find the point", "-find", "feel for the spot"),
    ("press", "-press", "press; breathe with the band"),
    ("release", "-release", "ease off, stay on the spot"),
    ("switch side", "-switch", "move to the other side"),
    ("rest", "-rest", "hands off until the next point"),
    ("get ready", "-get-ready", "end of a long wait: back to the point"),
]


class HelpScreen(ModalScreen[None]):
    """What each key does and what each colour means."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("escape,question_mark,q,enter", "close", "close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        keys = Content("\n").join(
            Content.assemble((f"{key:<8}", "bold"), what) for key, what in KEYS
        )
        with VerticalScroll(id="help", classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            yield Static(keys)
            yield Static("Phases", classes="dialog-title")
            for name, css_class, what in PHASES:
                yield Static(
                    Content.assemble((f" {name:<14} ", "reverse"), "  ", what),
                    classes=f"phase-key {css_class}",
                )
            yield Static("Esc closes this help.", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Ask before ending a session early. y ends it; n or Esc carries on."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("y", "answer(True)", "end it", id="confirm.yes"),
        Binding("n,escape,q", "answer(False)", "keep going", id="confirm.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static("End this session now?", classes="dialog-title")
            yield Static("y ends it and shows what you did · n carries on", classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
