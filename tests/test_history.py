"""Session history on a temporary database: recording, abandoning, recovery after a crash,
migration, damaged and unwritable files, the statistics, and ``acutimer history``."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fakeclock import FakeClock
from history_support import old_file, record, sessions_in
from session_support import run_until

from acutimer.commands import history as history_cli
from acutimer.commands.cli import main
from acutimer.history import stats
from acutimer.history.recorder import Recorder
from acutimer.history.records import SessionRecord, content_hash
from acutimer.history.resume import look_up
from acutimer.history.schema import SCHEMA_VERSION
from acutimer.history.store import HistoryError, HistoryStore, history_path
from acutimer.routine.loading import parse_routine
from acutimer.session.engine import Session
from acutimer.session.events import State

ROUTINE_TEXT = """\
title = "Two hand points"
summary = "Two points, ten seconds each."
focus = "whole-back"
position = "seated"
find_time = "2s"

[[steps]]
point = "LI-4"
sides = "both"
hold = "10s"
rest = "3s"

[[steps]]
point = "TE-3"
sides = "both"
hold = "10s"
"""
"""2 s find + 10 s press + 3 s rest, then 2 s find + 10 s press: 27 s."""

TOKYO = timezone(timedelta(hours=9))
NEW_YORK = timezone(timedelta(hours=-5))
STARTED = datetime(2026, 3, 2, 8, 30, tzinfo=TOKYO)


def new_session(clock: FakeClock) -> Session:
    return Session(parse_routine(ROUTINE_TEXT, "test"), clock=clock)


def open_recorder(home: Path, **kwargs: object) -> Recorder:
    recorder, warning = Recorder.open(home, now=lambda: STARTED, **kwargs)  # type: ignore[arg-type]
    assert warning is None
    assert recorder is not None
    return recorder


# --- recording ----------------------------------------------------------------------------


def test_a_completed_session_is_recorded_with_pain_and_marks(acutimer_home: Path) -> None:
    clock = FakeClock()
    session = new_session(clock)
    with open_recorder(acutimer_home) as recorder:
        recorder.attach(session, "two-hand-points", ROUTINE_TEXT)
        recorder.set_pain_before(6)
        session.start()
        run_until(session, clock, 5)
        recorder.mark_helped(0, "LI-4")
        run_until(session, clock, 30)
        assert session.state is State.FINISHED
        recorder.set_pain_after(3)

    [record] = sessions_in(acutimer_home)
    assert record.routine == "two-hand-points"
    assert record.content_hash == content_hash(ROUTINE_TEXT)
    assert record.status == "completed"
    assert (record.steps_total, record.steps_done, record.steps_skipped) == (2, 2, 0)
    assert record.last_step == 1
    assert (record.pain_before, record.pain_after) == (6, 3)
    assert record.helped == ("LI-4",)
    assert record.started_at == STARTED
    assert record.started_at.utcoffset() == timedelta(hours=9)
    assert record.active_seconds == pytest.approx(27, abs=0.5)
    assert record.paused_seconds == 0
    assert record.ended_at == STARTED + timedelta(seconds=27)


def test_the_row_is_written_at_the_start_and_at_each_step(acutimer_home: Path) -> None:
    clock = FakeClock()
    session = new_session(clock)
    recorder = open_recorder(acutimer_home)
    recorder.attach(session, "two-hand-points", ROUTINE_TEXT)
    session.start()
    [record] = sessions_in(acutimer_home)
    assert (record.status, record.steps_done, record.ended_at) == ("running", 0, None)

    run_until(session, clock, 16)
    [record] = sessions_in(acutimer_home)
    assert (record.status, record.steps_done, record.last_step) == ("running", 1, 0)
    recorder.close()


def test_quitting_marks_the_session_abandoned_at_its_last_step(acutimer_home: Path) -> None:
    clock = FakeClock()
    session = new_session(clock)
    with open_recorder(acutimer_home) as recorder:
        recorder.attach(session, "two-hand-points", ROUTINE_TEXT)
        session.start()
        run_until(session, clock, 20)
        session.quit()

    [record] = sessions_in(acutimer_home)
    assert record.status == "abandoned"
    assert (record.steps_done, record.last_step) == (1, 0)
    assert record.ended_at is not None and record.ended_at >= record.started_at


def test_closing_a_running_session_abandons_it(acutimer_home: Path) -> None:
    clock = FakeClock()
    session = new_session(clock)
    with open_recorder(acutimer_home) as recorder:
        recorder.attach(session, "two-hand-points", ROUTINE_TEXT)
        session.start()
        run_until(session, clock, 3)
    [record] = sessions_in(acutimer_home)
    assert (record.status, record.steps_done) == ("abandoned", 0)


def test_skipped_steps_and_paused_time_are_counted(acutimer_home: Path) -> None:
    clock = FakeClock()
    session = new_session(clock)
    with open_recorder(acutimer_home) as recorder:
        recorder.attach(session, "two-hand-points", ROUTINE_TEXT)
        session.start()
        run_until(session, clock, 4)
        session.pause()
        clock.advance(100)
        session.resume()
        session.next_step()
        run_until(session, clock, 13)
        assert session.state is State.FINISHED

    [record] = sessions_in(acutimer_home)
    assert (record.status, record.steps_done, record.steps_skipped) == ("completed", 1, 1)
    assert record.paused_seconds == pytest.approx(100)
    assert record.active_seconds == pytest.approx(16, abs=0.6)


def test_a_stall_counts_as_paused_not_active(acutimer_home: Path) -> None:
    clock = FakeClock()
    session = new_session(clock)
    with open_recorder(acutimer_home) as recorder:
        recorder.attach(session, "two-hand-points", ROUTINE_TEXT)
        session.start()
        run_until(session, clock, 4)
        clock.advance(3600)  # the laptop slept for an hour
        session.update()
        assert session.state is State.PAUSED
        session.resume()
        run_until(session, clock, 30)
        assert session.state is State.FINISHED

    [record] = sessions_in(acutimer_home)
    assert record.paused_seconds == pytest.approx(3600, abs=0.6)
    assert record.active_seconds == pytest.approx(27, abs=0.6)


def test_attaching_after_the_start_writes_the_row_at_once(acutimer_home: Path) -> None:
    clock = FakeClock()
    session = new_session(clock)
    session.start()
    with open_recorder(acutimer_home) as recorder:
        recorder.mark_helped(0, "LI-4")  # before the row exists: kept, then written
        recorder.attach(session, "two-hand-points", ROUTINE_TEXT)
        assert recorder.session_id is not None
        run_until(session, clock, 30)
    [record] = sessions_in(acutimer_home)
    assert (record.status, record.helped) == ("completed", ("LI-4",))
    with open_recorder(acutimer_home) as recorder, pytest.raises(RuntimeError, match="one session"):
        recorder.attach(session, "x", "")
        recorder.attach(session, "x", "")


def test_a_pain_rating_outside_0_to_10_is_refused(acutimer_home: Path) -> None:
    with open_recorder(acutimer_home) as recorder:
        for bad in (-1, 11, 2.5, True):
            with pytest.raises(ValueError, match="0 to 10"):
                recorder.set_pain_before(bad)  # type: ignore[arg-type]


# --- crashes and other processes ------------------------------------------------------------

HOLD_LOCK = """
import sys
from pathlib import Path
from acutimer.history.owners import OwnerLock
lock = OwnerLock(Path(sys.argv[1]))
print(lock.token, flush=True)
sys.stdin.readline()
"""


def test_a_running_row_is_abandoned_only_once_its_process_is_gone(acutimer_home: Path) -> None:
    store = HistoryStore.open(history_path(acutimer_home))
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(store.live_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        token = child.stdout.readline().strip()
        alive = store.start("other-terminal", "x", STARTED, 3, token)
        dead = store.start("killed", "y", STARTED, 3, "12345-0123456789ab")
        stale = store.live_dir / "999-0123456789ab.lock"  # killed after its session ended
        stale.touch()
        old_draft = store.live_dir / ".new-998-0123456789ab"  # killed while making its lock
        old_draft.touch()
        os.utime(old_draft, (0, 0))
        new_draft = store.live_dir / ".new-997-0123456789ab"  # being made right now
        new_draft.touch()
        assert store.recover() == 1
        statuses = {r.routine: r.status for r in store.sessions()}
        assert statuses == {"other-terminal": "running", "killed": "abandoned"}
        assert {p.name for p in store.live_dir.iterdir()} == {f"{token}.lock", new_draft.name}
        new_draft.unlink()
    finally:
        child.kill()
        child.wait(timeout=10)
    assert store.recover() == 1
    by_id = {r.id: r for r in store.sessions()}
    assert by_id[alive].status == by_id[dead].status == "abandoned"
    assert by_id[alive].ended_at == by_id[alive].started_at
    assert not list(store.live_dir.iterdir())
    store.close()


def test_a_row_closed_elsewhere_turns_history_off_with_one_warning(acutimer_home: Path) -> None:
    warnings: list[str] = []
    clock = FakeClock()
    session = new_session(clock)
    recorder = open_recorder(acutimer_home, on_warning=warnings.append)
    recorder.attach(session, "two-hand-points", ROUTINE_TEXT)
    session.start()
    with sqlite3.connect(history_path(acutimer_home)) as other:
        other.execute("UPDATE sessions SET status = 'abandoned'")
    run_until(session, clock, 30)  # two more writes: both fail, neither raises
    assert session.state is State.FINISHED
    recorder.set_pain_after(2)
    recorder.close()
    assert len(warnings) == 1
    assert warnings[0].startswith("history is off:")
    assert "closed elsewhere" in warnings[0]
    assert recorder.warning == warnings[0]
    assert not recorder.enabled


def test_a_database_broken_mid_session_turns_history_off(acutimer_home: Path) -> None:
    warnings: list[str] = []
    clock = FakeClock()
    session = new_session(clock)
    recorder = open_recorder(acutimer_home, on_warning=warnings.append)
    recorder.attach(session, "two-hand-points", ROUTINE_TEXT)
    session.start()
    with sqlite3.connect(history_path(acutimer_home)) as other:
        other.execute("DROP TABLE point_marks")
        other.execute("DROP TABLE sessions")
    recorder.mark_helped(0, "LI-4")
    run_until(session, clock, 30)
    recorder.close()
    assert session.state is State.FINISHED
    assert len(warnings) == 1
    assert "no such table" in warnings[0]


# --- schema versions and bad files -------------------------------------------------------------

# A version 1 file as it was written, kept frozen here on purpose: the migration must keep
# working on old files even if history_schema.py is ever changed by mistake.
V1_SCHEMA = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    routine TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    started_at TEXT NOT NULL,
    utc_offset INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'abandoned')),
    steps_total INTEGER NOT NULL,
    steps_done INTEGER NOT NULL DEFAULT 0,
    steps_skipped INTEGER NOT NULL DEFAULT 0,
    last_step INTEGER,
    paused_seconds REAL NOT NULL DEFAULT 0,
    active_seconds REAL NOT NULL DEFAULT 0);
CREATE INDEX sessions_started_at ON sessions (started_at);
INSERT INTO sessions VALUES (1, 'evening-lying', 'h1', '2026-03-01T23:30:00+00:00', 3600,
    '2026-03-01T23:50:00+00:00', '2026-03-01T23:50:00+00:00', 'completed', 5, 5, 0, 4, 0, 1200);
INSERT INTO sessions VALUES (2, 'upper-back', 'h2', '2026-03-02T12:00:00+00:00', 3600,
    '2026-03-02T12:05:00+00:00', NULL, 'running', 7, 2, 0, 1, 0, 300);
PRAGMA user_version = 1;
"""


