"""Resuming a session cut short: the engine's start after earlier steps, the one history row a
resumed session stays, the rule for which session may be resumed, ``acutimer resume`` and the
offer of ``acutimer run ROUTINE`` in the plain runner, and a real process killed with SIGKILL.

In-process sessions run on a fake clock; the killed process runs a routine whose first step
lasts two seconds, and the test waits for the line of the second step (no sleeps).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fakeclock import FakeClock, SelectClock
from session_support import Keyboard, run_until

from acutimer.commands.cli import main
from acutimer.history.outcome import outcome
from acutimer.history.recorder import Recorder
from acutimer.history.records import Progress, content_hash
from acutimer.history.resume import Resumable, find_resumable, look_up, nothing_to_resume
from acutimer.history.store import HistoryStore, history_path
from acutimer.plain import runner, terminal
from acutimer.routine.loading import load_routine, parse_routine
from acutimer.session.engine import Session
from acutimer.session.events import State

ROUTINE = """\
title = "Three hand points"
summary = "Three short steps for the resume tests."
focus = "whole-back"
position = "seated"
find_time = "1s"

[[steps]]
point = "LI-4"
sides = "both"
hold = "1s"

[[steps]]
point = "TE-3"
sides = "both"
hold = "2m"

[[steps]]
point = "LI-4"
sides = "both"
hold = "10s"
"""
"""Step 1 ends 2 s in; step 2 then runs two minutes (time to kill it); step 3 takes 11 s."""

ZONE = timezone(timedelta(hours=1))
MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
HOUR = timedelta(hours=1)


class Wall:
    """A wall clock for the history that moves only when told to."""

    def __init__(self) -> None:
        self.now = MORNING

    def __call__(self) -> datetime:
        return self.now


def rows(home: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(history_path(home)) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM sessions ORDER BY id")]


def first_part(home: Path, wall: Wall, clock: FakeClock, *, pain: int | None = 6) -> None:
    """Start a session, finish step 1, pause 5 s, go 10 s into step 2, then q."""
    routine = parse_routine(ROUTINE, "three")
    session = Session(routine, clock=clock)
    recorder, warning = Recorder.open(home, now=wall)
    assert recorder is not None, warning
    with recorder:
        recorder.attach(session, "three", ROUTINE)
        if pain is not None:
            recorder.set_pain_before(pain)
        session.start()
        run_until(session, clock, 3)
        session.pause()
        clock.advance(5)
        session.resume()
        run_until(session, clock, 10)
        session.quit()
    wall.now += timedelta(seconds=18)


def cut_short_first(home: Path, wall: Wall, clock: FakeClock) -> Resumable:
    """Run first_part(), and find the session it left to resume."""
    first_part(home, wall, clock)
    found = lookup(home, wall).found
    assert found is not None
    return found


def second_part(home: Path, wall: Wall, clock: FakeClock, found: Resumable) -> Session:
    routine = parse_routine(ROUTINE, "three")
    session = Session(routine, clock=clock, done=found.done, passed=found.passed)
    recorder, warning = Recorder.open(home, now=wall)
    assert recorder is not None, warning
    with recorder:
        recorder.attach(session, "three", ROUTINE, resuming=found)
        session.start()
        run_until(session, clock, 140)
        recorder.set_pain_after(2)
    return session


def lookup(home: Path, wall: Wall, within: timedelta = 2 * HOUR, routine: str | None = None):  # type: ignore[no-untyped-def]
    return look_up(wall.now, within, routine, home)


# --- the engine -------------------------------------------------------------------------------


def test_a_session_with_earlier_steps_starts_after_them() -> None:
    clock = FakeClock()
    routine = parse_routine(ROUTINE, "three")
    session = Session(routine, clock=clock, done=[0], passed=[1])
    assert session.first_step == 2
    session.start()
    assert session.phase.step == 2
    assert session.elapsed() == session.timeline[session.index].start  # the bar starts there
    assert (session.completed, session.skipped) == ([0], [1])
    run_until(session, clock, 12)
    assert session.state is State.FINISHED
    assert session.completed == [0, 2]


def test_earlier_steps_out_of_range_are_ignored_and_done_ones_stay_done() -> None:
    routine = parse_routine(ROUTINE, "three")
    # Step 1 was done before the pregnancy setting, turned on since, left it out.
    session = Session(routine, clock=FakeClock(), skip=[0], done=[0, 7], passed=[0, 1, 9])
    assert (session.completed, session.skipped, session.skipped_upfront) == ([0], [1], [])
    assert session.first_step == 2


# --- the history row --------------------------------------------------------------------------


def test_resume_after_q_is_one_row_with_its_pauses_and_gap(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wall, clock = Wall(), FakeClock()
    first_part(acutimer_home, wall, clock)
    [row] = rows(acutimer_home)
    assert (row["status"], row["done_steps"], row["passed_steps"], row["parts"]) == (
        "abandoned",
        "0",
        "",
        1,
    )
    # Alone, one step of three is not completed.
    assert outcome(row["status"], row["steps_total"], row["steps_done"]) == "partial"

    wall.now += timedelta(minutes=20)
    found = lookup(acutimer_home, wall).found
    assert found is not None
    assert (found.done, found.passed, found.pain_before) == ((0,), (), 6)
    session = second_part(acutimer_home, wall, clock, found)
    assert session.state is State.FINISHED

    [row] = rows(acutimer_home)
    assert row["id"] == found.id
    assert (row["status"], row["steps_done"], row["steps_skipped"], row["last_step"]) == (
        "completed",
        3,
        0,
        2,
    )
    assert (row["done_steps"], row["parts"]) == ("0,1,2", 2)
    assert outcome(row["status"], row["steps_total"], row["steps_done"]) == "completed"
    assert (row["pain_before"], row["pain_after"]) == (6, 2)
    assert row["paused_seconds"] == pytest.approx(5, abs=0.01)
    # Part one: 13 s active; part two: step 2 from its start (121 s) and step 3 (11 s).
    assert row["active_seconds"] == pytest.approx(13 + 132, abs=0.6)
    # The gap runs from the end of part one to the start of part two: 20 minutes.
    assert row["gap_seconds"] == pytest.approx(20 * 60, abs=0.01)
    assert row["started_at"] == "2026-03-02T08:00:00+00:00"
    ended = datetime.fromisoformat(row["ended_at"])
    assert ended == MORNING + timedelta(seconds=18, minutes=20) + timedelta(seconds=132)
    assert lookup(acutimer_home, wall).found is None  # it ran to its end
    # The history's exports carry its parts and the gap between them.
    [record] = HistoryStore.open(history_path(acutimer_home)).sessions()
    assert (record.parts, record.gap_seconds) == (2, pytest.approx(20 * 60, abs=0.01))
    assert main(["history", "--export", "json"]) == 0
    [exported] = json.loads(capsys.readouterr().out)
    assert (exported["parts"], exported["gap_seconds"]) == (2, 1200.0)


def test_a_resumed_session_skipped_to_its_end_is_judged_on_all_its_parts(
    acutimer_home: Path,
) -> None:
    wall, clock = Wall(), FakeClock()
    found = cut_short_first(acutimer_home, wall, clock)
    routine = parse_routine(ROUTINE, "three")
    session = Session(routine, clock=clock, done=found.done, passed=found.passed)
    recorder, _ = Recorder.open(acutimer_home, now=wall)
    assert recorder is not None
    with recorder:
        recorder.attach(session, "three", ROUTINE, resuming=found)
        session.start()
        session.next_step()  # step 2 passed over
        run_until(session, clock, 12)  # step 3 done
    [row] = rows(acutimer_home)
    assert (row["steps_done"], row["steps_skipped"], row["passed_steps"]) == (2, 1, "1")
    assert outcome(row["status"], row["steps_total"], row["steps_done"]) == "completed"  # 2 of 3


def test_resumed_elsewhere_first_turns_history_off_and_writes_no_second_row(
    acutimer_home: Path,
) -> None:
    wall, clock = Wall(), FakeClock()
    found = cut_short_first(acutimer_home, wall, clock)
    second_part(acutimer_home, wall, clock, found)
    warnings: list[str] = []
    routine = parse_routine(ROUTINE, "three")
    session = Session(routine, clock=clock, done=found.done)
    recorder, _ = Recorder.open(acutimer_home, now=wall, on_warning=warnings.append)
    assert recorder is not None
    with recorder:
        recorder.attach(session, "three", ROUTINE, resuming=found)
        session.start()
    assert len(warnings) == 1 and "no longer cut short" in warnings[0]
    assert len(rows(acutimer_home)) == 1


# --- presses after long waits, across the parts -----------------------------------------------

CV6 = """\
title = "Work hour"
summary = "Presses far apart, for the resume tests."
focus = "lower-back"
position = "seated"
find_time = "10s"

