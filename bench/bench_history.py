"""Time ``acutimer history`` (calendar, what helps you, a plan) against ``acutimer list``.

Both run as fresh processes (``python -m acutimer``) in the same temporary ACUTIMER_HOME, which
holds a plan (so the calendar marks missed days) and the sessions, after one warm-up each
(``list`` fills its cache; the OS caches the files), alternating, several times; the medians are
compared. Targets: ``history`` under 2x ``list`` over 10,000 sessions, under 4x over 100,000.
``--json`` times ``history --json`` too (every session's row, so it grows with the history).

    python bench/bench_history.py [--sessions 10000 100000] [--runs 9] [--json]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from acutimer.history.records import SessionRecord
from acutimer.history.store import HistoryStore, history_path

ROUTINES = [
    "lower-back-desk",
    "upper-back",
    "evening-lying",
    "sciatica-hip",
    "hand-points-break",
    "cv6-work-hour",
    "my-neck",
    "my-morning",
]
TARGETS = {10_000: 2.0, 100_000: 4.0}
"""The target ratio for a number of sessions (the nearest at or above it applies)."""


def target(sessions: int) -> float:
    """The target for ``sessions``: 2x up to 10,000, 4x up to 100,000 (and beyond)."""
    return next((t for n, t in sorted(TARGETS.items()) if sessions <= n), max(TARGETS.values()))


def fake_sessions(count: int, rng: random.Random) -> list[SessionRecord]:
    """``count`` plausible sessions, about three a day, ending now, in two time zones."""
    zones = [timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))]
    start = datetime.now(zones[0]) - timedelta(hours=8 * count)
    records = []
    for i in range(count):
        when = (start + timedelta(hours=8 * i, minutes=rng.randint(0, 300))).astimezone(
            zones[(i // 500) % 2]
        )
        total = rng.randint(1, 7)
        completed = rng.random() < 0.85
        done = total if completed else rng.randint(0, total - 1)
        active = rng.uniform(180, 1400) if completed else rng.uniform(10, 600)
        rated = rng.random() < 0.7
        before = rng.randint(2, 9) if rated else None
        records.append(
            SessionRecord(
                id=0,
                routine=rng.choice(ROUTINES),
                content_hash=f"{rng.getrandbits(256):064x}",
                started_at=when,
                ended_at=when + timedelta(seconds=active + 30),
                status="completed" if completed else "abandoned",
                steps_total=total,
                steps_done=done,
                steps_skipped=0,
                last_step=done - 1 if done else None,
                paused_seconds=30.0,
                active_seconds=round(active, 3),
                pain_before=before,
                pain_after=max(0, before - rng.randint(-1, 4)) if before is not None else None,
                helped=("LI-4",) if rng.random() < 0.1 else (),
            )
        )
    return records


def run(argv: list[str], env: dict[str, str]) -> float:
    """Seconds one ``acutimer`` process takes, output discarded; it must exit 0."""
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "acutimer", *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - began


def measure(sessions: int, runs: int, with_json: bool) -> bool:
    """Print the medians over ``sessions`` sessions; whether history met its target."""
    with tempfile.TemporaryDirectory(prefix="acutimer-bench-") as folder:
        home = Path(folder)
        store = HistoryStore.open(history_path(home))
        store.add(fake_sessions(sessions, random.Random(1)))
        store.close()
        env = {**os.environ, "ACUTIMER_HOME": str(home)}
        run(["plan", "add", "lower-back-desk"], env)
        commands = {"history": ["history"], "list": ["list"]}
        if with_json:
            commands["history --json"] = ["history", "--json"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        for argv in commands.values():
            run(argv, env)
        for _ in range(runs):
            for name, argv in commands.items():
                times[name].append(run(argv, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["history"] / medians["list"]
    for name, value in medians.items():
        spread = f"{min(times[name]) * 1000:.0f}-{max(times[name]) * 1000:.0f} ms"
        print(f"acutimer {name:<15} median {value * 1000:7.1f} ms  ({spread}, {runs} runs)")
    goal = target(sessions)
    verdict = "ok" if ratio < goal else "over target"
    print(
        f"history / list: {ratio:.2f}x over {sessions:,} sessions; target under {goal}x ({verdict})"
    )
    return ratio < goal


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true", help="time history --json as well")
    args = parser.parse_args()
    results = [measure(n, args.runs, args.json) for n in args.sessions]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
