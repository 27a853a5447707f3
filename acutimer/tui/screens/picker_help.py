"""The picker's own help (``?`` in the routine list): its keys, and where deleted routines go."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from acutimer.paths import trash_dir
from acutimer.tui.screens.leaving import QUIT
from acutimer.tui.widgets.more import MoreScroll

KEYS = [
    ("Enter", "start the routine (after the safety notice, the first time)"),
    ("↑ ↓", "move through the list; PgUp PgDn a page; Home End the first, the last"),
    ("/", "filter by title, focus, position or point (he gu, li4, lying); Esc clears"),
    ("o", "sort by title, or by when you last did each routine"),
    ("n", "make a new routine in the builder"),
    ("e", "edit the routine (a built-in is saved as a copy of your own)"),
    ("c", "copy the routine under a new name"),
    ("x  Del", "delete one of your routines (it asks first)"),
    ("u", "bring back the routine you deleted last"),
    ("h", "your history: streak, minutes, pain before and after"),
    ("s", "the safety notice"),
    ("?", "this help"),
    ("q", "quit acutimer"),
]


class PickerHelpScreen(ModalScreen[str | None]):
    """What each key of the routine list does. Closes with :data:`QUIT` when q is pressed."""

    CSS_PATH = ["dialogs.tcss", "picker.tcss"]
    BINDINGS = [
        Binding("escape,question_mark,enter", "close", "close", id="picker-help.close"),
        Binding("q", "leave", "quit", id="picker-help.quit"),
    ]

    def compose(self) -> ComposeResult:
        with MoreScroll(id="help", classes="dialog"):
            yield Static("Choosing a routine: keys", classes="dialog-title")
            for key, what in KEYS:
                with Horizontal(classes="help-row"):
                    yield Static(Content.styled(key, "bold"), classes="help-key")
                    yield Static(what, classes="help-what")
            yield Static(
                "Deleted routines go to the trash folder, and u brings the last one back "
                f"while acutimer runs. Later, move the file back from {trash_dir()} yourself. "
                "Built-in routines cannot be deleted or changed; e and c make copies.",
                classes="dialog-hint",
                markup=False,
            )
            yield Static("Esc or ? closes this help; q quits.", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        self.dismiss(QUIT)
