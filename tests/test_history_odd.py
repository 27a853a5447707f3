"""A history another program edited: odd rows are left out, counted and said; nothing breaks.

A row whose date is not one, whose minutes are text, whose pain is 99, whose status is new,
whose routine name holds a terminal control... is what sqlite3 lets anyone write. ``history`` in
every form, and the TUI's history screen, must read around it: the statistics rest on the
rows that are as acutimer writes them, and the report says how many others there are.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from history_support import record
from hostile_support import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acutimer.history.store import HistoryStore, history_path
from acutimer.tui.screens.history import read_overview

COLUMNS = {
    "routine": [b"\xff"],
    "started_at": ["now", "yesterday", "", "2026-13-45T99:00:00+00:00", 1.5, "2026-01-05"],
    "ended_at": ["garbage", 3, "2026-01-05 09:00"],
    "utc_offset": [10**9, "abc", 86400, 1.5],
    "local_day": ["2026-02-30", "today", None, 20260105],
    "status": ["weird", ""],
    "steps_total": ["many", 2.5],
    "steps_done": ["x"],
    "last_step": ["last", 1.5],
    "paused_seconds": ["long"],
    "active_seconds": ["lots", b"\x00\x01"],
    "pain_before": [99, -1, "bad", 2.5],
    "pain_after": [11, "bad"],
    "parts": ["two", 0, 1.5],
    "gap_seconds": ["long", -5],
}
CASES = [(column, value) for column, values in COLUMNS.items() for value in values]


def _history(home: Path) -> Path:
    path = history_path(home)
    store = HistoryStore.open(path)
    store.add(
        [
            record(datetime(2026, 1, 5, 9, tzinfo=UTC), routine="good", before=6, after=3),
            record(datetime(2026, 1, 6, 9, tzinfo=UTC), routine="edited", before=5, after=4),
        ]
    )
    store.close()
    return path


def _edit(path: Path, column: str, value: Any) -> None:
    """Write ``value`` as another program would: no checks but SQLite's own."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA ignore_check_constraints = ON")
        try:
            db.execute(f"UPDATE sessions SET {column} = ? WHERE routine = 'edited'", (value,))
        except sqlite3.IntegrityError:  # NOT NULL: another program could not write it either
            pytest.fail(f"SQLite itself refuses {value!r} for {column}: not a case")


def _every_form(home: Path) -> list[str]:
    outputs = []
    for args in (
        ["history"],
        ["history", "--json"],
        ["history", "--export", "csv"],
        ["history", "--export", "json"],
        ["history", "--days", "7"],
    ):
        outcome = run_cli(args)
        assert outcome.code == 0 and not outcome.problems(), (args, outcome.problems())
        outputs.append(outcome.out.decode())
    overview = read_overview(history_path(home), date(2026, 1, 7))
    assert overview is not None
    return outputs


@pytest.mark.parametrize(("column", "value"), CASES, ids=[f"{c}={v!r:.20}" for c, v in CASES])
def test_a_row_another_program_changed_is_left_out_and_said(
    acutimer_home: Path, column: str, value: Any
) -> None:
    path = _history(acutimer_home)
    _edit(path, column, value)
    text, report, csv, export, _ = _every_form(acutimer_home)
    data = json.loads(report)
    assert data["unreadable_sessions"] == 1
    assert [s["routine"] for s in data["sessions"]] == ["good"]
    assert data["routines"][0]["average_pain_change"] == -3
    assert "(1 session in the history is not as acutimer writes it" in text
    assert "edited" not in csv and len(json.loads(export)) == 1


def test_a_routine_name_with_controls_is_shown_not_obeyed(acutimer_home: Path) -> None:
    path = _history(acutimer_home)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE sessions SET routine = ? WHERE routine = 'edited'", ("x\x1b]0;T\x07",))
    outputs = _every_form(acutimer_home)
    assert "x␛]0;T␇" in outputs[0]
    assert json.loads(outputs[1])["sessions"][1]["routine"] == "x\x1b]0;T\x07"  # data kept


_junk = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.binary(max_size=10),
    st.sampled_from(["2026-01-05T09:00:00+00:00", "2026-01-05", "completed", "running"]),
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.dictionaries(st.sampled_from(sorted(COLUMNS)), _junk, min_size=1, max_size=4))
def test_any_edit_of_any_column_breaks_nothing(
    acutimer_home: Path, changes: dict[str, Any]
) -> None:
    path = history_path(acutimer_home)
    if path.exists():
        path.unlink()
    _history(acutimer_home)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA ignore_check_constraints = ON")
        for column, value in changes.items():
            try:
                db.execute(f"UPDATE sessions SET {column} = ? WHERE routine = 'edited'", (value,))
            except sqlite3.IntegrityError:
                continue
    report = json.loads(_every_form(acutimer_home)[1])
    assert report["unreadable_sessions"] + len(report["sessions"]) == 2
    assert "good" in [s["routine"] for s in report["sessions"]]


