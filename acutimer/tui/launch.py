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
    cued: bool = False,
) -> SessionScreen:
    """A session screen for ``loaded``, leaving out pregnancy-flagged steps when so set.

    ``cued``: the session's tones, bell and flash come from :class:`acutimer.session.cues.Cues`,
    not from the screen.
    """
    points = load_points()
    skip: list[int] = []
    if config.avoid_pregnancy_points:
        skip = describe.flagged_steps(loaded.routine, points, Caution.PREGNANCY)
    settings = SessionSettings(
        speed=speed,
        bell=bell,
        skip=tuple(skip),
        recording=recording,
        signal=not cued,
        reduced_motion=config.reduced_motion,
    )
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
