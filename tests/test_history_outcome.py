"""What the history counts as completed, at the rule's edges, and what that changes: streaks,
pain change per routine, old files, and how routines are named."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fakeclock import FakeClock
from history_support import old_file, record
from hypothesis import given
from hypothesis import strategies as st

from acutimer.commands.cli import main
from acutimer.history import stats
from acutimer.history.labels import routine_labels
from acutimer.history.outcome import OUTCOME_SQL, outcome
from acutimer.history.recorder import Recorder
from acutimer.history.records import SessionRecord
from acutimer.history.store import HistoryStore, history_path
from acutimer.routine.loading import parse_routine
from acutimer.session.engine import Session
from acutimer.session.events import State

TOKYO = timezone(timedelta(hours=9))
DAY = datetime(2026, 3, 2, 9, tzinfo=TOKYO)

THREE_STEPS = """\
title = "Three hand points"
summary = "Three points, five seconds each."
focus = "whole-back"
position = "seated"
find_time = "1s"

[[steps]]
point = "LI-4"
sides = "both"
hold = "5s"

[[steps]]
point = "TE-3"
sides = "both"
hold = "5s"

[[steps]]
point = "SI-3"
sides = "both"
hold = "5s"
"""
"""Each step: 1 s to find, 5 s to press: 18 s in all."""


@pytest.mark.parametrize(
    ("status", "total", "done", "left_out", "expected"),
    [
        ("completed", 3, 3, 0, "completed"),
        ("completed", 3, 2, 0, "completed"),  # two thirds exactly
        ("completed", 3, 1, 0, "partial"),  # ran to the end, most of it skipped
        ("completed", 3, 0, 0, "abandoned"),  # every step skipped
        ("abandoned", 3, 2, 0, "completed"),  # quit after doing two of three
        ("abandoned", 3, 1, 0, "partial"),
        ("abandoned", 3, 0, 0, "abandoned"),
        ("completed", 1, 1, 0, "completed"),
        ("completed", 1, 0, 0, "abandoned"),
        ("completed", 2, 1, 0, "partial"),  # half is not two thirds
        ("completed", 7, 5, 0, "completed"),  # 5/7 ≥ 2/3
        ("completed", 7, 4, 0, "partial"),  # 4/7 < 2/3
        ("completed", 6, 4, 0, "completed"),  # 4/6 is two thirds exactly
        ("completed", 6, 3, 0, "partial"),
        ("completed", 7, 3, 3, "completed"),  # 3 of the 4 not left out
        ("completed", 7, 2, 3, "partial"),
        ("completed", 2, 0, 2, "abandoned"),  # everything left out: nothing was done
        ("running", 3, 3, 0, "running"),
        ("running", 3, 0, 0, "running"),
    ],
)
def test_the_completion_rule_at_its_edges(
    status: str, total: int, done: int, left_out: int, expected: str
) -> None:
    assert outcome(status, total, done, left_out) == expected


def test_the_database_and_python_apply_the_same_rule(acutimer_home: Path) -> None:
    rows = []
    for status, total in itertools.product(("completed", "abandoned", "running"), range(1, 10)):
        for done, left_out in itertools.product(range(total + 1), range(total + 1)):
            if done + left_out <= total:
                rows.append((status, total, done, left_out))
    records = [
        SessionRecord(0, "r", "h", DAY, DAY, status, total, done, total - done, None, 0, 60,
                      steps_left_out=left_out)
        for status, total, done, left_out in rows
    ]  # fmt: skip
    store = HistoryStore.open(history_path(acutimer_home))
    try:
        store.add(records)
        query = f"SELECT {OUTCOME_SQL} FROM sessions ORDER BY id"
        in_sql = [word for (word,) in store.query(query)]
        read = store.sessions()
    finally:
        store.close()
    assert in_sql == [r.outcome for r in records] == [r.outcome for r in read]
    assert {"completed", "partial", "abandoned", "running"} == set(in_sql)


def run_session(
    home: Path, *, skip_all: bool, pain: tuple[int, int], skip: tuple[int, ...] = ()
) -> None:
    """Record one session of THREE_STEPS, doing it all or skipping every step with n."""
    clock = FakeClock()
    session = Session(parse_routine(THREE_STEPS, "test"), clock=clock, skip=skip)
    recorder, warning = Recorder.open(home, now=lambda: DAY)
    assert recorder is not None and warning is None
    with recorder:
        recorder.attach(session, "three", THREE_STEPS)
        recorder.set_pain_before(pain[0])
        session.start()
        while session.state is not State.FINISHED:
            if skip_all:
                session.next_step()
            else:
                clock.advance(0.5)
                session.update()
        recorder.set_pain_after(pain[1])


def test_a_session_with_every_step_skipped_does_not_move_pain_change(acutimer_home: Path) -> None:
    run_session(acutimer_home, skip_all=False, pain=(6, 3))
    run_session(acutimer_home, skip_all=True, pain=(2, 9))  # would make the average +2.0
    store = HistoryStore.open(history_path(acutimer_home))
    try:
        done, skipped = store.sessions()
        assert (done.outcome, done.steps_done, done.reached_end) == ("completed", 3, True)
        assert (skipped.outcome, skipped.steps_skipped, skipped.reached_end) == (
            "abandoned",
            3,
            True,
        )
        [summary] = stats.routine_summaries(store)
        assert (summary.sessions, summary.completed, summary.rated) == (2, 1, 1)
        assert summary.average_change == pytest.approx(-3.0)
        assert [(p.before, p.after) for p in stats.pain_trend(store)] == [(6, 3)]
        assert summary.title == "Three hand points"
    finally:
        store.close()


def test_skipped_sessions_alone_make_no_streak_and_no_pain_change(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from acutimer.commands import history as history_cli

    monkeypatch.setattr(history_cli, "local_now", lambda: DAY + timedelta(hours=1))
    run_session(acutimer_home, skip_all=True, pain=(2, 9))
    assert main(["history", "--json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["streak_days"] == 0
    [routine] = data["routines"]
    assert (routine["sessions"], routine["completed"], routine["average_pain_change"]) == (
        1,
        0,
        None,
    )
    assert data["sessions"][0]["status"] == "abandoned"
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "abandoned" in out and "too few sessions to tell · 0 rated of 0 completed" in out
    assert "two thirds of its steps" in out  # the report says what its numbers rest on


def test_steps_left_out_by_the_settings_are_not_held_against_a_session(
    acutimer_home: Path,
) -> None:
    run_session(acutimer_home, skip_all=False, pain=(5, 4), skip=(0, 1))  # one step of three
    store = HistoryStore.open(history_path(acutimer_home))
    try:
        [only] = store.sessions()
    finally:
        store.close()
    assert (only.steps_total, only.steps_done, only.steps_left_out) == (3, 1, 2)
    assert only.outcome == "completed"


def test_a_streak_counts_completed_sessions_only(acutimer_home: Path) -> None:
    store = HistoryStore.open(history_path(acutimer_home))
    try:
        store.add(
            [
                record(DAY, status="completed", steps=3),
                record(DAY + timedelta(days=1), status="abandoned", steps=3),  # 1 of 3: partial
                record(DAY + timedelta(days=2), status="completed", steps=3),
            ]
        )
        today = date(2026, 3, 4)
        assert stats.streak(stats.completed_days(store, today), today) == 1
    finally:
        store.close()


# A version 2 file as it was written, frozen here on purpose. Its first row ran to the end with
# every step skipped: version 2 called it completed, and counted its pain ratings.
V2_FILE = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY, routine TEXT NOT NULL, content_hash TEXT NOT NULL,
    started_at TEXT NOT NULL, utc_offset INTEGER NOT NULL, updated_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'abandoned')),
    steps_total INTEGER NOT NULL, steps_done INTEGER NOT NULL DEFAULT 0,
    steps_skipped INTEGER NOT NULL DEFAULT 0, last_step INTEGER,
    paused_seconds REAL NOT NULL DEFAULT 0, active_seconds REAL NOT NULL DEFAULT 0,
    pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10), owner TEXT, local_day TEXT);
CREATE INDEX sessions_started_at ON sessions (started_at);
CREATE INDEX sessions_local_day ON sessions (local_day, status, active_seconds);
CREATE INDEX sessions_running ON sessions (owner) WHERE status = 'running';
CREATE TABLE point_marks (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    step INTEGER NOT NULL, point TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (session_id, step, point));
INSERT INTO sessions VALUES (1, 'upper-back', 'h1', '2026-03-01T00:00:00+00:00', 32400,
    '2026-03-01T00:01:00+00:00', '2026-03-01T00:01:00+00:00', 'completed', 7, 0, 7, NULL, 0, 60,
    2, 9, NULL, '2026-03-01');
INSERT INTO sessions VALUES (2, 'upper-back', 'h1', '2026-03-02T00:00:00+00:00', 32400,
    '2026-03-02T00:14:00+00:00', '2026-03-02T00:14:00+00:00', 'completed', 7, 7, 0, 6, 0, 840,
    6, 3, NULL, '2026-03-02');
INSERT INTO point_marks VALUES (2, 3, 'GB-21', '2026-03-02T00:05:00+00:00');
PRAGMA user_version = 2;
"""