def test_a_version_1_file_is_migrated(acutimer_home: Path) -> None:
    path = old_file(acutimer_home, V1_SCHEMA)

    with open_recorder(acutimer_home) as recorder:
        clock = FakeClock()
        session = new_session(clock)
        recorder.attach(session, "two-hand-points", ROUTINE_TEXT)
        recorder.set_pain_before(5)
        session.start()
        recorder.mark_helped(0, "LI-4")
        run_until(session, clock, 30)

    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = {row[1] for row in db.execute("PRAGMA table_info(sessions)")}
        assert {"pain_before", "pain_after", "owner", "local_day", "title"} <= columns
        assert "steps_left_out" in columns
        # The resume migration keeps every row: one part each, no gap, steps not known.
        kept = db.execute(
            "SELECT parts, gap_seconds, done_steps FROM sessions WHERE id < 3 ORDER BY id"
        ).fetchall()
        assert kept == [(1, 0, None), (1, 0, None)]
        # 23:30 UTC at UTC+1 was already the next day for the user.
        days = db.execute("SELECT local_day FROM sessions WHERE id < 3 ORDER BY id").fetchall()
        assert days == [("2026-03-02",), ("2026-03-02",)]
    records = sorted(sessions_in(acutimer_home), key=lambda r: r.id)
    assert [(r.id, r.routine, r.status) for r in records] == [
        (1, "evening-lying", "completed"),
        (2, "upper-back", "abandoned"),  # it was running when the old version stopped
        (3, "two-hand-points", "completed"),
    ]
    old = records[0]
    assert old.started_at.utcoffset() == timedelta(hours=1)
    assert (old.steps_done, old.active_seconds, old.pain_before) == (5, 1200, None)
    assert records[1].ended_at == datetime(2026, 3, 2, 12, 5, tzinfo=UTC)
    assert (records[2].pain_before, records[2].helped) == (5, ("LI-4",))


