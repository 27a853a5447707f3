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
from acutimer.tui.screens.session import SessionScreen, SessionSettings


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
) -> None:
    """Run ``go`` at once if the safety notice was acknowledged, else after it is."""
    if config.safety_acknowledged:
        go()
        return

    from acutimer.tui.screens.safety import SafetyScreen  # only before the first session

    def answered(acknowledged: bool | None) -> None:
        if acknowledged:
            go()
        elif declined is not None:
            declined()

    app.push_screen(SafetyScreen(config, save, first_time=True), answered)


def run_preview(
    app: App[int],
    config: Config,
    clock: Clock,
    save: Callable[[], None],
    loaded: LoadedRoutine,
    speed: float,
) -> None:
    """Run ``loaded`` as a preview (not recorded) from the builder, after the safety notice if
    it was never acknowledged; the builder says when it is over."""
    from acutimer.tui.builder.form import DraftScreen

    def open_safety(done: Callable[[object], None]) -> None:
        from acutimer.tui.screens.safety import SafetyScreen

        app.push_screen(SafetyScreen(config, save, first_time=False), done)

    def over(_session: object) -> None:
        if isinstance(app.screen, DraftScreen):
            app.screen.say("Preview over; nothing was saved or recorded.")

    def go() -> None:
        screen = session_screen(loaded, config, clock, open_safety, speed=speed, bell=config.bell)
        app.push_screen(screen, over)

    after_safety(app, config, save, go)
