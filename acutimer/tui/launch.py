"""Starting a session screen: shared by the app and the builder's preview."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from textual.app import App

from acutimer.config import Config
from acutimer.routine.adapt import adapt, conditions_from
from acutimer.routine.loading import LoadedRoutine
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
    """A session screen for ``loaded`` as the settings have it run: with the pregnancy setting
    on, flagged steps are left out and steps with a gentler way are done that way.

    ``cued``: the session's tones, bell and flash come from :class:`acutimer.session.cues.Cues`,
    not from the screen.
    """
    points = load_points()
    conditions = conditions_from(avoid_pregnancy_points=config.avoid_pregnancy_points)
    adapted = adapt(loaded.routine, points, conditions)
    loaded = dataclasses.replace(loaded, routine=adapted.routine)
    settings = SessionSettings(
        speed=speed,
        bell=bell,
        skip=tuple(adapted.skip),
        gentler=tuple(adapted.gentler),
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
