"""SVG snapshots of the builder at 80×24 and 60×20, on a frozen point library and built-ins.

Update with ``pytest tests/test_snapshots_builder.py --snapshot-update`` and look at the pictures
in ``tests/__snapshots__/test_snapshots_builder/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_support import frozen_points

from acutimer.config import Config
from acutimer.paths import RoutineRef
from acutimer.routine.loading import load_ref
from acutimer.tui.builder.app import BuilderApp

FIXTURES = Path(__file__).parent / "tui_fixtures"
SIZE = (80, 24)
SIZES = [(80, 24), (60, 20)]


@pytest.fixture(autouse=True)
def frozen_library(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Points and built-in routines from tests/tui_fixtures, so edits elsewhere do not show."""
    yield from frozen_points(monkeypatch)


def builtin_builder() -> BuilderApp:
    """The builder on the built-in waist-and-hands (a copy is what it would save)."""
    ref = RoutineRef("waist-and-hands", FIXTURES / "routines" / "waist-and-hands.toml", True)
    return BuilderApp(load_ref(ref), clock=lambda: 1000.0, config=Config(safety_acknowledged=True))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_builder_with_a_builtin(snap_compare: object, size: tuple[int, int]) -> None:
    app = builtin_builder()
    assert snap_compare(app, press=["down"], terminal_size=size)  # type: ignore[operator]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_builder_with_the_focus_in_a_field(snap_compare: object, size: tuple[int, int]) -> None:
    app = builtin_builder()

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "tab")  # sides, pressure, technique, hold
        app.builder.query_one("#f-hold", Input).cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)  # type: ignore[operator]


def test_builder_shows_an_invalid_value_under_its_field(snap_compare: object) -> None:
    app = builtin_builder()

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        app.builder.query_one("#f-hold", Input).focus()
        await pilot.press("end", "ctrl+u", *"ten")
        app.builder.query_one("#b-steps").focus()  # no blinking cursor in the picture
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)  # type: ignore[operator]
