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


def _first_step(process: subprocess.Popen[bytes]) -> None:
    """Read up to the first step's line: the session has begun, its signal handlers with it.

    (Counting six lines raced with the handlers: a preview prints its six before they are in.)
    """
    assert process.stdout is not None
    for _ in range(50):
        line = process.stdout.readline()
        assert line, "the session printed no step"
        if line.startswith(b"[00:00] Step 1/"):
            return
    pytest.fail("no step line in the first 50")


@pytest.mark.parametrize("speed", ["1", "1000"])
def test_sigterm_ends_a_200_step_session_at_once(
    tmp_path: Path, acutimer_home: Path, speed: str
) -> None:
    routine = tmp_path / "many.toml"
    routine.write_text(HEADER + STEP * 200, encoding="utf-8")
    process = _start(acutimer_home, routine, "--speed", speed)
    try:
        _first_step(process)
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
