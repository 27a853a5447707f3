"""Resuming in the full-screen app: the offer before a session of a routine cut short lately
(Enter carries on, n starts afresh, Esc and q leave), ``acutimer resume``'s session, and a
routine edited since (refused, said, started afresh). On a fake clock and a frozen wall clock."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from session_support import run_until
from tui_support import SHORT, FakeClock, load, make_app, notes_of, run_for, session_screen

from acutimer.history.recorder import Recorder
from acutimer.history.resume import look_up
from acutimer.history.store import history_path
from acutimer.routine.loading import LoadedRoutine
from acutimer.session.engine import Session
from acutimer.session.events import State
from acutimer.tui.app import AcutimerApp
from acutimer.tui.screens.resume import ResumeScreen
from acutimer.tui.screens.summary import SummaryScreen

SIZE = (80, 24)
ZONE = timezone(timedelta(hours=1))
CUT_AT = datetime(2026, 3, 12, 9, 0, tzinfo=ZONE)
LATER = CUT_AT + timedelta(minutes=25)


def rows(home: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(history_path(home)) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM sessions ORDER BY id")]


def cut_short(loaded: LoadedRoutine, home: Path) -> None:
    """A session of ``loaded`` that did step 1 (64 s) and was quit 70 s in, ending at CUT_AT."""
    clock = FakeClock()
    session = Session(loaded.routine, clock=clock)
    recorder, _ = Recorder.open(home, now=lambda: CUT_AT - timedelta(seconds=70))
    assert recorder is not None
    with recorder:
        recorder.attach(session, loaded.ref.name, loaded.text)
        recorder.set_pain_before(7)
        session.start()
        run_until(session, clock, 70)
        session.quit()


def app_for(loaded: LoadedRoutine, clock: FakeClock, **kwargs: object) -> AcutimerApp:
    return make_app(loaded, clock, now=lambda: LATER, **kwargs)


async def test_enter_carries_on_and_the_session_stays_one_row(
    tmp_path: Path, acutimer_home: Path
) -> None:
    loaded = load(tmp_path, "short", SHORT)
    cut_short(loaded, acutimer_home)
    clock = FakeClock()
    app = app_for(loaded, clock, ask_pain=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Carry on where you stopped?" in text
        assert (
            "You cut this routine short 25 minutes ago (1 of 2 steps done; it carries on at "
            "step 2)." in text
        )
        assert "Two points" in text
        await pilot.press("enter")
        await pilot.pause()
        screen = session_screen(app)  # no pain question before: part one asked it
        assert screen.session.phase.step == 1
        assert screen.session.completed == [0]
        run_for(app, clock, 30)
        assert screen.session.state is State.FINISHED
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    [row] = rows(acutimer_home)
    assert (row["status"], row["steps_done"], row["parts"], row["done_steps"]) == (
        "completed",
        2,
        2,
        "0,1",
    )
    assert row["pain_before"] == 7
    assert row["gap_seconds"] == 25 * 60
    assert row["active_seconds"] == 70 + 28


async def test_n_starts_afresh_and_gives_the_cut_short_session_up(
    tmp_path: Path, acutimer_home: Path
) -> None:
    loaded = load(tmp_path, "short", SHORT)
    cut_short(loaded, acutimer_home)
    app = app_for(loaded, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = session_screen(app)
        assert screen.session.phase.step == 0 and screen.session.completed == []
        await pilot.pause()
    assert [r["parts"] for r in rows(acutimer_home)] == [1, 1]
    # The new session, quit before its first step ended, gave the old one up.
    assert look_up(LATER, timedelta(hours=2)).found is None


async def test_esc_and_q_on_the_offer_leave_without_a_session(
    tmp_path: Path, acutimer_home: Path
) -> None:
    loaded = load(tmp_path, "short", SHORT)
    cut_short(loaded, acutimer_home)
    for key in ("escape", "q"):
        app = app_for(loaded, FakeClock())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
        assert app.return_code == 0 and app.sessions == []
    assert len(rows(acutimer_home)) == 1


async def test_resume_given_carries_on_without_asking(tmp_path: Path, acutimer_home: Path) -> None:
    loaded = load(tmp_path, "short", SHORT)
    cut_short(loaded, acutimer_home)
    found = look_up(LATER, timedelta(hours=2)).found
    app = app_for(loaded, FakeClock(), resume=found)
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert session_screen(app).session.phase.step == 1
        assert "Cut short 25 minutes ago: 1 of 2 steps done; it carries on at step 2." in notes


async def test_an_edited_routine_is_not_offered_and_the_app_says_why(
    tmp_path: Path, acutimer_home: Path
) -> None:
    loaded = load(tmp_path, "short", SHORT)
    cut_short(loaded, acutimer_home)
    edited = load(tmp_path, "short", SHORT.replace('hold = "20s"', 'hold = "25s"'))
    app = app_for(edited, FakeClock())
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert session_screen(app).session.phase.step == 0
    assert notes[0].startswith("Two points has changed since your session of it was cut short")
    assert notes[0].endswith("this session starts afresh.")


async def test_too_long_ago_or_a_preview_offers_nothing(
    tmp_path: Path, acutimer_home: Path
) -> None:
    loaded = load(tmp_path, "short", SHORT)
    cut_short(loaded, acutimer_home)
    apps = [
        make_app(loaded, FakeClock(), now=lambda: CUT_AT + timedelta(hours=3)),
        app_for(loaded, FakeClock(), speed=10.0),
    ]
    for app in apps:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert session_screen(app).session.phase.step == 0


@pytest.mark.parametrize("size", [SIZE, (45, 15)], ids=["80x24", "45x15"])
def test_the_offer_snapshot(
    snap_compare: object, tmp_path: Path, acutimer_home: Path, size: tuple[int, int]
) -> None:
    loaded = load(tmp_path, "short", SHORT)
    cut_short(loaded, acutimer_home)
    app = app_for(loaded, FakeClock())
    assert snap_compare(app, terminal_size=size)  # type: ignore[operator]