# The files each later version wrote, frozen as V1_SCHEMA is. Each keeps version 1's two rows
# (with the columns of its own day filled in) and adds what its version could hold.
V2_TABLES = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY, routine TEXT NOT NULL, content_hash TEXT NOT NULL,
    started_at TEXT NOT NULL, utc_offset INTEGER NOT NULL, updated_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'abandoned')),
    steps_total INTEGER NOT NULL, steps_done INTEGER NOT NULL DEFAULT 0,
    steps_skipped INTEGER NOT NULL DEFAULT 0, last_step INTEGER,
    paused_seconds REAL NOT NULL DEFAULT 0, active_seconds REAL NOT NULL DEFAULT 0,
    pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10), owner TEXT, local_day TEXT
    %s);
CREATE INDEX sessions_started_at ON sessions (started_at);
CREATE INDEX sessions_local_day ON sessions (local_day, status, active_seconds);
CREATE INDEX sessions_running ON sessions (owner) WHERE status = 'running';
CREATE TABLE point_marks (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    step INTEGER NOT NULL, point TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (session_id, step, point));
"""
V2_ROWS = """
INSERT INTO sessions VALUES (1, 'evening-lying', 'h1', '2026-03-01T23:30:00+00:00', 3600,
    '2026-03-01T23:50:00+00:00', '2026-03-01T23:50:00+00:00', 'completed', 5, 5, 0, 4, 0, 1200,
    7, 4, NULL, '2026-03-02' %s);
