"""SVG snapshots of each screen at 80×24, on a frozen clock and a frozen point library.

Update with ``pytest tests/test_snapshots.py --snapshot-update`` and look at the pictures in
``tests/__snapshots__/test_snapshots/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import FakeClock, make_app, run_for

from acutimer import paths
from acutimer.paths import RoutineRef
from acutimer.routine import points as library
from acutimer.routine.loading import LoadedRoutine, load_ref
from acutimer.tui.app import AcutimerApp

FIXTURES = Path(__file__).parent / "tui_fixtures"
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def frozen_library(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Points and built-in routines from tests/tui_fixtures, so edits elsewhere do not show."""
    monkeypatch.setattr(library, "POINTS_FILE", FIXTURES / "points.toml")
    monkeypatch.setattr(paths, "builtin_dir", lambda: FIXTURES / "routines")
    library.load_points.cache_clear()
    yield
    library.load_points.cache_clear()


def fixture_routine(name: str) -> LoadedRoutine:
    return load_ref(RoutineRef(name, FIXTURES / "routines" / f"{name}.toml", True))


def session_at(seconds: float, *, keys: tuple[str, ...] = ()) -> tuple[AcutimerApp, object]:
    """An app running waist-and-hands, and a run_before that moves it ``seconds`` in."""
    clock = FakeClock()
    app = make_app(fixture_routine("waist-and-hands"), clock)

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        run_for(app, clock, seconds)
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_picker(snap_compare: object, size: tuple[int, int]) -> None:
    app = make_app(None, FakeClock())
    assert snap_compare(app, press=["down"], terminal_size=size)  # type: ignore[operator]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_picker_filtered(snap_compare: object, size: tuple[int, int]) -> None:
    app = make_app(None, FakeClock())

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("slash", *"bl-2")
        app.screen.query_one("#picker-filter").cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)  # type: ignore[operator]


def test_safety_notice(snap_compare: object) -> None:
    app = make_app(fixture_routine("waist-and-hands"), FakeClock(), acknowledged=False)
    assert snap_compare(app, terminal_size=SIZE)  # type: ignore[operator]


def test_session_press_with_breathing(snap_compare: object) -> None:
    app, run_before = session_at(82)  # step 2, 7 s into a breath-led press: breathing out
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)  # type: ignore[operator]


def test_session_rest(snap_compare: object) -> None:
    app, run_before = session_at(62)  # the rest after step 1
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)  # type: ignore[operator]


def test_summary(snap_compare: object) -> None:
    app, run_before = session_at(151, keys=("n",))  # step 1 skipped, then to the end
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)  # type: ignore[operator]
