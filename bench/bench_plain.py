"""How punctual and how idle is ``acutimer run ROUTINE --plain``?

Usage::

    python bench/bench_plain.py [ROUTINE] [--speed 20]

It runs ``python -m acutimer run ROUTINE --plain --speed 20`` and, at the same time, a bare
sleep-based loop over the same phases (print a line, then ``time.sleep(phase length)``: the way a
timer is often first written). Both write to pipes; the benchmark stamps each line as it arrives.
For each it reports:

- lateness of each phase line against its plan, in ms: the plan is the phase's planned start
  divided by the speed, from a start time that makes the most punctual line exactly on time (the
  real start cannot be seen from outside). Median and worst; breath lines are left out.
- growth: the mean lateness over the second half of the session minus the first half, and the
  least-squares slope in ms per minute of the run. A timer that sleeps for each phase's length adds
  its own overhead at every phase; one that sleeps until deadlines does not.
- CPU per second while waiting, in ms: CPU time the process used between its first and its last
  phase line (``/proc/PID/task/*/schedstat``, in ns), divided by the wall time between them.

Targets (issue 3): worst lateness within 10 ms and no growth (under 1 ms between the halves);
under 5 ms of CPU per second while waiting. The exit status is 1 when acutimer misses one.

The routine defaults to ``lower-back-desk`` (17m31s: about 53 s at 20x). User routines come from
a throw-away ACUTIMER_HOME, so a built-in name or a path to a .toml file is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from acutimer.routine.loading import load_routine
from acutimer.routine.timeline import expand

PHASE_LINE = re.compile(r"^\[\d+:\d\d(?::\d\d)?\] (?!  breath )")

BARE_LOOP = """
import json, sys, time
durations, speed = json.loads(sys.argv[1]), float(sys.argv[2])
for number, duration in enumerate(durations):
    print(f"[00:00] phase {number}", flush=True)
    time.sleep(duration / speed)
"""


@dataclass
class Run:
    """One process under test and what was seen of it."""

    name: str
    process: subprocess.Popen[bytes]
    arrivals: list[float] = field(default_factory=list)
    cpu: list[tuple[float, float]] = field(default_factory=list)
    """(arrival, CPU seconds so far) at each phase line, while /proc could be read."""
    buffer: bytes = b""
    total_cpu: float = 0.0
    """CPU seconds of the whole process (start-up included), once it has ended."""

    def lines(self, chunk: bytes, now: float) -> None:
        self.buffer += chunk
        *complete, self.buffer = self.buffer.split(b"\n")
        for raw in complete:
            if PHASE_LINE.match(raw.decode(errors="replace")):
                self.arrivals.append(now)
                used = cpu_seconds(self.process.pid)
                if used is not None:
                    self.cpu.append((now, used))


def cpu_seconds(pid: int) -> float | None:
    """CPU time of every thread of ``pid`` so far, from /proc (None where there is none)."""
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
        for task in tasks:
            with open(f"/proc/{pid}/task/{task}/schedstat") as handle:
                total += int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total / 1e9


def measure(run: Run, planned: list[float], speed: float) -> dict[str, float]:
    """Lateness and CPU figures of one run, in ms."""
    if len(run.arrivals) != len(planned):
        raise SystemExit(
            f"{run.name}: saw {len(run.arrivals)} phase lines, expected {len(planned)}"
        )
    times = [start / speed for start in planned]
    # The session's start cannot be seen from outside: anchor the plan on the most punctual line.
    anchor = min(arrival - t for arrival, t in zip(run.arrivals, times, strict=True))
    late = [(arrival - anchor - t) * 1000 for arrival, t in zip(run.arrivals, times, strict=True)]
    first = run.arrivals[0]
    half = len(late) // 2
    mean_t = statistics.fmean(times)
    mean_l = statistics.fmean(late)
    spread = sum((t - mean_t) ** 2 for t in times)
    slope = sum((t - mean_t) * (x - mean_l) for t, x in zip(times, late, strict=True)) / spread
    figures = {
        "median": statistics.median(late),
        "worst": max(late),
        "first_half": statistics.fmean(late[:half]),
        "second_half": statistics.fmean(late[half:]),
        "slope": slope * 60,
    }
    if len(run.cpu) >= 2:
        (t0, c0), (t1, c1) = run.cpu[0], run.cpu[-1]
        figures["cpu"] = (c1 - c0) / (t1 - t0) * 1000
    else:
        figures["cpu"] = run.total_cpu / (run.arrivals[-1] - first) * 1000
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description="Timing benchmark of acutimer's plain runner.")
    parser.add_argument("routine", nargs="?", default="lower-back-desk")
    parser.add_argument("--speed", type=float, default=20.0)
    args = parser.parse_args()

    timeline = expand(load_routine(args.routine).routine)
    planned = [phase.start for phase in timeline]
    durations = [phase.duration for phase in timeline]
    home = tempfile.mkdtemp(prefix="acutimer-bench-")
    env = {**os.environ, "ACUTIMER_HOME": home}
    command = [sys.executable, "-m", "acutimer", "run", args.routine, "--plain"]
    runs = [
        Run(
            "acutimer --plain",
            subprocess.Popen(
                [*command, "--speed", f"{args.speed:g}"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                env=env,
            ),
        ),
        Run(
            "bare sleep loop",
            subprocess.Popen(
                [sys.executable, "-c", BARE_LOOP, json.dumps(durations), str(args.speed)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
            ),
        ),
    ]
    selector = selectors.DefaultSelector()
    for run in runs:
        assert run.process.stdout is not None
        selector.register(run.process.stdout.fileno(), selectors.EVENT_READ, run)
    open_pipes = len(runs)
    while open_pipes:
        for key, _ in selector.select():
            now = time.monotonic()
            chunk = os.read(key.fd, 65536)
            run = key.data
            if chunk:
                run.lines(chunk, now)
            else:
                selector.unregister(key.fd)
                open_pipes -= 1
    for run in runs:
        # Where /proc is missing, fall back on the whole process's CPU, start-up included.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run.process.wait()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        run.total_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    shutil.rmtree(home, ignore_errors=True)

    results = [(run.name, measure(run, planned, args.speed)) for run in runs]
    seconds = planned[-1] / args.speed
    print(
        f"{args.routine} at --speed {args.speed:g}: {len(planned)} phase lines over {seconds:.1f} s"
    )
    columns = ("median", "worst", "first_half", "second_half", "slope", "cpu")
    print(
        f"{'':18} {'median ms':>10} {'worst ms':>9} {'1st half':>9} {'2nd half':>9} "
        f"{'ms/min':>7} {'CPU ms/s':>9}"
    )
    for name, figures in results:
        row = " ".join(
            f"{figures[c]:>{w}.2f}" for c, w in zip(columns, (10, 9, 9, 9, 7, 9), strict=True)
        )
        print(f"{name:18} {row}")
    ours = results[0][1]
    growth = ours["second_half"] - ours["first_half"]
    checks = {
        "worst lateness within 10 ms": ours["worst"] <= 10,
        "no growth (halves within 1 ms)": abs(growth) < 1,
        "under 5 ms CPU per second": ours["cpu"] < 5,
    }
    for label, ok in checks.items():
        print(f"{'met' if ok else 'MISSED':>6}: {label}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
