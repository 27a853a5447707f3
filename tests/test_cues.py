"""Which cue for which moment: the tones of a whole routine, the spoken cues in the full-screen
app, late cues dropped, the terminal's title, reduced motion, the command palette, and a bad
settings file that still lets the session run. Fake players and speech commands on a PATH of
their own stand in for the real ones."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from reach_support import FakeBin, tone_of
from tui_support import SHORT, FakeClock, load, make_app, run_for, session_screen

from acutimer.config import Config, load_config
from acutimer.plain.runner import run_plain
from acutimer.reach import Reach
from acutimer.reach.terminal import TITLE_POP, TITLE_PUSH
from acutimer.routine.loading import load_routine
from acutimer.routine.points import load_points
from acutimer.routine.timeline import Phase, PhaseKind
from acutimer.session.cues import DEFAULT_SOUND, Cues, sound_for
from acutimer.session.engine import STALL_SECONDS, Session
from acutimer.session.events import State
from acutimer.tui.terminal import titled
from acutimer.tui.widgets.dashboard import Dashboard

SIZE = (80, 24)


@pytest.fixture
def bin_(tmp_path: Path) -> Iterator[FakeBin]:
    fake = FakeBin(tmp_path / "bin")
    yield fake
    fake.close()


def cued(
    routine: str, bin_: FakeBin, tmp_path: Path, *, speed: float = 100.0, **settings: object
) -> tuple[Session, Cues, FakeClock]:
    clock = FakeClock()
    session = Session(load_routine(routine).routine, clock=clock, speed=speed)
    reach = Reach(lambda _: None, folder=tmp_path / "sounds", which=bin_.which)
    config = Config(**{"sound": True, **settings})  # type: ignore[arg-type]
    return session, Cues(session, load_points(), reach, config), clock


def settle(cues: Cues) -> None:
    """Let the fake programs started so far run to their end."""
    for route in (cues.reach._sound, cues.reach._voice):
        if route is not None:
            route.children.wait_idle()


# --- sounds -----------------------------------------------------------------------------------


def test_a_fake_player_plays_the_sound_of_each_phase_of_a_built_in_routine(
    bin_: FakeBin, tmp_path: Path
) -> None:
    bin_.add("paplay")
    session, cues, clock = cued("lower-back-desk", bin_, tmp_path)
    session.start()
    settle(cues)
    while session.state is State.RUNNING:
        deadline = session.next_deadline()
        assert deadline is not None
        clock.now = deadline
        session.update()
        settle(cues)
    played = [tone_of(call) for call in bin_.calls()]
    assert played == [sound_for(phase) for phase in session.timeline]
    assert played[0] == "next-point" and played[-1] == "end"
    assert {"press", "release", "switch", "rest"} <= set(played)
    assert all(call.startswith("paplay ") for call in bin_.calls())


def test_a_phase_kind_not_known_yet_gets_the_soft_cue_of_something_coming() -> None:
    phase = Phase("get-ready", 0, 0.0, 5.0)  # type: ignore[arg-type]
    assert sound_for(phase) == DEFAULT_SOUND == "ready"


def test_a_jump_by_key_is_said_but_not_chimed(bin_: FakeBin, tmp_path: Path) -> None:
    bin_.add("pw-play")
    bin_.add("espeak-ng")
    session, cues, _clock = cued("hand-points-break", bin_, tmp_path, speed=1.0, voice=True)
    session.start()
    settle(cues)
    session.next_step()
    settle(cues)
    kinds = [call.split()[0] for call in bin_.calls()]
    assert sorted(kinds) == ["espeak-ng", "espeak-ng", "pw-play"]  # one tone: the start's
    said = [c.split(" ", 3)[3] for c in bin_.calls() if c.startswith("espeak-ng")]
    assert said == [
        "Step 1: He Gu. find the point, left hand",
        "Step 2: Zhong Zhu. find the point, left hand",
    ]


def test_cues_passed_while_the_process_was_stopped_are_dropped(
    bin_: FakeBin, tmp_path: Path
) -> None:
    bin_.add("pw-play")
    session, cues, clock = cued("hand-points-break", bin_, tmp_path, speed=1.0)
    session.start()
    settle(cues)
    clock.advance(2.0)
    session.update()
    clock.advance(60.0)  # Ctrl+Z for a minute, then fg
    assert STALL_SECONDS < 60.0
    session.update()
    settle(cues)
    assert session.state is State.PAUSED
    assert [tone_of(c) for c in bin_.calls()] == ["next-point"]  # nothing for the phases passed


def test_a_late_tick_drops_the_cue_of_a_phase_already_over(bin_: FakeBin, tmp_path: Path) -> None:
    bin_.add("pw-play")
    session, cues, clock = cued("hand-points-break", bin_, tmp_path, speed=10.0)
    session.start()
    clock.advance((8 + 10) / 10 + 0.05)  # past the find and the press in one look, no stall
    session.update()
    assert session.phase.kind is PhaseKind.RELEASE
    settle(cues)
    assert [tone_of(c) for c in bin_.calls()] == ["next-point", sound_for(session.phase)]


def test_breath_ticks_and_spoken_breath_on_breath_led_steps(bin_: FakeBin, tmp_path: Path) -> None:
    bin_.add("pw-play")
    bin_.add("espeak-ng")
    routine = tmp_path / "sync.toml"
    routine.write_text(SHORT, encoding="utf-8")
    session, cues, clock = cued(
        str(routine), bin_, tmp_path, speed=1.0, voice=True, breath_ticks=True
    )
    session.start()
    settle(cues)
    session.jump_to_step(1)  # BL-23: find 3 s, then 20 s led by the breath (in 4, out 6)
    clock.advance(3.0)
    session.update()
    settle(cues)
    for _ in range(10):
        clock.advance(1.0)
        session.update()
        settle(cues)
    calls = bin_.calls()
    said = [c.split(" ", 3)[3] for c in calls if c.startswith("espeak-ng")]
    assert said == [
        "Step 1: He Gu. find the point, left hand",
        "Step 2: Shen Shu. find the point, both sides at once",
        "press firmly, both sides at once. breathe in, keep the pressure steady",
        "breathe out, press deeper, never into pain",  # 4 s into the press
        "breathe in, keep the pressure steady",  # 10 s in
    ]
    tones = [tone_of(c) for c in calls if c.startswith("pw-play")]
    assert tones == ["next-point", "press", "tick", "tick"]  # the key's jump had no tone


# --- the plain runner -------------------------------------------------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def plain_args(**extra: object) -> object:
    import argparse

    base = {"speed": 1000.0, "no_bell": False, "voice": None, "pain": None, "sound": None}
    return argparse.Namespace(**{**base, **extra})


def test_the_plain_runner_sets_the_title_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch, acutimer_home: Path
) -> None:
    monkeypatch.delenv("ACUTIMER_TITLE")
    routine = load_routine("hand-points-break")
    out = Tty()
    assert run_plain(routine, plain_args(), stdin=io.StringIO(), stdout=out) == 0  # type: ignore[arg-type]
    text = out.getvalue()
    assert TITLE_PUSH + "\x1b]2;find the point 0:08 · acutimer\x1b\\[00:00] Step 1/2" in text
    assert "\x1b]2;press 0:10 · acutimer\x1b\\" in text
    assert text.endswith(
        "\x1b]2;done · acutimer\x1b\\[03:17] Done.\n"
        "Session complete: 2 of 2 steps, 3m17s.\n\x1b]2;\x1b\\" + TITLE_POP
    )
    assert text.count(TITLE_PUSH) == 1 and text.count(TITLE_POP) == 1
    piped = io.StringIO()
    assert run_plain(routine, plain_args(), stdin=io.StringIO(), stdout=piped) == 0  # type: ignore[arg-type]
    assert "\x1b" not in piped.getvalue() and "\a" not in piped.getvalue()


def _acutimer(home: Path, bin_: FakeBin, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "ACUTIMER_HOME": str(home), "ACUTIMER_SOUND": "true"}
    env["PATH"] = f"{bin_.folder}{os.pathsep}{env['PATH']}"
    return subprocess.Popen(
        [sys.executable, "-m", "acutimer", "run", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_no_player_is_left_behind_at_the_end_or_on_a_signal(
    bin_: FakeBin, acutimer_home: Path
) -> None:
    # A player that records its process id, then plays for far longer than any tone.
    bin_.add("aplay", f'echo $$ >> "{bin_.folder}/pids"; exec sleep 30')
    done = _acutimer(acutimer_home, bin_, "hand-points-break", "--plain", "--speed", "50")
    out, err = done.communicate(timeout=60)
    assert done.returncode == 0, err
    assert "Session complete" in out
    bin_.forget()
    stopped = _acutimer(acutimer_home, bin_, "hand-points-break", "--plain")
    assert bin_.started() == "aplay"  # the first tone
    stopped.send_signal(signal.SIGTERM)
    stopped.communicate(timeout=30)
    assert stopped.returncode == 128 + signal.SIGTERM
    pids = [int(p) for p in (bin_.folder / "pids").read_text().split()]
    assert len(pids) >= 3  # a tone at a time, two at most: the others were dropped
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_bad_settings_file_is_explained_and_the_session_runs(acutimer_home: Path) -> None:
    acutimer_home.mkdir(parents=True, exist_ok=True)
    (acutimer_home / "config.toml").write_text("ask_pain = false\nvolum = 40\n", encoding="utf-8")
    env = {**os.environ, "ACUTIMER_HOME": str(acutimer_home)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "acutimer",
            "run",
            "hand-points-break",
            "--plain",
            "--speed",
            "1000",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stderr.splitlines()[0] == (
        f"acutimer: {acutimer_home / 'config.toml'}:2: volum: unknown key 'volum' "
        "(did you mean 'volume'?)"
    )
    assert done.stdout.splitlines()[-1] == "Session complete: 2 of 2 steps, 3m17s."


# --- the full-screen app ----------------------------------------------------------------------


async def test_a_fake_speech_command_records_the_spoken_cues_in_the_app(
    bin_: FakeBin, tmp_path: Path
) -> None:
    bin_.add("espeak-ng")
    clock = FakeClock()
    reach = Reach(lambda _: None, folder=tmp_path / "sounds", which=bin_.which)
    app = make_app(load(tmp_path, "short", SHORT), clock, reach=reach)
    app.config.voice = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first paint: from now on, cues are given at once
        for _ in range(2 * 92):
            run_for(app, clock, 0.5)
            if reach._voice is not None:
                reach._voice.children.wait_idle()
    said = [call.split(" ", 3)[3] for call in bin_.calls()]
    assert said[:4] == [
        "Step 1: He Gu. find the point, left hand",
        "press firmly, left hand",
        "release",
        "press firmly, left hand",
    ]
    assert "switch to the right hand" in said
    assert "Step 2: Shen Shu. find the point, both sides at once" in said
    assert "press firmly, both sides at once. breathe in, keep the pressure steady" in said
    assert "breathe out, press deeper, never into pain" in said
    assert said[-1] == "Session complete"


async def test_the_app_sets_the_title_through_its_driver(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    app.config.title = True
    written: list[str] = []
    async with app.run_test(size=SIZE):
        app.terminal_started(written.append)  # as the driver does when the app starts
        run_for(app, clock, 1.0)
        assert written == [
            TITLE_PUSH + "\x1b]2;find the point 0:03 · acutimer\x1b\\",
            "\x1b]2;find the point 0:02 · acutimer\x1b\\",
        ]
        run_for(app, clock, 2.5)
        assert written[-1] == "\x1b]2;press 0:12 · acutimer\x1b\\"
        await app.run_action("screen.toggle_pause")
        assert written[-1] == "\x1b]2;paused · press 0:12 · acutimer\x1b\\"
        app.terminal_stopping()  # Ctrl+Z, or the end
        assert written[-1] == "\x1b]2;\x1b\\" + TITLE_POP
        app.terminal_started(written.append)
        assert written[-1] == TITLE_PUSH + "\x1b]2;paused · press 0:12 · acutimer\x1b\\"


def test_the_driver_hands_its_write_to_the_app_and_takes_it_back() -> None:
    calls: list[str] = []

    class Base:
        def __init__(self, app: object, **kwargs: object) -> None:
            pass

        def write(self, data: str) -> None:
            calls.append(f"write {data}")

        def start_application_mode(self) -> None:
            calls.append("start")

        def stop_application_mode(self) -> None:
            calls.append("stop")

    class App:
        def terminal_started(self, write: object) -> None:
            calls.append("app has the terminal")

        def terminal_stopping(self) -> None:
            calls.append("app lets go")

    driver = titled(Base)(App())
    driver.start_application_mode()
    driver.stop_application_mode()
    assert calls == ["start", "app has the terminal", "app lets go", "stop"]


async def test_reduced_motion_shows_the_breath_in_words(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    app.config.reduced_motion = True
    async with app.run_test(size=SIZE):
        run_for(app, clock, 3.0)  # the press starts, breathing in for 4 s
        dash = session_screen(app).query_one(Dashboard)
        assert dash.words == "breathe in · 4"
        run_for(app, clock, 1.0)
        assert dash.words == "breathe in · 3"
        run_for(app, clock, 3.0)
        assert dash.words == "breathe out · 6"
        lines = [dash.render_line(y).text for y in range(dash.CLOCK, dash.CLOCK + 3)]
        assert "breathe out · 6" in lines[1] and "█" not in "".join(lines)
        assert app.animation_level == "none"


async def test_textual_animations_none_also_means_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    app.animation_level = "none"  # what TEXTUAL_ANIMATIONS=none gives
    async with app.run_test(size=SIZE):
        run_for(app, clock, 3.0)
        assert session_screen(app).query_one(Dashboard).words == "breathe in · 4"


async def test_the_command_palette_changes_a_setting_and_saves_it(
    tmp_path: Path, acutimer_home: Path
) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"voice: turn on")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.config.voice is True
        await pilot.press("ctrl+p")
        await pilot.press(*"reduced motion")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert session_screen(app).query_one(Dashboard).reduced_motion is True
        app.theme = "nord"  # as Textual's own "Theme" command does
        await pilot.pause()
    saved = load_config()[0]
    assert (saved.voice, saved.reduced_motion, saved.theme) == (True, True, "nord")
    text = (acutimer_home / "config.toml").read_text(encoding="utf-8")
    assert "sound" not in text  # what the app did not change is not written


async def test_the_theme_setting_is_the_apps_theme(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load(tmp_path, "short", SHORT), clock)
    app.config.theme = "gruvbox"
    async with app.run_test(size=SIZE):
        assert app.theme == "gruvbox"


async def test_a_bad_settings_file_is_shown_in_the_app_and_the_session_runs(
    tmp_path: Path, acutimer_home: Path
) -> None:
    acutimer_home.mkdir(parents=True, exist_ok=True)
    path = acutimer_home / "config.toml"
    path.write_text("safety_acknowledged = true\nask_pain = false\nvolume = 300\n")
    from acutimer.config import load_settings
    from acutimer.tui.app import AcutimerApp

    clock = FakeClock()
    app = AcutimerApp(load(tmp_path, "short", SHORT), clock=clock, settings=load_settings())
    async with app.run_test(size=SIZE):
        shown = [n.message for n in app._notifications]
        assert any(f"{path}:3: volume: should be a whole number from 0 to 100" in m for m in shown)
        run_for(app, clock, 10.0)
        assert session_screen(app).session.state is State.RUNNING
        assert app.config.volume == 70
