"""How much ``acutimer remind`` costs while it waits, beside ``sleep`` in the same run.

Both are started together; once remind has said what is next (it is then asleep), the CPU time
(the scheduler's nanoseconds, /proc/PID/schedstat) and the context switches (voluntary and
involuntary, /proc/PID/status: each is a wake-up) of each process are read, again after the
measured span, and the differences compared. The plan's only time is hours away: nothing
is due meanwhile.

    python bench/bench_remind.py            # a minute
    python bench/bench_remind.py --seconds 10

Targets (issue 15): under 0.1 ms of CPU a second, at most one wake-up a minute. Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

CPU_TARGET_MS_PER_S = 0.1
WAKES_TARGET_PER_MIN = 1.0


def cpu_seconds(pid: int) -> float:
    """CPU time on the scheduler's own clock (ns, /proc/PID/schedstat), else in clock ticks."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        pass
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def switches(pid: int) -> int:
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
            total += int(line.split()[1])
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        print("bench_remind reads /proc: Linux only")
        return 0
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "ACUTIMER_HOME": home}
        later = (datetime.now() + timedelta(hours=3)).strftime("%H:%M")
        subprocess.run(
            [sys.executable, "-m", "acutimer", "plan", "add", "hand-points-break", "--at", later],
            env=env,
            check=True,
            capture_output=True,
        )
        remind = subprocess.Popen(
            [sys.executable, "-m", "acutimer", "remind"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
        )
        sleeper = subprocess.Popen(["sleep", str(args.seconds + 30)])
        try:
            assert remind.stdout is not None
            for line in remind.stdout:  # it is asleep once it has said what is next
                if line.startswith("next:"):
                    break
            time.sleep(1.0)
            pids = {"acutimer remind": remind.pid, "sleep": sleeper.pid}
            before = {name: (cpu_seconds(pid), switches(pid)) for name, pid in pids.items()}
            start = time.monotonic()
            time.sleep(args.seconds)
            span = time.monotonic() - start
            after = {name: (cpu_seconds(pid), switches(pid)) for name, pid in pids.items()}
        finally:
            remind.terminate()
            sleeper.terminate()
            remind.wait(10)
            sleeper.wait(10)
    print(f"over {span:.1f} s of waiting (CPU from /proc/PID/schedstat, in ns):")
    results = {}
    for name in pids:
        cpu = (after[name][0] - before[name][0]) * 1000 / span
        wakes = (after[name][1] - before[name][1]) * 60 / span
        results[name] = (cpu, wakes)
        print(f"  {name:<16} {cpu:9.5f} ms CPU a second   {wakes:6.2f} wake-ups a minute")
    cpu, wakes = results["acutimer remind"]
    ok = cpu < CPU_TARGET_MS_PER_S and wakes <= WAKES_TARGET_PER_MIN
    print(
        f"target: under {CPU_TARGET_MS_PER_S} ms CPU a second and at most "
        f"{WAKES_TARGET_PER_MIN:g} wake-up a minute: {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
