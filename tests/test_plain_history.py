"""The plain runner and the history: what is recorded, the pain questions, the h key, and every
way a session can end (q, Ctrl+C, a closed terminal, a broken database).

Previews (``--speed`` other than 1) are not recorded, so recorded sessions run at speed 1:
in-process on a fake clock (the terminal's ``select()`` moves the clock by its timeout instead
of sleeping), or as a real process on a routine a few seconds long when a real terminal or a
real signal is the point of the test.
"""

from __future__ import annotations

import argparse
import io
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fakeclock import SelectClock
from history_support import sessions_in
from session_support import Keyboard

from acutimer.history.store import history_path
from acutimer.plain import terminal
from acutimer.plain.prompts import parse_pain
from acutimer.plain.runner import run_plain
from acutimer.routine.loading import load_routine

ROUTINE = """
title = "Tiny"
summary = "Two short steps for the history tests."
focus = "lower-back"
position = "seated"
find_time = "1s"

[[steps]]
point = "LI-4"
sides = "both"
hold = "1s"

[[steps]]
point = "TE-3"
sides = "both"
hold = "2m"
"""
"""Step 1 ends 2 s in; step 2 then runs for two minutes: long enough to act in, in real time."""

SHORT = ROUTINE.replace('hold = "2m"', 'hold = "10s"')
"""13 s in all, for the fake clock."""


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


# --- in-process, on a fake clock --------------------------------------------------------------


def run_recorded(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    stdin: io.StringIO | None = None,
    pain: bool | None = None,
) -> tuple[int, str, str]:
    path = tmp_path / "short.toml"
    path.write_text(SHORT, encoding="utf-8")
    clock = SelectClock()
    monkeypatch.setattr(terminal, "select", clock)
    out, err = io.StringIO(), io.StringIO()
    status = run_plain(
        load_routine(str(path)),
        argparse.Namespace(speed=1.0, no_bell=True, voice=False, pain=pain),
        clock=clock,
        stdin=stdin if stdin is not None else io.StringIO(),
        stdout=out,
        stderr=err,
    )
    return status, out.getvalue(), err.getvalue()


def test_a_session_at_speed_1_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, acutimer_home: Path
) -> None:
    status, out, err = run_recorded(tmp_path, monkeypatch)
    assert status == 0, err
    assert err == ""
    assert out.splitlines()[-1] == "Session complete: 2 of 2 steps, 13s."
    assert "Pain now" not in out  # stdin is not a terminal
    [record] = sessions_in(acutimer_home)
    assert record.routine == str(tmp_path / "short.toml")
    assert (record.status, record.steps_done, record.steps_total, record.last_step) == (
        "completed",
        2,
        2,
        1,
    )
    assert record.active_seconds == pytest.approx(13, abs=0.1)
    assert (record.pain_before, record.pain_after) == (None, None)


def test_pain_questions_follow_the_setting_and_the_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, acutimer_home: Path
) -> None:
    acutimer_home.mkdir()
    (acutimer_home / "config.toml").write_text("ask_pain = false\n", encoding="utf-8")
    status, out, _ = run_recorded(tmp_path, monkeypatch, stdin=Keyboard("6\n3\n"))
    assert status == 0
    assert "Pain now" not in out
    status, out, _ = run_recorded(tmp_path, monkeypatch, stdin=Keyboard("6\n3\n"), pain=True)
    assert status == 0
    assert out.count("Pain now") == 2
    status, out, _ = run_recorded(tmp_path, monkeypatch, stdin=Keyboard("6\n3\n"), pain=False)
    assert "Pain now" not in out
    ratings = [(r.pain_before, r.pain_after) for r in sessions_in(acutimer_home)]
    assert ratings == [(None, None), (6, 3), (None, None)]