INSERT INTO sessions VALUES (2, 'upper-back', 'h2', '2026-03-02T12:00:00+00:00', 3600,
    '2026-03-02T12:05:00+00:00', '2026-03-02T12:05:00+00:00', 'abandoned', 7, 2, 1, 1, 12, 300,
    NULL, NULL, NULL, '2026-03-02' %s);
INSERT INTO point_marks VALUES (1, 2, 'KI-3', '2026-03-01T23:40:00+00:00');
"""
V2_FILE = V2_TABLES % "" + V2_ROWS % ("", "") + "PRAGMA user_version = 2;"
V3_TABLES = (
    V2_TABLES % (", title TEXT, steps_left_out INTEGER NOT NULL DEFAULT 0")
    + "CREATE INDEX sessions_outcome ON sessions "
)
V3_TABLES += "(local_day, status, steps_total, steps_done, steps_left_out);\n"
V3_ROWS = V2_ROWS % (", 'Evening, lying down', 0", ", NULL, 2")
V3_FILE = V3_TABLES + V3_ROWS + "PRAGMA user_version = 3;"
V4_FILE = (
    V3_TABLES
    + """
CREATE TABLE presses (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    step INTEGER NOT NULL, number INTEGER NOT NULL CHECK (number >= 1),
    side TEXT CHECK (side IN ('left', 'right', 'both')), repeat INTEGER NOT NULL,
    outcome TEXT CHECK (outcome IN ('done', 'missed')),
    away TEXT CHECK (away IN ('waited', 'paused')), at TEXT,
    CHECK ((outcome = 'missed') = (away IS NOT NULL)),
    PRIMARY KEY (session_id, step, number));
"""
    + V3_ROWS
    + """