def test_point_marks_another_program_changed(acutimer_home: Path) -> None:
    path = _history(acutimer_home)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO point_marks VALUES (1, 0, ?, 'x')", (b"\xff",))
        db.execute("INSERT INTO point_marks VALUES (1, 1, 'LI-4\x1b[2J', 'x')")
        db.execute("INSERT INTO point_marks VALUES (99, 1, 'LI-4', 'x')")
    outputs = _every_form(acutimer_home)
    assert "LI-4␛[2J" in outputs[2]  # the CSV, shown, not obeyed


def test_a_routine_only_the_recent_rows_name_is_still_labelled(
    acutimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hostile pass found a byte-edited history whose recent rows named a routine the summary
    did not (a KeyError); every name shown gets a label."""
    from acutimer.history import stats

    _history(acutimer_home)
    monkeypatch.setattr(stats, "routine_summaries", lambda *args, **kwargs: [])
    outcome = run_cli(["history"])
    assert outcome.code == 0 and not outcome.problems(), outcome.problems()
    assert "good" in outcome.out.decode()


# --- rows are checked once (schema 6), and a later change is checked again ---------------------


def _left_out(path: Path) -> tuple[int, list[str]]:
    store, _note = HistoryStore.open_to_read(path)
    try:
        routines = [r for (r,) in store.query("SELECT routine FROM good_sessions ORDER BY id")]
        return store.unreadable(), routines
    finally:
        store.close()


def _bookkeeping(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as db:
        [(unchecked,)] = db.execute("SELECT count(*) FROM rows_unchecked")
        [(left_out,)] = db.execute("SELECT count(*) FROM rows_left_out")
    return unchecked, left_out


def test_a_row_changed_after_it_was_checked_is_checked_again(acutimer_home: Path) -> None:
    path = _history(acutimer_home)
    assert _left_out(path) == (0, ["good", "edited"])
    assert _bookkeeping(path) == (0, 0)  # both checked, nothing waits
    _edit(path, "pain_before", 99)
    assert _bookkeeping(path) == (1, 0)  # the trigger noted the change
    assert _left_out(path) == (1, ["good"])
    assert _bookkeeping(path) == (0, 1)  # checked at that open: left out from now on
    assert _left_out(path) == (1, ["good"])
    _edit(path, "pain_before", 5)  # put right again: counted again
    assert _left_out(path) == (0, ["good", "edited"])
    assert _bookkeeping(path) == (0, 0)


def test_with_the_triggers_dropped_every_row_is_checked_at_every_read(acutimer_home: Path) -> None:
    path = _history(acutimer_home)
    _left_out(path)
    with sqlite3.connect(path) as db:
        db.execute("DROP TRIGGER sessions_updated")
    _edit(path, "status", "weird")  # nothing notes it
    assert _bookkeeping(path) == (0, 0)
    assert _left_out(path) == (1, ["good"])


def test_read_only_the_rows_not_yet_checked_are_checked_as_they_are_read(
    acutimer_home: Path,
) -> None:
    path = _history(acutimer_home)
    _edit(path, "started_at", "now")
    store = HistoryStore.open_readonly(path)
    try:
        assert store.unreadable() == 1
        assert [r for (r,) in store.query("SELECT routine FROM good_sessions")] == ["good"]
    finally:
        store.close()
    assert _bookkeeping(path) == (2, 0)  # nothing written


def test_another_writer_never_makes_the_check_wait(acutimer_home: Path) -> None:
    path = _history(acutimer_home)
    _edit(path, "local_day", "today")
    with sqlite3.connect(path, isolation_level=None) as other:
        other.execute("BEGIN IMMEDIATE")  # a recorder mid-write
        store = HistoryStore.open(path, timeout=0.2)
        try:
            assert store.unreadable() == 1
        finally:
            store.close()
        other.execute("ROLLBACK")
    assert _bookkeeping(path) == (2, 0)  # it gave up at once and left them to the view


@pytest.mark.parametrize("dropped", ["TABLE rows_unchecked", "TABLE rows_left_out"])
def test_bookkeeping_another_program_dropped_is_put_back_and_writes_go_on(
    acutimer_home: Path, dropped: str
) -> None:
    # With rows_unchecked gone, its triggers made every write of a session fail.
    path = _history(acutimer_home)
    _left_out(path)
    with sqlite3.connect(path) as db:
        db.execute(f"DROP {dropped}")
    store = HistoryStore.open(path)
    try:
        store.add([record(datetime(2026, 1, 7, 9, tzinfo=UTC), routine="later")])  # writes go on
    finally:
        store.close()
    _edit(path, "status", "weird")  # noted again: the triggers have their table back
    unreadable, routines = _left_out(path)
    assert (unreadable, routines) == (1, ["good", "later"])
    assert _bookkeeping(path) == (0, 1)
