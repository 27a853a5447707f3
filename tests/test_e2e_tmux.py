"""End to end in a real terminal: `acutimer run` in tmux, from the safety notice to the summary.

Skipped when tmux is missing. The test starts its own tmux server (a private socket) and kills
only that server. Waiting on the screen with a deadline is fine here: it is a real terminal.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from acutimer.config import load_config

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ROUTINE = """
title = "End to end"
summary = "Two short points, run at high speed by the end-to-end test."
focus = "upper-back"
position = "seated"
find_time = "4s"

[[steps]]
point = "LI-4"
sides = "left-then-right"
hold = "10s"
rest = "5s"

[[steps]]
point = "BL-23"
sides = "both"
hold = "20s"
"""


class Tmux:
    """A private tmux server running one program in an 80×24 window."""

    def __init__(self) -> None:
        self.socket = f"acutimer-e2e-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        if check and out.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", command)
        self.run("set-option", "-t", "e2e", "remain-on-exit", "on")

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "e2e")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "e2e", *keys)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear; the screen was:\n{screen}")
            time.sleep(0.05)

    def exit_status(self, status_file: Path, timeout: float = 10.0) -> int:
        """The program's exit status, which the shell around it writes to ``status_file``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = status_file.read_text(encoding="utf-8").strip() if status_file.exists() else ""
            if text.isdigit():
                return int(text)
            time.sleep(0.05)
        raise AssertionError(f"the program did not exit; the screen was:\n{self.screen()}")

    def kill(self) -> None:
        self.run("kill-server", check=False)


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    server = Tmux()
    try:
        yield server
    finally:
        server.kill()


def test_run_goes_through_the_safety_notice_to_the_summary(
    tmux: Tmux, tmp_path: Path, acutimer_home: Path
) -> None:
    routine = tmp_path / "e2e.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    env = {"ACUTIMER_HOME": str(acutimer_home), "TERM": "xterm-256color"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    command = " ".join(
        [
            "env",
            *(shlex.quote(f"{k}={v}") for k, v in env.items()),
            shlex.quote(sys.executable),
            "-m",
            "acutimer",
            "run",
            shlex.quote(str(routine)),
            "--speed",
            "50",
            "--no-bell",
        ]
    )
    status_file = tmp_path / "status"
    tmux.start(f"{command}; echo $? > {shlex.quote(str(status_file))}")
    tmux.wait_for("Before you press: safety")
    tmux.keys("Enter")
    tmux.wait_for("End to end")
    screen = tmux.wait_for("Session complete", timeout=20)
    assert "Done: 2 of 2 points" in screen
    assert "LI-4 He Gu" in screen and "BL-23 Shen Shu" in screen
    assert "tender" in screen
    tmux.keys("q")
    assert tmux.exit_status(status_file) == 0
    config, _ = load_config()
    assert config.safety_acknowledged is True
