"""What does the body map cost?

Usage::

    python bench/bench_bodymap.py [--repeat 20]

In one run, side by side:

- a render: each figure, with one of its points marked, drawn from an empty cache (what a screen
  pays once per size and side), at the sizes the front ends use: the session's find phase
  (36x14), the press (20x8), ``points`` (64x20). Median and worst in ms, for the left and the
  right side.
- a cached render: the same call again (what a screen pays on every tick of a hold), in µs.
- the baseline: the point's words as ``points`` prints them (describe.point_text), in µs, which
  every front end already builds.
- ``acutimer points CODE`` as a process, with ``--map`` against ``--no-map``: the wall time a
  person waits, median of the repeats, in ms.

The exit status is 1 when a cached render costs over 100 µs (a thousandth of a 10 Hz tick: a
screen may ask for its picture on every tick), or a cold render at a session size takes over
30 ms (a tenth of the session's first paint).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from acutimer.bodymap.render import clear_cache
from acutimer.routine.describe import point_text
from acutimer.routine.pointmap import point_picture, point_size
from acutimer.routine.points import load_points
from acutimer.routine.timeline import Side

SIZES = {"find (36x14)": (36, 14), "press (20x8)": (20, 8), "points (64x20)": (64, 20)}
ONE_PER_FIGURE = [
    "LI-4",
    "LU-5",
    "KI-27",
    "BL-23",
    "GB-20",
    "GB-10",
    "GV-26",
    "BL-40",
    "BL-60",
    "KI-6",
]


def _ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:6.2f} ms (worst {max(seconds) * 1000:6.2f})"


def renders(repeat: int) -> tuple[dict[str, list[float]], list[float], list[float]]:
    points = load_points()
    cold: dict[str, list[float]] = {name: [] for name in SIZES}
    hot: list[float] = []
    words: list[float] = []
    for _ in range(repeat):
        for code in ONE_PER_FIGURE:
            point = points.resolve(code)
            for label, (width, height) in SIZES.items():
                size = point_size(point, width, height)
                for side in (Side.LEFT, Side.RIGHT):
                    clear_cache()
                    start = time.perf_counter()
                    point_picture(point, side, *size)
                    cold[label].append(time.perf_counter() - start)
                    start = time.perf_counter()
                    point_picture(point, side, *size)
                    hot.append(time.perf_counter() - start)
            start = time.perf_counter()
            point_text(point)
            words.append(time.perf_counter() - start)
    return cold, hot, words


def process(repeat: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"--no-map": [], "--map": []}
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "ACUTIMER_HOME": home, "COLUMNS": "80"}
        command = [sys.executable, "-m", "acutimer", "points", "BL-23"]
        subprocess.run([*command, "--map"], env=env, capture_output=True, check=True)  # warm
        for _ in range(repeat):
            for flag in times:  # interleaved, so load on the machine falls on both alike
                start = time.perf_counter()
                subprocess.run([*command, flag], env=env, capture_output=True, check=True)
                times[flag].append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    cold, hot, words = renders(args.repeat)
    print(f"one render from an empty cache, {len(ONE_PER_FIGURE)} figures x left/right:")
    for label, seconds in cold.items():
        print(f"  {label:<16} {_ms(seconds)}")
    hot_us = statistics.median(hot) * 1e6
    words_us = statistics.median(words) * 1e6
    print(f"the same render again (cached, a tick): {hot_us:7.1f} µs")
    print(f"baseline, the point's words:           {words_us:7.1f} µs")
    times = process(max(5, args.repeat // 2))
    print("acutimer points BL-23, as a process (median):")
    for flag, seconds in times.items():
        print(f"  {flag:<9} {statistics.median(seconds) * 1000:7.1f} ms")
    extra = statistics.median(times["--map"]) - statistics.median(times["--no-map"])
    print(f"  the map adds {extra * 1000:.1f} ms")
    worst_session = max(max(cold["find (36x14)"]), max(cold["press (20x8)"]))
    failed = hot_us > 100 or worst_session > 0.030
    if failed:
        print("FAILED: a cached render over 100 µs, or a session size over 30 ms")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
