"""SVG snapshots of each screen at 80×24 and 60×20, on a frozen clock and a frozen point library.

Update with ``pytest tests/test_snapshots.py --snapshot-update`` and look at the pictures in
``tests/__snapshots__/test_snapshots/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import FakeClock, frozen_points, make_app, run_for

from acutimer.paths import RoutineRef
from acutimer.routine.loading import LoadedRoutine, load_ref
from acutimer.tui.app import AcutimerApp

FIXTURES = Path(__file__).parent / "tui_fixtures"
SIZES = [(80, 24), (60, 20)]
sizes = pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])


@pytest.fixture(autouse=True)
def frozen_library(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Points and built-in routines from tests/tui_fixtures, so edits elsewhere do not show."""
    yield from frozen_points(monkeypatch)


def fixture_routine(name: str) -> LoadedRoutine:
    return load_ref(RoutineRef(name, FIXTURES / "routines" / f"{name}.toml", True))


def session_at(
    seconds: float, *, keys: tuple[str, ...] = (), after: tuple[str, ...] = (), **kwargs: object
) -> tuple[AcutimerApp, object]:
    """An app running waist-and-hands, and a run_before that presses ``keys``, moves it
    ``seconds`` in, then presses ``after``.

    waist-and-hands: LI-4 find 0-5, press 5-15, release 15-20, press 20-30, switch 30-35, ...,
    rest 60-70; BL-23 find 70-75, breath-led press 75-115, steady 115-135, rest 135-150; BL-40
    find 150-155, press (natural breathing) 155-185, ...
    """
    clock = FakeClock()
    app = make_app(fixture_routine("waist-and-hands"), clock, **kwargs)

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        run_for(app, clock, seconds)
        await pilot.pause()
        if after:
            await pilot.press(*after)
            await pilot.pause()

    return app, run_before


def snap(snap_compare: object, app: AcutimerApp, size: tuple[int, int], **kwargs: object) -> bool:
    return snap_compare(app, terminal_size=size, **kwargs)  # type: ignore[operator, no-any-return]


@sizes
def test_picker_filtered(snap_compare: object, size: tuple[int, int]) -> None:
    app = make_app(None, FakeClock())

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("slash", *"bl-2")
        app.screen.query_one("#picker-filter").cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_picker(snap_compare: object, size: tuple[int, int]) -> None:
    assert snap(snap_compare, make_app(None, FakeClock()), size, press=["down"])


@sizes
def test_safety_notice(snap_compare: object, size: tuple[int, int]) -> None:
    # At 60×20 it does not fit: Enter reads on, and the border says more is below.
    app = make_app(fixture_routine("waist-and-hands"), FakeClock(), acknowledged=False)
    assert snap(snap_compare, app, size)


@sizes
def test_pain_question(snap_compare: object, size: tuple[int, int]) -> None:
    app = make_app(fixture_routine("waist-and-hands"), FakeClock(), ask_pain=True)
    assert snap(snap_compare, app, size)


@sizes
def test_session_find(snap_compare: object, size: tuple[int, int]) -> None:
    app, run_before = session_at(71)  # BL-23: where it is first, then its cautions
    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_session_press_with_breathing(snap_compare: object, size: tuple[int, int]) -> None:
    app, run_before = session_at(82)  # step 2, 7 s into a breath-led press: breathing out
    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_session_release(snap_compare: object, size: tuple[int, int]) -> None:
    app, run_before = session_at(16)  # between two presses on the left hand
    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_session_rest(snap_compare: object, size: tuple[int, int]) -> None:
    app, run_before = session_at(62)  # the rest after step 1
    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_session_natural_breathing_marked_helped(
    snap_compare: object, size: tuple[int, int]
) -> None:
    app, run_before = session_at(160, after=("h",))  # BL-40, natural breathing, marked
    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_session_paused(snap_compare: object, size: tuple[int, int]) -> None:
    app, run_before = session_at(82, after=("space",))
    assert snap(snap_compare, app, size, run_before=run_before)


def long_wait_at(seconds: float, **kwargs: object) -> tuple[AcutimerApp, object]:
    """An app running tests/tui_fixtures/long-wait.toml, and a run_before that moves it
    ``seconds`` in: find 0-5, press 5-25, release 25-115, get ready 115-145, press 145-165."""
    clock = FakeClock()
    loaded = load_ref(RoutineRef("long-wait", FIXTURES / "long-wait.toml", False))
    app = make_app(loaded, clock, **kwargs)

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        run_for(app, clock, seconds)
        await pilot.pause()

    return app, run_before


@sizes
def test_session_first_phase_done_the_gentler_way(
    snap_compare: object, size: tuple[int, int]
) -> None:
    # The routine's caution and preparation first, then where the point is and how to reach it
    # seated; the pregnancy setting's line under the dashboard.
    app, run_before = long_wait_at(1, avoid_pregnancy=True)
    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_session_long_release(snap_compare: object, size: tuple[int, int]) -> None:
    app, run_before = long_wait_at(30)  # what to do meanwhile first; hands off
    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_session_get_ready(snap_compare: object, size: tuple[int, int]) -> None:
    app, run_before = long_wait_at(120)  # the end of the long wait: where the point is first
    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_session_waiting_for_you(snap_compare: object, size: tuple[int, int]) -> None:
    # Wait for me on, no key while getting ready: the session waits at the press.
    app, run_before = long_wait_at(150, wait_for_me=True)
    assert snap(snap_compare, app, size, run_before=run_before)


def test_session_in_a_short_terminal(snap_compare: object) -> None:
    app, run_before = session_at(82)  # the four-line countdown at 45×15
    assert snap(snap_compare, app, (45, 15), run_before=run_before)


@sizes
def test_help(snap_compare: object, size: tuple[int, int]) -> None:
    app, run_before = session_at(10, after=("question_mark",))
    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_end_the_session_question(snap_compare: object, size: tuple[int, int]) -> None:
    app, run_before = session_at(10, after=("q",))
    assert snap(snap_compare, app, size, run_before=run_before)


@sizes
def test_summary(snap_compare: object, size: tuple[int, int]) -> None:
    # Step 1 skipped, BL-23 marked, then to the end; at 60×20 the list scrolls.
    app, run_before = session_at(151, keys=("n", "h"))
    assert snap(snap_compare, app, size, run_before=run_before)