def test_a_pain_answer_is_asked_again_once_and_enter_skips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, acutimer_home: Path
) -> None:
    status, out, _ = run_recorded(tmp_path, monkeypatch, stdin=Keyboard("11\nseven\n\n"), pain=True)
    assert status == 0
    assert "A whole number from 0 (none) to 10 (worst), or Enter to skip." in out
    assert "No rating kept." in out
    [record] = sessions_in(acutimer_home)
    assert (record.pain_before, record.pain_after) == (None, None)


def test_a_corrupt_database_turns_history_off_and_the_session_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, acutimer_home: Path
) -> None:
    acutimer_home.mkdir()
    broken = history_path(acutimer_home)
    broken.write_bytes(b"this is not a database, just some bytes " * 200)
    status, out, err = run_recorded(tmp_path, monkeypatch, stdin=Keyboard("6\n3\n"), pain=True)
    assert status == 0
    assert err.startswith("acutimer: history is off: ")
    assert str(broken) in err and "the session runs without it" in err
    assert "Pain now" not in out  # nothing to keep it in
    assert out.splitlines()[-1] == "Session complete: 2 of 2 steps, 13s."
    assert broken.read_bytes().startswith(b"this is not a database")  # left as it was


@pytest.mark.parametrize(
    ("text", "rating"),
    [("0", 0), ("6", 6), (" 10\n", 10), ("11", None), ("-1", None), ("²", None), ("٣", None),
     ("6.5", None), ("six", None), ("010", None)],
)  # fmt: skip
def test_parse_pain(text: str, rating: int | None) -> None:
    assert parse_pain(text) == rating


# --- real processes ---------------------------------------------------------------------------


def start(home: Path, *args: str, stdin: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "acutimer", "run", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "ACUTIMER_HOME": str(home)},
        # Whoever runs the tests may ignore SIGINT (a background job); the session should not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


