"""Each press of a step with long waits: done, or missed while you were away; written into the
history as it is known, shown by ``acutimer history``; and the migration that made room for it.
A fake clock, a temporary home: no sleeps."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fakeclock import FakeClock
from history_support import old_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from session_support import cv6, routine

from acutimer.commands.cli import main
from acutimer.history.recorder import Recorder
from acutimer.history.store import HistoryStore, history_path
from acutimer.routine.timeline import PhaseKind, Side
from acutimer.session.engine import Session
from acutimer.session.events import State
from acutimer.session.presses import Away, Outcome, Press, PressLog, followed_presses

STARTED = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
CV6_TEXT = "(the routine's text, for its hash)"


def tick(session: Session, clock: FakeClock, seconds: float) -> None:
    """Let ``seconds`` pass with a look every second, as a front end does."""
    end = clock.now + seconds
    while clock.now < end - 1e-9:
        clock.advance(min(1.0, end - clock.now))
        session.update()


def to_phase(session: Session, clock: FakeClock, kind: PhaseKind, nth: int = 1) -> None:
    seen = 0
    while seen < nth:
        deadline = session.next_deadline()
        assert deadline is not None
        tick(session, clock, deadline - clock.now)
        if session.phase.kind is kind and session.state is State.RUNNING:
            seen += 1


def recorded(home: Path, **session_args: Any) -> tuple[Recorder, Session, FakeClock]:
    recorder, warning = Recorder.open(home, now=lambda: STARTED)
    assert recorder is not None and warning is None
    clock = FakeClock()
    session = Session(routine(cv6()), clock=clock, **session_args)
    recorder.attach(session, "cv6-work-hour", CV6_TEXT)
    return recorder, session, clock


def press_rows(home: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(history_path(home)) as db:
        return db.execute(
            "SELECT step, number, side, repeat, outcome, away FROM presses ORDER BY step, number"
        ).fetchall()


# --- which presses are followed ----------------------------------------------------------------


def test_the_presses_of_a_step_with_long_waits_are_followed_the_first_included() -> None:
    session = Session(routine(cv6(), {"point": "LI-4", "hold": 10, "release": 5, "repeats": 2}))
    presses = sorted(set(followed_presses(session.timeline).values()))
    assert presses == [Press(0, n, None, n) for n in (1, 2, 3)]


def test_a_long_rest_makes_the_next_steps_presses_followed_and_steady_parts_are_one_press() -> None:
    timeline = Session(
        routine(
            {"point": "LI-4", "sides": "left-then-right", "hold": 10, "rest": 180},
            {"point": "BL-23", "sides": "both", "hold": 10, "repeats": 2, "release": 5},
            {
                "point": "KI-27",
                "sides": "left",
                "hold": 10,
                "breathing": "synchronised",
                "steady_after": 20,
                "release": 150,
                "repeats": 2,
            },
        )
    ).timeline
    by_index = followed_presses(timeline)
    assert sorted(set(by_index.values())) == [
        Press(1, 1, Side.BOTH, 1),
        Press(1, 2, Side.BOTH, 2),
        Press(2, 1, Side.LEFT, 1),
        Press(2, 2, Side.LEFT, 2),
    ]
    steady = [i for i, p in enumerate(timeline) if p.steady]
    assert steady and all(by_index[i] == by_index[i - 1] for i in steady)


# --- done and missed, in the history ---------------------------------------------------------


def test_a_session_run_to_its_end_has_every_press_done(acutimer_home: Path) -> None:
    recorder, session, clock = recorded(acutimer_home)
    with recorder:
        session.start()
        tick(session, clock, 1400)
    assert session.state is State.FINISHED
    assert press_rows(acutimer_home) == [(0, n, None, n, "done", None) for n in (1, 2, 3)]


def test_with_wait_for_me_a_press_you_never_came_back_to_is_missed_at_once(
    acutimer_home: Path,
) -> None:
    recorder, session, clock = recorded(acutimer_home, wait_for_me=True)
    with recorder:
        session.start()
        to_phase(session, clock, PhaseKind.GET_READY)
        tick(session, clock, 31)
        assert session.held
        # Written as the session starts waiting: a kill -9 now leaves the truth behind.
        assert press_rows(acutimer_home) == [
            (0, 1, None, 1, "done", None),
            (0, 2, None, 2, "missed", "waited"),
            (0, 3, None, 3, None, None),
        ]
        clock.advance(3600)
        session.quit()
    assert [r[4:] for r in press_rows(acutimer_home)] == [
        ("done", None),
        ("missed", "waited"),
        (None, None),  # never reached
    ]
    [record] = HistoryStore.open(history_path(acutimer_home)).sessions()
    assert (record.presses_planned, record.presses_done, record.presses_missed) == (3, 1, 1)


def test_coming_back_to_a_press_it_waited_for_makes_it_done(acutimer_home: Path) -> None:
    recorder, session, clock = recorded(acutimer_home, wait_for_me=True)
    with recorder:
        session.start()
        to_phase(session, clock, PhaseKind.GET_READY)
        tick(session, clock, 31)
        clock.advance(600)
        session.carry_on()
        tick(session, clock, 61)
        session.quit()
    assert [r[4:] for r in press_rows(acutimer_home)] == [
        ("done", None),
        ("done", None),
        (None, None),
    ]


def test_a_press_its_session_stayed_paused_through_is_missed(acutimer_home: Path) -> None:
    recorder, session, clock = recorded(acutimer_home)
    with recorder:
        session.start()
        to_phase(session, clock, PhaseKind.RELEASE)
        tick(session, clock, 100)
        session.pause()  # off to a meeting: the press was due 500 s later, and over by 560 s
        clock.advance(561)
        session.quit()
    assert [r[4:] for r in press_rows(acutimer_home)] == [
        ("done", None),
        ("missed", "paused"),
        (None, None),
    ]


def test_a_pause_ended_before_the_press_was_due_misses_nothing(acutimer_home: Path) -> None:
    recorder, session, clock = recorded(acutimer_home)
    with recorder:
        session.start()
        to_phase(session, clock, PhaseKind.RELEASE)
        session.pause()
        clock.advance(30)  # quit while the next press was still ahead: not reached, not missed
        session.quit()
    assert [r[4:] for r in press_rows(acutimer_home)] == [
        ("done", None),
        (None, None),
        (None, None),
    ]


def test_a_press_done_once_stays_done(acutimer_home: Path) -> None:
    recorder, session, clock = recorded(acutimer_home, wait_for_me=True)
    with recorder:
        session.start()
        to_phase(session, clock, PhaseKind.GET_READY)
        session.saw_user()
        to_phase(session, clock, PhaseKind.RELEASE)  # press 2 done
        session.restart_step()  # again from the start of the step
        to_phase(session, clock, PhaseKind.GET_READY)
        tick(session, clock, 31)  # and away this time
        assert session.held
        clock.advance(3600)
        session.quit()
    assert [r[4] for r in press_rows(acutimer_home)] == ["done", "done", None]


def test_a_front_end_closing_a_paused_session_still_says_what_was_missed(
    acutimer_home: Path,
) -> None:
    recorder, session, clock = recorded(acutimer_home)
    session.start()
    to_phase(session, clock, PhaseKind.GET_READY)
    session.pause()
    clock.advance(120)
    recorder.close()  # the terminal closed: no quit from the session
    assert [r[4:] for r in press_rows(acutimer_home)] == [
        ("done", None),
        ("missed", "paused"),
        (None, None),
    ]


def test_a_session_without_long_waits_follows_no_press(acutimer_home: Path) -> None:
    recorder, _ = Recorder.open(acutimer_home, now=lambda: STARTED)
    assert recorder is not None
    clock = FakeClock()
    session = Session(
        routine({"point": "LI-4", "hold": 10, "repeats": 3, "release": 5}), clock=clock
    )
    with recorder:
        recorder.attach(session, "hands", CV6_TEXT)
        session.start()
        tick(session, clock, 200)
    assert press_rows(acutimer_home) == []
    [record] = HistoryStore.open(history_path(acutimer_home)).sessions()
    assert record.presses_planned == 0


ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("tick"), st.integers(1, 700)),
        st.tuples(
            st.sampled_from(["pause", "resume", "key", "enter", "next", "back", "restart", "w"]),
            st.just(0),
        ),
        st.tuples(st.just("away"), st.integers(1, 4000)),
    ),
    max_size=25,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS, wait_for_me=st.booleans())
def test_a_missed_press_is_never_recorded_as_done(
    acutimer_home: Path, tmp_path: Path, actions: list[tuple[str, int]], wait_for_me: bool
) -> None:
    # Whatever is pressed, however long the user is away: a press is done in the history only
    # if its whole time ran on the clock, and the history says what the log says.
    history_path(acutimer_home).unlink(missing_ok=True)
    recorder, session, clock = recorded(acutimer_home, wait_for_me=wait_for_me)
    ran: set[Press] = set()
    by_index = followed_presses(session.timeline)

    def watch(event: Any) -> None:
        index = session.index
        if (
            event.kind.value == "phase-started"
            and not event.jumped
            and index - 1 in by_index
            and by_index.get(index) != by_index[index - 1]
        ):
            ran.add(by_index[index - 1])

    session.subscribe(watch)
    log: PressLog | None = recorder._presses
    with recorder:
        session.start()
        for action, amount in actions:
            if session.state not in (State.RUNNING, State.PAUSED):
                break
            if action == "tick":
                tick(session, clock, amount)
            elif action == "away":
                clock.advance(amount)  # the machine asleep, or the user gone
                session.update()
            elif action == "pause":
                session.pause()
            elif action == "resume":
                session.resume()
            elif action == "key":
                session.saw_user()
            elif action == "enter":
                session.carry_on()
            elif action == "next":
                session.next_step()
            elif action == "back":
                session.previous_step()
            elif action == "restart":
                session.restart_step()
            else:
                session.wait_for_me = not session.wait_for_me
        if session.state in (State.RUNNING, State.PAUSED):
            session.quit()
    assert log is not None
    rows = {(r[0], r[1]): (r[4], r[5]) for r in press_rows(acutimer_home)}
    for press, (outcome, away) in log.outcomes.items():
        assert rows[(press.step, press.number)] == (outcome.value, away.value if away else None)
    for (step, number), (outcome, _) in rows.items():
        press = next(p for p in log.presses if (p.step, p.number) == (step, number))
        assert (outcome == "done") == (press in ran)
    assert Outcome.DONE.value not in {o for o, a in rows.values() if a is not None}
    assert Away.WAITED.value != Away.PAUSED.value


# --- acutimer history ----------------------------------------------------------------------------


def test_history_shows_presses_done_and_missed(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder, session, clock = recorded(acutimer_home, wait_for_me=True)
    with recorder:
        session.start()
        to_phase(session, clock, PhaseKind.GET_READY)
        tick(session, clock, 31)
        clock.advance(3600)
        session.quit()
    recorder, session, clock = recorded(acutimer_home)
    with recorder:
        session.start()
        tick(session, clock, 1400)
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    section = out[out.index("Presses after long waits") :].splitlines()
    # Named as the table above names it (the built-in's title), clipped to fit.
    assert section[1].endswith("  Below the navel, throug…  3 of 3 done")
    assert section[2].endswith("  Below the navel, throug…  1 of 3 done, 1 missed, 1 not reached")
    assert "missed: you were away" in section[3]
    assert max(len(line) for line in section) <= 80
    assert main(["history", "--json"]) == 0
    sessions = json.loads(capsys.readouterr().out)["sessions"]
    assert [(s["presses_planned"], s["presses_done"], s["presses_missed"]) for s in sessions] == [
        (3, 1, 1),
        (3, 3, 0),
    ]
    assert main(["history", "--export", "csv"]) == 0
    row, _ = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert (row["presses_planned"], row["presses_done"], row["presses_missed"]) == ("3", "1", "1")


def test_history_shows_names_from_the_history_as_text_not_terminal_bytes(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A routine run from a file whose path holds an ESC sequence (or an OSC 52 clipboard write).
    store = HistoryStore.open(history_path(acutimer_home))
    evil = "/tmp/\x1b[2J\x1b]52;c;aGk=\x07.toml"
    session_id = store.start(
        evil, "h", STARTED, 1, "t", title="T\x1b[31m", presses=[(0, 1, None, 1)]
    )
    store.press(session_id, 0, 1, "missed", "waited", STARTED + timedelta(minutes=5))
    store.close()
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "Presses after long waits" in out
    assert not any(c in out for c in "\x1b\x07")


def test_history_without_followed_presses_has_no_such_section(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = HistoryStore.open(history_path(acutimer_home))
    store.start("hands", "h", STARTED, 1, "token")
    store.close()
    assert main(["history"]) == 0
    assert "Presses after long waits" not in capsys.readouterr().out
    assert main(["history", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)["sessions"]
    assert row["presses_planned"] is None and row["presses_done"] is None


# --- the migration -----------------------------------------------------------------------------

# A version 2 file as version 2 wrote it, kept frozen here: the migration to version 3 must keep
# every row of it, whatever later edits do to schema.py.
V2_FILE = """
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
    active_seconds REAL NOT NULL DEFAULT 0,
    pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
    owner TEXT,
    local_day TEXT);
