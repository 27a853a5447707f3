"""The builder: ``acutimer new NAME`` and ``acutimer edit ROUTINE``.

:class:`BuilderApp` hosts the :class:`~acutimer.tui.builder.screen.BuilderScreen` and runs its
previews with the session screen, as ``acutimer run`` would; :func:`run_builder` is what the CLI
calls.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Callable, Sequence
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.filter import LineFilter

from acutimer.config import Config, SettingsSaver, load_config
from acutimer.routine import authoring
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import LoadedRoutine
from acutimer.session.clock import Clock, default_clock
from acutimer.session.engine import Session
from acutimer.tui.builder.screen import BuilderScreen
from acutimer.tui.guard import DROP_CONTROLS
from acutimer.tui.launch import after_safety, session_screen
from acutimer.tui.resize import coalesce_resizes
from acutimer.tui.screens.safety import SafetyScreen

__all__ = ["BuilderApp", "BuilderScreen", "run_builder"]


class BuilderApp(App[int]):
    """The builder, full screen, with previews run by the session screen.

    Args:
        loaded: the routine to edit, or None for a new one.
        name: the new routine's name (``acutimer new NAME``).
        force: the user agreed up front to replace a routine called ``name``.
        clock: monotonic seconds for previews; tests pass a fake one.
        config: the user's settings; read from the acutimer home when not given.
    """

    CSS_PATH = ["../app.tcss", "../screens/dialogs.tcss", "builder.tcss"]
    TITLE = "acutimer"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+z", "suspend_process", show=False, id="app.suspend")]

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, and the one that keeps control characters from the terminal."""
        return [*super().get_line_filters(), DROP_CONTROLS]

    def __init__(
        self,
        loaded: LoadedRoutine | None = None,
        *,
        name: str | None = None,
        force: bool = False,
        clock: Clock = default_clock,
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self.clock = clock
        self._config_warning: str | None = None
        if config is None:
            config, self._config_warning = load_config()
        self.config = config
        self._saver = SettingsSaver(config)
        self.builder = BuilderScreen.for_routine(loaded, name, self.preview, force=force)

    def on_mount(self) -> None:
        coalesce_resizes(self)  # a storm of SIGWINCH crashes Textual's own handler
        self.call_after_refresh(gc.enable)  # off since start-up (cli.main), for a sooner paint
        if self._config_warning:
            self.notify(self._config_warning, severity="warning", markup=False)
        self.push_screen(self.builder, self._done)

    @property
    def saved(self) -> list[Path]:
        """The files saved so far, in order (the same file again at each save)."""
        return self.builder.saved

    def _done(self, _saved: list[Path] | None) -> None:
        self.exit(0)

    def preview(self, loaded: LoadedRoutine, speed: float) -> None:
        """Run ``loaded`` as a session, after the safety notice if it was never acknowledged."""

        def go() -> None:
            screen = session_screen(
                loaded,
                self.config,
                self.clock,
                self.open_safety,
                speed=speed,
                bell=self.config.bell,
            )
            self.push_screen(screen, self._preview_over)

        after_safety(self, self.config, self.save_settings, go)

    def _preview_over(self, session: Session | None) -> None:
        self.notify("Preview over; nothing was saved or recorded.", markup=False)

    def open_safety(self, done: Callable[[object], None]) -> None:
        """Show the safety notice from the session's key; ``done`` runs when it closes."""
        self.push_screen(SafetyScreen(self.config, self.save_settings, first_time=False), done)

    def save_settings(self) -> None:
        """Save the settings; a failure is shown, and the builder carries on."""
        try:
            self._saver.save()
        except (OSError, AcutimerError) as error:
            self.notify(
                f"Your settings could not be saved: {error}", severity="warning", markup=False
            )


def run_builder(loaded: LoadedRoutine | None, args: argparse.Namespace) -> int:
    """Run the builder on ``loaded`` (``acutimer edit``), or on a new routine (``acutimer new``).

    Raises:
        AcutimerError: when the new routine's name cannot be a file name.
    """
    name = getattr(args, "name", None)
    if loaded is None:
        authoring.safe_name(name or "")
    app = BuilderApp(loaded, name=name, force=bool(getattr(args, "force", False)))
    app.run()
    for path in dict.fromkeys(app.saved):
        print(f"saved {path}")
    if app.saved:
        print(f"run it with: acutimer run {app.saved[-1].stem}")
    return app.return_code or 0
