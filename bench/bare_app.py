"""The baseline for bench_tui.py: a bare Textual app that shows one label and waits."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

READY = "bare textual app, one label"


class BareApp(App[None]):
    """One label, nothing else."""

    def compose(self) -> ComposeResult:
        yield Label(READY)


if __name__ == "__main__":
    BareApp().run()
