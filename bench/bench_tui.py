"""acutimer's Textual session against a bare Textual app with one label, side by side in one run.

Usage::

    python bench/bench_tui.py [--launches 21] [--runs 3] [--hold 10]

Both programs run in turn (the order alternates) in a real terminal: a private tmux server,
80x24. After one unmeasured launch of each (bytecode, acutimer's validation cache):

- first paint, over ``--launches`` launches of each: from just before tmux starts the program to
  the moment a known string is on the screen (``capture-pane`` polled every few ms). acutimer
  runs a routine whose first phase is a five-minute press with the breathing guide, so its first
  paint is the session screen. It varies by a hundred milliseconds from launch to launch on a
  small machine, hence many launches.
- CPU per second during a hold, over ``--runs`` holds: CPU time of the process (all threads,
  ``/proc/PID/task/*/schedstat``, in ns) over ``--hold`` seconds, starting a second after the
  first paint, divided by the wall time. For acutimer the breathing guide moves all along.
- peak memory: ``VmHWM`` from ``/proc/PID/status`` at the end of each hold.
- the same hold with sound on (issue 17), beside it in the same run: a tick at each turn of the
  breath (the hold's steps follow the breath), played by a stand-in player on PATH that reads
  the file as a player would. Sound off is the ``acutimer`` program above; both show the title.
  The players' own CPU is reported apart (``cutime + cstime`` of the acutimer process, in clock
  ticks, so only to 10 ms).

- the body map (issue 14), beside it in the same run: first paint of a session whose first phase
  is finding BL-23 (the map drawn beside the where-text), with the map and with ``--no-map``,
  launched in turn; "painted" is when the where-text and the map's legend are both on the
  screen (the words only, without the map). And the hold above (its small map) against the same
  hold with ``--no-map``: its first paint (reported) and its CPU (a target).

Targets (issue 4): first paint and peak memory within 1.3x the bare app (medians); CPU during the
hold under 5 ms per second (termdown, a plain countdown, uses about 10). Issue 17: the hold with
sound on at most 10% above sound off (the median of each round's ratio). Issue 14: the first
paint with the map at most 10% above without it, and the hold with the map at most 10% above
without it (the median of each round's ratio; the spread of each is printed too). The exit status
is 1 when acutimer misses one. Linux only (``/proc``); needs tmux.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
import tempfile
from pathlib import Path

from tmux_bench import Sample, alternate, measure, spread

BENCH = Path(__file__).resolve().parent
ROUTINE = """
title = "Bench hold"
summary = "One long press with the breathing guide, for the benchmark."
focus = "lower-back"
position = "seated"
find_time = 0

[[steps]]
point = "BL-23"
sides = "both"
hold = "5m"
breathing = "synchronised"
"""
FIND_ROUTINE = """
title = "Bench find"
summary = "Finding one point for five minutes, for the benchmark's first paint."
focus = "lower-back"
position = "seated"
find_time = "5m"

