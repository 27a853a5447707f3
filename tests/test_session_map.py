"""The body map in the session: beside the where-text while finding, small while pressing, under
the text on a small screen; the side in use marked, and drawn once per point, size and side.

Snapshots (in tests/test_snapshots.py's style: a frozen clock, a frozen point library with each
point's place on the map, tests/tui_fixtures/points-mapped.toml) of the find phase at 80×24 and
60×20 (and 60×20 at the end of the box, where the map stands), and of the press. Update with
``pytest tests/test_session_map.py --snapshot-update`` and look at the pictures first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from tui_support import FakeClock, frozen_points, make_app, run_for, session_screen

from acutimer import paths
from acutimer.bodymap import MARK_GLYPH
from acutimer.bodymap.render import cache_info
from acutimer.paths import RoutineRef
from acutimer.routine import points as library
from acutimer.routine.loading import load_ref, load_routine
from acutimer.routine.timeline import PhaseKind
from acutimer.tui.app import AcutimerApp
from acutimer.tui.screens.session import map_beside
from acutimer.tui.widgets.more import MoreScroll
from acutimer.tui.widgets.pointmap import PointMap

FIXTURES = Path(__file__).parent / "tui_fixtures"
SIZES = [(80, 24), (60, 20)]
sizes = pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])


@pytest.fixture
def frozen_library(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The snapshots' points and routines, the points with their places on the map."""
    yield from frozen_points(monkeypatch, "points-mapped.toml")


def waist_and_hands_at(seconds: float, *keys: str) -> tuple[AcutimerApp, object]:
    """waist-and-hands (see tests/test_snapshots.py): LI-4 find 0-5, press 5-15, release
    15-20, press 20-30, switch 30-35 ...; BL-23 (both sides) find 70-75, press 75-115."""
    clock = FakeClock()
    routine = FIXTURES / "routines" / "waist-and-hands.toml"
    app = make_app(load_ref(RoutineRef("waist-and-hands", routine, True)), clock)

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        run_for(app, clock, seconds)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return app, run_before


@pytest.mark.usefixtures("frozen_library")
@sizes
def test_find_phase_with_its_map(snap_compare: object, size: tuple[int, int]) -> None:
    # LI-4 on the left hand: beside the where-text at 80×24; at 60×20 the text comes first.
    app, run_before = waist_and_hands_at(1)
    assert snap_compare(app, terminal_size=size, run_before=run_before)  # type: ignore[operator]


@pytest.mark.usefixtures("frozen_library")
def test_find_phase_at_60x20_the_map_follows_the_text(snap_compare: object) -> None:
    app, run_before = waist_and_hands_at(1, "end")
    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)  # type: ignore[operator]


@pytest.mark.usefixtures("frozen_library")
def test_press_phase_with_a_small_map(snap_compare: object) -> None:
    app, run_before = waist_and_hands_at(82)  # BL-23, both sides, breath-led
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


# --- behaviour, on the real library ---------------------------------------------------------


def map_lines(app: AcutimerApp, which: str = "#map-beside") -> list[str]:
    """The lines a map widget shows now."""
    widget = app.screen.query_one(which, PointMap)
    width, height = widget.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def marks(lines: list[str]) -> list[tuple[float, int]]:
    """Where the picture's marks are: each one's place across the picture (0 its left edge, 1
    its right) and its row. The legend's ● (after the picture) is not one."""
    legend = next(y for y, line in enumerate(lines) if line.lstrip().startswith(MARK_GLYPH))
    picture = lines[:legend]
    columns = [
        x
        for line in picture
        for x, char in enumerate(line)
        if "\u2800" <= char <= "\u28ff" or char == MARK_GLYPH
    ]
    left, right = min(columns), max(columns)
    found = []
    for y, line in enumerate(picture):
        for x, char in enumerate(line):
            if char == MARK_GLYPH:
                found.append(((x - left) / (right - left), y))
    return found


async def at(app: AcutimerApp, pilot: Pilot[int], clock: FakeClock, seconds: float) -> None:
    run_for(app, clock, seconds - session_screen(app).session.elapsed(), step=1.0)
    await pilot.pause()


DESK = load_routine("lower-back-desk")
"""EX-UE7 left then right (find 0-10, press 10-70, switch 70-80, press 80-140, rest 140-150);
CV-6 on the midline (find 150-160, press 160-220, rest 220-230); BL-23 both sides (find 230)."""


