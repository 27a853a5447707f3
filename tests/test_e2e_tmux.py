"""End to end in a real terminal: `acutimer run` in tmux, from the safety notice to the summary.

Skipped when tmux is missing. The test starts its own tmux server (a private socket) and kills
only that server. Waiting on the screen with a deadline is fine here: it is a real terminal.
"""

from __future__ import annotations

import contextlib
import os
import select
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_support import acutimer_command

from acutimer.config import load_config
from acutimer.history.store import HistoryStore, history_path

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
    """A private tmux server running one program in an 80×24 window.

    Waiting is driven by the program's output, not by a timer: tmux copies everything the
    program writes into a FIFO (``pipe-pane``), and the test blocks on that FIFO until there is
    something new to read, then looks at the screen again. The end of the program is a tmux
    ``wait-for`` signal that the shell around it sends.
    """

    def __init__(self, folder: Path) -> None:
        self.socket = f"acutimer-e2e-{uuid.uuid4().hex[:8]}"
        self.fifo = folder / "output.fifo"
        os.mkfifo(self.fifo)
        # Open for reading and writing, so the FIFO never reports end-of-file between writers.
        self.output = os.open(self.fifo, os.O_RDWR | os.O_NONBLOCK)
        self.status_file = folder / "status"
        self.channel = f"done-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str, check: bool = True, timeout: float = 10) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=timeout
        )
        if check and out.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def start(self, command: str) -> None:
        status = shlex.quote(str(self.status_file))
        wrapped = f"{command}; echo $? > {status}; tmux -L {self.socket} wait-for -S {self.channel}"
        self.run("new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", wrapped)
        self.run("set-option", "-t", "e2e", "remain-on-exit", "on")
        self.run("pipe-pane", "-O", "-t", "e2e", f"cat > {shlex.quote(str(self.fifo))}")

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "e2e")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "e2e", *keys)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """The screen, once ``text`` is on it; re-read whenever the program writes something."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{text!r} did not appear; the screen was:\n{screen}")
            # Wake on new output; at most half a second apart, in case tmux had not yet drawn
            # the last of it when the screen was read.
            ready, _, _ = select.select([self.output], [], [], min(remaining, 0.5))
            if ready:
                self._drain()

    def _drain(self) -> None:
        with contextlib.suppress(BlockingIOError):
            while os.read(self.output, 65536):
                pass

    def exit_status(self, timeout: float = 10.0) -> int:
        """The program's exit status, once the shell around it says it has ended."""
        try:
            self.run("wait-for", self.channel, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"the program did not exit; the screen was:\n{self.screen()}"
            ) from None
        return int(self.status_file.read_text(encoding="utf-8"))

    def kill(self) -> None:
        self.run("kill-server", check=False)
        os.close(self.output)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(tmp_path)
    try:
        yield server
    finally:
        server.kill()


def run_command(tmp_path: Path, home: Path, *args: str) -> str:
    """The shell command that runs ``acutimer run`` on the test routine, with ``args``."""
    routine = tmp_path / "e2e.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    return acutimer_command(home, "run", str(routine), *args)


def test_run_goes_through_the_safety_notice_to_the_summary(
    tmux: Tmux, tmp_path: Path, acutimer_home: Path
) -> None:
    tmux.start(run_command(tmp_path, acutimer_home, "--speed", "50", "--no-bell"))
    tmux.wait_for("Before you press: safety")
    tmux.keys("Enter")
    tmux.wait_for("End to end")
    screen = tmux.wait_for("Session complete", timeout=20)
    assert "Done: 2 of 2 points" in screen
    assert "LI-4 He Gu" in screen and "BL-23 Shen Shu" in screen
    assert "tender" in screen
    tmux.keys("q")
    assert tmux.exit_status() == 0
    config, _ = load_config()
    assert config.safety_acknowledged is True