[[steps]]
point = "LI-4"
sides = "both"
hold = "5s"

[[steps]]
point = "CV-6"
sides = "midline"
hold = "1m"
release = "10m"
repeats = 3

[[steps]]
point = "CV-6"
sides = "midline"
hold = "1m"
release = "10m"
repeats = 3
"""
"""Step 1 ends 15 s in; steps 2 and 3 each press three times, ten minutes apart (1390 s)."""


def press_rows(home: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(history_path(home)) as db:
        return db.execute(
            "SELECT step, number, outcome, away, at FROM presses ORDER BY step, number"
        ).fetchall()


def recorded_cv6(home: Path, wall: Wall, clock: FakeClock) -> tuple[Recorder, Session]:
    """A first part of CV6 on ``clock``, attached to a recorder into ``home``; not started."""
    session = Session(parse_routine(CV6, "cv6"), clock=clock)
    recorder, _ = Recorder.open(home, now=wall)
    assert recorder is not None
    recorder.attach(session, "cv6", CV6)
    return recorder, session


def resume_cv6(home: Path, wall: Wall, clock: FakeClock, seconds: float) -> Session:
    found = lookup(home, wall).found
    assert found is not None
    session = Session(parse_routine(CV6, "cv6"), clock=clock, done=found.done, passed=found.passed)
    recorder, warning = Recorder.open(home, now=wall)
    assert recorder is not None, warning
    with recorder:
        recorder.attach(session, "cv6", CV6, resuming=found)
        session.start()
        run_until(session, clock, seconds)
        assert recorder.enabled  # no duplicate press row turned history off
    return session


def test_a_resumed_session_keeps_its_earlier_presses_and_writes_none_twice(
    acutimer_home: Path,
) -> None:
    wall, clock = Wall(), FakeClock()
    recorder, session = recorded_cv6(acutimer_home, wall, clock)
    with recorder:
        session.start()
        run_until(session, clock, 15 + 1390 + 80)  # step 2 done; step 3's first press done
        assert (session.completed, session.phase.step) == ([0, 1], 2)
        session.quit()
    first = press_rows(acutimer_home)
    assert [row[:4] for row in first] == [
        (1, 1, "done", None),
        (1, 2, "done", None),
        (1, 3, "done", None),
        (2, 1, "done", None),
        (2, 2, None, None),
        (2, 3, None, None),
    ]

    wall.now += timedelta(minutes=30)
    session = resume_cv6(acutimer_home, wall, clock, 1400)  # step 3 again, from its start
    assert session.state is State.FINISHED
    rows_now = press_rows(acutimer_home)
    assert len(rows_now) == 6  # the rows of the first part, no second set
    assert rows_now[:4] == first[:4]  # done in the first part: as recorded then
    assert [row[2] for row in rows_now] == ["done"] * 6
    [record] = HistoryStore.open(history_path(acutimer_home)).sessions()
    assert (record.presses_planned, record.presses_done, record.presses_missed) == (6, 6, 0)


def test_the_press_before_where_a_resumed_session_starts_is_not_taken_as_done(
    acutimer_home: Path,
) -> None:
    wall, clock = Wall(), FakeClock()
    recorder, session = recorded_cv6(acutimer_home, wall, clock)
    with recorder:
        session.start()
        run_until(session, clock, 20)  # step 1 done, step 2 begun
        session.next_step()  # step 2 passed over: none of its presses made
        run_until(session, clock, 5)
        session.quit()
    wall.now += timedelta(minutes=5)
    # The resumed part starts at step 3, right after step 2's last press in the timeline.
    session = resume_cv6(acutimer_home, wall, clock, 90)
    assert session.phase.step == 2
    outcomes = [
        (step, number, outcome) for step, number, outcome, _, _ in press_rows(acutimer_home)
    ]
    assert outcomes == [
        (1, 1, None),
        (1, 2, None),
        (1, 3, None),
        (2, 1, "done"),
        (2, 2, None),
        (2, 3, None),
    ]


def test_reopen_adds_only_the_press_rows_the_earlier_parts_lacked(acutimer_home: Path) -> None:
    store = HistoryStore.open(history_path(acutimer_home))
    try:
        sid = store.start("x", "h", MORNING, 2, "1-a", presses=[(0, 1, None, 1), (0, 2, None, 2)])
        store.press(sid, 0, 1, "missed", "waited", MORNING)
        store.save(sid, Progress(MORNING, 0, 0, None, 0, 10, (), ()), "abandoned")
        # The settings now run step 1, which the first part left out.
        more = [(0, 1, None, 1), (0, 2, None, 2), (1, 1, "left", 1)]
        store.reopen(sid, MORNING + HOUR, "2-b", steps_left_out=0, gap=3600, presses=more)
        got = store.query("SELECT step, number, outcome, away FROM presses ORDER BY step, number")
        assert got == [(0, 1, "missed", "waited"), (0, 2, None, None), (1, 1, None, None)]
    finally:
        store.close()


# --- which session may be resumed -------------------------------------------------------------


def test_only_lately_cut_short_unchanged_and_not_given_up(acutimer_home: Path) -> None:
    wall, clock = Wall(), FakeClock()
    first_part(acutimer_home, wall, clock)
    wall.now += 2 * HOUR
    result = lookup(acutimer_home, wall)
    assert result.found is None and result.too_old is not None
    message = nothing_to_resume(result, wall.now, 2 * HOUR, None)
    assert message.startswith("Nothing to resume: no session was cut short in the last 2 hours.")
    assert "Three hand points, stopped 2 hours ago" in message
    assert lookup(acutimer_home, wall, within=3 * HOUR).found is not None
    assert lookup(acutimer_home, wall, within=3 * HOUR, routine="other").found is None
    assert nothing_to_resume(result, wall.now, timedelta(), None).startswith("Resuming is off")

    # A later session of the routine gives it up, even one cut short before its first step
    # ended (which has nothing to carry on itself).
    session = Session(parse_routine(ROUTINE, "three"), clock=clock)
    recorder, _ = Recorder.open(acutimer_home, now=wall)
    assert recorder is not None
    with recorder:
        recorder.attach(session, "three", ROUTINE)
        session.start()
        session.quit()
    assert lookup(acutimer_home, wall, within=3 * HOUR).found is None
    assert len(rows(acutimer_home)) == 2


def test_a_killed_row_is_resumable_and_an_old_row_is_not(acutimer_home: Path) -> None:
    store = HistoryStore.open(history_path(acutimer_home))
    try:
        # As a process killed at once leaves it: running, owner gone; then recovered.
        store.start("three", content_hash(ROUTINE), MORNING, 3, "12345-0123456789ab")
        # A row from before resume was possible (the migration keeps its NULL step lists).
        store.start("older", "h", MORNING, 3, "12346-0123456789ab")
        store.query("UPDATE sessions SET done_steps = NULL WHERE routine = 'older'")
        store.recover()
        assert find_resumable(store, MORNING + HOUR, 2 * HOUR).found is None  # nothing done
        store.query("UPDATE sessions SET done_steps = '0', steps_done = 1 WHERE routine = 'three'")
        found = find_resumable(store, MORNING + HOUR, 2 * HOUR)
        assert found.found is not None and found.found.routine == "three"
        assert find_resumable(store, MORNING + HOUR, 2 * HOUR, "older").found is None
        store.query("UPDATE sessions SET done_steps = '1,x' WHERE routine = 'three'")
        assert find_resumable(store, MORNING + HOUR, 2 * HOUR).found is None  # not trusted
    finally:
        store.close()


# --- acutimer resume and the offer of acutimer run ---------------------------------------------


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "three.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def cut_short(home: Path, path: Path, minutes_ago: float = 20) -> None:
    """A session of ``path`` that did step 1 and was cut short ``minutes_ago``."""
    wall, clock = Wall(), FakeClock()
    wall.now = datetime.now().astimezone() - timedelta(minutes=minutes_ago, seconds=18)
    session = Session(parse_routine(ROUTINE, "three"), clock=clock)
    recorder, _ = Recorder.open(home, now=wall)
    assert recorder is not None
    with recorder:
        recorder.attach(session, str(path), path.read_text(encoding="utf-8"))
        session.start()
        run_until(session, clock, 10)
        session.quit()


@pytest.fixture
def plain_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What ``run_plain`` would have been called with (the session itself is not run)."""
    calls: list[dict[str, Any]] = []

    def fake(loaded: Any, args: argparse.Namespace, **kwargs: Any) -> int:
        calls.append({"loaded": loaded, **kwargs})
        return 0

    monkeypatch.setattr(runner, "run_plain", fake)
    return calls