def test_a_version_2_file_reads_by_the_new_rule_and_keeps_every_row(acutimer_home: Path) -> None:
    path = old_file(acutimer_home, V2_FILE)
    store = HistoryStore.open(path)
    try:
        first, second = store.sessions()
        assert (first.status, first.outcome, first.title, first.steps_left_out) == (
            "completed",
            "abandoned",
            None,
            0,
        )
        assert (second.outcome, second.helped, second.pain_before) == ("completed", ("GB-21",), 6)
        [summary] = stats.routine_summaries(store)
        assert (summary.sessions, summary.completed, summary.average_change) == (2, 1, -3.0)
    finally:
        store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 2
        assert db.execute("SELECT status FROM sessions WHERE id = 1").fetchone()[0] == "completed"


def test_routines_are_named_by_title_with_the_name_where_needed() -> None:
    current = {
        "lower-back-desk": "Lower back at the desk",
        "lb-copy": "Lower back at the desk",  # a copy that kept the title
        "upper-back": "Upper back and shoulders",
    }
    stored = {"old-name": "Evening stretch", "ancient": None, "upper-back": "Upper back (old)"}
    labels = routine_labels(
        ["upper-back", "lower-back-desk", "lb-copy", "old-name", "ancient", "./mine.toml"],
        current,
        stored,
    )
    assert labels == {
        "upper-back": "Upper back and shoulders",  # today's title, not the one it had
        "lower-back-desk": "Lower back at the desk (lower-back-desk)",
        "lb-copy": "Lower back at the desk (lb-copy)",
        "old-name": "Evening stretch (old-name)",  # gone: the name says which it was
        "ancient": "ancient",  # gone, and from before titles were kept
        "./mine.toml": "./mine.toml",
    }


@given(
    st.integers(0, 300),
    st.integers(0, 300),
    st.integers(0, 300),
    st.sampled_from(["completed", "abandoned", "running"]),
)
def test_the_rule_never_calls_less_than_two_thirds_completed(
    total: int, done: int, left_out: int, status: str
) -> None:
    word = outcome(status, total, done, left_out)
    planned = total - left_out
    assert word in {"completed", "partial", "abandoned", "running"}
    if word == "completed":
        assert planned > 0 and done / planned >= 2 / 3
    if status != "running" and planned > 0 and done >= planned:
        assert word == "completed"
