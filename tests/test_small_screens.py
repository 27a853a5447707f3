"""Small terminals: the safety notice is read to the end before it can be accepted; the summary,
help and history say when there is more and scroll to it by keys; every key bar keeps q and ?."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import SHORT, FakeClock, load, make_app, run_for

from acutimer.config import load_config
from acutimer.tui.app import AcutimerApp
from acutimer.tui.screens.dialogs import HelpScreen
from acutimer.tui.screens.safety import NOTICE, SafetyScreen
from acutimer.tui.screens.session import SessionScreen
from acutimer.tui.screens.summary import SummaryScreen
from acutimer.tui.widgets.keybar import KeyBar
from acutimer.tui.widgets.more import ABOVE, BELOW, MoreScroll


def keys_shown(app: AcutimerApp) -> list[str]:
    bar = app.screen.query_one(KeyBar)
    bar.render_line(0)
    return [key.key for key in bar.keys]


def rows_on_screen(app: AcutimerApp) -> set[int]:
    """The notice's rows on the screen now."""
    notice = app.screen.query_one(MoreScroll)
    top = round(notice.scroll_y)
    return set(range(top, top + notice.scrollable_content_region.height))


def points_read(app: AcutimerApp, rows: set[int]) -> set[int]:
    """The points of the notice every row of which is among ``rows``."""
    # Each point is a row (its bullet, its text) in the scrolling column.
    lines = list(app.screen.query(".notice-point"))
    assert len(lines) == len(NOTICE)
    return {
        i
        for i, widget in enumerate(lines)
        if set(range(widget.virtual_region.y, widget.virtual_region.bottom)) <= rows
    }


async def test_at_80x24_the_whole_notice_fits_and_enter_accepts(tmp_path: Path) -> None:
    app = make_app(load(tmp_path, "short", SHORT), FakeClock(), acknowledged=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert points_read(app, rows_on_screen(app)) == set(range(len(NOTICE)))
        assert app.screen.query_one(MoreScroll).border_subtitle == ""
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


@pytest.mark.parametrize("size", [(60, 20), (45, 15)])
async def test_a_small_notice_reads_on_before_it_can_be_accepted(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(load(tmp_path, "short", SHORT), FakeClock(), acknowledged=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        seen = rows_on_screen(app)
        assert points_read(app, seen) != set(range(len(NOTICE)))
        assert app.screen.query_one(MoreScroll).border_subtitle == BELOW
        bar = app.screen.query_one(KeyBar)
        assert bar.keys[0].description == "read on"
        for _ in range(20):
            if isinstance(app.screen, SessionScreen):
                break
            assert load_config()[0].safety_acknowledged is False
            await pilot.press("enter")
            await pilot.pause()
            if isinstance(app.screen, SafetyScreen):
                seen |= rows_on_screen(app)
                read = points_read(app, seen)
        assert isinstance(app.screen, SessionScreen)
        assert read == set(range(len(NOTICE)))  # every line was on the screen first
    assert load_config()[0].safety_acknowledged is True


async def test_the_notice_scrolls_by_keys(tmp_path: Path) -> None:
    app = make_app(load(tmp_path, "short", SHORT), FakeClock(), acknowledged=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        notice = app.screen.query_one(MoreScroll)
        await pilot.press("j", "down")
        assert notice.scroll_y == 2
        await pilot.press("end")
        await pilot.pause()
        assert notice.border_subtitle == ABOVE
        assert app.screen.query_one(KeyBar).keys[0].description == "I have read this"
        await pilot.press("home")  # read once is enough
        await pilot.pause()
        assert app.screen.query_one(KeyBar).keys[0].description == "I have read this"


async def test_the_summary_says_more_and_scrolls_to_it(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        run_for(app, clock, 93)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = app.screen.query_one(MoreScroll)
        assert body.border_subtitle == BELOW
        await pilot.press("end")
        await pilot.pause()
        assert body.border_subtitle == ABOVE
        await pilot.press("k")
        assert body.scroll_y == body.max_scroll_y - 1


async def test_the_help_says_more_and_scrolls_to_it(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_box = app.screen.query_one(MoreScroll)
        assert help_box.border_subtitle == BELOW
        await pilot.press("j", "j", "down")
        assert help_box.scroll_y == 3
        await pilot.press("end")
        await pilot.pause()
        assert help_box.scroll_y == help_box.max_scroll_y > 3
        assert help_box.border_subtitle == ABOVE


@pytest.mark.parametrize(
    ("opener", "wanted"),
    [((), {"q", "question_mark"}), (("s",), {"q"}), (("h",), {"q"})],
    ids=["picker", "safety", "history"],
)
async def test_every_key_bar_keeps_q_and_help_at_45_columns(
    tmp_path: Path, opener: tuple[str, ...], wanted: set[str]
) -> None:
    refs = [load(tmp_path, "short", SHORT).ref]
    app = make_app(None, FakeClock(), refs=lambda: refs)
    async with app.run_test(size=(45, 15)) as pilot:
        await pilot.press(*opener)
        await pilot.pause()
        assert wanted <= set(keys_shown(app))


async def test_the_summary_key_bar_keeps_q_at_45_columns(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock, ask_pain=True)
    async with app.run_test(size=(45, 15)) as pilot:
        await pilot.press("escape")
        run_for(app, clock, 93)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "q" in keys_shown(app)


async def test_keys_still_queued_after_q_open_nothing(tmp_path: Path) -> None:
    refs = [load(tmp_path, "short", SHORT).ref]
    app = make_app(None, FakeClock(), refs=lambda: refs)
    async with app.run_test(size=(80, 24)):
        assert app.check_action("safety", ()) is True
        app.exit()
        assert app.check_action("safety", ()) is False
        assert app.check_action("help", ()) is False
