"""``kill -9`` at random moments never leaves a damaged or inconsistent history.

Three recording processes run at once against one database (so each also meets the others' live
rows and the dead rows of the round before); each is SIGKILLed after a random number of session
events. Then the file must pass ``PRAGMA integrity_check``, every row must make sense, and after
recovery no row may still be running. A live row closed by another process's recovery would
show up as a ``WARNING`` line from the child, which fails the test too.
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from acutimer.history.store import HistoryStore, history_path

CHILD = Path(__file__).with_name("history_kill_child.py")
ROUNDS = 10
AT_ONCE = 3
TIMEOUT = 20.0


def kill_at_random_moments(home: Path, rng: random.Random) -> list[str]:
    """One round: start children, SIGKILL each after its chosen number of output lines."""
    children = {}
    selector = selectors.DefaultSelector()
    for _ in range(AT_ONCE):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(home), str(rng.randrange(2**32))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None
        os.set_blocking(child.stdout.fileno(), False)
        selector.register(child.stdout, selectors.EVENT_READ, child)
        children[child] = [rng.randint(1, 300), b""]
    deadline = time.monotonic() + TIMEOUT
    while selector.get_map():
        ready = selector.select(timeout=max(0.0, deadline - time.monotonic()))
        assert ready, "a child stopped printing events"
        for key, _ in ready:
            child = key.data
            chunk = os.read(key.fd, 65536)
            children[child][1] += chunk
            if not chunk or children[child][1].count(b"\n") >= children[child][0]:
                child.send_signal(signal.SIGKILL)
                selector.unregister(key.fileobj)
    outputs = []
    for child, (_, out) in children.items():
        child.wait(timeout=TIMEOUT)
        assert child.stdout is not None and child.stderr is not None
        os.set_blocking(child.stdout.fileno(), True)
        out += child.stdout.read()  # what it printed between the decision and the kill
        errors = child.stderr.read().decode()
        child.stdout.close()
        child.stderr.close()
        assert child.returncode == -signal.SIGKILL, errors
        outputs.append(out.decode())
    return outputs


def check_rows(path: Path) -> dict[str, int]:
    """Integrity and per-row consistency straight from the file; returns counts by status."""
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = db.execute(
            "SELECT id, status, started_at, updated_at, ended_at, steps_total, steps_done, "
            "steps_skipped, last_step, paused_seconds, active_seconds, pain_before, pain_after "
            "FROM sessions"
        ).fetchall()
    counts: dict[str, int] = {}
    for row in rows:
        (_id, status, started, updated, ended, total, done, skipped, last, paused, active,
         before, after) = row  # fmt: skip
        counts[status] = counts.get(status, 0) + 1
        assert status in ("running", "completed", "abandoned"), row
        assert total == 8 and done >= 0 and skipped >= 0 and done + skipped <= total, row
        assert (last is None) == (done == 0), row
        if status == "completed":
            assert done + skipped == total, row
        assert (ended is None) == (status == "running"), row
        start = datetime.fromisoformat(started)
        assert datetime.fromisoformat(updated) >= start, row
        assert ended is None or datetime.fromisoformat(ended) >= start, row
        assert paused >= 0 and active >= 0, row
        assert before is None or 0 <= before <= 10, row
        assert after is None or (0 <= after <= 10 and status != "running"), row
    return counts


def test_sigkill_at_random_moments_leaves_a_consistent_history(tmp_path: Path) -> None:
    home = tmp_path / "home"
    rng = random.Random(20261121)
    started: set[str] = set()
    ended: set[str] = set()
    for _ in range(ROUNDS):
        for output in kill_at_random_moments(home, rng):
            assert "WARNING" not in output, output
            for line in output.splitlines():
                kind, _, session_id = line.partition(" ")
                started.add(session_id)
                if kind in ("session-finished", "session-abandoned"):
                    ended.add(session_id)

    path = history_path(home)
    before = check_rows(path)
    assert sum(before.values()) >= ROUNDS * AT_ONCE
    store = HistoryStore.open(path)
    store.close()
    after = check_rows(path)
    assert "running" not in after, after
    assert sum(after.values()) == sum(before.values())
    assert after["abandoned"] == before.get("abandoned", 0) + before.get("running", 0)

    # A session's end is printed before it is written: one whose end never printed was killed
    # before it ended (most kills land mid-session), and recovery must have abandoned it.
    killed = {int(i) for i in started - ended if i.isdigit()}
    assert len(killed) >= ROUNDS
    with sqlite3.connect(path) as db:
        statuses = dict(db.execute("SELECT id, status FROM sessions").fetchall())
    assert {statuses[i] for i in killed} == {"abandoned"}
    # Lock files are all gone; a draft of one (a kill while it was being made) goes after a minute.
    assert [p.name for p in store.live_dir.iterdir() if not p.name.startswith(".new-")] == []
