"""SIGTERM ends a plain session at once, as abandoned, however many steps the routine has."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from acutimer.history.store import HistoryStore, history_path

HEADER = """\
title = "Many steps"
summary = "Two hundred of the shortest steps a routine may have."
focus = "lower-back"
position = "seated"
find_time = "0.5s"
"""
STEP = """
[[steps]]
point = "LI-4"
sides = "both"
hold = "1s"
rest = "0.5s"
"""


def _start(home: Path, routine: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ACUTIMER_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "acutimer", "run", str(routine), "--plain", "--no-pain", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def _first_lines(process: subprocess.Popen[bytes], count: int) -> None:
    assert process.stdout is not None
    for _ in range(count):
        assert process.stdout.readline(), "the session printed nothing"


@pytest.mark.parametrize("speed", ["1", "1000"])
def test_sigterm_ends_a_200_step_session_at_once(
    tmp_path: Path, acutimer_home: Path, speed: str
) -> None:
    routine = tmp_path / "many.toml"
    routine.write_text(HEADER + STEP * 200, encoding="utf-8")
    process = _start(acutimer_home, routine, "--speed", speed)
    try:
        _first_lines(process, 6)
        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=10)
        took = time.monotonic() - sent
    finally:
        process.kill()
        process.wait()
    assert status == 128 + signal.SIGTERM
    assert took < 5, f"{took:.1f} s after SIGTERM"  # a generous bound: it is milliseconds
    assert process.stdout is not None and b"Stopped at" in process.stdout.read()
    if speed == "1":
        store = HistoryStore.open(history_path(acutimer_home))
        try:
            [row] = store.sessions()
        finally:
            store.close()
        assert row.status == "abandoned" and row.steps_total == 200
