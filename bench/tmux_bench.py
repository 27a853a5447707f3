"""Running a program in a private tmux server and measuring it: first paint, CPU, memory.

The machinery of bench_tui.py: each launch gets a terminal of its own (80x24), and the numbers
come from ``/proc`` (Linux only). See bench_tui.py for what is measured and why.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
import uuid
from dataclasses import dataclass

Ready = str | tuple[str, ...]
"""What must be on the screen for a program to count as painted."""


@dataclass
class Sample:
    first_paint_ms: float
    cpu_ms_per_s: float
    peak_kb: int
    children_ticks: int = 0
    """CPU of the process's children that ended (its players), in clock ticks."""


class Terminal:
    """A private tmux server with one 80x24 window."""

    def __init__(self) -> None:
        self.socket = f"acutimer-bench-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"tmux {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def launch(self, command: str, ready: Ready, timeout: float = 20.0) -> tuple[float, int]:
        """Start ``command``; return the ms until ``ready`` (each of them) is on screen, and
        the process id."""
        wanted = (ready,) if isinstance(ready, str) else ready
        start = time.perf_counter()
        self.tmux("new-session", "-d", "-s", "bench", "-x", "80", "-y", "24", f"exec {command}")
        pid = int(self.tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip())
        deadline = start + timeout
        while not self.shows(wanted):
            if time.perf_counter() > deadline:
                raise SystemExit(f"{ready!r} never appeared for: {command}")
            time.sleep(0.002)
        return (time.perf_counter() - start) * 1000, pid

    def shows(self, wanted: tuple[str, ...]) -> bool:
        """Whether each of ``wanted`` is on the screen now."""
        screen = self.tmux("capture-pane", "-p", "-t", "bench")
        return all(text in screen for text in wanted)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of ``pid`` so far, in seconds."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as handle:
                total += int(handle.read().split()[0])
        except FileNotFoundError:
            continue  # the thread ended meanwhile
    return total / 1e9


def settled(pid: int, timeout: float = 30.0) -> None:
    """Wait until the threads of ``pid`` stay the same for a second (the tones are made in a
    thread of its own as a session starts: its CPU must not leave the sum mid-hold)."""
    deadline = time.perf_counter() + timeout
    before = set(os.listdir(f"/proc/{pid}/task"))
    while time.perf_counter() < deadline:
        time.sleep(1.0)
        now = set(os.listdir(f"/proc/{pid}/task"))
        if now == before:
            return
        before = now


def children_ticks(pid: int) -> int:
    """cutime + cstime of ``pid``: CPU of its children that ended, in clock ticks."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return int(fields[13]) + int(fields[14])


def peak_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise SystemExit("no VmHWM in /proc/PID/status")


def measure(command: str, ready: Ready, hold: float) -> Sample:
    terminal = Terminal()
    try:
        paint_ms, pid = terminal.launch(command, ready)
        if hold <= 0:
            return Sample(paint_ms, 0.0, peak_kb(pid))
        time.sleep(1.0)
        settled(pid)
        tasks = set(os.listdir(f"/proc/{pid}/task"))
        cpu0, wall0, kids0 = cpu_seconds(pid), time.perf_counter(), children_ticks(pid)
        time.sleep(hold)
        cpu1, wall1, kids1 = cpu_seconds(pid), time.perf_counter(), children_ticks(pid)
        if not tasks <= set(os.listdir(f"/proc/{pid}/task")):
            raise SystemExit("a thread ended during the hold: its CPU would be lost")
        cpu = (cpu1 - cpu0) / (wall1 - wall0) * 1000
        return Sample(paint_ms, cpu, peak_kb(pid), kids1 - kids0)
    finally:
        terminal.close()


def spread(values: list[float], form: str = ".0f") -> str:
    """The median, the quartiles, the least and the most, in one line."""
    low, _, high = statistics.quantiles(values, n=4) if len(values) > 1 else (values * 3)
    median = statistics.median(values)
    return (
        f"{median:{form}} ({low:{form}}-{high:{form}}; {min(values):{form}}-{max(values):{form}})"
    )


def alternate(names: list[str], run: int) -> list[str]:
    """The programs in the order for ``run``: one way, then the other, so neither always goes
    first after a pause."""
    return names if run % 2 == 0 else list(reversed(names))
