"""What the countdown and the breathing guide say: labelled clocks, breathing words, the breath
count, "paused", and press and release told apart by more than a shade of green."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from tui_support import SHORT, FakeClock, load, make_app, run_for, session_screen

from acutimer.routine.models import Pace
from acutimer.routine.timeline import BreathPhase, breath_count, breath_cue
from acutimer.tui.app import AcutimerApp
from acutimer.tui.widgets.dashboard import Dashboard

SIZE = (80, 24)


def dash(app: AcutimerApp) -> Dashboard:
    return app.screen.query_one(Dashboard)


def line(app: AcutimerApp, y: int) -> str:
    return dash(app).render_line(y).text


def instruction(app: AcutimerApp) -> str:
    return str(app.screen.query_one("#heading", Static).render()).split("\n")[1]


async def test_each_clock_says_what_it_counts(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE):
        assert line(app, 1).startswith("00:00 done ")
        assert line(app, 1).rstrip().endswith("01:32 left")
        assert line(app, 2).strip() == "find the point · time left"
        run_for(app, clock, 4)
        assert line(app, 1).startswith("00:04 done ")
        assert line(app, 2).strip() == "press · time left"
        run_for(app, clock, 64 - 4 + 3 + 20 + 1)  # step 2, the steady hold after the breaths
        assert line(app, 2).strip() == "hold steady · time left"


async def test_a_breath_led_press_counts_its_breaths(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # BL-23: 20 s with the breath, 4 s in and 6 s out: 2 breaths
        run_for(app, clock, 3.5)
        assert line(app, 2).rstrip().endswith("breath 1 of 2")
        run_for(app, clock, 10)
        assert line(app, 2).rstrip().endswith("breath 2 of 2")
        run_for(app, clock, 10)  # the steady hold: no count
        assert "breath" not in line(app, 2)


async def test_a_press_with_natural_breathing_says_so(tmp_path: Path) -> None:
    natural = SHORT.replace('note = "Squeeze', 'breathing = "natural"\nnote = "Squeeze')
    clock = FakeClock()
    app = make_app(load(tmp_path, "natural", natural), clock)
    async with app.run_test(size=SIZE):
        run_for(app, clock, 4)
        assert not dash(app).breathing
        assert line(app, 4).rstrip().endswith("breathe naturally")  # beside the countdown


async def test_paused_the_guide_stops_cueing_and_the_key_bar_says_resume(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        run_for(app, clock, 3 + 4.5)  # breathing out: "press deeper"
        assert "press deeper" in line(app, 6)
        await pilot.press("space")
        await pilot.pause()
        assert "press deeper" not in line(app, 6)
        assert line(app, 6).strip() == "paused · space resumes"
        keys = app.screen.query_one("#keys").render_line(0).text
        assert keys.startswith("space resume ")
        await pilot.press("space")
        await pilot.pause()
        assert "press deeper" in line(app, 6)
        assert app.screen.query_one("#keys").render_line(0).text.startswith("space pause ")


@pytest.mark.parametrize("size", [SIZE, (45, 15)])
async def test_press_and_release_look_and_read_differently(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=size):
        screen = session_screen(app)
        box = screen.query_one("#main")
        run_for(app, clock, 4)
        press = (box.styles.border.top, instruction(app), dash(app).styles.color)
        run_for(app, clock, 12)
        assert screen.has_class("-release")
        release = (box.styles.border.top, instruction(app), dash(app).styles.color)
    assert press[0][0] == "heavy" and release[0][0] == "round"  # told apart without colour
    assert press[1] == "press firmly · left hand · 1 of 2"
    assert release[1].startswith("release · ease off")
    red, green, blue = (abs(a - b) for a, b in zip(press[2].rgb, release[2].rgb, strict=True))
    assert red + green + blue > 150  # not two greens


def test_a_pause_in_the_breath_is_not_called_rest() -> None:
    assert breath_cue(BreathPhase.HOLD_OUT) == "pause before breathing in"
    assert "rest" not in breath_cue(BreathPhase.HOLD_IN)
    assert "rest" not in breath_cue(BreathPhase.HOLD_OUT, synchronised=True)


def test_breaths_are_counted_as_the_plain_runner_counts_them() -> None:
    assert breath_count(Pace(inhale=4, exhale=6, hold_out=2), 36) == 3
    assert breath_count(Pace(inhale=4, exhale=6), 25) == 3  # a breath begun is counted
    assert breath_count(Pace(inhale=4, exhale=6), 0) == 0


async def test_the_countdown_takes_one_line_in_a_short_terminal_and_three_again(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        run_for(app, clock, 4)
        assert dash(app).region.height == 7 and dash(app).tall
        await pilot.resize_terminal(45, 15)
        await pilot.pause()
        assert dash(app).region.height == 4 and not dash(app).tall
        assert line(app, 2).startswith("00:11 press · time left")
        assert line(app, 3).strip() == "breathe in"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert dash(app).region.height == 7 and dash(app).tall
        assert line(app, 2).strip() == "press · time left"
