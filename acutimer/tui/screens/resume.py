""" "Carry on where you stopped?": offered before a session of a routine whose last session was
cut short a little while ago (see :mod:`acutimer.history.resume`).

Enter carries on (True), n starts afresh (False), Esc goes back (None), q quits acutimer
(:data:`~acutimer.tui.screens.leaving.QUIT`), as on every screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from acutimer.tui.screens.leaving import QUIT


class ResumeScreen(ModalScreen[bool | str | None]):
    """Ask whether to carry on a session cut short, or start afresh."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("enter,y", "answer(True)", "carry on", id="resume.yes"),
        Binding("n", "answer(False)", "start afresh", id="resume.no"),
        Binding("escape", "answer(None)", "back", id="resume.back"),
        Binding("q", "leave", "quit", id="resume.quit"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self._title = title
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="resume", classes="dialog"):
            yield Static("Carry on where you stopped?", classes="dialog-title")
            yield Static(self._title, id="resume-routine", markup=False)
            yield Static(self._question, id="resume-question", markup=False)
            yield Static(
                "Enter carries on (one session in your history) · n starts afresh · "
                "Esc goes back · q quits",
                classes="dialog-hint",
            )

    def action_answer(self, answer: bool | None) -> None:
        self.dismiss(answer)

    def action_leave(self) -> None:
        """q (and Ctrl+C, which the app sends here): quit acutimer."""
        self.dismiss(QUIT)
