"""Writing to the terminal beside Textual: the title, in turn with the screen's own output.

Textual writes the screen from a thread of its own; bytes written to the terminal by anyone else
could land in the middle of one of its escape sequences. So the title goes through the driver's
``write``, into the same queue as the screen. Textual has no public way to reach the driver from
the app, but the driver class is the app's to choose (:meth:`textual.app.App.get_driver_class`):
:func:`titled` wraps it, and hands its ``write`` to the app when the terminal is the app's (at
the start, and again after Ctrl+Z) and takes it back before the terminal is given up (at the
end, and before Ctrl+Z). The title is given back to the terminal at those times too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class TerminalUser(Protocol):
    """What an app that writes to the terminal answers to."""

    def terminal_started(self, write: Callable[[str], None]) -> None:
        """The terminal is the app's: ``write`` writes to it, in turn with the screen."""

    def terminal_stopping(self) -> None:
        """The terminal is about to be given up: write what must go last, now."""


def titled(base: type[Any]) -> type[Any]:
    """A subclass of the driver class ``base`` that tells the app when it may write."""

    class TitledDriver(base):  # type: ignore[misc]
        def __init__(self, app: Any, **kwargs: Any) -> None:
            super().__init__(app, **kwargs)
            self.acutimer_app: TerminalUser | None = (
                app if hasattr(app, "terminal_started") else None
            )

        def start_application_mode(self) -> None:
            super().start_application_mode()
            if self.acutimer_app is not None:
                self.acutimer_app.terminal_started(self.write)

        def stop_application_mode(self) -> None:
            if self.acutimer_app is not None:
                self.acutimer_app.terminal_stopping()
            super().stop_application_mode()

    TitledDriver.__name__ = TitledDriver.__qualname__ = f"Titled{base.__name__}"
    return TitledDriver
