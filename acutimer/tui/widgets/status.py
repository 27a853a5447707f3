"""One line for what a screen has to say, in place of toasts that pile up over what it shows.

A message stays until the next one, or until :meth:`StatusLine.clear`; with none, the line shows
a hint (what the keys do where the focus is). Text is shown literally, never as markup.
"""

from __future__ import annotations

from textual.widgets import Static

SEVERITIES = ("information", "success", "warning", "error")


class StatusLine(Static):
    """A status line: the latest message, or else a hint."""

    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    StatusLine.-message { color: $foreground; text-wrap: wrap; }
    StatusLine.-success { color: $text-success; }
    StatusLine.-warning { color: $text-warning; }
    StatusLine.-error { color: $text-error; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.message = ""
        """What the line says now, if it is a message (not a hint)."""
        self.severity = "information"
        self._hint = ""

    def say(self, text: str, severity: str = "information") -> None:
        """Show a message, replacing the one before."""
        self.message = text
        self.severity = severity if severity in SEVERITIES else "information"
        self._show()

    def hint(self, text: str) -> None:
        """Set the hint shown while there is no message."""
        self._hint = text
        self._show()

    def clear(self) -> None:
        """Forget the message; the hint shows again."""
        if self.message:
            self.message = ""
            self._show()

    def _show(self) -> None:
        self.update(self.message or self._hint)
        self.display = bool(self.message or self._hint)
        self.set_class(bool(self.message), "-message")
        for severity in SEVERITIES[1:]:
            self.set_class(bool(self.message) and self.severity == severity, f"-{severity}")