def test_resume_with_nothing_to_resume_says_so_and_exits_1(
    capsys: pytest.CaptureFixture[str], plain_calls: list[dict[str, Any]]
) -> None:
    assert main(["resume", "--plain"]) == 1
    err = capsys.readouterr().err
    assert err == "acutimer: Nothing to resume: no session was cut short in the last 2 hours.\n"
    assert plain_calls == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["resume", "--speed", "10"], "a preview (--speed) is not recorded"),
        (["resume", "no-such-routine"], "no routine named 'no-such-routine'"),
        (["resume", "--speed", "0"], "out of range"),
        (["resume", "a", "b"], "unrecognized arguments"),
    ],
)
def test_resume_bad_input_exits_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        status = main(argv)
    except SystemExit as exited:  # argparse's own refusals
        status = exited.code  # type: ignore[assignment]
    assert status == 2
    assert message in capsys.readouterr().err


def test_resume_carries_on_the_unchanged_routine(
    routine_file: Path, acutimer_home: Path, plain_calls: list[dict[str, Any]]
) -> None:
    cut_short(acutimer_home, routine_file)
    assert main(["resume", "--plain", "--no-pain"]) == 0
    [call] = plain_calls
    assert call["resume"] is not None and call["resume"].done == (0,)
    assert call["note"] == ""
    assert call["loaded"].ref.name == str(routine_file)