INSERT INTO presses VALUES (2, 0, 1, NULL, 1, 'done', NULL, '2026-03-02T12:02:00+00:00');
INSERT INTO presses VALUES (2, 0, 2, NULL, 2, 'missed', 'waited', '2026-03-02T12:04:00+00:00');
INSERT INTO presses VALUES (2, 0, 3, NULL, 3, NULL, NULL, NULL);
PRAGMA user_version = 4;"""
)


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_an_old_file_keeps_every_row_through_every_later_step(
    acutimer_home: Path, version: int
) -> None:
    path = old_file(acutimer_home, {1: V1_SCHEMA, 2: V2_FILE, 3: V3_FILE, 4: V4_FILE}[version])
    with sqlite3.connect(path) as db:
        before = db.execute("SELECT * FROM sessions ORDER BY id").fetchall()
        marks = (
            db.execute("SELECT * FROM point_marks ORDER BY session_id").fetchall()
            if version >= 2
            else []
        )
        presses = db.execute("SELECT * FROM presses").fetchall() if version == 4 else []
    store = HistoryStore.open(path)
    try:
        records = store.sessions()
    finally:
        store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        after = db.execute("SELECT * FROM sessions ORDER BY id").fetchall()
        # Version 1's row still running when it stopped is recovered, as it always was.
        expected = [
            (*row[:6], row[5], "abandoned", *row[8:]) if row[7] == "running" else row
            for row in before
        ]
        assert [row[: len(before[0])] for row in after] == expected  # later steps add columns
        columns = [row[1] for row in db.execute("PRAGMA table_info(sessions)")]
        resume = [columns.index(c) for c in ("done_steps", "passed_steps", "parts", "gap_seconds")]
        # Rows from before resume: their steps are not known; one part each, no gap.
        assert [tuple(row[i] for i in resume) for row in after] == [(None, None, 1, 0)] * 2
        assert db.execute("SELECT * FROM point_marks ORDER BY session_id").fetchall() == marks
        assert db.execute("SELECT * FROM presses").fetchall() == presses
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [(r.id, r.status, r.steps_done, r.active_seconds) for r in records] == [
        (1, "completed", 5, 1200),
        (2, "abandoned", 2, 300),
    ]
    planned = (3, 1, 1) if version == 4 else (0, 0, 0)
    assert (records[1].presses_planned, records[1].presses_done, records[1].presses_missed) == (
        planned
    )
    # A row cut short before resume was possible does not say what it did: not resumable.
    assert (
        look_up(
            datetime(2026, 3, 2, 12, 10, tzinfo=UTC), timedelta(hours=2), None, acutimer_home
        ).found
        is None
    )


def test_a_new_file_goes_through_every_migration(acutimer_home: Path) -> None:
    HistoryStore.open(history_path(acutimer_home)).close()
    with sqlite3.connect(history_path(acutimer_home)) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
        assert tables == {"sessions", "point_marks", "presses", "rows_unchecked", "rows_left_out"}
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6


def test_a_file_from_a_newer_acutimer_is_left_alone(acutimer_home: Path) -> None:
    path = old_file(acutimer_home, "PRAGMA user_version = 7")
    recorder, warning = Recorder.open(acutimer_home)
    assert recorder is None
    assert warning is not None and "newer acutimer" in warning and str(path) in warning
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 7


def test_another_programs_database_is_not_taken_over(acutimer_home: Path) -> None:
    path = old_file(acutimer_home, "CREATE TABLE notes (text TEXT)")
    with pytest.raises(HistoryError, match="not an acutimer history"):
        HistoryStore.open(path)


def test_a_corrupt_file_turns_history_off_and_is_kept(acutimer_home: Path) -> None:
    path = history_path(acutimer_home)
    path.parent.mkdir(parents=True)
    garbage = random.Random(6).randbytes(20_000)
    path.write_bytes(garbage)
    recorder, warning = Recorder.open(acutimer_home)
    assert recorder is None
    assert warning == (
        f"history is off: {path} is not a valid history database (file is not a database); "
        "the session runs without it"
    )
    assert path.read_bytes() == garbage


def test_damaged_pages_are_found_before_the_session(acutimer_home: Path) -> None:
    path = history_path(acutimer_home)
    store = HistoryStore.open(path)
    store.add(
        record(datetime(2026, 3, 1, 9, tzinfo=TOKYO) + timedelta(hours=i)) for i in range(3000)
    )
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 3 * page + 2000] = random.Random(1).randbytes(2000)
    path.write_bytes(bytes(data))
    recorder, warning = Recorder.open(acutimer_home)
    assert recorder is None
    assert warning is not None and str(path) in warning
    assert warning.startswith("history is off:")


def test_an_unwritable_home_turns_history_off(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a dir")
    recorder, warning = Recorder.open(blocker / "acutimer")
    assert recorder is None
    assert warning is not None
    assert warning.startswith(f"history is off: {blocker / 'acutimer'} cannot be created")


def test_a_read_only_dir_turns_history_off(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    try:
        if os.access(home, os.W_OK):
            pytest.skip("running as a user that chmod does not stop (root)")
        recorder, warning = Recorder.open(home)
        assert recorder is None
        assert warning is not None and "cannot be opened for writing" in warning
    finally:
        home.chmod(0o700)


# --- statistics ------------------------------------------------------------------------------


def stored(home: Path, *records: SessionRecord) -> HistoryStore:
    store = HistoryStore.open(history_path(home))
    store.add(records)
    return store


def streak_of(home: Path, today: date, *records: SessionRecord) -> int:
    store = stored(home, *records)
    try:
        return stats.streak(stats.completed_days(store, today), today)
    finally:
        store.close()


def test_a_streak_counts_completed_days_back_from_today(acutimer_home: Path) -> None:
    store = stored(
        acutimer_home,
        *[record(datetime(2026, 3, day, 9, tzinfo=TOKYO)) for day in (1, 3, 4, 5, 5)],
        record(datetime(2026, 3, 2, 9, tzinfo=TOKYO), status="abandoned"),
    )
    days = list(stats.completed_days(store, date(2026, 3, 5)))
    assert [d.day for d in days] == [5, 4, 3, 1]
    for today, expected in [(5, 3), (6, 3), (7, 0), (4, 2), (2, 1)]:
        today_date = date(2026, 3, today)
        assert stats.streak(stats.completed_days(store, today_date), today_date) == expected
    assert stats.session_count(store) == 6
    assert stats.session_count(store, date(2026, 3, 4)) == 3
    store.close()
    assert stats.streak([], date(2026, 3, 5)) == 0


def test_a_streak_reads_only_as_far_back_as_it_goes() -> None:
    read: list[date] = []

    def days() -> Iterator[date]:
        for back in range(10_000):
            day = date(2026, 3, 5) - timedelta(days=back if back < 3 else back + 1)
            read.append(day)
            yield day

    assert stats.streak(days(), date(2026, 3, 5)) == 3
    assert len(read) == 4


def test_a_streak_runs_across_midnight_in_local_days(acutimer_home: Path) -> None:
    late = record(datetime(2026, 3, 4, 23, 50, tzinfo=TOKYO))
    early = record(datetime(2026, 3, 5, 0, 10, tzinfo=TOKYO))
    assert streak_of(acutimer_home / "a", date(2026, 3, 5), late, early) == 2
    assert streak_of(acutimer_home / "b", date(2026, 3, 5), late) == 1


def test_a_streak_uses_each_sessions_own_time_zone(acutimer_home: Path) -> None:
    # In UTC both fall on 2026-03-01; the user lived them on two Tokyo days.
    evening = record(datetime(2026, 3, 1, 22, 0, tzinfo=TOKYO))
    after_midnight = record(datetime(2026, 3, 2, 0, 30, tzinfo=TOKYO))
    utc_days = {r.started_at.astimezone(UTC).date() for r in (evening, after_midnight)}
    assert utc_days == {date(2026, 3, 1)}
    assert streak_of(acutimer_home / "a", date(2026, 3, 2), evening, after_midnight) == 2
    # Flying to New York: the next session is on 03-02 there (03-03 in UTC and Tokyo).
    new_york = record(datetime(2026, 3, 2, 20, 0, tzinfo=NEW_YORK))
    assert new_york.started_at.astimezone(UTC).date() == date(2026, 3, 3)
    assert streak_of(acutimer_home / "b", date(2026, 3, 2), evening, new_york) == 2


def test_minutes_this_week_start_on_the_local_monday(acutimer_home: Path) -> None:
    today = date(2026, 3, 4)  # a Wednesday
    assert stats.week_start(today) == date(2026, 3, 2)
    store = stored(
        acutimer_home,
        record(datetime(2026, 3, 1, 23, 30, tzinfo=TOKYO), minutes=50),  # Sunday: last week
        record(datetime(2026, 3, 2, 0, 15, tzinfo=TOKYO), minutes=10),  # Monday 00:15
        record(datetime(2026, 3, 4, 8, 0, tzinfo=TOKYO), minutes=5, status="abandoned"),
        record(datetime(2026, 3, 5, 8, 0, tzinfo=TOKYO), minutes=60),  # tomorrow: not yet
        # Sunday 20:00 in New York is Monday 01:00 UTC: still last week for the user.
        record(datetime(2026, 3, 1, 20, 0, tzinfo=NEW_YORK), minutes=100),
        record(datetime(2026, 3, 2, 20, 0, tzinfo=NEW_YORK), minutes=7),
    )
    assert stats.minutes_this_week(store, today) == pytest.approx(22)
    assert stats.minutes_this_week(store, date(2026, 2, 20)) == 0
    store.close()


def test_average_pain_change_per_routine(acutimer_home: Path) -> None:
    day = datetime(2026, 3, 1, 9, tzinfo=TOKYO)
    store = stored(
        acutimer_home,
        record(day, before=6, after=3),
        record(day + timedelta(days=1), before=5, after=4),
        record(day + timedelta(days=2), before=5),  # no after: not rated
        record(day + timedelta(days=3), routine="upper-back", status="abandoned"),
    )
    summaries = stats.routine_summaries(store)
    assert [s.routine for s in summaries] == ["upper-back", "lower-back-desk"]
    upper, lower = summaries
    assert (lower.sessions, lower.completed, lower.rated) == (3, 3, 2)
    assert lower.average_change == pytest.approx(-2.0)
    assert lower.last == datetime(2026, 3, 3, 0, tzinfo=UTC)
    assert (upper.sessions, upper.completed, upper.rated, upper.average_change) == (1, 0, 0, None)
    [recent] = stats.routine_summaries(store, since=date(2026, 3, 2))[1:]
    assert (recent.sessions, recent.rated, recent.average_change) == (2, 1, -1.0)
    trend = stats.pain_trend(store)
    assert [(p.day.day, p.before, p.after, p.change) for p in trend] == [
        (1, 6, 3, -3),
        (2, 5, 4, -1),
    ]
    assert stats.pain_trend(store, routine="upper-back") == []
    store.close()


def test_sessions_of_the_last_days_go_by_local_day(acutimer_home: Path) -> None:
    store = stored(
        acutimer_home,
        *[record(datetime(2026, 3, day, 23, tzinfo=TOKYO)) for day in range(1, 6)],
        record(datetime(2026, 3, 3, 23, 30, tzinfo=NEW_YORK)),  # 03-04 in UTC and Tokyo
    )
    first = stats.first_day(2, date(2026, 3, 5))
    assert first == date(2026, 3, 4)
    kept = store.sessions(first)
    assert [r.started_at.day for r in kept] == [4, 5]  # not New York's 03-03, later in UTC
    assert len(store.sessions(stats.first_day(10**9, date(2026, 3, 5)))) == 6
    latest = store.sessions(limit=2)
    assert [r.started_at.day for r in latest] == [4, 5]  # the two most recent, oldest first
    store.close()


# --- acutimer history ---------------------------------------------------------------------

NOW = datetime(2026, 3, 4, 21, 0, tzinfo=TOKYO)


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(history_cli, "local_now", lambda: NOW)
    return NOW


def add_sessions(home: Path) -> None:
    store = HistoryStore.open(history_path(home))
    store.add(
        [
            record(datetime(2026, 2, 20, 9, tzinfo=TOKYO), routine="upper-back", before=4, after=4),
            record(datetime(2026, 3, 3, 9, tzinfo=TOKYO), before=6, after=3, minutes=17),
            record(datetime(2026, 3, 4, 9, tzinfo=TOKYO), before=5, after=4, minutes=17),
            record(datetime(2026, 3, 4, 12, tzinfo=TOKYO), routine="evening", status="abandoned"),
        ]
    )
    store.close()


def test_history_with_nothing_recorded_says_so(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history"]) == 0
    assert "No sessions recorded yet" in capsys.readouterr().out
    assert not history_path(acutimer_home).exists()


def test_history_text_report(
    acutimer_home: Path, fixed_now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    add_sessions(acutimer_home)
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "4 sessions in all" in out
    assert "Wed 2026-03-04 09:00" in out
    assert "6 → 3" in out
    assert "partial" in out  # the evening session did 1 of its 3 steps
    assert "Lower back at the desk" in out  # titles, as the picker shows them
    assert "Streak: 2 days in a row" in out
    assert "This week (since Monday): 44 minutes" in out
    # Two rated sessions of one routine, one of another: too few to give a number for either.
    helps = out[out.index("What helps you") : out.index("By point")]
    assert helps.count("too few sessions to tell · 2 rated of 2 completed") == 1
    assert helps.count("too few sessions to tell · 1 rated of 1 completed") == 1
    assert "−" not in helps.split("\n", 1)[1].replace("after − before", "")
    assert "Practice, the last 3 weeks: Fri 20 Feb – Wed 4 Mar 2026" in out


def test_history_json(
    acutimer_home: Path, fixed_now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    add_sessions(acutimer_home)
    assert main(["history", "--json", "--days", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "days",
        "sessions",
        "streak_days",
        "minutes_this_week",
        "routines",
        "plan",
        "unreadable_sessions",
        "points",
        "what_helps",
        "calendar",
    }
    assert [s["routine"] for s in data["sessions"]] == ["lower-back-desk"] * 2 + ["evening"]
    assert data["sessions"][0]["started_at"] == "2026-03-03T09:00:00+09:00"
    assert data["sessions"][0]["pain_change"] == -3
    assert data["streak_days"] == 2
    assert data["minutes_this_week"] == 44.0
    routines = {r["routine"]: r for r in data["routines"]}
    assert routines["lower-back-desk"]["average_pain_change"] == -2.0
    # Two rated sessions: the mean as before, but no figure for what helps.
    assert routines["lower-back-desk"]["pain_change"] == {
        "rated": 2,
        "mean": None,
        "interval_95": None,
        "reading": "too few sessions to tell",
    }
    assert routines["lower-back-desk"]["rank"] is None
    assert "upper-back" not in routines
    assert data["what_helps"]["minimum_sessions"] == 3
    assert "not a trial" in data["what_helps"]["not_a_trial"]
    points = {p["point"]: p for p in data["points"]}
    assert points["BL-23"]["routines"] == ["lower-back-desk"]
    assert points["BL-23"]["completed"] == 2
    days = {d["date"]: d for d in data["calendar"]["days"]}
    assert data["calendar"]["first_day"] == "2026-02-20"  # the first session, within 12 weeks
    assert days["2026-03-04"] == {
        "date": "2026-03-04",
        "minutes": 27.0,
        "sessions": 2,
        "completed": 1,
        "planned": False,
        "state": "dark",
    }


def test_history_json_figures_with_enough_sessions(
    acutimer_home: Path, fixed_now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    store = HistoryStore.open(history_path(acutimer_home))
    day = datetime(2026, 3, 2, 9, tzinfo=TOKYO)
    # Changes -3, -1, -2: mean -2, 95% t interval -4.48 to +0.48 (worked in test_what_helps).
    pairs = [(6, 3), (5, 4), (7, 5)]
    store.add(
        [record(day + timedelta(hours=i), before=b, after=a) for i, (b, a) in enumerate(pairs)]
    )
    store.close()
    assert main(["history", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [routine] = data["routines"]
    assert routine["pain_change"] == {
        "rated": 3,
        "mean": -2.0,
        "interval_95": [-4.48, 0.48],
        "reading": "no clear change",
    }
    assert routine["rank"] == 1
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "1. Lower back at the desk" in out
    assert "−2.0 (95% range −4.5 to +0.5) · no clear change · 3 rated of 3 completed" in out


def test_history_export_csv_and_json(
    acutimer_home: Path, fixed_now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    add_sessions(acutimer_home)
    assert main(["history", "--export", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",") == history_cli.EXPORT_FIELDS
    assert len(lines) == 5
    assert lines[1].startswith("1,upper-back,completed,2026-02-20T09:00:00+09:00,")
    assert main(["history", "--export", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 4 and rows[3]["status"] == "partial"
    assert (rows[3]["reached_end"], rows[0]["reached_end"]) == (False, True)
    assert rows[0]["title"] == "Upper back and shoulders"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["history", "--days", "0"], "--days must be 1 or more"),
        (["history", "--days", "-3"], "--days must be 1 or more"),
        (["history", "--json", "--export", "csv"], "do not go together"),
    ],
)
def test_history_bad_options_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_history_on_a_corrupt_file_exits_2_with_a_message(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = history_path(acutimer_home)
    path.parent.mkdir(parents=True)
    path.write_bytes(random.Random(2).randbytes(5000))
    assert main(["history"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"acutimer: {path} is not a valid history database" in captured.err
    assert "Traceback" not in captured.err


def test_history_with_days_and_nothing_in_them(
    acutimer_home: Path, fixed_now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    store = HistoryStore.open(history_path(acutimer_home))
    store.add([record(datetime(2026, 1, 1, 9, tzinfo=TOKYO))])
    store.close()
    assert main(["history", "--days", "7"]) == 0
    assert "No sessions in the last 7 days (1 before that" in capsys.readouterr().out
