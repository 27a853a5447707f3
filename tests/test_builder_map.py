"""The builder's point search shows the highlighted point on the body map."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input
from tui_support import FakeClock

from acutimer.config import Config
from acutimer.routine import points as library
from acutimer.routine.points import load_points
from acutimer.tui.builder.app import BuilderApp
from acutimer.tui.builder.widgets import PointSearchScreen
from acutimer.tui.widgets.pointmap import PointMap

FIXTURES = Path(__file__).parent / "tui_fixtures"


def map_text(screen: PointSearchScreen) -> str:
    widget = screen.query_one(PointMap)
    width, height = widget.size
    return "\n".join(line.text for line in widget.render_lines(Region(0, 0, width, height)))


async def test_the_search_shows_the_map_of_the_highlighted_point() -> None:
    app = BuilderApp(None, name="mine", clock=FakeClock(), config=Config(safety_acknowledged=True))
    async with app.run_test(size=(80, 24)) as pilot:
        search = PointSearchScreen(load_points())
        app.push_screen(search)
        await pilot.pause()
        await pilot.press(*"he gu")
        await pilot.pause()
        shown = map_text(search)
        assert "● LI-4 · both hands" in shown  # the step's sides: both hands marked
        assert shown.count("●") == 3  # the legend's, and one on each hand
        assert "Backs of both hands, palms down" in shown  # the caption says which is which
        await pilot.press("ctrl+u", *"bl23")
        await pilot.pause()
        assert "● BL-23" in map_text(search)
        found = search.found
        await pilot.press("ctrl+u", *"back")
        await pilot.pause()
        found = search.found
        assert len(found) > 1
        await pilot.press("down")
        await pilot.pause()
        assert f"● {found[1].code}" in map_text(search)  # follows the highlight
        await pilot.press("ctrl+u", *"no such point zz")
        await pilot.pause()
        assert "●" not in map_text(search)  # nothing found: no map


async def search_at(size: tuple[int, int]) -> dict[str, tuple[int, int, int]]:
    """The search dialog's parts on a screen of ``size`` with BL-23 highlighted: each one's top
    row, its rows, and the dialog's last row inside its border."""
    app = BuilderApp(None, name="mine", clock=FakeClock(), config=Config(safety_acknowledged=True))
    async with app.run_test(size=size) as pilot:
        search = PointSearchScreen(load_points())
        app.push_screen(search)
        await pilot.pause()
        await pilot.press(*"bl23")
        await pilot.pause()
        inside = search.query_one("#b-search").region.bottom - 1  # the border's line
        return {
            name: (widget.region.y, widget.region.height, inside)
            for name in ("search-found", "search-map", "search-about")
            for widget in [search.query_one(f"#{name}")]
        }


@pytest.mark.parametrize("size", [(100, 32), (80, 24), (80, 23), (60, 20), (45, 15)])
async def test_the_map_takes_only_what_the_list_and_the_words_leave(
    size: tuple[int, int],
) -> None:
    parts = await search_at(size)
    top, rows, inside = parts["search-about"]
    assert rows == 2 and top + rows <= inside  # the where-text is on the dialog, whole
    found_rows = parts["search-found"][1]
    assert found_rows >= 3  # the list keeps its fewest rows
    map_rows = parts["search-map"][1]
    assert map_rows == 0 or 4 <= map_rows <= 7  # a place shown, or no map
    height = size[1]
    assert (map_rows > 0) == (height >= 23)  # 60x20, 45x15: no map


async def test_the_map_comes_back_when_the_screen_grows() -> None:
    app = BuilderApp(None, name="mine", clock=FakeClock(), config=Config(safety_acknowledged=True))
    async with app.run_test(size=(60, 20)) as pilot:
        search = PointSearchScreen(load_points())
        app.push_screen(search)
        await pilot.pause()
        await pilot.press(*"bl23")
        await pilot.pause()
        assert search.query_one(PointMap).region.height == 0
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        assert search.query_one(PointMap).region.height == 7
        assert "● BL-23" in map_text(search)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_snapshot_of_the_search_with_its_map(
    snap_compare: object, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """BL-23 highlighted, on the frozen library with places on the map: at 80×24 the map under
    the list, at 60×20 none (the where-text stays)."""
    monkeypatch.setattr(library, "POINTS_FILE", FIXTURES / "points-mapped.toml")
    library.load_points.cache_clear()
    app = BuilderApp(
        None, name="mine", clock=lambda: 1000.0, config=Config(safety_acknowledged=True)
    )

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        app.push_screen(PointSearchScreen(library.load_points()))
        await pilot.pause()
        await pilot.press(*"bl23")
        app.screen.query_one("#search-input", Input).cursor_blink = False
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)  # type: ignore[operator]
    finally:
        library.load_points.cache_clear()
