"""The builder: ``acutimer new NAME`` and ``acutimer edit ROUTINE``.

:class:`BuilderApp` hosts the :class:`~acutimer.tui.builder.screen.BuilderScreen` and runs its
previews with the session screen, as ``acutimer run`` would; :func:`run_builder` is what the CLI
calls.
"""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from acutimer.config import Config, SettingsSaver, load_config
from acutimer.routine import authoring
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import LoadedRoutine, RoutineFile
from acutimer.session.clock import Clock, default_clock
from acutimer.tui.builder.screen import BuilderScreen
from acutimer.tui.launch import run_preview

__all__ = ["BuilderApp", "BuilderScreen", "run_builder"]


class BuilderApp(App[int]):
    """The builder, full screen, with previews run by the session screen.

    Args:
        source: the routine to edit (loaded, or a file read with its problems), or None for a
            new one.
        name: the new routine's name (``acutimer new NAME``).
        force: the user agreed up front to replace a routine called ``name``.
        clock: monotonic seconds for previews; tests pass a fake one.
        config: the user's settings; read from the acutimer home when not given.

    Raises:
        AcutimerError: the new routine's name cannot be a file name, or the file is of a shape
            the builder cannot show.
    """

    CSS_PATH = ["../app.tcss", "../screens/dialogs.tcss", "builder.tcss"]
    TITLE = "acutimer"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+z", "suspend_process", show=False, id="app.suspend"),
        # Ctrl+Q and Ctrl+C (over a field's copying, as in acutimer's app) quit as q does,
        # asking first when changes are unsaved.
        Binding("ctrl+q", "leave", show=False, priority=True, id="app.quit"),
        Binding("ctrl+c", "leave", show=False, priority=True, id="app.leave"),
    ]

    def __init__(
        self,
        source: LoadedRoutine | RoutineFile | None = None,
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
        if source is None:
            self.builder = BuilderScreen.for_new(name, self.preview, force=force)
        else:
            self.builder = BuilderScreen.for_file(as_file(source), self.preview)

    def on_mount(self) -> None:
        self.call_after_refresh(gc.enable)  # off since start-up (cli.main), for a sooner paint
        self.push_screen(self.builder, self._done)
        if self._config_warning:
            self.builder.say(self._config_warning, "warning")

    @property
    def saved(self) -> list[Path]:
        """The files saved so far, in order (the same file again at each save)."""
        return self.builder.saved

    def _done(self, _saved: list[Path] | None) -> None:
        self.exit(0)

    def action_leave(self) -> None:
        """Ctrl+Q or Ctrl+C: leave, asking first if there are unsaved changes."""
        self.builder.action_leave()

    async def action_quit(self) -> None:
        """Whatever asks the app to quit (the command palette's quit, say) asks as q does."""
        self.builder.action_leave()

    def preview(self, loaded: LoadedRoutine, speed: float) -> None:
        """Run ``loaded`` as a session, after the safety notice if it was never acknowledged."""
        run_preview(self, self.config, self.clock, self.save_settings, loaded, speed)

    def save_settings(self) -> None:
        """Save the settings; a failure is shown, and the builder carries on."""
        try:
            self._saver.save()
        except (OSError, AcutimerError) as error:
            self.builder.say(f"Your settings could not be saved: {error}", "warning")


def as_file(source: LoadedRoutine | RoutineFile) -> RoutineFile:
    """A loaded (valid) routine as the file the builder opens."""
    if isinstance(source, RoutineFile):
        return source
    return RoutineFile(source.ref, {}, source.text, source.routine, [])


def run_builder(source: RoutineFile | None, args: argparse.Namespace) -> int:
    """Run the builder on ``source`` (``acutimer edit``), or on a new routine (``acutimer new``).

    Raises:
        AcutimerError: when the new routine's name cannot be a file name.
    """
    name = getattr(args, "name", None)
    if source is None:
        authoring.safe_name(name or "")
    app = BuilderApp(source, name=name, force=bool(getattr(args, "force", False)))
    app.run()
    for line in saved_lines(app.saved, discarded=app.builder.discarded):
        print(line)
    return app.return_code or 0


def saved_lines(saved: list[Path], *, discarded: bool) -> list[str]:
    """What the builder says on leaving: what was saved, and never more than that."""
    files = list(dict.fromkeys(saved))
    if discarded:
        if not files:
            return ["nothing was saved"]
        return [
            f"your last changes were not saved; {files[-1]} has what you saved before them",
            *(f"saved earlier: {path}" for path in files[:-1]),
        ]
    lines = [f"saved {path}" for path in files]
    if files:
        lines.append(f"run it with: acutimer run {files[-1].stem}")
    return lines
