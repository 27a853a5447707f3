"""Starting a session screen: shared by the app and the builder's preview."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from acutimer.config import Config
from acutimer.routine import describe
from acutimer.routine.loading import LoadedRoutine
from acutimer.routine.models import Caution
from acutimer.routine.points import load_points
from acutimer.session.clock import Clock
from acutimer.tui.screens.leaving import QUIT
from acutimer.tui.screens.session import SessionScreen, SessionSettings

NOT_READ = (
    "the safety notice must be read once before the first session; "
    "start again and press Enter on it once you have read it"
)
"""Said (after "acutimer: ") when the first safety notice is closed unread and acutimer quits."""
NOT_READ_NOTE = (
    "The safety notice must be read once before the first session: "
    "press Enter on it once you have read it."
)
"""Said on the screen when the first safety notice is closed unread."""


def session_screen(
    loaded: LoadedRoutine,
    config: Config,
    clock: Clock,
    open_safety: Callable[[Callable[[object], None]], None],
    *,
    speed: float,
    bell: bool,
    recording: bool = False,
) -> SessionScreen:
    """A session screen for ``loaded``, leaving out pregnancy-flagged steps when so set."""
    points = load_points()
    skip: list[int] = []
    if config.avoid_pregnancy_points:
        skip = describe.flagged_steps(loaded.routine, points, Caution.PREGNANCY)
    settings = SessionSettings(speed=speed, bell=bell, skip=tuple(skip), recording=recording)
    return SessionScreen(loaded, points, settings, clock, open_safety)


def after_safety(
    app: App[int],
    config: Config,
    save: Callable[[], None],
    go: Callable[[], None],
    declined: Callable[[], None] | None = None,
    *,
    on_quit: Callable[[], None] | None = None,
) -> None:
    """Run ``go`` at once if the safety notice was acknowledged, else after it is.

    Closed unread, the notice calls ``declined`` (Esc) or ``on_quit`` (q, Ctrl+C); either one
    missing, it says there that the notice must be read first.
    """
    if config.safety_acknowledged:
        go()
        return

    from acutimer.tui.screens.safety import SafetyScreen  # only before the first session

    def answered(result: object) -> None:
        then = on_quit if result == QUIT else declined
        if result is True:
            go()
        elif then is not None:
            then()
        else:
            app.notify(NOT_READ_NOTE, markup=False, timeout=8)

    app.push_screen(SafetyScreen(config, save, first_time=True), answered)