class Reader:
    """What a process printed so far, waited for with a timeout (prompts end without a newline)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.text = ""

    def until(self, wanted: str, timeout: float = 30.0, *, since: int = 0) -> str:
        """Wait for ``wanted`` in the output from ``since`` on; returns all the output."""
        deadline = time.monotonic() + timeout
        while wanted not in self.text[since:]:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {wanted!r} within {timeout}s; got {self.text!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # a pty whose other end has closed
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"the output ended before {wanted!r}; got {self.text!r}")
                self.text += chunk.decode()
        return self.text

    def next(self, wanted: str, timeout: float = 30.0) -> str:
        """Wait for ``wanted`` printed after everything read so far."""
        return self.until(wanted, timeout, since=len(self.text))

    def rest(self) -> str:
        """Everything up to the end of the output."""
        while chunk := os.read(self.fd, 65536):
            self.text += chunk.decode()
        return self.text


def test_pain_prompts_and_the_h_key_on_a_terminal(routine_file: Path, acutimer_home: Path) -> None:
    main, side = pty.openpty()
    process = start(acutimer_home, str(routine_file), "--plain", stdin=side)
    out = Reader(process.stdout.fileno())  # type: ignore[union-attr]
    try:
        out.next("Pain now, 0-10 (Enter to skip): ")
        assert "\n      h marks the point you are on as one that helped" in out.text
        os.write(main, b"twelve\n")
        out.next("Pain now, 0-10 (Enter to skip): ")
        os.write(main, b"6\n")
        out.next("Step 2/2 · TE-3 Zhong Zhu")
        os.write(main, b"h")
        out.next("marked TE-3 Zhong Zhu as helpful · h again takes it back\n")
        os.write(main, b"h")
        out.next("took back the mark on TE-3 Zhong Zhu\n")
        os.write(main, b"h")
        out.next("marked TE-3 Zhong Zhu as helpful")
        # q asks; the y that answers it (and a key typed after it) never reach the pain question.
        os.write(main, b"q")
        out.next("end the session now? y ends it")
        os.write(main, b"yy")
        out.next("Pain now, after the session, 0-10 (Enter to skip): ")
        os.write(main, b"3\n")
        process.wait(timeout=30)
        out.rest()
    finally:
        process.kill()
        process.wait()
        os.close(main)
        os.close(side)
    assert process.returncode == 0
    assert "A whole number from 0 (none) to 10 (worst), or Enter to skip." in out.text
    [record] = sessions_in(acutimer_home)
    assert (record.pain_before, record.pain_after) == (6, 3)
    assert record.helped == ("TE-3",)
    assert (record.status, record.steps_done, record.last_step) == ("abandoned", 1, 0)


@pytest.mark.parametrize("when", ["before", "after"])
def test_ctrl_c_at_a_pain_question(routine_file: Path, acutimer_home: Path, when: str) -> None:
    main, side = pty.openpty()
    process = start(acutimer_home, str(routine_file), "--plain", stdin=side)
    out = Reader(process.stdout.fileno())  # type: ignore[union-attr]
    try:
        out.next("Pain now, 0-10 (Enter to skip): ")
        if when == "after":
            os.write(main, b"5\n")
            out.next("Step 1/2")
            os.write(main, b"qy")
            out.next("Pain now, after the session")
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=30)
        stderr = process.stderr.read().decode()  # type: ignore[union-attr]
    finally:
        process.kill()
        process.wait()
        os.close(main)
        os.close(side)
    assert "Traceback" not in stderr
    if when == "before":
        assert status == 130
        assert out.rest().endswith("\nNot started.\n")
        assert sessions_in(acutimer_home) == []
    else:
        assert status == 0  # the session ended with q; the question is skipped
        [record] = sessions_in(acutimer_home)
        assert (record.status, record.pain_before, record.pain_after) == ("abandoned", 5, None)


@pytest.mark.parametrize(("number", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_mid_session_leaves_the_row_abandoned_at_its_last_step(
    routine_file: Path, acutimer_home: Path, number: signal.Signals, status: int
) -> None:
    process = start(acutimer_home, str(routine_file), "--plain", stdin=subprocess.DEVNULL)
    out = Reader(process.stdout.fileno())  # type: ignore[union-attr]
    try:
        out.next("Step 2/2 · TE-3")
        [running] = sessions_in(acutimer_home)
        assert (running.status, running.steps_done, running.last_step) == ("running", 1, 0)
        process.send_signal(number)
        assert process.wait(timeout=30) == status
    finally:
        process.kill()
        process.wait()
    assert "in step 2/2: 1 of 2 steps done" in out.rest()
    [record] = sessions_in(acutimer_home)
    assert (record.status, record.steps_done, record.last_step) == ("abandoned", 1, 0)
    assert record.ended_at is not None and record.ended_at >= record.started_at


def test_closing_the_terminal_abandons_the_session_with_129(
    routine_file: Path, acutimer_home: Path
) -> None:
    # pty.fork makes the pty the child's controlling terminal: closing our end hangs it up, and
    # the kernel sends SIGHUP (and SIGCONT) as when a terminal window is closed.
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.environ["ACUTIMER_HOME"] = str(acutimer_home)
        os.execv(sys.executable, [sys.executable, "-m", "acutimer", "run", str(routine_file),
                                  "--plain", "--no-pain"])  # fmt: skip
    try:
        Reader(fd).until("Step 2/2 · TE-3")
    finally:
        os.close(fd)
        _, wait_status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(wait_status) == 129
    [record] = sessions_in(acutimer_home)
    assert (record.status, record.steps_done, record.last_step) == ("abandoned", 1, 0)


def test_a_preview_is_not_recorded(routine_file: Path, acutimer_home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "acutimer", "run", str(routine_file), "--plain", "--speed", "1000"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "ACUTIMER_HOME": str(acutimer_home)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "A preview is not recorded in your history." in result.stdout
    assert result.stdout.splitlines()[-1] == "Session complete: 2 of 2 steps, 2m3s."
    assert not history_path(acutimer_home).exists()