CREATE INDEX sessions_started_at ON sessions (started_at);
CREATE INDEX sessions_local_day ON sessions (local_day, status, active_seconds);
CREATE INDEX sessions_running ON sessions (owner) WHERE status = 'running';
CREATE TABLE point_marks (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    step INTEGER NOT NULL,
    point TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (session_id, step, point));
INSERT INTO sessions VALUES (1, 'cv6-work-hour', 'h1', '2026-03-01T09:00:00+00:00', 3600,
    '2026-03-01T09:23:00+00:00', '2026-03-01T09:23:00+00:00', 'completed', 1, 1, 0, 0, 0, 1390,
    6, 4, NULL, '2026-03-01');
INSERT INTO sessions VALUES (2, 'lower-back-desk', 'h2', '2026-03-02T12:00:00+00:00', 3600,
    '2026-03-02T12:05:00+00:00', '2026-03-02T12:05:00+00:00', 'abandoned', 7, 2, 1, 1, 12, 300,
    NULL, NULL, NULL, '2026-03-02');
INSERT INTO point_marks VALUES (1, 0, 'CV-6', '2026-03-01T09:20:00+00:00');
PRAGMA user_version = 2;
"""


def test_a_version_2_history_keeps_every_row_through_steps_3_to_5(acutimer_home: Path) -> None:
    path = old_file(acutimer_home, V2_FILE)
    with sqlite3.connect(path) as db:
        before = db.execute("SELECT * FROM sessions ORDER BY id").fetchall()
        marks = db.execute("SELECT * FROM point_marks").fetchall()
    recorder, session, clock = recorded(acutimer_home)
    with recorder:
        session.start()
        tick(session, clock, 1400)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 6
        after = db.execute("SELECT * FROM sessions WHERE id < 3 ORDER BY id").fetchall()
        assert [row[: len(before[0])] for row in after] == before  # later steps add columns
        assert db.execute("SELECT * FROM point_marks").fetchall() == marks
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    old, _, new = sorted(HistoryStore.open(path).sessions(), key=lambda r: r.id)
    assert (old.presses_planned, old.helped, old.pain_before) == (0, ("CV-6",), 6)
    assert (new.presses_planned, new.presses_done) == (3, 3)


def test_the_presses_table_refuses_an_outcome_that_is_not_one() -> None:
    store = HistoryStore.open(Path(":memory:"))
    session_id = store.start("x", "h", STARTED, 1, "t", presses=[(0, 1, None, 1)])
    with pytest.raises(Exception, match="CHECK"):
        store.press(session_id, 0, 1, "maybe", None, STARTED + timedelta(seconds=1))
    with pytest.raises(Exception, match="CHECK"):
        store.press(session_id, 0, 1, "done", "waited", STARTED)  # done, yet away?
    store.close()
