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
from acutimer.tui.screens.leaving import QUIT
from acutimer.tui.screens.session import SessionScreen
from acutimer.tui.screens.session_settings import SessionSettings

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
    cued: bool = False,
    earlier: tuple[tuple[int, ...], tuple[int, ...]] | None = None,
) -> SessionScreen:
    """A session screen for ``loaded`` as the settings have it run: with the pregnancy setting
    on, flagged steps are left out and steps with a gentler way are done that way.

    ``cued``: the session's tones, bell and flash come from :class:`acutimer.session.cues.Cues`,
    not from the screen. ``earlier``: the steps done and passed by the earlier part of a
    resumed session (it starts after them).
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
        body_map=config.body_map,
        done=earlier[0] if earlier else (),
        passed=earlier[1] if earlier else (),
        wait_for_me=config.wait_for_me,
    )
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
