"""The full-screen app's ground floor: the terminal, the cues' routes and the settings.

:class:`TerminalApp` keeps control characters from the terminal, gives its title to the cues
and back (at the end, and at Ctrl+Z), warms the tones after the first paint, and changes and
saves a setting (from the command palette) for the sessions running and those to come.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.app import App
from textual.filter import LineFilter

from acutimer.config import Config, SettingsSaver, Source
from acutimer.reach import Reach
from acutimer.routine.errors import AcutimerError
from acutimer.tui.guard import DROP_CONTROLS

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.theme import Theme


class TerminalApp(App[int]):
    """The app's terminal, cues and settings; :class:`~acutimer.tui.app.AcutimerApp` sets up
    the attributes below."""

    config: Config
    sources: dict[str, Source]
    reach: Reach
    _saver: SettingsSaver

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, and the one that keeps control characters from the terminal."""
        return [*super().get_line_filters(), DROP_CONTROLS]

    def get_driver_class(self) -> type[Driver]:
        from acutimer.tui.terminal import titled

        driver: type[Driver] = titled(super().get_driver_class())
        return driver

    def terminal_started(self, write: Callable[[str], None]) -> None:
        """The terminal is the app's: the title can be written (again, after Ctrl+Z)."""
        self.reach.terminal = write
        self.reach.resume_title()

    def terminal_stopping(self) -> None:
        """The terminal is about to be given up (the end, or Ctrl+Z): its old title back."""
        self.reach.restore_title()
        self.reach.terminal = None

    def _cues_now(self) -> None:
        """After the first paint: cues are given at once, and the tones are made ready."""
        self.reach.defer = None
        if self.config.sound:
            self.reach.warm(self.config.volume, bell=self.config.bell)

    def _note(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False, timeout=8)

    def _flash(self) -> None:
        from acutimer.tui.screens.session import SessionScreen

        if isinstance(self.screen, SessionScreen):
            self.screen.flash()

    def _apply_theme(self) -> None:
        theme = self.config.theme
        if theme != self.theme and theme in self.available_themes:
            self.theme = theme
        elif theme not in self.available_themes:
            self.notify(
                f"theme: this Textual has no theme {theme!r}; using {self.theme}",
                severity="warning",
                markup=False,
            )
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        from acutimer.config.model import THEMES

        if theme.name != self.config.theme and theme.name in THEMES:
            self.change_setting("theme", theme.name)

    def change_setting(self, key: str, value: object) -> None:
        """Change a setting now (the next cue, the next session) and save it to the file."""
        setattr(self.config, key, value)
        self.sources[key] = Source.FILE
        if key == "theme" and value != self.theme and value in self.available_themes:
            self.theme = str(value)
        if key in ("sound", "volume") and self.config.sound:
            self.reach.warm(self.config.volume, bell=self.config.bell)
        if key == "wait_for_me":
            from acutimer.tui.screens.session import SessionScreen

            for screen in self.screen_stack:
                if isinstance(screen, SessionScreen):
                    screen.set_wait_for_me(bool(value))
        if key == "reduced_motion":
            self.animation_level = "none" if value else "full"
            from acutimer.tui.screens.session import SessionScreen
            from acutimer.tui.widgets.dashboard import Dashboard

            for screen in self.screen_stack:
                if isinstance(screen, SessionScreen):
                    screen.query_one(Dashboard).set_reduced_motion(bool(value))
        if key == "body_map":
            from acutimer.tui.screens.session import SessionScreen

            for screen in self.screen_stack:
                if isinstance(screen, SessionScreen):
                    screen.show_body_map(bool(value))
        self.save_settings()

    def save_settings(self) -> None:
        """Save the settings; a failure is shown, and the session carries on."""
        try:
            self._saver.save()
        except (OSError, AcutimerError) as error:
            self.notify(
                f"Your settings could not be saved: {error}", severity="warning", markup=False
            )