async def test_the_mark_is_on_the_left_hand_then_moves_to_the_right_when_switching() -> None:
    clock = FakeClock()
    app = make_app(DESK, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await at(app, pilot, clock, 1)
        screen = session_screen(app)
        assert screen.session.phase.kind is PhaseKind.FIND
        lines = map_lines(app)
        assert any("● EX-UE7 · left hand" in line for line in lines)
        found = marks(lines)
        assert len(found) == 2 and all(x < 0.5 for x, _ in found)  # two spots, left hand
        await at(app, pilot, clock, 71)
        assert screen.session.phase.kind is PhaseKind.SWITCH
        lines = map_lines(app)
        assert any("● EX-UE7 · right hand" in line for line in lines)
        found = marks(lines)
        assert len(found) == 2 and all(x > 0.5 for x, _ in found)  # moved to the right hand
        await at(app, pilot, clock, 81)  # pressing the right hand: small, still on the right
        assert screen.session.phase.kind is PhaseKind.PRESS
        small = map_lines(app)
        assert len([line for line in small if line.strip()]) < len(lines)
        assert all(x > 0.5 for x, _ in marks(small))


async def test_a_midline_step_marks_the_midline_and_a_both_sides_step_both_points() -> None:
    clock = FakeClock()
    app = make_app(DESK, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await at(app, pilot, clock, 151)  # CV-6
        lines = map_lines(app)
        assert any("● CV-6 · midline" in line for line in lines)
        ((x, _),) = marks(lines)
        assert abs(x - 0.5) < 0.1
        await at(app, pilot, clock, 231)  # BL-23
        lines = map_lines(app)
        assert any("● BL-23 · both sides" in line for line in lines)
        (left, _), (right, _) = sorted(marks(lines))
        assert left < 0.5 < right


async def test_while_resting_the_map_shows_the_next_point_on_its_first_side() -> None:
    clock = FakeClock()
    app = make_app(DESK, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await at(app, pilot, clock, 221)  # the rest after CV-6: BL-23 is up next
        assert session_screen(app).session.phase.kind is PhaseKind.REST
        assert any("● BL-23 · both sides" in line for line in map_lines(app))


@pytest.mark.parametrize(
    ("size", "beside"), [((80, 24), True), ((60, 20), False), ((45, 15), False)], ids=str
)
async def test_the_map_is_beside_the_text_at_80x24_and_under_it_at_60x20(
    size: tuple[int, int], beside: bool
) -> None:
    # One size a test: each its own home, so a session cut short is not offered to resume.
    assert map_beside(*size) is beside
    clock = FakeClock()
    app = make_app(DESK, clock)
    async with app.run_test(size=size) as pilot:
        await at(app, pilot, clock, 231)  # BL-23: the where-text first
        screen = session_screen(app)
        shown = screen.query_one("#map-beside" if beside else "#map-aside", PointMap)
        hidden = screen.query_one("#map-aside" if beside else "#map-beside", PointMap)
        assert shown.display and not hidden.display
        assert shown.size.width > 0 and shown.size.height > 0
        details = screen.query_one(MoreScroll)
        if beside:
            # The text keeps most of the box.
            assert details.size.width >= 2 * shown.size.width
        else:
            # The text comes first: the map is under it, below what the box shows.
            assert shown.region.y >= details.region.bottom
            await pilot.press("end")
            await pilot.pause()
            lines = map_lines(app, "#map-aside")
            assert any("● BL-23" in line for line in lines)
            top, bottom = details.region.y, details.region.bottom
            for number, line in enumerate(lines):  # all of it in view
                assert not line.strip() or top <= shown.region.y + number < bottom


async def test_no_map_leaves_it_out_and_the_palette_brings_it_back(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(DESK, clock)
    app.config.body_map = False
    async with app.run_test(size=(80, 24)) as pilot:
        await at(app, pilot, clock, 1)
        screen = session_screen(app)
        assert not any(widget.display for widget in screen.query(PointMap))
        width = screen.query_one(MoreScroll).size.width
        app.change_setting("body_map", True)
        await pilot.pause()
        assert screen.query_one("#map-beside", PointMap).display
        assert screen.query_one(MoreScroll).size.width < width
        assert any("● EX-UE7" in line for line in map_lines(app))


async def test_a_figure_is_drawn_once_per_size_and_side_never_per_tick() -> None:
    clock = FakeClock()
    app = make_app(DESK, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await at(app, pilot, clock, 231)  # BL-23 find
        await at(app, pilot, clock, 241)  # its press: the small map
        widget = session_screen(app).query_one("#map-beside", PointMap)
        drawn = 0
        draw = widget.draw

        def counted(width: int, height: int) -> list[object]:
            nonlocal drawn
            drawn += 1
            return draw(width, height)  # type: ignore[return-value]

        widget.draw = counted  # type: ignore[method-assign, assignment]
        renders = cache_info()
        for _ in range(30):  # thirty seconds of a breath-led hold, the guide moving
            run_for(app, clock, 1.0, step=0.1)
            await pilot.pause()
        assert session_screen(app).session.phase.kind is PhaseKind.PRESS
        assert drawn == 0
        assert cache_info().misses == renders.misses  # no picture drawn again
        widget.refresh()  # even a repaint of the map itself draws nothing new
        await pilot.pause()
        assert drawn == 0


async def test_a_point_with_no_place_on_the_map_leaves_the_text_the_whole_box(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(library, "POINTS_FILE", FIXTURES / "points.toml")  # no places
    monkeypatch.setattr(paths, "builtin_dir", lambda: FIXTURES / "routines")
    library.load_points.cache_clear()
    try:
        app, run_before = waist_and_hands_at(1)
        async with app.run_test(size=(80, 24)) as pilot:
            await run_before(pilot)  # type: ignore[operator]
            screen = session_screen(app)
            assert screen.query_one("#map-beside", PointMap).size.width == 0
            assert screen.query_one(MoreScroll).size.width == 76
    finally:
        library.load_points.cache_clear()


def test_run_map_and_no_map_set_the_app_s_setting_for_one_session(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from acutimer.commands.cli import build_parser
    from acutimer.config.load import load_settings, overrides_from

    parser = build_parser()
    for extra, expected in (([], True), (["--map"], True), (["--no-map"], False)):
        args = parser.parse_args(["run", "lower-back-desk", *extra])
        assert load_settings(overrides_from(args)).config.body_map is expected
    monkeypatch.setenv("ACUTIMER_BODY_MAP", "false")  # off in the settings...
    args = parser.parse_args(["run", "lower-back-desk", "--map"])
    assert load_settings(overrides_from(args)).config.body_map is True  # ...on for this one
    assert load_settings(overrides_from(parser.parse_args(["run", "x"]))).config.body_map is False