def test_resume_refuses_an_edited_routine_and_starts_afresh(
    routine_file: Path, acutimer_home: Path, plain_calls: list[dict[str, Any]]
) -> None:
    cut_short(acutimer_home, routine_file)
    routine_file.write_text(ROUTINE.replace('hold = "10s"', 'hold = "12s"'), encoding="utf-8")
    assert main(["resume", "--plain"]) == 0
    [call] = plain_calls
    assert call["resume"] is None
    assert call["note"] == (
        "Three hand points has changed since your session of it was cut short 20 minutes ago, "
        "so it cannot carry on: this session starts afresh."
    )


def test_resume_of_a_routine_that_no_longer_loads_exits_2(
    routine_file: Path, acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cut_short(acutimer_home, routine_file)
    routine_file.write_text("title = [", encoding="utf-8")
    assert main(["resume", "--plain"]) == 2
    err = capsys.readouterr().err
    assert "cannot be resumed: its routine does not load" in err
    assert str(routine_file) in err


def test_the_window_is_a_validated_setting(
    routine_file: Path,
    acutimer_home: Path,
    plain_calls: list[dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cut_short(acutimer_home, routine_file, minutes_ago=150)
    assert main(["resume", "--plain"]) == 1
    assert "stopped 2 hours 30 minutes ago" in capsys.readouterr().err
    assert main(["config", "set", "resume_within_minutes", "180"]) == 0
    assert main(["resume", "--plain"]) == 0
    assert plain_calls[-1]["resume"] is not None
    assert main(["config", "set", "resume_within_minutes", "-5"]) == 2
    assert "resume_within_minutes: should be a whole number of minutes" in capsys.readouterr().err
    monkeypatch.setenv("ACUTIMER_RESUME_WITHIN_MINUTES", "0")
    assert main(["resume", "--plain"]) == 1
    assert "Resuming is off" in capsys.readouterr().err


# --- the plain runner -------------------------------------------------------------------------


def plain(
    path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, **kwargs: Any
) -> tuple[int, str]:
    clock = SelectClock()
    monkeypatch.setattr(terminal, "select", clock)
    out = io.StringIO()
    status = runner.run_plain(
        load_routine(str(path)),
        argparse.Namespace(speed=1.0, no_bell=True, voice=False, pain=None),
        clock=clock,
        stdin=Keyboard(typed),
        stdout=out,
        stderr=io.StringIO(),
        **kwargs,
    )
    return status, out.getvalue()


@pytest.mark.parametrize(("typed", "resumed"), [("\n", True), ("n\n", False), ("", False)])
def test_run_offers_to_carry_on_enter_resumes_n_starts_afresh(
    routine_file: Path,
    acutimer_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
    resumed: bool,
) -> None:
    cut_short(acutimer_home, routine_file)
    found = look_up(datetime.now().astimezone(), 2 * HOUR).found
    assert found is not None
    status, out = plain(routine_file, monkeypatch, typed + "3\n", offer=found)
    assert status == 0
    assert out.startswith(
        "You cut this routine short 20 minutes ago (1 of 3 steps done; it carries on at "
        "step 2). Enter carries on, n starts afresh: "
    )
    stored = rows(acutimer_home)
    if resumed:
        assert "Resuming the session cut short 20 minutes ago" in out
        assert "Step 1/3" not in out and "Step 2/3" in out
        assert "Pain now, 0-10" not in out  # only after: before was asked in part one
        [row] = stored
        assert (row["parts"], row["steps_done"], row["pain_after"]) == (2, 3, 3)
    else:
        assert "Step 1/3" in out
        assert [r["parts"] for r in stored] == [1, 1]


# --- a real process, killed -------------------------------------------------------------------


def start(home: Path, *args: str, stdin: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "acutimer", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "ACUTIMER_HOME": str(home)},
    )


def read_until(fd: int, wanted: str, timeout: float = 30.0) -> str:
    """Output up to ``wanted`` (a deadline for a hung process, not a wait for time to pass)."""
    text, deadline = "", time.monotonic() + timeout
    while wanted not in text:
        left = deadline - time.monotonic()
        assert left > 0, f"no {wanted!r} within {timeout}s; got {text!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            assert chunk, f"the output ended before {wanted!r}; got {text!r}"
            text += chunk.decode()
    return text


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGHUP])
def test_a_killed_session_is_resumed_as_after_q(
    routine_file: Path, acutimer_home: Path, how: signal.Signals
) -> None:
    process = start(acutimer_home, "run", str(routine_file), "--plain", stdin=subprocess.DEVNULL)
    try:
        assert process.stdout is not None
        read_until(process.stdout.fileno(), "Step 2/3")  # step 1 was written before this line
        process.send_signal(how)
        process.wait(timeout=30)
    finally:
        process.kill()
        process.wait()
    main_fd, side = pty.openpty()
    process = start(acutimer_home, "run", str(routine_file), "--plain", stdin=side)
    try:
        assert process.stdout is not None
        fd = process.stdout.fileno()
        offer = read_until(fd, "Enter carries on, n starts afresh: ")
        assert "1 of 3 steps done; it carries on at step 2" in offer
        os.write(main_fd, b"\n")
        shown = read_until(fd, "Step 2/3")
        assert "Resuming the session cut short" in shown and "Step 1/3" not in shown
        os.write(main_fd, b"qy")
        read_until(fd, "Pain now, after the session, 0-10 (Enter to skip): ")
        os.write(main_fd, b"4\n")
        process.wait(timeout=30)
    finally:
        process.kill()
        process.wait()
        os.close(main_fd)
        os.close(side)
    [row] = rows(acutimer_home)
    assert (row["status"], row["parts"], row["steps_done"], row["done_steps"]) == (
        "abandoned",
        2,
        1,
        "0",
    )
    assert (row["pain_before"], row["pain_after"]) == (None, 4)
    assert row["gap_seconds"] >= 0