[[steps]]
point = "BL-23"
sides = "both"
hold = "5m"
"""
MAP_READY = ("Where:", "● BL-23")
"""On the screen once the find phase is painted with its map: the where-text and the legend."""
TARGET_RATIO = 1.3
TARGET_MAP_RATIO = 1.10
TARGET_CPU_MS = 5.0
TARGET_SOUND_RATIO = 1.10
PLAYER = """#!/bin/sh
# Stands in for pw-play in the benchmark: reads the tone as a player would.
cat "$1" > /dev/null
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--launches", type=int, default=21, help="launches each, for first paint")
    parser.add_argument("--runs", type=int, default=3, help="holds each, for CPU and memory")
    parser.add_argument("--hold", type=float, default=10.0, help="seconds of CPU measurement")
    args = parser.parse_args()

    python = shlex.quote(sys.executable)
    with tempfile.TemporaryDirectory(prefix="acutimer-bench-") as folder:
        home = Path(folder) / "home"
        home.mkdir()
        # No pain rating before the session: its dialog would stand in front of the hold.
        (home / "config.toml").write_text(
            "safety_acknowledged = true\nask_pain = false\nbreath_ticks = true\n",
            encoding="utf-8",
        )
        players = Path(folder) / "bin"
        players.mkdir()
        (players / "pw-play").write_text(PLAYER, encoding="utf-8")
        (players / "pw-play").chmod(0o755)
        routine = Path(folder) / "bench-hold.toml"
        routine.write_text(ROUTINE, encoding="utf-8")
        finding = Path(folder) / "bench-find.toml"
        finding.write_text(FIND_ROUTINE, encoding="utf-8")
        # As installed by pip, modules load from compiled bytecode; PYTHONDONTWRITEBYTECODE (set
        # on some dev machines) would make every launch compile acutimer from source again.
        env = (
            f"env -u PYTHONDONTWRITEBYTECODE ACUTIMER_HOME={shlex.quote(str(home))} "
            "TERM=xterm-256color"
        )
        run = f"{python} -m acutimer run {shlex.quote(str(routine))} --no-bell"
        find = f"{env} {python} -m acutimer run {shlex.quote(str(finding))} --no-bell --no-sound"
        path = shlex.quote(f"PATH={players}{os.pathsep}{os.environ.get('PATH', '')}")
        programs = {
            "acutimer": (f"{env} ACUTIMER_TITLE=true {run} --no-sound", "Bench hold"),
            "sound": (f"{env} ACUTIMER_TITLE=true {path} {run} --sound", "Bench hold"),
            "bare": (
                f"{env} {python} {shlex.quote(str(BENCH / 'bare_app.py'))}",
                "bare textual app, one label",
            ),
            "no map": (f"{env} ACUTIMER_TITLE=true {run} --no-sound --no-map", "Bench hold"),
            "find map": (f"{find} --map", MAP_READY),
            "find no map": (f"{find} --no-map", "Where:"),
        }
        names = ["acutimer", "sound", "bare", "no map"]
        painted = ["acutimer", "no map", "bare", "find map", "find no map"]
        # One launch each, not measured: writes the bytecode and acutimer's validation cache, as
        # any run after the first finds them.
        for name, (command, ready) in programs.items():
            # Sound on: long enough for its tones to be made and kept in the cache.
            measure(command, ready, 5.0 if name == "sound" else 0.0)
        # First paint varies a lot from launch to launch on a small machine: many short launches.
        paints: dict[str, list[float]] = {name: [] for name in painted}
        for run in range(args.launches):
            for name in alternate(painted, run):
                paints[name].append(measure(*programs[name], 0.0).first_paint_ms)
        print("first paint, ms, each launch:")
        for name in painted:
            print(f"  {name:<12}" + " ".join(f"{ms:4.0f}" for ms in paints[name]), flush=True)
        # CPU and memory: a few long holds.
        samples: dict[str, list[Sample]] = {name: [] for name in names}
        for run in range(args.runs):
            for name in alternate(names, run):
                sample = measure(*programs[name], args.hold)
                samples[name].append(sample)
                print(
                    f"hold {run + 1} {name:<8} cpu {sample.cpu_ms_per_s:5.2f} ms/s  "
                    f"peak {sample.peak_kb / 1024:5.1f} MiB  "
                    f"players {sample.children_ticks} ticks",
                    flush=True,
                )

    def median(name: str, field: str) -> float:
        return statistics.median(getattr(s, field) for s in samples[name])

    print(
        f"\nmedians: first paint over {args.launches} launches each; CPU and memory over "
        f"{args.runs} holds of {args.hold:g} s; 80x24 in tmux"
    )
    print(f"{'':<10}{'first paint':>14}{'CPU in a hold':>16}{'peak memory':>14}")
    for name in names:
        paint_text = f"{statistics.median(paints[name]):>11.0f} ms" if name in paints else " " * 14
        print(
            f"{name:<10}{paint_text}"
            f"{median(name, 'cpu_ms_per_s'):>11.2f} ms/s"
            f"{median(name, 'peak_kb') / 1024:>10.1f} MiB"
        )
    print("first paint, ms: median (quartiles; least and most)")
    for name in painted:
        print(f"  {name:<12}{spread(paints[name])}")
    hz = os.sysconf("SC_CLK_TCK")
    ticks = sum(s.children_ticks for s in samples["sound"])
    print(
        f"players' own CPU with sound on: {ticks / hz * 1000 / (args.runs * args.hold):.2f} ms/s "
        f"(to 10 ms in {args.runs * args.hold:g} s)"
    )
    paint = statistics.median(paints["acutimer"]) / statistics.median(paints["bare"])
    memory = median("acutimer", "peak_kb") / median("bare", "peak_kb")
    cpu = median("acutimer", "cpu_ms_per_s")
    # Sound on against sound off in the same round, one after the other: the load of a shared
    # machine changes from round to round more than between the two.
    sound = statistics.median(
        on.cpu_ms_per_s / off.cpu_ms_per_s
        for on, off in zip(samples["sound"], samples["acutimer"], strict=True)
    )
    # The map against none, launched one after the other in each round (as sound, above).
    map_paints = [a / b for a, b in zip(paints["find map"], paints["find no map"], strict=True)]
    map_paint = statistics.median(map_paints)
    map_cpus = [
        a.cpu_ms_per_s / b.cpu_ms_per_s
        for a, b in zip(samples["acutimer"], samples["no map"], strict=True)
    ]
    map_cpu = statistics.median(map_cpus)
    of_medians = statistics.median(paints["find map"]) / statistics.median(paints["find no map"])
    print(f"map / no map, first paint, each round: {spread(map_paints, '.2f')}")
    print(f"  (the medians' ratio: {of_medians:.2f})")
    print(f"map / no map, CPU in a hold, each round: {spread(map_cpus, '.2f')}")
    pressing = [a / b for a, b in zip(paints["acutimer"], paints["no map"], strict=True)]
    print(f"map / no map, first paint of the hold (its small map): {spread(pressing, '.2f')}")
    ratio = f"the bare app (target <= {TARGET_RATIO}x)"
    checks = [
        (f"first paint {paint:.2f}x {ratio}", paint, TARGET_RATIO),
        (f"peak memory {memory:.2f}x {ratio}", memory, TARGET_RATIO),
        (f"CPU in a hold {cpu:.2f} ms/s (target < {TARGET_CPU_MS})", cpu, TARGET_CPU_MS),
        (
            f"CPU in a hold with sound on {sound:.2f}x sound off (target <= {TARGET_SOUND_RATIO}x)",
            sound,
            TARGET_SOUND_RATIO,
        ),
    ]
    checks += [
        (
            f"first paint with the map {map_paint:.2f}x without (target <= {TARGET_MAP_RATIO}x)",
            map_paint,
            TARGET_MAP_RATIO,
        ),
        (
            f"CPU in a hold with the map {map_cpu:.2f}x without (target <= {TARGET_MAP_RATIO}x)",
            map_cpu,
            TARGET_MAP_RATIO,
        ),
    ]
    missed = 0
    for text, value, limit in checks:
        ok = value <= limit
        missed += not ok
        print(f"{'ok  ' if ok else 'MISS'} {text}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
