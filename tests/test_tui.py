"""Pilot tests of the Textual front end, on a fake clock: every key, every phase, literal text."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Static
from tui_support import MARKUP, SHORT, FakeClock, load, make_app, run_for, session_screen

from acutimer.commands import cli
from acutimer.config import load_config
from acutimer.routine.models import Pace
from acutimer.routine.timeline import breath_at
from acutimer.session.events import State
from acutimer.tui.app import AcutimerApp
from acutimer.tui.screens.dialogs import ConfirmScreen, HelpScreen
from acutimer.tui.screens.picker import PickerScreen
from acutimer.tui.screens.picker_help import PickerHelpScreen
from acutimer.tui.screens.safety import SafetyScreen
from acutimer.tui.screens.session import SessionScreen
from acutimer.tui.screens.summary import SummaryScreen
from acutimer.tui.screens.ticks import GUIDE_HZ, LATE, PLAIN_HZ, until_tick
from acutimer.tui.widgets.dashboard import Dashboard
from acutimer.tui.widgets.guide import breath_level, guide_step, stepped_fullness
from acutimer.tui.widgets.keybar import KeyBar

SIZE = (80, 24)


def text_of(app: AcutimerApp, selector: str) -> str:
    """The plain text a Static shows (markup would have been parsed away)."""
    return str(app.screen.query_one(selector, Static).render())


def dash(app: AcutimerApp) -> Dashboard:
    return app.screen.query_one(Dashboard)


def point_line(app: AcutimerApp) -> str:
    """The first line of the box: the point (or the one up next)."""
    return text_of(app, "#heading").split("\n")[0]


def instruction(app: AcutimerApp) -> str:
    """The second line of the box: what to do now."""
    return text_of(app, "#heading").split("\n")[1]


def phase_class(screen: SessionScreen) -> str:
    return next(
        c for c in screen.classes if c in {"-find", "-press", "-release", "-switch", "-rest"}
    )


async def test_every_phase_shows_its_name_colour_class_and_countdown(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE):
        screen = session_screen(app)
        seen: list[tuple[str, str, int]] = []

        def note() -> None:
            main = screen.query_one("#main")
            entry = (
                phase_class(screen),
                str(main.border_title),
                screen.query_one(Dashboard).seconds,
            )
            if not seen or seen[-1][:2] != entry[:2]:
                seen.append(entry)

        note()
        for _ in range(64 * 4):
            run_for(app, clock, 0.25)
            note()
        assert seen == [
            ("-find", "find the point", 3),
            ("-press", "press", 12),
            ("-release", "release", 3),
            ("-press", "press", 12),
            ("-switch", "switch side", 3),
            ("-press", "press", 12),
            ("-release", "release", 3),
            ("-press", "press", 12),
            ("-rest", "rest", 4),
            ("-find", "find the point", 3),
        ]


async def test_instruction_side_and_next_follow_the_engine(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE):
        assert point_line(app) == "LI-4 He Gu (Joining Valley)"
        assert instruction(app) == "find LI-4 · left hand"
        assert text_of(app, "#next").startswith("next: press firmly · left hand")
        assert dash(app).step_text == "step 1 of 2"
        run_for(app, clock, 3 + 12 + 3 + 12 + 0.5)
        assert instruction(app) == "switch to the right hand"
        run_for(app, clock, 2.5 + 12 + 3 + 12 + 1)
        assert instruction(app) == "rest · let your hands go soft"
        assert point_line(app) == "up next: BL-23 Shen Shu (Kidney Shu)"
        assert text_of(app, "#next") == "next: find BL-23 · both sides at once (3s)"
        run_for(app, clock, 3)
        assert dash(app).step_text == "step 2 of 2"


async def test_countdown_shows_whole_seconds_and_repaints_only_when_they_change(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE):
        countdown = dash(app)
        repaints: list[str] = []
        original = countdown.refresh

        def counting(*args: object, **kwargs: object) -> Dashboard:
            repaints.append(countdown.value)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        countdown.refresh = counting  # type: ignore[method-assign]
        assert countdown.value == "00:03"
        run_for(app, clock, 0.9, step=0.1)
        assert repaints == []
        run_for(app, clock, 0.2, step=0.1)
        assert repaints == ["00:02"]


def test_the_breathing_guide_moves_in_steps_of_the_given_time() -> None:
    pace = Pace(inhale=4, exhale=6)
    levels = [
        breath_level(stepped_fullness(breath_at(pace, t / 10), quantum=0.5), 41)
        for t in range(0, 100)
    ]
    changes = [t / 10 for t in range(1, 100) if levels[t] != levels[t - 1]]
    assert changes == [x / 2 for x in range(1, 20)]
    assert (levels[0], levels[35], levels[40]) == (1, 36, 41)  # 8 steps up to full
    assert levels[40] > levels[45] > levels[50]


def test_ticks_fall_just_after_each_point_of_the_phase_grid() -> None:
    assert until_tick(0.0, 1.0) == pytest.approx(1.0 + LATE)
    assert until_tick(2.3, 1.0) == pytest.approx(0.7 + LATE)  # resumed mid-second
    assert until_tick(1.26, 0.5) == pytest.approx(0.24 + LATE)
    assert until_tick(0.999, 1.0) == pytest.approx(0.001 + LATE)


def test_the_guide_moves_each_half_second_or_second_as_smoothness_allows() -> None:
    # A 44-cell band would have 44 half-cells a side: a 4 s breath in moves 5.5 a half second (11 a
    # second would jump too far); a 6 s breath out 7.3 a second.
    assert guide_step(4.0, 44, tick=0.5) == 0.5
    assert guide_step(6.0, 44, tick=0.5) == 1.0
    assert guide_step(4.0, 24, tick=0.5) == 1.0  # a narrow band moves less
    assert guide_step(0.0, 44, tick=0.5) == 0.5
    assert guide_step(6.0, 44, tick=5.0) == 5.0  # a fast preview: every tick
    assert guide_step(4.0, 32, tick=0.5) == 1.0  # the widest band: once a second for 4 s
    assert guide_step(3.0, 32, tick=0.5) == 0.5  # a quicker breath


async def test_keys_show_in_one_line_drop_from_the_end_and_a_click_presses_one(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(KeyBar)
        shown = [key.description for key in bar.keys]
        assert shown == ["pause", "next", "back", "restart", "quit", "help", "safety", "helped"]
        assert bar.render_line(0).text.startswith("space pause n→ next p← back")
        pause = bar.keys[0]
        await pilot.click(KeyBar, offset=(pause.start + 1, 0))
        assert session_screen(app).session.state is State.PAUSED
        await pilot.pause()
        bar.render_line(0)
        resume = bar.keys[0]
        assert (resume.display, resume.description) == ("space", "resume")
        await pilot.click(KeyBar, offset=(resume.end, 0))  # the gap between keys
        assert session_screen(app).session.state is State.PAUSED
        await pilot.resize_terminal(45, 15)
        await pilot.pause()
        bar.render_line(0)
        # q and ? stay, however narrow.
        assert [key.description for key in bar.keys] == ["resume", "next", "back", "quit", "help"]
        await pilot.resize_terminal(20, 15)
        await pilot.pause()
        bar.render_line(0)
        assert [key.description for key in bar.keys] == ["quit", "help"]


async def test_breathing_guide_grows_on_the_in_breath_and_shrinks_on_the_out_breath(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE):
        screen = session_screen(app)
        guide = screen.query_one(Dashboard)
        assert not guide.breathing
        assert screen._hz == PLAIN_HZ
        run_for(app, clock, 3.5)
        assert guide.breathing and guide.cue == "breathe in" and not guide.out
        assert screen._hz == GUIDE_HZ / 2  # 4 s in: smooth enough once a second
        small = guide.level
        run_for(app, clock, 3)
        assert guide.level > small
        run_for(app, clock, 2)
        assert guide.cue == "breathe out" and guide.out
        assert screen._hz == GUIDE_HZ / 2
        big = guide.level
        run_for(app, clock, 3)
        assert guide.level < big


async def test_a_quick_breath_moves_the_guide_every_half_second(tmp_path: Path) -> None:
    clock = FakeClock()
    quick = SHORT.replace('inhale = "4s", exhale = "6s"', 'inhale = "2s", exhale = "3s"')
    app = make_app(load(tmp_path, "quick", quick), clock)
    async with app.run_test(size=SIZE):
        screen = session_screen(app)
        run_for(app, clock, 3.5)
        assert dash(app).cue == "breathe in"
        assert screen._hz == GUIDE_HZ
        levels = []
        for _ in range(4):
            run_for(app, clock, 0.5)
            levels.append(dash(app).level)
        assert len(set(levels)) == 4  # a new width each half second


@pytest.mark.parametrize("size", [SIZE, (60, 20), (45, 15)])
async def test_synchronised_step_says_press_deeper_on_the_out_breath(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        run_for(app, clock, 3 + 4.5)
        cue = dash(app).cue
        assert "press deeper" in cue and "never into pain" in cue
        # Shown whole, however narrow: it carries the safety limit. It is the last line.
        assert cue in dash(app).render_line(dash(app).size.height - 1).text


async def test_space_pauses_and_resumes(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = session_screen(app)
        run_for(app, clock, 1)
        await pilot.press("space")
        assert screen.session.state is State.PAUSED
        assert screen.has_class("-paused")
        assert text_of(app, "#heading").endswith("\npaused · press space to carry on")
        clock.advance(60)
        screen.tick()
        assert screen.query_one(Dashboard).seconds == 2
        await pilot.press("space")
        assert screen.session.state is State.RUNNING
        assert not screen.has_class("-paused")
        assert "paused" not in text_of(app, "#heading")
        run_for(app, clock, 2.5)
        assert screen.query_one(Dashboard).seconds == 12


@pytest.mark.parametrize("key", ["n", "right"])
async def test_next_step_keys(tmp_path: Path, key: str) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        assert point_line(app).startswith("BL-23")
        assert dash(app).step_text == "step 2 of 2"


@pytest.mark.parametrize("key", ["p", "left"])
async def test_previous_step_keys(tmp_path: Path, key: str) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        run_for(app, clock, 5)
        await pilot.press(key)
        assert point_line(app).startswith("LI-4")
        assert app.screen.query_one(Dashboard).seconds == 3


async def test_r_restarts_the_step(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        run_for(app, clock, 10)
        assert phase_class(session_screen(app)) == "-press"
        await pilot.press("r")
        assert phase_class(session_screen(app)) == "-find"
        assert app.screen.query_one(Dashboard).seconds == 3


async def test_quit_asks_and_n_carries_on(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = session_screen(app)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert screen.session.state is State.PAUSED
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert screen.session.state is State.RUNNING


async def test_quit_y_ends_the_session_with_a_summary(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        run_for(app, clock, 20)
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert text_of(app, "#summary-heading") == "Session ended early"
        assert app.sessions[0].state is State.ABANDONED
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0


async def test_help_opens_pauses_and_closes(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = session_screen(app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert screen.session.state is State.PAUSED
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.session.state is State.RUNNING


async def test_s_shows_the_safety_notice_and_the_checkbox_is_saved(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = session_screen(app)
        await pilot.press("s")
        assert isinstance(app.screen, SafetyScreen)
        assert screen.session.state is State.PAUSED
        await pilot.click(Checkbox)
        await pilot.pause()
        assert load_config()[0].avoid_pregnancy_points is True
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.session.state is State.RUNNING


async def test_first_session_starts_after_the_safety_notice(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock, acknowledged=False)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SafetyScreen)
        assert "high blood pressure" in " ".join(
            str(s.render()) for s in app.screen.query(".notice-line").results(Static)
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    assert load_config()[0].safety_acknowledged is True


async def test_escape_on_the_first_notice_leaves_without_a_session(tmp_path: Path) -> None:
    app = make_app(load(tmp_path, "short", SHORT), FakeClock(), acknowledged=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.sessions == []
    assert load_config()[0].safety_acknowledged is False


async def test_pregnancy_setting_skips_flagged_points_and_says_so(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock, avoid_pregnancy=True)
    async with app.run_test(size=SIZE) as pilot:
        assert text_of(app, "#left-out") == "Left out (pregnancy setting): LI-4"
        assert point_line(app).startswith("BL-23")
        assert dash(app).step_text == "step 1 of 1"
        run_for(app, clock, 29)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        lines = [str(s.render()) for s in app.screen.query(Static).results(Static)]
        assert "Left out (flagged for pregnancy):" in lines
        assert "  – 1. LI-4 He Gu (Joining Valley)" in lines


async def test_a_finished_session_shows_the_summary_with_time_and_soreness_tip(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        run_for(app, clock, 10)
        await pilot.press("space")
        clock.advance(100)
        await pilot.press("space")
        await pilot.press("n")
        run_for(app, clock, 29)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        # It ran to its end, but with one of its two steps skipped it is not complete (the rule).
        assert text_of(app, "#summary-heading") == "Session ended: 1 of 2 steps skipped"
        lines = [str(s.render()) for s in app.screen.query(Static).results(Static)]
        assert "Time taken: 38s (pauses not counted)" in lines
        assert "Done: 1 of 2 points" in lines
        assert "  – 1. LI-4 He Gu (Joining Valley)" in lines
        assert "a day" in text_of(app, "#soreness")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_bell_rings_at_phase_changes_from_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    rings: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the start's cue comes just after the first paint
        assert len(rings) == 1  # the start: no sound can play (sound is off), so the bell
        run_for(app, clock, 3.5)
        assert len(rings) == 2  # the press after the 3-second find
        await pilot.press("n")
        assert len(rings) == 2  # a key's jump is its own cue


async def test_no_bell_flashes_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock, no_bell=True)
    rings: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        run_for(app, clock, 3.5)
        assert rings == []
        assert screen.query_one("#main").has_class("-flash")


async def test_a_stop_longer_than_the_stall_limit_shows_paused(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE):
        screen = session_screen(app)
        run_for(app, clock, 1)
        clock.advance(120)  # the process was stopped: no ticks for two minutes
        screen.tick()
        assert screen.session.state is State.PAUSED
        assert screen.has_class("-paused")
        assert screen.query_one(Dashboard).seconds == 2


async def test_suspending_the_app_pauses_the_session_at_once(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = session_screen(app)
        run_for(app, clock, 1)
        app.app_suspend_signal.publish(app)
        assert screen.session.state is State.PAUSED
        clock.advance(1)
        app.app_resume_signal.publish(app)
        await pilot.pause()
        assert screen.has_class("-paused")
        assert screen.query_one(Dashboard).seconds == 2


async def test_routine_text_is_shown_literally(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "markup", MARKUP), clock)
    async with app.run_test(size=SIZE) as pilot:
        assert dash(app).title == "Sneaky [bold]title[/] [@click=app.quit]x[/]"
        assert (
            "Sneaky [bold]title[/] [@click=app.quit]x[/]"
            in app.screen.query_one(Dashboard).render_line(0).text
        )
        assert (
            text_of(app, "#about").split("\n")[-1]
            == "Note: A note with [/], [bold]bold[/] and [@click=app.quit]click me[/]"
        )
        await pilot.click("#about")
        await pilot.click("#dash")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, SessionScreen)


async def test_picker_lists_previews_and_starts_a_routine(tmp_path: Path) -> None:
    clock = FakeClock()
    refs = [
        load(tmp_path, "short", SHORT).ref,
        load(tmp_path, "markup", MARKUP).ref,
    ]
    app = make_app(None, clock, refs=lambda: refs)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PickerScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert str(table.get_row_at(0)[0]).startswith("Sneaky [bold]title[/]")  # by title
        assert "\nSummary with [/] and [bold]bold[/bold]" in text_of(app, "#preview-text")
        await pilot.press("down")
        assert str(table.get_row_at(1)[0]).startswith("Two points")
        assert "1m32s" in [str(cell) for cell in table.get_row_at(1)]
        assert "BL-23 Shen Shu" in text_of(app, "#preview-text")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert dash(app).title == "Two points"
        run_for(app, clock, 92.5)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_picker_shows_a_broken_routine_with_its_error_and_does_not_start_it(
    tmp_path: Path,
) -> None:
    broken = SHORT.replace('hold = "20s"', 'hold = "20s"\nbreathin = "paced"')
    refs = [load(tmp_path, "short", SHORT).ref]
    (tmp_path / "broken.toml").write_text(broken, encoding="utf-8")
    from acutimer.paths import RoutineRef

    refs.append(RoutineRef("broken", tmp_path / "broken.toml", False))
    app = make_app(None, FakeClock(), refs=lambda: refs)
    async with app.run_test(size=SIZE) as pilot:
        preview = text_of(app, "#preview-text")  # "broken" sorts before "Two points"
        assert "broken.toml:" in preview
        assert "steps[1].breathin" in preview
        assert "unknown key 'breathin'" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.query_one("#preview").has_class("-error")


async def test_picker_safety_and_help_keys(tmp_path: Path) -> None:
    refs = [load(tmp_path, "short", SHORT).ref]
    app = make_app(None, FakeClock(), refs=lambda: refs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, PickerHelpScreen)  # the picker's own keys
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0


async def test_layout_survives_a_small_terminal_and_resizing(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=(60, 20)) as pilot:
        run_for(app, clock, 4)
        assert dash(app).region.height == 7
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert dash(app).band_width(dash(app).content_size.width) == Dashboard.BAND_MAX
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.screen.query_one("#next").region.bottom <= 19


def test_a_broken_routine_on_the_command_line_exits_2_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(SHORT.replace('hold = "12s"', 'hold = "-12s"'), encoding="utf-8")
    assert cli.main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml:" in err and "steps[0].hold" in err
    assert "Traceback" not in err


async def test_the_collector_off_for_start_up_is_on_again_after_the_first_paint(
    tmp_path: Path,
) -> None:
    gc.disable()  # as cli.main leaves it for start-up
    try:
        app = make_app(load(tmp_path, "short", SHORT), FakeClock())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_cli_main_turns_the_collector_off_only_while_it_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(cli, "_main", lambda argv: seen.append(gc.isenabled()) or 0)
    assert cli.main(["list"]) == 0
    assert seen == [False]
    assert gc.isenabled()


async def test_attach_hooks_get_each_session_before_it_starts(tmp_path: Path) -> None:
    seen: list[State] = []
    app = make_app(
        load(tmp_path, "short", SHORT), FakeClock(), attach=[lambda s: seen.append(s.state)]
    )
    async with app.run_test(size=SIZE):
        assert seen == [State.READY]