@pytest.mark.parametrize(
    ("typed", "answer", "said"),
    [
        ("\n", True, ""),
        ("Y\n", True, ""),
        (" n \n", False, ""),
        ("", False, ""),
        ("maybe\n\n", True, "Press Enter to carry on, or n and Enter to start afresh."),
        ("maybe\nlater\n", False, "Starting afresh."),
    ],
)
def test_the_plain_question_takes_enter_or_n(typed: str, answer: bool, said: str) -> None:
    from acutimer.plain.prompts import ask_resume

    out = io.StringIO()
    assert ask_resume("You cut this routine short.", io.StringIO(typed), out) is answer
    assert out.getvalue().startswith("You cut this routine short. Enter carries on, n starts")
    assert said in out.getvalue()


def test_ctrl_c_at_the_plain_question_starts_nothing(
    routine_file: Path, acutimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut_short(acutimer_home, routine_file)
    found = look_up(datetime.now().astimezone(), 2 * HOUR).found

    class Interrupted(Keyboard):
        def readline(self, size: int | None = -1) -> str:
            raise KeyboardInterrupt

    monkeypatch.setattr(terminal, "select", SelectClock())
    out = io.StringIO()
    status = runner.run_plain(
        load_routine(str(routine_file)),
        argparse.Namespace(speed=1.0, no_bell=True, voice=False, pain=None),
        stdin=Interrupted(),
        stdout=out,
        stderr=io.StringIO(),
        offer=found,
    )
    assert status == 130
    assert out.getvalue().endswith("\nNot started.\n")
    assert len(rows(acutimer_home)) == 1
