"""Helpers for the Textual tests: a fake clock, routine files, and driving a session by hand."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeclock import FakeClock

from acutimer import paths
from acutimer.config import Config
from acutimer.paths import RoutineRef
from acutimer.routine import points as library
from acutimer.routine.loading import LoadedRoutine, load_ref
from acutimer.tui.app import AcutimerApp
from acutimer.tui.screens.session import SessionScreen

FIXTURES = Path(__file__).parent / "tui_fixtures"

SHORT = """
title = "Two points"
summary = "A short routine for the tests."
focus = "lower-back"
position = "seated"
find_time = "3s"
pace = { inhale = "4s", exhale = "6s" }

[[steps]]
point = "LI-4"
sides = "left-then-right"
hold = "12s"
release = "3s"
repeats = 2
rest = "4s"
note = "Squeeze the web of the hand."

[[steps]]
point = "BL-23"
sides = "both"
hold = "20s"
breathing = "synchronised"
steady_after = "5s"
"""
"""Step 1: find 3, press 12, release 3, press 12, switch 3, press 12, release 3, press 12, rest 4
(64 s); step 2: find 3, press 20, steady 5 (28 s). 92 s in all."""

MARKUP = """
title = "Sneaky [bold]title[/] [@click=app.quit]x[/]"
summary = "Summary with [/] and [bold]bold[/bold] and [@click=app.quit]quit[/]"
focus = "lower-back"
position = "seated"
find_time = "2s"

[[steps]]
point = "BL-23"
sides = "both"
hold = "10s"
note = "A note with [/], [bold]bold[/] and [@click=app.quit]click me[/]"
"""


def write_routine(folder: Path, name: str, text: str) -> RoutineRef:
    """Write a routine file and return its ref (as a user routine)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return RoutineRef(name, path, False)


def load(folder: Path, name: str, text: str) -> LoadedRoutine:
    """Write and load a routine."""
    return load_ref(write_routine(folder, name, text))


def make_app(
    loaded: LoadedRoutine | None,
    clock: FakeClock,
    *,
    acknowledged: bool = True,
    avoid_pregnancy: bool = False,
    ask_pain: bool = False,
    wait_for_me: bool = False,
    **kwargs: object,
) -> AcutimerApp:
    """An app on a fake clock with settings given here (nothing read from disk)."""
    config = Config(
        safety_acknowledged=acknowledged,
        avoid_pregnancy_points=avoid_pregnancy,
        ask_pain=ask_pain,
        wait_for_me=wait_for_me,
        sound=False,  # no real player from the tests: tests/test_cues.py brings fake ones
    )
    return AcutimerApp(loaded, clock=clock, config=config, **kwargs)  # type: ignore[arg-type]


def notes_of(app: AcutimerApp) -> list[str]:
    """The messages the app notifies from now on."""
    notes: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: object) -> None:
        notes.append(message)
        notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = record  # type: ignore[method-assign]
    return notes


def session_screen(app: AcutimerApp) -> SessionScreen:
    """The session screen, which must be the active screen."""
    screen = app.screen
    assert isinstance(screen, SessionScreen), f"expected the session, got {screen!r}"
    return screen


def run_for(app: AcutimerApp, clock: FakeClock, seconds: float, step: float = 0.5) -> None:
    """Let ``seconds`` pass in small steps, ticking the session screen after each.

    Steps stay well under the engine's stall threshold, as a live timer's ticks do.
    """
    screen = session_screen(app)
    left = seconds
    while left > 1e-9:
        move = min(step, left)
        clock.advance(move)
        left -= move
        screen.tick()


def frozen_points(monkeypatch: pytest.MonkeyPatch, points: str = "points.toml") -> Iterator[None]:
    """Points from ``points`` and built-in routines from tests/tui_fixtures, so that edits to the
    real ones do not show, for a fixture to ``yield from``; the points cache emptied both ways."""
    monkeypatch.setattr(library, "POINTS_FILE", FIXTURES / points)
    monkeypatch.setattr(paths, "builtin_dir", lambda: FIXTURES / "routines")
    library.load_points.cache_clear()
    yield
    library.load_points.cache_clear()


def acutimer_command(home: Path, *args: str, **env: str) -> str:
    """The shell command (for a real terminal, as in tmux) that runs ``acutimer`` with ``args``
    from this checkout, on ``home``, in an xterm, with ``env`` added to its environment."""
    env = {"ACUTIMER_HOME": str(home), "TERM": "xterm-256color", **env}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return " ".join(
        [
            "env",
            *(shlex.quote(f"{k}={v}") for k, v in env.items()),
            shlex.quote(sys.executable),
            "-m",
            "acutimer",
            *map(shlex.quote, args),
        ]
    )
