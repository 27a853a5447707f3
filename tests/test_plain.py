"""The plain-text runner, end to end: ``python -m acutimer run ROUTINE --plain`` in a subprocess.

Sessions run at ``--speed 1000`` so a routine takes well under a second; tests that wait for a
line wait on the process's output, with a timeout, never on a sleep.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import pty
import re
import select
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from acutimer.plain.runner import run_plain
from acutimer.routine.loading import load_routine
from acutimer.routine.models import Breathing
from acutimer.routine.timeline import PhaseKind, expand, pace_for
from acutimer.session.engine import Session
from acutimer.session.events import Event, EventKind, State

ROUTINE = """
title = "Test run"
summary = "Two steps for the plain runner's tests."
focus = "lower-back"
position = "seated"
preparation = "Sit up straight."
find_time = "5s"
pace = { inhale = "4s", exhale = "6s" }

[[steps]]
point = "LI-4"
sides = "left-then-right"
pressure = "medium"
hold = "10s"
release = "5s"
repeats = 2
rest = "5s"
breathing = "natural"
meanwhile = "Shake out your hands."

[[steps]]
point = "BL-23"
sides = "both"
hold = "20s"
find = "3s"
breathing = "synchronised"
steady_after = "10s"
"""

EXPECTED = [
    "[00:00] Step 1/2 · LI-4 He Gu · left hand · find the point 5s",
    "[00:05] Step 1/2 · LI-4 He Gu · left hand · press with medium pressure 10s (1 of 2)"
    " · breathe naturally",
    "[00:15] Step 1/2 · LI-4 He Gu · release 5s",
    "[00:20] Step 1/2 · LI-4 He Gu · left hand · press with medium pressure 10s (2 of 2)"
    " · breathe naturally",
    "[00:30] Step 1/2 · LI-4 He Gu · switch to the right hand 5s",
    "[00:35] Step 1/2 · LI-4 He Gu · right hand · press with medium pressure 10s (1 of 2)"
    " · breathe naturally",
    "[00:45] Step 1/2 · LI-4 He Gu · release 5s",
    "[00:50] Step 1/2 · LI-4 He Gu · right hand · press with medium pressure 10s (2 of 2)"
    " · breathe naturally",
    "[01:00] rest 5s · next: Step 2/2 · BL-23 Shen Shu",
    "[01:05] Step 2/2 · BL-23 Shen Shu · both sides at once · find the point 3s",
    "[01:08] Step 2/2 · BL-23 Shen Shu · both sides at once · press firmly 20s"
    " · with the breath: steady in, deeper out",
    "[01:08]   breath 1 of 2 · breathe in · keep the pressure steady (4s)"
    " → breathe out · press deeper, never into pain (6s)",
    "[01:18]   breath 2 of 2 · breathe in · keep the pressure steady (4s)"
    " → breathe out · press deeper, never into pain (6s)",
    "[01:28] Step 2/2 · BL-23 Shen Shu · both sides at once · hold steady 10s"
    " · breathe in 4s · out 6s",
    "[01:38] Done.",
]

CLOCK_LINE = re.compile(r"^\[(\d\d):(\d\d)\] ")


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "test-run.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def environment(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "ACUTIMER_HOME": str(home), **extra}


def run(
    home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "acutimer", "run", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env or environment(home),
        timeout=60,
    )


def clock_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if CLOCK_LINE.match(line)]


def seconds(line: str) -> int:
    match = CLOCK_LINE.match(line)
    assert match, line
    return int(match.group(1)) * 60 + int(match.group(2))


class Output:
    """Lines from a running process, waited for with a timeout."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""
        self.lines: list[str] = []

    def until(self, wanted: Callable[[str], bool], timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        checked = 0
        while True:
            for line in self.lines[checked:]:
                checked += 1
                if wanted(line):
                    return line
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no such line within {timeout}s; got {self.lines}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise AssertionError(f"the output ended; got {self.lines}")
            self.buffer += chunk
            *complete, self.buffer = self.buffer.split(b"\n")
            self.lines += [line.decode() for line in complete]

    def rest(self, timeout: float = 30.0) -> list[str]:
        """Every line up to the end of the output."""
        try:
            self.until(lambda line: False, timeout)
        except AssertionError as ended:
            if "ended" not in str(ended):
                raise
        return self.lines


def start(
    home: Path, *args: str, stdin: Any = subprocess.DEVNULL, **extra: str
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "acutimer", "run", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(home, **extra),
        # Whoever runs the tests may ignore SIGINT (a background job); the session should not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


# --- a whole session --------------------------------------------------------------------------


def test_a_session_prints_one_line_per_phase_and_per_breath(
    routine_file: Path, acutimer_home: Path
) -> None:
    result = run(acutimer_home, str(routine_file), "--plain", "--speed", "1000")
    assert result.returncode == 0, result.stderr
    assert clock_lines(result.stdout) == EXPECTED
    lines = result.stdout.splitlines()
    assert lines[0] == "Test run · 2 steps · 1m38s"
    assert lines[1].startswith("Safety:")
    assert "Before you start: Sit up straight." in lines
    assert (
        "Preview at 1000× speed; the clock shows routine time. "
        "A preview is not recorded in your history."
    ) in lines
    assert lines[-1] == "Session complete: 2 of 2 steps, 1m38s."
    assert not any(line.startswith("Keys:") for line in lines)  # stdin is not a terminal
    assert "\a" not in result.stdout  # no bells into a pipe


def test_details_follow_their_phase_line(routine_file: Path, acutimer_home: Path) -> None:
    result = run(acutimer_home, str(routine_file), "--plain", "--speed", "1000")
    lines = result.stdout.splitlines()

    def after(prefix: str) -> list[str]:
        index = next(i for i, line in enumerate(lines) if line.startswith(prefix))
        details = []
        for line in lines[index + 1 :]:
            if not line.startswith("        "):
                break
            details.append(line.strip())
        return details

    first = after("[00:00]")
    # Cautions first, then where the point is and how to press it.
    assert first[0].startswith("Caution: ") and "pregnant" in first[0]
    labels = [line.split(":")[0] for line in first]
    assert labels.index("Where") < labels.index("How")
    assert all(label == "Caution" for label in labels[: labels.index("Where")])
    assert after("[00:05]") == []
    assert after("[00:15]") == ["Meanwhile: Shake out your hands."]
    assert after("[01:00]") == ["Meanwhile: Shake out your hands."]
    second = after("[01:05]")
    assert any(line.startswith("Where: ") for line in second)
    assert any("weak or injured" in line for line in second)


def test_speed_keeps_the_clock_in_routine_time(routine_file: Path, acutimer_home: Path) -> None:
    slow = run(acutimer_home, str(routine_file), "--plain", "--speed", "1000")
    fast = run(acutimer_home, str(routine_file), "--plain", "--speed", "500")
    assert clock_lines(slow.stdout) == clock_lines(fast.stdout) == EXPECTED


def test_a_built_in_routine_runs_to_the_end(acutimer_home: Path) -> None:
    loaded = load_routine("lower-back-desk")
    result = run(acutimer_home, "lower-back-desk", "--plain", "--speed", "1000")
    assert result.returncode == 0, result.stderr
    lines = clock_lines(result.stdout)
    phase_lines = [line for line in lines if "   breath " not in line]
    timeline = expand(loaded.routine)
    assert len(phase_lines) == len(timeline)
    assert [seconds(line) for line in phase_lines] == [int(p.start + 1e-6) for p in timeline]
    assert seconds(phase_lines[-1]) == int(timeline[-1].start)
    assert phase_lines[-1].endswith("Done.")
    words = {
        PhaseKind.FIND: "find the point",
        PhaseKind.RELEASE: "release",
        PhaseKind.SWITCH: "switch to the",
        PhaseKind.REST: "rest",
        PhaseKind.DONE: "Done.",
    }
    for line, phase in zip(phase_lines, timeline, strict=True):
        if phase.kind in words:
            assert words[phase.kind] in line, (line, phase)
        if phase.kind is not PhaseKind.DONE and phase.kind is not PhaseKind.REST:
            assert f"Step {phase.step + 1}/{len(loaded.routine.steps)} · " in line
    breaths = [line for line in lines if "   breath " in line]
    expected_breaths = 0
    for phase in timeline:
        step = loaded.routine.steps[min(phase.step, len(loaded.routine.steps) - 1)]
        pace = pace_for(step, loaded.routine)
        if (
            phase.kind is PhaseKind.PRESS
            and not phase.steady
            and step.breathing is Breathing.SYNCHRONISED
            and pace is not None
        ):
            expected_breaths += math.ceil(phase.duration / pace.cycle)
    assert expected_breaths > 0
    assert len(breaths) == expected_breaths
    assert result.stdout.splitlines()[-1] == "Session complete: 7 of 7 steps, 17m31s."


# --- endings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_ends_with_a_summary_and_130(
    acutimer_home: Path, number: signal.Signals, status: int
) -> None:
    process = start(acutimer_home, "hand-points-break", "--plain")
    output = Output(process.stdout.fileno())  # type: ignore[union-attr]
    try:
        output.until(lambda line: line.startswith("[00:00] Step 1/2"))
        process.send_signal(number)
        lines = output.rest()
        assert process.wait(timeout=30) == status
    finally:
        process.kill()
        process.wait()
    assert lines[-1] == "Stopped at [00:00] in step 1/2: 0 of 2 steps done, 0s of 3m17s."
    assert "Traceback" not in process.stderr.read().decode()  # type: ignore[union-attr]


def test_keys_from_a_terminal(acutimer_home: Path) -> None:
    main, side = pty.openpty()
    before = termios.tcgetattr(side)
    process = start(acutimer_home, "hand-points-break", "--plain", "--no-pain", stdin=side)
    output = Output(process.stdout.fileno())  # type: ignore[union-attr]
    try:
        assert output.until(lambda line: line.startswith("Keys:")).startswith("Keys: space")
        output.until(lambda line: line.startswith("[00:00] Step 1/2"))
        os.write(main, b"n")
        assert output.until(lambda line: line.startswith("[01:41]")) == (
            "[01:41] Step 2/2 · TE-3 Zhong Zhu · left hand · find the point 8s"
        )
        os.write(main, b" ")
        assert output.until(lambda line: "paused" in line) == "[01:41] paused · space to go on"
        os.write(main, b" ")
        assert output.until(lambda line: "going on" in line).startswith("[01:41] going on: ")
        os.write(main, b"p")
        output.until(lambda line: line.startswith("[00:00] Step 1/2"))
        os.write(main, b"q")
        assert output.until(lambda line: "end the session" in line) == (
            "[00:00] end the session now? y ends it · any other key carries on"
        )
        os.write(main, b"n")  # no: it carries on
        output.until(lambda line: line.startswith("[00:00] going on: "))
        os.write(main, b"qy")
        lines = output.rest()
        assert process.wait(timeout=30) == 0
        after = termios.tcgetattr(side)
    finally:
        process.kill()
        process.wait()
        os.close(main)
        os.close(side)
    assert "[00:00] skipping step 1/2 (LI-4)" in lines
    assert not any(line.startswith("[00:00] paused") for line in lines)  # the question's pause
    assert lines[-1] == "Stopped at [00:00] in step 1/2: 0 of 2 steps done, 0s of 3m17s."
    assert after == before  # cbreak mode is undone on the way out


# --- cues -------------------------------------------------------------------------------------


def test_voice_without_a_speech_command_says_so(routine_file: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = environment(tmp_path / "home", PATH=str(empty))
    result = run(tmp_path, str(routine_file), "--plain", "--speed", "1000", "--voice", env=env)
    assert result.returncode == 0
    assert result.stderr.count("no text-to-speech command found (install espeak-ng") == 1
    assert clock_lines(result.stdout) == EXPECTED


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


PHASES = [line for line in EXPECTED if "   breath " not in line]


@pytest.mark.parametrize(("no_bell", "bells"), [(False, len(PHASES)), (True, 0)])
def test_the_bell_rings_at_each_phase_on_a_terminal(
    routine_file: Path, no_bell: bool, bells: int
) -> None:
    out = Terminal()
    status = run_plain(
        load_routine(str(routine_file)),
        argparse.Namespace(speed=1000.0, no_bell=no_bell, voice=False, pain=None),
        stdin=io.StringIO(),
        stdout=out,
    )
    assert status == 0
    assert out.getvalue().count("\a") == bells
    if bells:
        assert all(f"\a{line}\n" in out.getvalue() for line in PHASES)  # rung as the line starts
    assert clock_lines(out.getvalue().replace("\a", "")) == EXPECTED


def test_settings_can_leave_out_pregnancy_points(routine_file: Path, acutimer_home: Path) -> None:
    acutimer_home.mkdir()
    (acutimer_home / "config.toml").write_text("avoid_pregnancy_points = true\n")
    result = run(acutimer_home, str(routine_file), "--plain", "--speed", "1000")
    assert result.returncode == 0
    assert "Leaving out step 1 (LI-4 He Gu): your settings avoid points flagged for pregnancy." in (
        result.stdout
    )
    assert clock_lines(result.stdout)[0] == (
        "[00:00] Step 2/2 · BL-23 Shen Shu · both sides at once · find the point 3s"
    )
    assert result.stdout.splitlines()[-1] == "Session complete: 1 of 1 step, 33s."


def test_attach_hooks_see_the_session_and_every_event(routine_file: Path) -> None:
    events: list[Event] = []
    sessions: list[Session] = []

    def hook(session: Session) -> None:
        assert session.state is State.READY
        sessions.append(session)
        session.subscribe(events.append)

    status = run_plain(
        load_routine(str(routine_file)),
        argparse.Namespace(speed=1000.0, no_bell=True, voice=False, pain=None),
        attach=[hook],
        stdin=io.StringIO(),
        stdout=io.StringIO(),
    )
    assert status == 0
    assert len(sessions) == 1
    started = [e.phase for e in events if e.kind is EventKind.PHASE_STARTED]
    assert started == sessions[0].timeline
    assert events[-1].kind is EventKind.SESSION_FINISHED