def test_the_title_shows_the_phase_and_comes_back_after(
    tmux: Tmux, tmp_path: Path, acutimer_home: Path
) -> None:
    routine = tmp_path / "e2e.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    acutimer_home.mkdir(parents=True, exist_ok=True)
    (acutimer_home / "config.toml").write_text(
        "safety_acknowledged = true\nask_pain = false\n", encoding="utf-8"
    )
    command = "printf '\\033]2;my shell\\033\\\\'; " + acutimer_command(  # the shell's title
        acutimer_home, "run", str(routine), ACUTIMER_TITLE="true"
    )
    tmux.start(command)
    tmux.wait_for("find the point")
    title = tmux.run("display-message", "-p", "-t", "e2e", "#{pane_title}").strip()
    assert title.startswith("find the point 0:0") and title.endswith(" · acutimer")
    tmux.keys("q")
    tmux.wait_for("End this session now?")
    tmux.keys("y")
    tmux.wait_for("Session ended early")
    tmux.keys("q")
    assert tmux.exit_status() == 0
    assert tmux.run("display-message", "-p", "-t", "e2e", "#{pane_title}").strip() == "my shell"


@pytest.mark.parametrize("asking", [False, True], ids=["running", "asking-to-end"])
def test_sigterm_gives_the_terminal_and_its_title_back(
    tmux: Tmux, tmp_path: Path, acutimer_home: Path, asking: bool
) -> None:
    routine = tmp_path / "e2e.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    acutimer_home.mkdir(parents=True, exist_ok=True)
    (acutimer_home / "config.toml").write_text(
        "safety_acknowledged = true\nask_pain = false\n", encoding="utf-8"
    )
    command = "printf '\\033]2;my shell\\033\\\\'; " + acutimer_command(
        acutimer_home, "run", str(routine), ACUTIMER_TITLE="true"
    )
    tmux.start(command)
    tmux.wait_for("find the point")
    if asking:  # SIGTERM does not wait for the question's answer: it ends the app as it is
        tmux.keys("q")
        tmux.wait_for("End this session now?")
    shell = tmux.run("display-message", "-p", "-t", "e2e", "#{pane_pid}").strip()
    children = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True, timeout=10)
    (pid,) = children.stdout.split()
    os.kill(int(pid), 15)
    assert tmux.exit_status() == 143
    assert tmux.run("display-message", "-p", "-t", "e2e", "#{pane_title}").strip() == "my shell"
    assert "End to end" not in tmux.screen()  # the app's screen is gone: the terminal is back
    store = HistoryStore.open(history_path(acutimer_home))
    try:
        [record] = store.sessions()
    finally:
        store.close()
    assert (record.status, record.steps_done) == ("abandoned", 0)


def test_q_on_the_first_safety_notice_says_why_and_exits_1(
    tmux: Tmux, tmp_path: Path, acutimer_home: Path
) -> None:
    tmux.start(run_command(tmp_path, acutimer_home, "--no-bell"))
    tmux.wait_for("Before you press: safety")
    tmux.keys("q")
    assert tmux.exit_status() == 1
    # With the lines scrolled off the top, joined where they wrapped.
    screen = " ".join(tmux.run("capture-pane", "-p", "-J", "-S", "-100", "-t", "e2e").split())
    assert "acutimer: the safety notice must be read once before the first session" in screen
    assert load_config()[0].safety_acknowledged is False


def test_ctrl_c_in_a_real_terminal_asks_as_q_does(
    tmux: Tmux, tmp_path: Path, acutimer_home: Path
) -> None:
    acutimer_home.mkdir()
    (acutimer_home / "config.toml").write_text("safety_acknowledged = true\nask_pain = false\n")
    tmux.start(run_command(tmp_path, acutimer_home, "--no-bell"))
    tmux.wait_for("step 1 of 2")
    tmux.keys("C-c")
    tmux.wait_for("End this session now?")
    tmux.keys("C-c")  # again: a yes
    tmux.wait_for("Session ended early")
    tmux.keys("q")
    assert tmux.exit_status() == 0
