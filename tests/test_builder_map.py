"""The builder's point search shows the highlighted point on the body map."""

from __future__ import annotations

from textual.geometry import Region
from tui_support import FakeClock

from acutimer.config import Config
from acutimer.routine.points import load_points
from acutimer.tui.builder.app import BuilderApp
from acutimer.tui.builder.widgets import PointSearchScreen
from acutimer.tui.widgets.pointmap import PointMap


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
